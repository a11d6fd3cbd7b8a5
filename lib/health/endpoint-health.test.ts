import { describe, expect, it } from "vitest";
import { decideHealth, DEFAULT_HEALTH_SETTINGS, healthSettings, type HealthInput } from "./endpoint-health";

const HOUR = 3_600_000;
const now = new Date("2026-03-10T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const base: HealthInput = { state: "healthy", since: null, latest: [], windowAttempts: 0, windowSuccesses: 0, streakStartedAt: null, latestIsSuccess: null };
const decide = (input: Partial<HealthInput>) => decideHealth({ ...base, ...input }, now).state;

describe("decideHealth", () => {
  it("stays healthy without attempts, with successes, and with fewer than 5 failures in a row", () => {
    expect(decide({})).toBe("healthy");
    expect(decide({ latest: [true, true], windowAttempts: 2, windowSuccesses: 2, latestIsSuccess: true })).toBe("healthy");
    expect(decide({ latest: [false, false, false, false, true], windowAttempts: 2, windowSuccesses: 1, latestIsSuccess: false, streakStartedAt: ago(60_000) })).toBe("healthy");
  });

  it("is degraded after 5 failures in a row, or under 50 % over the hour with enough attempts", () => {
    expect(decide({ latest: [false, false, false, false, false], latestIsSuccess: false, streakStartedAt: ago(HOUR) })).toBe("degraded");
    expect(decide({ latest: [false, true, false, true], windowAttempts: 10, windowSuccesses: 4, latestIsSuccess: false, streakStartedAt: ago(60_000) })).toBe("degraded");
    expect(decide({ latest: [false, true], windowAttempts: 3, windowSuccesses: 1, latestIsSuccess: false, streakStartedAt: ago(60_000) })).toBe("healthy");
  });

  it("is failing after 24 h without a success, and disabled after 5 days", () => {
    const failing = { latest: [false], latestIsSuccess: false, windowAttempts: 1, windowSuccesses: 0 };
    expect(decide({ ...failing, streakStartedAt: ago(23 * HOUR) })).toBe("healthy");
    expect(decide({ ...failing, streakStartedAt: ago(24 * HOUR) })).toBe("failing");
    expect(decideHealth({ ...base, ...failing, streakStartedAt: ago(5 * 24 * HOUR) }, now)).toEqual({ state: "disabled", reason: "no successful delivery for 5 days" });
  });

  it("recovers on the first success after degraded or worse, then reads healthy after the hold", () => {
    for (const state of ["degraded", "failing", "disabled"] as const) {
      expect(decide({ state, latest: [true, false], latestIsSuccess: true, windowAttempts: 2, windowSuccesses: 1 })).toBe("recovered");
      expect(decide({ state, latest: [false], latestIsSuccess: false, streakStartedAt: ago(60_000) })).toBe(state);
    }
    expect(decide({ state: "recovered", since: ago(10 * 60_000), latest: [true], latestIsSuccess: true })).toBe("recovered");
    expect(decide({ state: "recovered", since: ago(HOUR), latest: [true], latestIsSuccess: true })).toBe("healthy");
    // the hour's rate, still full of the failures, neither blocks recovery nor flips it back
    const lowRate = { latest: [true, false, false, false, false], latestIsSuccess: true, windowAttempts: 6, windowSuccesses: 1 };
    expect(decide({ state: "degraded", ...lowRate })).toBe("recovered");
    expect(decide({ state: "recovered", since: ago(60_000), ...lowRate })).toBe("recovered");
  });

  it("reads shrunk windows from the environment", () => {
    expect(healthSettings({ HEALTH_FAILING_AFTER_MS: "2000", HEALTH_DISABLE_AFTER_MS: "5000", HEALTH_RATE_WINDOW_MS: "1000", HEALTH_RECOVERED_MS: "500" })).toMatchObject({
      failingAfterMs: 2000,
      disableAfterMs: 5000,
      rateWindowMs: 1000,
      recoveredForMs: 500,
    });
    expect(healthSettings({ HEALTH_FAILING_AFTER_MS: "soon" })).toEqual(DEFAULT_HEALTH_SETTINGS);
  });
});
