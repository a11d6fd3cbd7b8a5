import { describe, expect, it } from "vitest";
import {
  MAX_SCHEDULED_ATTEMPTS,
  nextRetryAt,
  parseHttpDate,
  parseRetryAfter,
  RETRY_INTERVAL_MS,
  RETRY_JITTER_MS,
  retryJitterMs,
  scheduleAfterAttempt,
} from "./retry-policy";

const HOUR = RETRY_INTERVAL_MS;
const t0 = new Date("2026-03-01T10:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("retry policy", () => {
  it("retries exactly one hour after the first failure", () => {
    expect(nextRetryAt(t0, t0)).toEqual(at(HOUR));
  });

  it("keeps to the hourly grid of the first failure even when an attempt runs late", () => {
    expect(nextRetryAt(t0, at(HOUR + 7_000))).toEqual(at(2 * HOUR));
    expect(nextRetryAt(t0, at(5 * HOUR + 59 * 60_000))).toEqual(at(6 * HOUR));
  });

  it("allows 1 + 48 attempts, then none", () => {
    let attempts = 0;
    let next: Date | null = t0;
    let firstFailedAt: Date | null = null;
    while (next) {
      attempts += 1;
      const schedule = scheduleAfterAttempt({ isSuccess: false, firstFailedAt, attemptAt: next });
      firstFailedAt = schedule.firstFailedAt;
      next = schedule.nextAttemptAt;
      expect(attempts).toBeLessThanOrEqual(100);
    }
    expect(attempts).toBe(MAX_SCHEDULED_ATTEMPTS);
    expect(attempts).toBe(49);
    expect(nextRetryAt(t0, at(48 * HOUR))).toBeNull();
    expect(nextRetryAt(t0, at(47 * HOUR))).toEqual(at(48 * HOUR));
  });

  it("never extends the window for an attempt made after it (a manual resend)", () => {
    expect(nextRetryAt(t0, at(60 * HOUR))).toBeNull();
    expect(nextRetryAt(t0, at(30 * HOUR + 1_000))).toEqual(at(31 * HOUR));
  });

  it("ends the schedule on success and keeps when the window began", () => {
    expect(scheduleAfterAttempt({ isSuccess: true, firstFailedAt: t0, attemptAt: at(3 * HOUR) })).toEqual({
      firstFailedAt: t0,
      nextAttemptAt: null,
      reason: null,
    });
    expect(scheduleAfterAttempt({ isSuccess: false, firstFailedAt: null, attemptAt: t0 })).toEqual({
      firstFailedAt: t0,
      nextAttemptAt: at(HOUR),
      reason: "Hourly retry 1 of 48",
    });
  });
});

describe("jitter (±2 minutes on the hourly slots)", () => {
  const id = "0192f0e4-7d2a-7000-8000-000000000001";
  it("is deterministic per event and slot, within ±2 min, and spreads events", () => {
    expect(retryJitterMs(id, 3)).toBe(retryJitterMs(id, 3));
    const values = Array.from({ length: 200 }, (_, i) => retryJitterMs(`event-${i}`, 1));
    for (const v of values) expect(Math.abs(v)).toBeLessThanOrEqual(RETRY_JITTER_MS);
    expect(new Set(values).size).toBeGreaterThan(150);
    expect(Math.min(...values)).toBeLessThan(-RETRY_JITTER_MS / 2);
    expect(Math.max(...values)).toBeGreaterThan(RETRY_JITTER_MS / 2);
  });

  it("moves each slot by its jitter, says so, and still allows exactly 1 + 48 attempts", () => {
    const first = scheduleAfterAttempt({ isSuccess: false, firstFailedAt: null, attemptAt: t0, eventId: id });
    expect(first.nextAttemptAt).toEqual(at(HOUR + retryJitterMs(id, 1)));
    expect(first.reason).toMatch(/^Hourly retry 1 of 48/);
    let attempts = 0;
    let next: Date | null = t0;
    let firstFailedAt: Date | null = null;
    while (next) {
      attempts += 1;
      const schedule = scheduleAfterAttempt({ isSuccess: false, firstFailedAt, attemptAt: next, eventId: id });
      firstFailedAt = schedule.firstFailedAt;
      if (schedule.nextAttemptAt) {
        // never beyond the window, and each slot within its ±2 min
        expect(schedule.nextAttemptAt.getTime()).toBeLessThanOrEqual(t0.getTime() + 48 * HOUR);
        expect(Math.abs(schedule.nextAttemptAt.getTime() - (t0.getTime() + attempts * HOUR))).toBeLessThanOrEqual(RETRY_JITTER_MS);
      } else {
        expect(schedule.reason).toMatch(/exhausted/);
      }
      next = schedule.nextAttemptAt;
      expect(attempts).toBeLessThanOrEqual(100);
    }
    expect(attempts).toBe(MAX_SCHEDULED_ATTEMPTS);
  });
});

describe("Retry-After", () => {
  const fail = (status: number, retryAfter: string | null, attemptAt = t0, firstFailedAt: Date | null = null) =>
    scheduleAfterAttempt({ isSuccess: false, firstFailedAt, attemptAt, eventId: "e1", responseStatus: status, retryAfter });

  it("parses delay-seconds and HTTP dates, and refuses the rest", () => {
    expect(parseRetryAfter("120", t0)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", t0)).toBe(0);
    expect(parseRetryAfter(new Date(t0.getTime() + 90_000).toUTCString(), t0)).toBe(90_000);
    expect(parseRetryAfter("Sun, 01 Mar 2026 09:00:00 GMT", t0)).toBe(0); // in the past
    for (const bad of [null, undefined, "", "soon", "-5", "1.5", "12abc"]) expect(parseRetryAfter(bad, t0), String(bad)).toBeNull();
  });

  it("reads the three HTTP date forms strictly: a garbled or impossible date is unreadable, not 'now'", () => {
    const when = Date.UTC(2026, 2, 1, 10, 5, 0); // t0 + 5 min
    expect(parseHttpDate("Sun, 01 Mar 2026 10:05:00 GMT", t0)).toBe(when);
    expect(parseHttpDate("Sunday, 01-Mar-26 10:05:00 GMT", t0)).toBe(when);
    expect(parseHttpDate("Sun Mar  1 10:05:00 2026", t0)).toBe(when);
    expect(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT", t0)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseRetryAfter("Sun, 01 Mar 2026 10:05:00 GMT", t0)).toBe(5 * 60_000);
    // V8's Date.parse reads each of these as some date (most in the past: "retry in 5 s")
    for (const bad of ["abc 12", "x 2026", "May 5", "2026-03-01T10:05:00Z", "Sun, 01 Mar 2026 10:05:00", "sun, 01 mar 2026 10:05:00 GMT", "Sun, 31 Feb 2026 10:05:00 GMT", "Sun, 01 Mar 2026 25:05:00 GMT", "Sun, 1 Mar 2026 10:05:00 GMT"]) {
      expect(parseRetryAfter(bad, t0), bad).toBeNull();
      expect(fail(503, bad).reason, bad).toMatch(/^Hourly retry 1 of 48/);
    }
    // absurd but well-formed: capped at 24 h, and a date far ahead too
    expect(fail(429, "99999999999999999999999").nextAttemptAt).toEqual(at(24 * HOUR));
    expect(fail(429, "Fri, 31 Dec 9999 23:59:59 GMT").nextAttemptAt).toEqual(at(24 * HOUR));
  });

  it("honours a Retry-After shorter than the hourly slot, on 429 and on 503, and says why", () => {
    for (const status of [429, 503]) {
      const schedule = fail(status, "30");
      expect(schedule.nextAttemptAt).toEqual(at(30_000));
      expect(schedule.reason).toBe(`Retry-After: 30 on HTTP ${status}: next attempt in 30 s`);
    }
    const dated = fail(503, new Date(t0.getTime() + 10 * 60_000).toUTCString());
    expect(dated.nextAttemptAt).toEqual(at(10 * 60_000));
  });

  it("honours a longer one too, clamped to 5 s..24 h and to the 48-hour window", () => {
    expect(fail(429, "7200").nextAttemptAt).toEqual(at(2 * HOUR));
    const tiny = fail(429, "1");
    expect(tiny.nextAttemptAt).toEqual(at(5_000));
    expect(tiny.reason).toMatch(/raised to the 5 s minimum/);
    const huge = fail(503, String(3 * 24 * 3600));
    expect(huge.nextAttemptAt).toEqual(at(24 * HOUR));
    expect(huge.reason).toMatch(/capped at 24 h/);
    // 40 hours into the window, 24 h is past its end: the window's end instead
    const late = fail(503, "86400", at(40 * HOUR), t0);
    expect(late.nextAttemptAt).toEqual(at(48 * HOUR));
    expect(late.reason).toMatch(/end of the 48-hour window/);
    // at or after the end: none
    const over = fail(429, "60", at(48 * HOUR), t0);
    expect(over.nextAttemptAt).toBeNull();
    expect(over.reason).toMatch(/window is over/);
  });

  it("ignores Retry-After on other statuses and when unreadable", () => {
    expect(fail(500, "30").reason).toMatch(/^Hourly retry 1/);
    expect(fail(429, "later").reason).toMatch(/^Hourly retry 1/);
    expect(fail(429, null).nextAttemptAt!.getTime()).toBe(t0.getTime() + HOUR + retryJitterMs("e1", 1));
  });
});
