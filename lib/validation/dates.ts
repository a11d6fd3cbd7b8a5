// Dates, date-times, time zones and ranges, as every route, page and form reads them: the one place
// that decides what is accepted. Pure (runs in the browser too).
//
// - Years are 2000–2100. The product's data starts this century, and within those years JavaScript,
//   ISO 8601 strings and PostgreSQL agree (JavaScript reads year 0 and "+010000"; PostgreSQL has
//   neither), and any range is at most a few tens of thousands of days.
// - Time zones are IANA names that Intl knows; offsets such as "+05:30" are refused, because
//   PostgreSQL reads POSIX offsets with the opposite sign.
// - A range's length is worked out from day numbers before anything is built from it.
import { z } from "zod";
import { daysBetween, dayNumberOf, startOfLocalDay, timeZoneOffsetMinutes } from "@/lib/usage/time-zone";

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
export const FIRST_DATE = `${MIN_YEAR}-01-01`;
export const LAST_DATE = `${MAX_YEAR}-12-31`;
/** The longest range counts are given for (a leap year). */
export const MAX_RANGE_DAYS = 366;

/** What a refused value gets: the message only; the caller names the parameter. */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };
/** A refusal naming its parameter: a route's 400 `details` entry, a page's visible message. */
export type DateIssue = { path: string; message: string };

const DATE_MESSAGE = `Expected a date (YYYY-MM-DD) between ${FIRST_DATE} and ${LAST_DATE}`;
const DATE_TIME_MESSAGE = `Expected an ISO 8601 date or date-time between ${FIRST_DATE} and ${LAST_DATE}, such as 2026-01-31T00:00:00Z`;
const TIME_ZONE_MESSAGE = "Expected an IANA time zone name such as UTC or America/New_York";

// Anchored, fixed-width patterns: no backtracking however long or odd the input.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;
const TIME_ZONE = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;
/** Longer input is refused before any pattern runs. */
const MAX_INPUT_LENGTH = 64;

const refuse = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** A calendar date "YYYY-MM-DD" in 2000–2100. */
export function checkLocalDate(value: string): Checked<string> {
  if (typeof value !== "string" || value.length > MAX_INPUT_LENGTH) return refuse(DATE_MESSAGE);
  const match = DATE.exec(value);
  if (!match) return refuse(DATE_MESSAGE);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < MIN_YEAR || year > MAX_YEAR) return refuse(DATE_MESSAGE);
  const date = new Date(dayNumberOf(value) * 86_400_000);
  if (month < 1 || month > 12 || date.getUTCMonth() + 1 !== month || date.getUTCDate() !== day) {
    return refuse(`${value} is not a day of the calendar`);
  }
  return { ok: true, value };
}

export const isLocalDate = (value: string): boolean => checkLocalDate(value).ok;

/** An IANA zone name Intl knows (case as given). */
export function checkTimeZone(value: string): Checked<string> {
  if (typeof value !== "string" || !TIME_ZONE.test(value)) return refuse(TIME_ZONE_MESSAGE);
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return { ok: true, value };
  } catch {
    return refuse(TIME_ZONE_MESSAGE);
  }
}

export const isValidTimeZone = (value: string): boolean => checkTimeZone(value).ok;

/**
 * An instant from ISO 8601: with `Z` or an offset it is that instant; a bare date or a date-time
 * without an offset is wall-clock time in `timeZone` ("2026-11-01" = that day's local midnight).
 * With `timeZone` null a time needs its offset, and a bare date is UTC midnight.
 */
export function checkDateTime(value: string, timeZone: string | null): Checked<Date> {
  if (typeof value !== "string") return refuse(DATE_TIME_MESSAGE);
  const text = value.trim();
  if (text.length > MAX_INPUT_LENGTH) return refuse(DATE_TIME_MESSAGE);
  const match = DATE_TIME.exec(text);
  if (!match) return refuse(DATE_TIME_MESSAGE);
  const [, datePart, hh, mm, ss, fraction, offset] = match;
  const date = checkLocalDate(datePart);
  if (!date.ok) return date.message === DATE_MESSAGE ? refuse(DATE_TIME_MESSAGE) : date;
  const [hours, minutes, seconds] = [Number(hh ?? 0), Number(mm ?? 0), Number(ss ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return refuse(`${text} is not a time of the day`);
  const milliseconds = fraction ? Number(`${fraction.slice(1)}00`.slice(0, 3)) : 0;
  const wallAsUtc = dayNumberOf(datePart) * 86_400_000 + ((hours * 60 + minutes) * 60 + seconds) * 1000 + milliseconds;
  if (offset !== undefined) {
    if (/^z$/i.test(offset)) return { ok: true, value: new Date(wallAsUtc) };
    const digits = offset.replace(":", "");
    const [offsetHours, offsetMinutes] = [Number(digits.slice(1, 3)), Number(digits.slice(3, 5))];
    if (offsetHours > 23 || offsetMinutes > 59) return refuse(`${offset} is not a UTC offset`);
    const sign = offset.startsWith("-") ? -1 : 1;
    return { ok: true, value: new Date(wallAsUtc - sign * (offsetHours * 60 + offsetMinutes) * 60_000) };
  }
  if (timeZone === null) {
    return hh === undefined ? { ok: true, value: new Date(wallAsUtc) } : refuse(`Give the time's UTC offset, such as ${datePart}T${hh}:${mm}:00Z`);
  }
  if (hh === undefined) return { ok: true, value: startOfLocalDay(datePart, timeZone) };
  // Wall-clock time: the offset at the guess, then at the instant it gives (right across DST changes).
  let instant = wallAsUtc - timeZoneOffsetMinutes(timeZone, wallAsUtc) * 60_000;
  instant = wallAsUtc - timeZoneOffsetMinutes(timeZone, instant) * 60_000;
  return { ok: true, value: new Date(instant) };
}

/** The instant of a value already accepted by checkDateTime (UTC where it has no offset). */
export function instantOf(value: string): Date {
  const checked = checkDateTime(value, "UTC");
  if (!checked.ok) throw new RangeError(`Unchecked date-time: ${checked.message}`);
  return checked.value;
}

/** Inclusive local dates, "YYYY-MM-DD". */
export type DayRange = { from: string; to: string };

/**
 * The first problem with a range of days, naming `from` or `to`, or null. Both ends are checked as
 * dates first; the length is a subtraction of day numbers, so nothing is built for a refused range.
 */
export function checkDayRange(range: { from?: string; to?: string }, names = { from: "from", to: "to" }): DateIssue | null {
  if (range.from === undefined) return { path: names.from, message: `Required. ${DATE_MESSAGE}` };
  const from = checkLocalDate(range.from);
  if (!from.ok) return { path: names.from, message: from.message };
  if (range.to === undefined) return { path: names.to, message: `Required. ${DATE_MESSAGE}` };
  const to = checkLocalDate(range.to);
  if (!to.ok) return { path: names.to, message: to.message };
  const days = daysBetween(from.value, to.value) + 1;
  if (days < 1) return { path: names.to, message: `Must be on or after ${names.from}` };
  if (days > MAX_RANGE_DAYS) return { path: names.to, message: `A range covers at most ${MAX_RANGE_DAYS} days` };
  return null;
}

/** The problem with [start, end) as instants, naming `end`, or null. */
export function checkInstantRange(start: Date, end: Date, names = { start: "start", end: "end" }, maxDays = MAX_RANGE_DAYS): DateIssue | null {
  if (!(end.getTime() > start.getTime())) return { path: names.end, message: `Must be after ${names.start}` };
  if (end.getTime() - start.getTime() > maxDays * 86_400_000) return { path: names.end, message: `A range covers at most ${maxDays} days` };
  return null;
}

// Zod schemas for query strings and bodies: the issue lands on the field's own path.
function fromCheck<T>(check: (value: string) => Checked<T>, typeMessage: string) {
  return z.string(typeMessage).transform((value, ctx) => {
    const result = check(value);
    if (result.ok) return result.value;
    ctx.issues.push({ code: "custom", message: result.message, input: value });
    return z.NEVER;
  });
}

/** "YYYY-MM-DD" in 2000–2100. */
export const localDateSchema = fromCheck(checkLocalDate, DATE_MESSAGE);
/** An IANA time zone name. */
export const timeZoneSchema = fromCheck(checkTimeZone, TIME_ZONE_MESSAGE);
/** An ISO 8601 date-time with its offset, or a date (UTC midnight). */
export const dateTimeSchema = fromCheck((value) => checkDateTime(value, null), DATE_TIME_MESSAGE);
