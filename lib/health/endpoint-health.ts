// Endpoint health of a webhook, decided from its recent attempts (pure: no I/O, no clock of its own).
// - degraded: the last 5 attempts failed, or under 50 % succeeded over the last hour;
// - failing: no success for 24 h while attempts were made;
// - disabled: no success for 5 days (as Svix does): the webhook is paused and its due events parked;
// - recovered: the first success after degraded or worse; it returns to healthy after a while.
// The windows come from the environment (HEALTH_*_MS), so tests and e2e runs can shrink them.
import { HOUR_MS as HOUR } from "@/lib/time";

export const HEALTH_STATES = ["healthy", "degraded", "failing", "disabled", "recovered"] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export type HealthSettings = {
  /** Consecutive failed attempts that make an endpoint degraded. */
  consecutiveFailures: number;
  /** The window of the success rate (1 hour). */
  rateWindowMs: number;
  /** Under this share of successes in the window: degraded. */
  minSuccessRate: number;
  /** Attempts the window needs before its rate counts (a single failure is not "under 50 %"). */
  minRateAttempts: number;
  /** No success for this long while attempts were made: failing (24 h). */
  failingAfterMs: number;
  /** No success for this long: disabled (5 days). */
  disableAfterMs: number;
  /** How long "recovered" shows before it reads healthy again (1 hour). */
  recoveredForMs: number;
};

export const DEFAULT_HEALTH_SETTINGS: HealthSettings = {
  consecutiveFailures: 5,
  rateWindowMs: HOUR,
  minSuccessRate: 0.5,
  minRateAttempts: 4,
  failingAfterMs: 24 * HOUR,
  disableAfterMs: 5 * 24 * HOUR,
  recoveredForMs: HOUR,
};

function positiveNumber(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

/** The settings, with HEALTH_RATE_WINDOW_MS, HEALTH_FAILING_AFTER_MS, HEALTH_DISABLE_AFTER_MS, HEALTH_RECOVERED_MS and HEALTH_CONSECUTIVE_FAILURES from the environment. */
export function healthSettings(env: Record<string, string | undefined> = process.env): HealthSettings {
  const d = DEFAULT_HEALTH_SETTINGS;
  return {
    consecutiveFailures: Math.round(positiveNumber(env.HEALTH_CONSECUTIVE_FAILURES, d.consecutiveFailures)),
    rateWindowMs: positiveNumber(env.HEALTH_RATE_WINDOW_MS, d.rateWindowMs),
    minSuccessRate: d.minSuccessRate,
    minRateAttempts: d.minRateAttempts,
    failingAfterMs: positiveNumber(env.HEALTH_FAILING_AFTER_MS, d.failingAfterMs),
    disableAfterMs: positiveNumber(env.HEALTH_DISABLE_AFTER_MS, d.disableAfterMs),
    recoveredForMs: positiveNumber(env.HEALTH_RECOVERED_MS, d.recoveredForMs),
  };
}

/** What the evaluator read about one webhook's attempts since its health baseline. */
export type HealthInput = {
  state: HealthState;
  /** When the current state began. */
  since: Date | null;
  /** Outcomes of the latest attempts, newest first (at most consecutiveFailures of them). */
  latest: boolean[];
  /** Attempts and successes within the rate window. */
  windowAttempts: number;
  windowSuccesses: number;
  /** The first failed attempt after the last success (the start of the failure streak), if any. */
  streakStartedAt: Date | null;
  /** Whether the latest attempt succeeded (a success after degraded or worse is "recovered"). */
  latestIsSuccess: boolean | null;
};

export type HealthDecision = { state: HealthState; reason: string };

/** The state an endpoint is in now, given its previous state and its attempts. */
export function decideHealth(input: HealthInput, now: Date, settings: HealthSettings = DEFAULT_HEALTH_SETTINGS): HealthDecision {
  const streakMs = input.streakStartedAt && input.latestIsSuccess === false ? now.getTime() - input.streakStartedAt.getTime() : 0;
  if (streakMs >= settings.disableAfterMs) return { state: "disabled", reason: `no successful delivery for ${describe(streakMs)}` };
  if (streakMs >= settings.failingAfterMs) return { state: "failing", reason: `no successful delivery for ${describe(streakMs)}` };
  const failedInARow = input.latest.length >= settings.consecutiveFailures && input.latest.slice(0, settings.consecutiveFailures).every((ok) => !ok);
  if (failedInARow) return { state: "degraded", reason: `the last ${settings.consecutiveFailures} attempts failed` };
  // The first success after degraded or worse is "recovered" at once, whatever the hour's rate
  // (still full of the failures), and it holds for a while rather than flapping back on that rate.
  const wasDown = input.state === "degraded" || input.state === "failing" || input.state === "disabled";
  if (wasDown && input.latestIsSuccess) return { state: "recovered", reason: "deliveries succeed again" };
  if (input.state === "recovered") {
    const heldFor = input.since ? now.getTime() - input.since.getTime() : Infinity;
    if (heldFor < settings.recoveredForMs) return { state: "recovered", reason: "deliveries succeed again" };
  }
  const rate = input.windowAttempts > 0 ? input.windowSuccesses / input.windowAttempts : 1;
  if (input.windowAttempts >= settings.minRateAttempts && rate < settings.minSuccessRate) {
    return {
      state: "degraded",
      reason: `${Math.round(rate * 100)} % of ${input.windowAttempts} attempts succeeded in the last ${describe(settings.rateWindowMs)}`,
    };
  }
  // Degraded or worse with no new success yet stays as it is (a streak shorter than the failing window).
  if (wasDown) return { state: input.state, reason: "no successful delivery yet" };
  return { state: "healthy", reason: "deliveries succeed" };
}

function describe(ms: number): string {
  if (ms >= 2 * 24 * HOUR) return `${Math.floor(ms / (24 * HOUR))} days`;
  if (ms >= 2 * HOUR) return `${Math.floor(ms / HOUR)} hours`;
  if (ms >= HOUR) return "1 hour";
  if (ms >= 120_000) return `${Math.floor(ms / 60_000)} minutes`;
  return `${Math.round(ms / 1000)} seconds`;
}

export const HEALTH_LABELS: Record<HealthState, string> = {
  healthy: "Healthy",
  degraded: "Degraded",
  failing: "Failing",
  disabled: "Disabled",
  recovered: "Recovered",
};
