import "server-only";
// The webhooks list's "last 24 hours": per webhook and status, from the hourly rollups, so the list
// costs ~24 × 4 rows per webhook however many events there are.
import { sql } from "drizzle-orm";
import { query, type DbOrTx } from "../client";
import type { EventStatus } from "../schema";
import { emptyStatusCounts, successRateOf, totalOf, type StatusCounts } from "./events";

export type RecentWebhookStats = { counts: StatusCounts; total: number; successRate: number | null };

/**
 * Counts by status of events detected in the last `hours` hours (whole hour buckets: the window
 * starts at the top of the hour `hours` hours ago), per webhook of the account. Webhooks with no
 * events in the window are absent from the map.
 */
export async function getRecentStatsByWebhook(
  db: DbOrTx,
  accountId: string,
  options: { now?: Date; hours?: number } = {},
): Promise<Map<string, RecentWebhookStats>> {
  const now = options.now ?? new Date();
  const hours = options.hours ?? 24;
  const since = new Date(now.getTime() - hours * 3_600_000);
  const rows = await query<{ webhook_id: string; status: EventStatus; events: string }>(
    db,
    sql`select webhook_id, status, sum(events)::text as events
        from event_rollups_hourly
        where account_id = ${accountId} and hour >= date_trunc('hour', ${since.toISOString()}::timestamptz, 'UTC')
        group by webhook_id, status
        having sum(events) <> 0`,
  );
  const byWebhook = new Map<string, RecentWebhookStats>();
  for (const row of rows) {
    let entry = byWebhook.get(row.webhook_id);
    if (!entry) {
      entry = { counts: emptyStatusCounts(), total: 0, successRate: null };
      byWebhook.set(row.webhook_id, entry);
    }
    entry.counts[row.status] = Number(row.events);
  }
  for (const entry of byWebhook.values()) {
    entry.total = totalOf(entry.counts);
    entry.successRate = successRateOf(entry.counts);
  }
  return byWebhook;
}
