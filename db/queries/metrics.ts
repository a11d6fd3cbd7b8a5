import "server-only";
// Figures read when Prometheus scrapes /api/metrics: cheap by construction (the due index's first
// entries, and a count that stops at a cap).
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
