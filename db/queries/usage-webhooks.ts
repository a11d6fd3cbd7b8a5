import "server-only";
// Plain readers of the daily and weekly rollups by webhook. Each takes what it reads already decided
// by lib/usage/counts.ts (see lib/usage/README.md): UTC days of event_rollups_daily, each with the
// local day it adds to, and pieces of those days' cumulative hour vectors, where [a, b) of a UTC day
// is events_before_hour[b] − events_before_hour[a]; for the ranking, whole UTC weeks of
// event_rollups_weekly too.
//
// Ranges are literals and day lists are arrays (unnest of a constant array is estimated at its
// length), not a join against a VALUES list: the planner then estimates a few thousand rows, not
// hundreds of thousands, and does not JIT-compile or fan out workers for a 5 ms query.
import { sql, type SQL } from "drizzle-orm";
import { query, withPlannerSettings, type DbOrTx } from "../client";
import type { DailyCount } from "./usage";

/** Hours [from, to) of UTC day `utcDay`'s hour vectors, added to `localDay` times `sign`. */
export type VectorPiece = { utcDay: string; localDay: string; from: number; to: number; sign: number };

/** A UTC day of event_rollups_daily and the local day its row adds to. */
export type DayOfRollup = { utcDay: string; localDay: string };

/** Days [from, to), "YYYY-MM-DD". */
export type DaySpan = { from: string; to: string };

const date = (day: string) => sql`${day}::date`;
const uuids = (ids: string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;
const dates = (days: string[]) => sql`${`{${days.join(",")}}`}::date[]`;
const ints = (values: number[]) => sql`${`{${values.join(",")}}`}::int[]`;

/**
 * A few-millisecond read with parallel workers off: the planner's cost for a few hundred scattered
 * rollup rows crosses parallel_setup_cost, and starting two workers takes longer than the whole query
 * (12 ms with them, 4 without). Table reloptions do not stop a Parallel Append; this does.
 */
const withoutParallelWorkers = <T>(db: DbOrTx, statement: SQL): Promise<T[]> =>
  withPlannerSettings(db, { max_parallel_workers_per_gather: "0" }, (tx) => query<T>(tx, statement));

/** The vector pieces as rows (local_day, webhook_id, events, executions), read through the primary key. */
function vectorPiecesQuery(accountId: string, pieces: VectorPiece[], webhookFilter: SQL): SQL {
  const days = [...new Set(pieces.map((p) => p.utcDay))].sort();
  return sql`
    select c.local_day, r.webhook_id,
           c.sign * (coalesce(r.events_before_hour[c.h_to], 0) - coalesce(r.events_before_hour[c.h_from], 0)) as events,
           c.sign * (coalesce(r.executions_before_hour[c.h_to], 0) - coalesce(r.executions_before_hour[c.h_from], 0)) as executions
    from event_rollups_daily r
    join unnest(${dates(pieces.map((p) => p.utcDay))}, ${dates(pieces.map((p) => p.localDay))},
                ${ints(pieces.map((p) => p.from))}, ${ints(pieces.map((p) => p.to))}, ${ints(pieces.map((p) => p.sign))})
         as c(utc_day, local_day, h_from, h_to, sign) on c.utc_day = r.day
    where r.account_id = ${accountId} and r.day >= ${date(days[0])} and r.day <= ${date(days[days.length - 1])} ${webhookFilter}`;
}

export type WebhookRanking = {
  /** Every webhook whose total is at least the `count`-th largest (ties at the cut included), exact. */
  top: { webhookId: string; events: number }[];
  /** Webhooks with events in the range, and their events, over all of them. */
  withEvents: number;
  events: number;
};

/** The pieces a range's totals by webhook are read from. */
export type WebhookTotalsQuery = {
  /** Whole UTC weeks [from, to) of event_rollups_weekly (Mondays), or none. */
  weeks: DaySpan | null;
  /** UTC days [from, to) of event_rollups_daily, each non-empty. */
  days: DaySpan[];
  /** A few hours at the ends, from the vectors of the end days. */
  pieces: VectorPiece[];
  count: number;
};

/**
 * The busiest webhooks over the given pieces by exact totals: the first `count` and any tied with the
 * last of them (the caller breaks ties by name), plus how many webhooks had events and how many in
 * all, so "Other" needs no row per webhook.
 */
export async function rankWebhooksByEvents(db: DbOrTx, accountId: string, totals: WebhookTotalsQuery): Promise<WebhookRanking> {
  const { weeks, count } = totals;
  const parts: SQL[] = [];
  if (weeks) {
    parts.push(sql`
      select webhook_id, events from event_rollups_weekly
      where account_id = ${accountId} and week >= ${date(weeks.from)} and week < ${date(weeks.to)}`);
  }
  for (const { from, to } of totals.days) {
    parts.push(sql`
      select webhook_id, events from event_rollups_daily
      where account_id = ${accountId} and day >= ${date(from)} and day < ${date(to)}`);
  }
  if (totals.pieces.length > 0) {
    parts.push(sql`select webhook_id, events from (${vectorPiecesQuery(accountId, totals.pieces, sql``)}) as p`);
  }
  if (parts.length === 0) return { top: [], withEvents: 0, events: 0 };
  type Row = { webhookId: string | null; events: number; withEvents: number };
  const rows = await withoutParallelWorkers<Row>(
    db,
    sql`with totals as (
          select webhook_id, sum(events)::float8 as events
          from (${sql.join(parts, sql` union all `)}) as t(webhook_id, events)
          group by webhook_id having sum(events) > 0
        ), cut as (
          select events from totals order by events desc offset ${count - 1} limit 1
        )
        select webhook_id::text as "webhookId", events, 0 as "withEvents" from totals
        where events >= coalesce((select events from cut), 0)
        union all
        select null, coalesce(sum(events), 0), count(*)::int from totals`,
  );
  const summary = rows.find((r) => r.webhookId === null);
  return {
    top: rows.filter((r) => r.webhookId !== null).map((r) => ({ webhookId: r.webhookId!, events: Number(r.events) })),
    withEvents: Number(summary?.withEvents ?? 0),
    events: Number(summary?.events ?? 0),
  };
}

/**
 * Events and executions per local day from the given UTC days and vector pieces, for the given
 * webhooks or every webhook, exact. Days that sum to no events are left out; ordered by day, then
 * webhook id.
 */
export async function countLocalDaysByWebhook(
  db: DbOrTx,
  accountId: string,
  read: { days: DayOfRollup[]; pieces: VectorPiece[]; webhookIds?: string[] },
): Promise<DailyCount[]> {
  const { days, pieces, webhookIds } = read;
  if (webhookIds?.length === 0) return [];
  const webhookFilter = webhookIds ? sql`and r.webhook_id = any(${uuids(webhookIds)})` : sql``;
  const parts: SQL[] = [];
  if (days.length > 0) {
    parts.push(sql`
      select m.local_day, r.webhook_id, r.events, r.executions
      from event_rollups_daily r
      join unnest(${dates(days.map((d) => d.utcDay))}, ${dates(days.map((d) => d.localDay))}) as m(utc_day, local_day) on m.utc_day = r.day
      where r.account_id = ${accountId} and r.day >= ${date(days[0].utcDay)} and r.day <= ${date(days[days.length - 1].utcDay)} ${webhookFilter}`);
  }
  if (pieces.length > 0) parts.push(vectorPiecesQuery(accountId, pieces, webhookFilter));
  if (parts.length === 0) return [];
  const rows = await withoutParallelWorkers<DailyCount>(
    db,
    sql`select to_char(local_day, 'YYYY-MM-DD') as day, webhook_id::text as key, sum(events)::float8 as events, sum(executions)::float8 as executions
        from (${sql.join(parts, sql` union all `)}) as t
        group by local_day, webhook_id
        having sum(events) <> 0
        order by local_day, webhook_id::text collate "C"`,
  );
  return rows.map((r) => ({ day: r.day, key: r.key, events: Number(r.events), executions: Number(r.executions) }));
}
