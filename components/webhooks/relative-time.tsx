"use client";
// A time shown relative ("3 min ago") with the exact ISO time on hover; re-renders every 30 s.
import { useEffect, useState } from "react";
import { formatInZone, useTimeZone } from "@/components/layout/time-zone";
import { formatRelative } from "./format";

export function RelativeTime({ iso, fallback = "—", className = "" }: { iso: string | null; fallback?: string; className?: string }) {
  const [now, setNow] = useState(() => Date.now());
  const timeZone = useTimeZone();
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!iso) return <span className="text-slate-400">{fallback}</span>;
  return (
    <time dateTime={iso} title={`${formatInZone(iso, timeZone)} ${timeZone} (${iso})`} className={className} suppressHydrationWarning>
      {formatRelative(iso, now)}
    </time>
  );
}
