// Data retention (SPEC: events and attempts do not grow forever). Events finished more than
// RETENTION_DAYS (90) ago are deleted with their attempts; attempts' response bodies are trimmed
// after ATTEMPT_BODY_RETENTION_DAYS (30). The hourly, daily and weekly rollups keep every count, so
// the Usage page and the count API still show the whole history: days before the cutoff have counts
// only, no event detail. A pass runs on the scheduler's housekeeping timer (and after cron runs), off
// the delivery path: small batches in key order, each its own short transaction, with a pause
// between batches so deliveries keep the database, and a bounded number of batches per pass.
import type { Db } from "@/db/client";
import { deleteExpiredEventlessAttempts, deleteExpiredEvents, recordEventsDeletedBefore, trimAttemptBodies } from "@/db/queries/retention";
import { log } from "@/lib/log";
import { countRetention } from "@/lib/metrics/metrics";
import { DAY_MS } from "@/lib/time";

/** The variables read here (process.env by default). */
type Env = Record<string, string | undefined>;

export const DEFAULT_RETENTION_DAYS = 90;
export const DEFAULT_ATTEMPT_BODY_RETENTION_DAYS = 30;
/** How often one process runs a pass. */
export const RETENTION_INTERVAL_MS = 5 * 60_000;
const BATCH_SIZE = 500;
const MAX_BATCHES_PER_PASS = 200;
const PAUSE_BETWEEN_BATCHES_MS = 20;

function positiveDays(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const days = Number(raw);
  return Number.isFinite(days) && days > 0 ? days : fallback;
}

/** RETENTION_DAYS: events older than this are deleted (their counts stay). Default 90. */
export function retentionDays(env: Env = process.env): number {
  return positiveDays(env.RETENTION_DAYS, DEFAULT_RETENTION_DAYS);
}

/** ATTEMPT_BODY_RETENTION_DAYS: attempts' response bodies are trimmed after this. Default 30, at most RETENTION_DAYS. */
export function attemptBodyRetentionDays(env: Env = process.env): number {
  return Math.min(positiveDays(env.ATTEMPT_BODY_RETENTION_DAYS, DEFAULT_ATTEMPT_BODY_RETENTION_DAYS), retentionDays(env));
}

/** Problems with the retention settings, for the start-up check (a typo must not mean "keep forever" silently). */
export function retentionConfigProblems(env: Env = process.env): string[] {
  const problems: string[] = [];
  for (const name of ["RETENTION_DAYS", "ATTEMPT_BODY_RETENTION_DAYS"] as const) {
    const raw = env[name];
    if (raw !== undefined && raw.trim() !== "" && !(Number(raw) > 0)) problems.push(`${name} must be a positive number of days, not "${raw}"`);
  }
  return problems;
}

/** Events detected before this have counts only (no event detail) once retention has run. */
export function retentionCutoff(now: Date, env: Env = process.env): Date {
  return new Date(now.getTime() - retentionDays(env) * DAY_MS);
}

export function attemptBodyCutoff(now: Date, env: Env = process.env): Date {
  return new Date(now.getTime() - attemptBodyRetentionDays(env) * DAY_MS);
}

export type RetentionOptions = {
  /** The clock retention measures ages by (tests walk it forward). Default: now. */
  now?: Date;
  batchSize?: number;
  maxBatches?: number;
  pauseMs?: number;
  env?: Env;
  signal?: AbortSignal;
  /** Only this team's rows (tests on a shared database). */
  accountId?: string;
};

export type RetentionSummary = { events: number; attempts: number; attemptBodies: number; batches: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One pass: expired events (and their attempts), eventless test-send attempts, then old bodies. */
export async function runRetention(db: Db, options: RetentionOptions = {}): Promise<RetentionSummary> {
  const now = options.now ?? new Date();
  const env = options.env ?? process.env;
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const maxBatches = options.maxBatches ?? MAX_BATCHES_PER_PASS;
  const pauseMs = options.pauseMs ?? PAUSE_BETWEEN_BATCHES_MS;
  const cutoff = retentionCutoff(now, env);
  const bodyCutoff = attemptBodyCutoff(now, env);
  const summary: RetentionSummary = { events: 0, attempts: 0, attemptBodies: 0, batches: 0 };
  const canContinue = () => summary.batches < maxBatches && !options.signal?.aborted;
  const pause = async () => {
    if (pauseMs > 0) await sleep(pauseMs);
  };

  while (canContinue()) {
    const deleted = await deleteExpiredEvents(db, { cutoff, limit: batchSize, accountId: options.accountId });
    summary.batches += 1;
    summary.events += deleted.events;
    summary.attempts += deleted.attempts;
    countRetention("events", deleted.events);
    countRetention("attempts", deleted.attempts);
    if (deleted.events < batchSize) break;
    await pause();
  }
  // Counts before this cutoff now come from the rollups alone (lib/usage/counts.ts).
  if (summary.events > 0) await recordEventsDeletedBefore(db, cutoff, options.accountId);
  while (canContinue()) {
    const deleted = await deleteExpiredEventlessAttempts(db, { cutoff, limit: batchSize, accountId: options.accountId });
    summary.batches += 1;
    summary.attempts += deleted;
    countRetention("attempts", deleted);
    if (deleted < batchSize) break;
    await pause();
  }
  while (canContinue()) {
    const { trimmed, isCaughtUp } = await trimAttemptBodies(db, { cutoff: bodyCutoff, limit: batchSize, accountId: options.accountId });
    summary.batches += 1;
    summary.attemptBodies += trimmed;
    countRetention("attempt_bodies", trimmed);
    if (isCaughtUp) break;
    await pause();
  }
  if (summary.events + summary.attempts + summary.attemptBodies > 0) {
    log.info({ component: "retention", ...summary, cutoff: cutoff.toISOString(), body_cutoff: bodyCutoff.toISOString() }, "retention pass");
  }
  return summary;
}

const globalForRetention = globalThis as unknown as { hooklineRetentionAt?: number; hooklineRetentionRunning?: boolean };

/** runRetention at most once per RETENTION_INTERVAL_MS in this process, never two at once. */
export async function runRetentionIfDue(db: Db, now = Date.now()): Promise<RetentionSummary | null> {
  const last = globalForRetention.hooklineRetentionAt;
  if (globalForRetention.hooklineRetentionRunning) return null;
  if (last !== undefined && now - last < RETENTION_INTERVAL_MS) return null;
  globalForRetention.hooklineRetentionAt = now;
  globalForRetention.hooklineRetentionRunning = true;
  try {
    return await runRetention(db, { now: new Date(now) });
  } finally {
    globalForRetention.hooklineRetentionRunning = false;
  }
}
