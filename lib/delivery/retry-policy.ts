// SPEC §2: a failed event is retried every hour for 48 hours after its first failure, so at most
// 1 + 48 attempts. The schedule hangs off first_failed_at alone, which is why a manual resend (or a
// late attempt) never shifts or extends the window.
export const RETRY_INTERVAL_MS = 60 * 60 * 1000;
export const RETRY_WINDOW_HOURS = 48;
export const RETRY_WINDOW_MS = RETRY_WINDOW_HOURS * RETRY_INTERVAL_MS;
/** The first attempt plus one per hour of the window. */
export const MAX_SCHEDULED_ATTEMPTS = 1 + RETRY_WINDOW_HOURS;

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

/** The schedule after an attempt: where the window starts and when the next try is due (null = none). */
export function scheduleAfterAttempt(input: {
  isSuccess: boolean;
  firstFailedAt: Date | null;
  attemptAt: Date;
}): { firstFailedAt: Date | null; nextAttemptAt: Date | null } {
  if (input.isSuccess) return { firstFailedAt: input.firstFailedAt, nextAttemptAt: null };
  const firstFailedAt = input.firstFailedAt ?? input.attemptAt;
  return { firstFailedAt, nextAttemptAt: nextRetryAt(firstFailedAt, input.attemptAt) };
}
