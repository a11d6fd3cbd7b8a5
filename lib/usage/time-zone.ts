// Calendar days in an IANA time zone, computed with Intl only (no I/O, runs in the browser too).
// Local dates travel as "YYYY-MM-DD" strings: they are what the chart, the table and the SQL
// `date_trunc('day', … AT TIME ZONE tz)` buckets agree on, whatever the offset of the day.
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

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
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * An IANA zone name that both Intl and PostgreSQL read the same way. Offsets such as "+05:30" are
 * refused: PostgreSQL reads POSIX offsets with the opposite sign.
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
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

export function isLocalDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Every date from `from` to `to`, both included. */
export function localDatesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) out.push(date);
  return out;
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
  let first = localDateOf(start, timeZone);
  if (startOfLocalDay(first, timeZone) < start) first = addDays(first, 1);
  const days: string[] = [];
  for (let day = first; startOfLocalDay(addDays(day, 1), timeZone) <= end; day = addDays(day, 1)) days.push(day);
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
