import { describe, expect, it } from "vitest";
import { MAX_SCHEDULED_ATTEMPTS, nextRetryAt, RETRY_INTERVAL_MS, scheduleAfterAttempt } from "./retry-policy";

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
    });
    expect(scheduleAfterAttempt({ isSuccess: false, firstFailedAt: null, attemptAt: t0 })).toEqual({
      firstFailedAt: t0,
      nextAttemptAt: at(HOUR),
    });
  });
});
