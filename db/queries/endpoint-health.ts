import "server-only";
// Reading what endpoint health is decided from, and recording a change of state. Only webhooks that
// can be unhealthy are read: live ones not healthy, or with a failed event waiting for its retry
// (events_failed_scheduled_idx) — a busy healthy webhook costs one index probe. Per webhook, every
// read is a bounded walk of attempts_webhook_time_idx.
import { sql } from "drizzle-orm";
import { query, type DbOrTx } from "../client";
import { OUTCOME_UNKNOWN } from "./delivery";

export type HealthCandidateRow = {
  id: string;
  account_id: string;
  name: string;
  url: string;
  health_state: "healthy" | "degraded" | "failing" | "disabled" | "recovered";
  health_since: Date | string | null;
  /** Outcomes of the latest attempts, newest first. */
  latest: boolean[] | null;
  window_attempts: number;
  window_successes: number;
  streak_started_at: Date | string | null;
};

export async function listHealthCandidates(
  db: DbOrTx,
  options: { now: Date; latestCount: number; rateWindowMs: number; lookbackMs: number; accountId?: string },
): Promise<HealthCandidateRow[]> {
  const now = sql`${options.now.toISOString()}::timestamptz`;
  // Attempts count from the health baseline (a re-enable), and never from before the lookback.
  const from = sql`greatest(coalesce(w.health_baseline_at, '-infinity'::timestamptz), ${now} - make_interval(secs => ${options.lookbackMs / 1000}::float8))`;
  const deliveries = sql`a.webhook_id = w.id and a.event_id is not null and a.error_code is distinct from ${OUTCOME_UNKNOWN}`;
  return query<HealthCandidateRow>(
    db,
    sql`
      select w.id, w.account_id, w.name, w.url, w.health_state, w.health_since,
             latest.outcomes as latest, rate.attempts::int as window_attempts, rate.successes::int as window_successes,
             streak.started_at as streak_started_at
      from webhooks w
      cross join lateral (
        select array_agg(x.is_success order by x.started_at desc) as outcomes
        from (select a.is_success, a.started_at from attempts a
              where ${deliveries} and a.started_at >= ${from} and a.started_at <= ${now}
              order by a.started_at desc limit ${options.latestCount}) x
      ) latest
      cross join lateral (
        select count(*) as attempts, count(*) filter (where a.is_success) as successes
        from attempts a
        where ${deliveries} and a.started_at >= greatest(${from}, ${now} - make_interval(secs => ${options.rateWindowMs / 1000}::float8))
          and a.started_at <= ${now}
      ) rate
      left join lateral (
        -- the first failure after the last success: where the current streak of failures began
        select a.started_at from attempts a
        where ${deliveries} and not a.is_success and a.started_at <= ${now}
          and a.started_at >= coalesce((select max(s.started_at) from attempts s
                                         where s.webhook_id = w.id and s.event_id is not null and s.is_success
                                           and s.started_at >= ${from} and s.started_at <= ${now}), ${from})
        order by a.started_at limit 1
      ) streak on true
      where w.is_active and not w.is_archived
        ${options.accountId ? sql`and w.account_id = ${options.accountId}::uuid` : sql``}
        and (w.health_state <> 'healthy'
             or exists (select 1 from events e where e.webhook_id = w.id and e.status = 'failed' and e.next_attempt_at is not null))`,
  );
}

/**
 * Moves a webhook from `from` to `to` (only if it is still in `from`: of several instances
 * evaluating at once, one makes the change and sends its alert). Returns whether it did.
 */
export async function changeHealthState(
  db: DbOrTx,
  change: { webhookId: string; from: string; to: string; reason: string; now: Date },
): Promise<boolean> {
  const rows = await query<{ id: string }>(
    db,
    sql`update webhooks set health_state = ${change.to}, health_since = ${change.now.toISOString()}::timestamptz, health_reason = ${change.reason}
        where id = ${change.webhookId}::uuid and health_state = ${change.from}
        returning id`,
  );
  return rows.length > 0;
}

/**
 * Marks a webhook disabled when Hookline pauses it by itself (410 Gone), unless it already is: its
 * health then says what its alert said. Returns whether it changed.
 */
export async function markHealthDisabled(db: DbOrTx, change: { webhookId: string; reason: string; now: Date }): Promise<boolean> {
  const rows = await query<{ id: string }>(
    db,
    sql`update webhooks set health_state = 'disabled', health_since = ${change.now.toISOString()}::timestamptz, health_reason = ${change.reason}
        where id = ${change.webhookId}::uuid and health_state <> 'disabled'
        returning id`,
  );
  return rows.length > 0;
}
