// Calendar days in an IANA time zone, computed with Intl only (no I/O, runs in the browser too).
// Local dates travel as "YYYY-MM-DD" strings: they are what the chart, the table and the SQL
// `date_trunc('day', … AT TIME ZONE tz)` buckets agree on, whatever the offset of the day.
import { DAY_MS, HOUR_MS } from "@/lib/time";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    // Keyed by the name as given (Intl also reads "america/new_york"): bounded, whatever callers send.
    if (formatters.size >= 1_000) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallClockOf(instant: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** Offset of the zone from UTC at `instant`, in minutes (New York in winter: -300). */
export function timeZoneOffsetMinutes(timeZone: string, instant: Date | number): number {
  const ms = typeof instant === "number" ? instant : instant.getTime();
  const wall = wallClockOf(ms, timeZone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((wallAsUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The local calendar date of `instant` in the zone, "YYYY-MM-DD". */
export function localDateOf(instant: Date | number, timeZone: string): string {
  const wall = wallClockOf(typeof instant === "number" ? instant : instant.getTime(), timeZone);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/**
 * Far above any range lib/validation/dates.ts lets through (366 days): a list this long is a bug,
 * refused before it is built rather than left to eat the server's memory.
 */
export const MAX_LISTED_DAYS = 1_000;

/** Days since 1970-01-01 of a "YYYY-MM-DD" date (NaN when it is not one). Calendar arithmetic is on these numbers. */
export function dayNumberOf(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return Number.NaN;
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  return new Date(0).setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

/** The "YYYY-MM-DD" date of a day number; only four-digit years have one. */
export function dateOfDayNumber(dayNumber: number): string {
  const time = dayNumber * DAY_MS;
  const year = Number.isInteger(dayNumber) ? new Date(time).getUTCFullYear() : Number.NaN;
  if (!(year >= 0 && year <= 9999)) throw new RangeError(`No four-digit date for day ${dayNumber}`);
  const date = new Date(time);
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumberOf(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumberOf(to) - dayNumberOf(from);
}

/** Every date from `from` to `to`, both included; the count is known before the list is built. */
export function localDatesBetween(from: string, to: string): string[] {
  const count = daysBetween(from, to) + 1;
  if (!(count <= MAX_LISTED_DAYS)) throw new RangeError(`Refusing to list ${from} to ${to}: more than ${MAX_LISTED_DAYS} days`);
  const first = dayNumberOf(from);
  return Array.from({ length: Math.max(0, count) }, (_, i) => dateOfDayNumber(first + i));
}

/**
 * The first instant of a local day. Where the clocks jump over midnight (Santiago in September)
 * the day starts at the jump, as it does for PostgreSQL's `date_trunc('day', … AT TIME ZONE)`.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const key = `${timeZone}|${date}`;
  let ms = dayStarts.get(key);
  if (ms === undefined) {
    ms = computeStartOfLocalDay(date, timeZone);
    // Zone rules do not change while the process runs; a poll asks for the same days every 10 s.
    if (dayStarts.size >= DAY_START_CACHE_SIZE) dayStarts.clear();
    dayStarts.set(key, ms);
  }
  return new Date(ms);
}

/**
 * The local days that lie wholly inside [start, end): their dates and the instants they span, or null
 * when there is none.
 */
export function wholeLocalDaysWithin(start: Date, end: Date, timeZone: string): { days: string[]; start: Date; end: Date } | null {
  if (!(end > start)) return null;
  let first = dayNumberOf(localDateOf(start, timeZone));
  if (startOfLocalDay(dateOfDayNumber(first), timeZone) < start) first += 1;
  // The last candidate is the local day that `end` falls on; whether it ends by `end` is checked below.
  const count = dayNumberOf(localDateOf(end, timeZone)) - first + 1;
  if (count > MAX_LISTED_DAYS) throw new RangeError(`Refusing to list the days of a ${count}-day range`);
  const days: string[] = [];
  for (let i = 0; i < count; i++) {
    const day = dateOfDayNumber(first + i);
    if (startOfLocalDay(dateOfDayNumber(first + i + 1), timeZone) > end) break;
    days.push(day);
  }
  if (days.length === 0) return null;
  return { days, start: startOfLocalDay(days[0], timeZone), end: startOfLocalDay(addDays(days[days.length - 1], 1), timeZone) };
}

const DAY_START_CACHE_SIZE = 50_000;
const dayStarts = new Map<string, number>();

function computeStartOfLocalDay(date: string, timeZone: string): number {
  const guess = Date.parse(`${date}T00:00:00Z`);
  const offsets = new Set([
    timeZoneOffsetMinutes(timeZone, guess - DAY_MS),
    timeZoneOffsetMinutes(timeZone, guess),
    timeZoneOffsetMinutes(timeZone, guess + DAY_MS),
  ]);
  const candidates = [...offsets].map((offset) => guess - offset * 60_000).sort((a, b) => a - b);
  const sameDay = candidates.filter((c) => localDateOf(c, timeZone) === date);
  const atMidnight = sameDay.find((c) => {
    const wall = wallClockOf(c, timeZone);
    return wall.hour === 0 && wall.minute === 0 && wall.second === 0;
  });
  if (atMidnight !== undefined) return atMidnight;
  if (sameDay.length > 0) return sameDay[0];
  // Unreachable for real zones; stay total rather than throw inside a render.
  return candidates[0];
}

/** ISO 8601 with the zone's offset at that instant: "2026-11-01T00:00:00-04:00". */
export function formatInstantInZone(instant: Date | number, timeZone: string): string {
  const ms = typeof instant === "number" ? instant : instant.getTime();
  const wall = wallClockOf(ms, timeZone);
  const offset = timeZoneOffsetMinutes(timeZone, ms);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return (
    `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The local midnight that starts `date`, as ISO 8601 with offset (the API's `period_start`). */
export function periodStartOf(date: string, timeZone: string): string {
  const key = `${timeZone}|${date}`;
  let text = periodStarts.get(key);
  if (text === undefined) {
    text = formatInstantInZone(startOfLocalDay(date, timeZone), timeZone);
    if (periodStarts.size >= DAY_START_CACHE_SIZE) periodStarts.clear();
    periodStarts.set(key, text);
  }
  return text;
}

const periodStarts = new Map<string, string>();

export const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
export const ceilHour = (ms: number) => Math.ceil(ms / HOUR_MS) * HOUR_MS;
export { HOUR_MS, DAY_MS };
