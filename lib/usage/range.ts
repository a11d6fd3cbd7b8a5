// Date ranges of the Usage page and the count API: presets and the instants of a day range. What a
// range may be is decided by lib/validation/dates.ts.
import type { DayRange } from "@/lib/validation/dates";
import { addDays, localDateOf, localDatesBetween, startOfLocalDay } from "./time-zone";

export type { DayRange } from "@/lib/validation/dates";

export const USAGE_PRESETS = [7, 30, 90] as const;
export type UsagePreset = (typeof USAGE_PRESETS)[number];
export const DEFAULT_PRESET: UsagePreset = 30;

/** The last `days` local days, today included. */
export function presetDayRange(days: number, now: Date, timeZone: string): DayRange {
  const to = localDateOf(now, timeZone);
  return { from: addDays(to, -(days - 1)), to };
}

/** Which preset a day range is, if any (so a custom range equal to "7 days" shows as 7 days). */
export function presetOf(range: DayRange, now: Date, timeZone: string): UsagePreset | null {
  for (const preset of USAGE_PRESETS) {
    const candidate = presetDayRange(preset, now, timeZone);
    if (candidate.from === range.from && candidate.to === range.to) return preset;
  }
  return null;
}

export type ResolvedDayRange = DayRange & { start: Date; end: Date; days: string[] };

/** Instants of a checked day range: from the first local midnight to the midnight after the last day. */
export function resolveDayRange(range: DayRange, timeZone: string): ResolvedDayRange {
  return {
    ...range,
    start: startOfLocalDay(range.from, timeZone),
    end: startOfLocalDay(addDays(range.to, 1), timeZone),
    days: localDatesBetween(range.from, range.to),
  };
}
