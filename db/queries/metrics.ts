import "server-only";
// Figures read when Prometheus scrapes /api/metrics: cheap by construction (the due index's first
// entries, a count that stops at a cap, and the few running replay jobs).
import { sql } from "drizzle-orm";
import { query, type DbOrTx } from "@/db/client";

export type DueBacklog = { due: number; isCapped: boolean; oldestDueAgeSeconds: number };

/**
 * Events due now by the database's clock (not leased, not waiting for a later retry) and how long
 * the oldest has waited. Both walk events_due_idx from its start; the count stops at `cap`, so a
 * scrape during a backlog of millions still reads at most `cap` index entries.
 */
export async function readDueBacklog(db: DbOrTx, cap: number): Promise<DueBacklog> {
  const rows = await query<{ due: number | string; oldest_age: number | string | null }>(
    db,
    sql`select
          (select count(*) from (
             select 1 from events
             where status in ('in_progress', 'failed') and next_attempt_at is not null and next_attempt_at <= now()
             limit ${cap}
           ) capped) as due,
          (select extract(epoch from now() - min(next_attempt_at))
             from events
             where status in ('in_progress', 'failed') and next_attempt_at is not null and next_attempt_at <= now()) as oldest_age`,
  );
  const due = Number(rows[0]?.due ?? 0);
  return { due, isCapped: due >= cap, oldestDueAgeSeconds: Math.max(0, Number(rows[0]?.oldest_age ?? 0)) };
}

export type ReplayBacklog = { runningJobs: number; remainingEvents: number };

/**
 * Replay jobs running now and their events not replayed yet (pending, or sent and awaiting their
 * attempt's outcome), from the jobs' own counters: the partial index of running jobs, never their events.
 */
export async function readReplayBacklog(db: DbOrTx): Promise<ReplayBacklog> {
  const rows = await query<{ running: number | string; remaining: number | string | null }>(
    db,
    sql`select count(*) as running, sum(total - delivered - failed - skipped) as remaining
        from replay_jobs where status = 'running'`,
  );
  return { runningJobs: Number(rows[0]?.running ?? 0), remainingEvents: Math.max(0, Number(rows[0]?.remaining ?? 0)) };
}
