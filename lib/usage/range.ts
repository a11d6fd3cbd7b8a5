// Date ranges of the Usage page and the count API: presets, custom days, API datetimes.
import { addDays, isLocalDate, localDateOf, localDatesBetween, startOfLocalDay, timeZoneOffsetMinutes } from "./time-zone";

export const USAGE_PRESETS = [7, 30, 90] as const;
export type UsagePreset = (typeof USAGE_PRESETS)[number];
export const DEFAULT_PRESET: UsagePreset = 30;
/** The longest range the count API answers (a leap year). */
export const MAX_RANGE_DAYS = 366;

/** Inclusive local dates, "YYYY-MM-DD". */
export type DayRange = { from: string; to: string };

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

/** Instants of a day range: from the first local midnight to the midnight after the last day. */
export function resolveDayRange(range: DayRange, timeZone: string): ResolvedDayRange {
  return {
    ...range,
    start: startOfLocalDay(range.from, timeZone),
    end: startOfLocalDay(addDays(range.to, 1), timeZone),
    days: localDatesBetween(range.from, range.to),
  };
}

export function dayRangeError(range: DayRange): string | null {
  if (!isLocalDate(range.from)) return "from must be a date (YYYY-MM-DD)";
  if (!isLocalDate(range.to)) return "to must be a date (YYYY-MM-DD)";
  if (range.to < range.from) return "to must be on or after from";
  if (localDatesBetween(range.from, range.to).length > MAX_RANGE_DAYS) return `a range covers at most ${MAX_RANGE_DAYS} days`;
  return null;
}

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_DATETIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * An API datetime: ISO 8601 with `Z` or an offset is that instant; a bare date or a datetime with
 * no offset is wall-clock time in `timeZone` ("2026-11-01" = local midnight). Null when unreadable.
 */
export function parseDateTimeInput(value: string, timeZone: string): Date | null {
  const text = value.trim();
  if (WITH_OFFSET.test(text)) {
    const ms = Date.parse(text);
    return Number.isFinite(ms) ? new Date(ms) : null;
  }
  const match = LOCAL_DATETIME.exec(text);
  if (!match || !isLocalDate(match[1])) return null;
  const [hours, minutes, seconds] = [Number(match[2] ?? 0), Number(match[3] ?? 0), Number(match[4] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  if (hours === 0 && minutes === 0 && seconds === 0) return startOfLocalDay(match[1], timeZone);
  const wallAsUtc = Date.parse(`${match[1]}T00:00:00Z`) + ((hours * 60 + minutes) * 60 + seconds) * 1000;
  let instant = wallAsUtc - timeZoneOffsetMinutes(timeZone, wallAsUtc) * 60_000;
  instant = wallAsUtc - timeZoneOffsetMinutes(timeZone, instant) * 60_000;
  return new Date(instant);
}
