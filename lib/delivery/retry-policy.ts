// SPEC §2: a failed event is retried every hour for 48 hours after its first failure, so at most
// 1 + 48 attempts. The schedule hangs off first_failed_at alone, which is why a manual resend (or a
// late attempt) never shifts or extends the window. On top of it (Standard Webhooks' retry contract):
// - each hourly slot moves by up to ±2 minutes of jitter, so a recovered endpoint is not hit by every
//   retry at once. The jitter is derived from the event id and the slot (deterministic: the same
//   event gets the same slot on every instance, and tests can recompute it);
// - a 429 or 503 with Retry-After (seconds or an HTTP date) schedules the next attempt then, clamped
//   to 5 s..24 h and to the window's end: the receiver knows best, whether sooner or later than the slot.
// Pure: no I/O, no clock of its own.
import { createHash } from "node:crypto";
import { HOUR_MS } from "@/lib/time";

export const RETRY_INTERVAL_MS = HOUR_MS;
export const RETRY_WINDOW_HOURS = 48;
export const RETRY_WINDOW_MS = RETRY_WINDOW_HOURS * RETRY_INTERVAL_MS;
/** The first attempt plus one per hour of the window. */
export const MAX_SCHEDULED_ATTEMPTS = 1 + RETRY_WINDOW_HOURS;
/** Each hourly slot moves by up to this much, either way. */
export const RETRY_JITTER_MS = 2 * 60 * 1000;
/** Bounds of a Retry-After delay. */
export const RETRY_AFTER_MIN_MS = 5_000;
export const RETRY_AFTER_MAX_MS = 24 * RETRY_INTERVAL_MS;
/** Statuses whose Retry-After is honoured (RFC 9110 §10.2.3: 503 and 3xx; RFC 6585: 429). */
export const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * When to try again after a failed attempt made at `attemptAt`: the next whole hour after the first
 * failure, or null once that would fall beyond the 48-hour window ("retries exhausted").
 */
export function nextRetryAt(firstFailedAt: Date, attemptAt: Date): Date | null {
  const elapsed = Math.max(0, attemptAt.getTime() - firstFailedAt.getTime());
  const hoursDone = Math.floor(elapsed / RETRY_INTERVAL_MS);
  const next = firstFailedAt.getTime() + (hoursDone + 1) * RETRY_INTERVAL_MS;
  if (next > firstFailedAt.getTime() + RETRY_WINDOW_MS) return null;
  return new Date(next);
}

/** The jitter of an event's hourly slot `slot` (1–48), in [-RETRY_JITTER_MS, RETRY_JITTER_MS]. */
export function retryJitterMs(eventId: string, slot: number): number {
  const digest = createHash("sha256").update(`${eventId}:${slot}`).digest();
  const fraction = digest.readUInt32BE(0) / 0xffffffff; // 0..1
  return Math.round((fraction * 2 - 1) * RETRY_JITTER_MS);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAY = "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
// The three forms of RFC 9110 §5.6.7, and nothing else: Date.parse reads almost anything ("abc 12"
// is a date in 2001 to V8), and a garbled header must not turn into "retry in 5 s".
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`);

/** An HTTP date (IMF-fixdate, RFC 850 or asctime) as epoch ms, or null when it is none of them or no real day. */
export function parseHttpDate(text: string, now: Date): number | null {
  let parts: { year: number; month: string; day: string; time: string[] } | null = null;
  let match = IMF_FIXDATE.exec(text);
  if (match) parts = { day: match[2], month: match[3], year: Number(match[4]), time: match.slice(5, 8) };
  else if ((match = RFC850_DATE.exec(text))) {
    // Two-digit years (RFC 9110): one that would be more than 50 years ahead is in the past century.
    const yy = Number(match[4]);
    const thisYear = now.getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + yy;
    if (year > thisYear + 50) year -= 100;
    parts = { day: match[2], month: match[3], year, time: match.slice(5, 8) };
  } else if ((match = ASCTIME_DATE.exec(text))) {
    parts = { day: match[3].trim(), month: match[2], year: Number(match[7]), time: match.slice(4, 7) };
  }
  if (!parts) return null;
  const [hours, minutes, seconds] = parts.time.map(Number);
  const month = MONTHS.indexOf(parts.month);
  const day = Number(parts.day);
  if (hours > 23 || minutes > 59 || seconds > 60) return null;
  const at = Date.UTC(parts.year, month, day, hours, minutes, Math.min(seconds, 59));
  // "31 Feb" is no day: Date.UTC would roll it over to March.
  if (new Date(at).getUTCDate() !== day || new Date(at).getUTCMonth() !== month) return null;
  return at;
}

/**
 * A Retry-After header as a delay in ms from `now`: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Null when absent or unreadable; a date in the past is a delay of 0 (clamped to the minimum later).
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (text === "") return null;
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : RETRY_AFTER_MAX_MS;
  }
  const at = parseHttpDate(text, now);
  return at === null ? null : Math.max(0, at - now.getTime());
}

export type ScheduleInput = {
  isSuccess: boolean;
  firstFailedAt: Date | null;
  attemptAt: Date;
  /** The event's id: the seed of its jitter. Without it, no jitter. */
  eventId?: string;
  /** The response's status and Retry-After header, when it answered. */
  responseStatus?: number | null;
  retryAfter?: string | null;
};

export type Schedule = {
  firstFailedAt: Date | null;
  nextAttemptAt: Date | null;
  /** Why the next attempt is then (or why there is none), for the attempt log; null after a success. */
  reason: string | null;
};

const formatDelay = (ms: number) => {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 2 * 3600) return `${Math.round(s / 60)} min`;
  return `${Math.round((s / 3600) * 10) / 10} h`;
};
const signed = (ms: number) => `${ms >= 0 ? "+" : "−"}${Math.round(Math.abs(ms) / 1000)} s`;

/** The schedule after an attempt: where the window starts, when the next try is due (null = none), and why. */
export function scheduleAfterAttempt(input: ScheduleInput): Schedule {
  if (input.isSuccess) return { firstFailedAt: input.firstFailedAt, nextAttemptAt: null, reason: null };
  const firstFailedAt = input.firstFailedAt ?? input.attemptAt;
  const attemptMs = input.attemptAt.getTime();
  const windowEnd = firstFailedAt.getTime() + RETRY_WINDOW_MS;
  const exhausted = (why: string): Schedule => ({ firstFailedAt, nextAttemptAt: null, reason: why });

  const status = input.responseStatus ?? null;
  if (status !== null && RETRY_AFTER_STATUSES.has(status)) {
    const asked = parseRetryAfter(input.retryAfter, input.attemptAt);
    if (asked !== null) {
      if (attemptMs >= windowEnd) return exhausted(`HTTP ${status} asked to retry after ${formatDelay(asked)}, but the 48-hour retry window is over`);
      const delay = Math.min(Math.max(asked, RETRY_AFTER_MIN_MS), RETRY_AFTER_MAX_MS);
      const at = Math.min(attemptMs + delay, windowEnd);
      const notes = [`Retry-After: ${input.retryAfter!.trim()} on HTTP ${status}`];
      if (delay !== asked) notes.push(delay > asked ? `raised to the ${formatDelay(RETRY_AFTER_MIN_MS)} minimum` : "capped at 24 h");
      if (at < attemptMs + delay) notes.push("moved to the end of the 48-hour window");
      return { firstFailedAt, nextAttemptAt: new Date(at), reason: `${notes.join("; ")}: next attempt in ${formatDelay(at - attemptMs)}` };
    }
  }

  // An attempt made up to the jitter early belongs to its slot: the next one is the slot after.
  const jitterAllowance = input.eventId ? RETRY_JITTER_MS : 0;
  const slotAt = nextRetryAt(firstFailedAt, new Date(attemptMs + jitterAllowance));
  if (slotAt === null) return exhausted("Retries exhausted: the 48-hour window after the first failure is over");
  const slot = Math.round((slotAt.getTime() - firstFailedAt.getTime()) / RETRY_INTERVAL_MS);
  const jitter = input.eventId ? retryJitterMs(input.eventId, slot) : 0;
  // Jitter never moves a slot past the window's end, nor to before the attempt itself.
  const at = Math.max(Math.min(slotAt.getTime() + jitter, windowEnd), attemptMs + RETRY_AFTER_MIN_MS);
  return {
    firstFailedAt,
    nextAttemptAt: new Date(at),
    reason: `Hourly retry ${slot} of ${RETRY_WINDOW_HOURS}${jitter !== 0 ? ` (jitter ${signed(at - slotAt.getTime())})` : ""}`,
  };
}
