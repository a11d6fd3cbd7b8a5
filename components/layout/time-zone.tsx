"use client";
// One time zone per person: the zone picked on Usage (remembered in the hookline_tz cookie, marked
// chosen by hookline_tz_chosen; the dashboard layout reads them), else the browser's. Every time on every dashboard page is shown in it,
// and the sidebar says which zone that is.
import Link from "next/link";
import { createContext, useContext, useSyncExternalStore } from "react";
import { isValidTimeZone } from "@/lib/validation/dates";

const RememberedZone = createContext<string | null>(null);

export function TimeZoneProvider({ remembered, children }: { remembered: string | null; children: React.ReactNode }) {
  return <RememberedZone.Provider value={remembered}>{children}</RememberedZone.Provider>;
}

const subscribeNever = () => () => {};

/** The browser's own zone, or null where it cannot be read. */
export function readBrowserTimeZone(): string | null {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && isValidTimeZone(zone) ? zone : null;
  } catch {
    return null;
  }
}

/** The person's zone: the remembered one, else the browser's after hydration (UTC while rendering on the server). */
export function useTimeZone(): string {
  const remembered = useContext(RememberedZone);
  const browser = useSyncExternalStore(subscribeNever, readBrowserTimeZone, () => null);
  return remembered ?? browser ?? "UTC";
}

/** Whether the person has a remembered zone (chosen on Usage or remembered from an earlier visit). */
export function useRememberedTimeZone(): string | null {
  return useContext(RememberedZone);
}

/** A date and time in the person's zone, e.g. "Nov 30, 2026, 4:05:12 AM". */
export function formatInZone(iso: string | Date, timeZone: string, options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "medium" }): string {
  return new Intl.DateTimeFormat("en-US", { ...options, timeZone }).format(typeof iso === "string" ? new Date(iso) : iso);
}

/** An absolute time in the person's zone, naming the zone on hover. */
export function DateTime({ iso, className = "" }: { iso: string; className?: string }) {
  const timeZone = useTimeZone();
  return (
    <time dateTime={iso} title={`${timeZone} · ${iso}`} className={className} suppressHydrationWarning>
      {formatInZone(iso, timeZone)}
    </time>
  );
}

/** "Times in Europe/Madrid · Change": shown once in the sidebar, so every page says which zone its times are in. */
export function TimeZoneNote() {
  const timeZone = useTimeZone();
  return (
    <p className="mb-2" data-testid="person-time-zone">
      Times in <span className="font-medium text-slate-800" suppressHydrationWarning>{timeZone}</span> ·{" "}
      <Link href="/usage#time-zone" className="underline hover:text-slate-900">
        Change
      </Link>
    </p>
  );
}
