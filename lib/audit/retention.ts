// Audit entries are kept 365 days. The delivery loop (and the cron route) prune older ones now and
// then, a bounded number of small batches at a time, oldest first, so pruning never holds the loop up.
import type { Db } from "@/db/client";
import { deleteAuditEntriesBefore } from "@/db/queries/audit-log";
import { DAY_MS } from "@/lib/time";

export const AUDIT_RETENTION_DAYS = 365;
/** How often one process prunes. */
export const AUDIT_PRUNE_INTERVAL_MS = 10 * 60_000;
const BATCH_SIZE = 1_000;
const MAX_BATCHES_PER_RUN = 10;

export function auditRetentionCutoff(now: Date): Date {
  return new Date(now.getTime() - AUDIT_RETENTION_DAYS * DAY_MS);
}

/** Deletes entries past retention, at most `maxBatches` × `batchSize`; answers how many. */
export async function pruneAuditLog(
  db: Db,
  options: { now?: Date; batchSize?: number; maxBatches?: number } = {},
): Promise<number> {
  const cutoff = auditRetentionCutoff(options.now ?? new Date());
  const batchSize = options.batchSize ?? BATCH_SIZE;
  let deleted = 0;
  for (let batch = 0; batch < (options.maxBatches ?? MAX_BATCHES_PER_RUN); batch += 1) {
    const count = await deleteAuditEntriesBefore(db, cutoff, batchSize);
    deleted += count;
    if (count < batchSize) break;
  }
  return deleted;
}

const globalForPrune = globalThis as unknown as { hooklineAuditPrunedAt?: number };

/** pruneAuditLog at most once per AUDIT_PRUNE_INTERVAL_MS in this process. */
export async function pruneAuditLogIfDue(db: Db, now = Date.now()): Promise<number> {
  const last = globalForPrune.hooklineAuditPrunedAt;
  if (last !== undefined && now - last < AUDIT_PRUNE_INTERVAL_MS) return 0;
  globalForPrune.hooklineAuditPrunedAt = now;
  return pruneAuditLog(db, { now: new Date(now) });
}
