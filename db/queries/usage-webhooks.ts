import "server-only";
// Counts by webhook from the daily and weekly rollups, exact in every zone whose midnights are whole
// UTC hours. A local day is UTC days of event_rollups_daily plus or minus a few hours at each end, as
// a DailyPlan names them (lib/usage/day-plan.ts), and those hours come from the same rows' cumulative
// vectors: [a, b) of a day is events_before_hour[b] − events_before_hour[a].
//
// The Usage page by webhook: exact totals per webhook for the range (to pick the busiest), from whole
// UTC weeks of the weekly rollup and the days and hours at the ends, then per-day counts for the few
// it shows; everything else is "Other": the account's total per day minus these. The count API by
// webhook reads the same per-day counts for every webhook.
//
// Ranges are literals and day lists are arrays (unnest of a constant array is estimated at its
// length), not a join against a VALUES list: the planner then estimates a few thousand rows, not
// hundreds of thousands, and does not JIT-compile or fan out workers for a 5 ms query.
import { sql, type SQL } from "drizzle-orm";
import { query, withPlannerSettings, type DbOrTx } from "../client";
import type { DailyPlan, HourCorrection } from "@/lib/usage/day-plan";
import { DAY_MS, dateOfDayNumber, dayNumberOf, HOUR_MS } from "@/lib/usage/time-zone";
import type { DailyCount } from "./usage";

const date = (day: string) => sql`${day}::date`;
const uuids = (ids: string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dates = (days: string[]) => sql`${`{${days.join(",")}}`}::date[]`;
const ints = (values: number[]) => sql`${`{${values.join(",")}}`}::int[]`;

/**
 * A few-millisecond read with parallel workers off: the planner's cost for a few hundred scattered
 * rollup rows crosses parallel_setup_cost, and starting two workers takes longer than the whole query
 * (12 ms with them, 4 without). Table reloptions do not stop a Parallel Append; this does.
 */
const withoutParallelWorkers = <T>(db: DbOrTx, statement: SQL): Promise<T[]> =>
  withPlannerSettings(db, { max_parallel_workers_per_gather: "0" }, (tx) => query<T>(tx, statement));

/** A correction as a piece of one UTC day's vector: hours [from, to) of `utcDay`. */
type VectorPiece = { utcDay: string; localDay: string; from: number; to: number; sign: number };

function vectorPieces(corrections: HourCorrection[]): VectorPiece[] {
  return corrections.map((c) => {
    // A correction lies between a local midnight and its nearest UTC midnight: within one UTC day.
    const dayStart = Math.floor(c.start.getTime() / DAY_MS) * DAY_MS;
    return {
      utcDay: isoDay(dayStart),
      localDay: c.day,
      from: (c.start.getTime() - dayStart) / HOUR_MS,
      to: (c.end.getTime() - dayStart) / HOUR_MS,
      sign: c.sign,
    };
  });
}

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

/**
 * The busiest webhooks over the plan's whole range by exact totals: the first `count` and any tied
 * with the last of them (the caller breaks ties by name), plus how many webhooks had events and how
 * many in all, so "Other" needs no row per webhook.
 */
export async function rankWebhooksByEvents(db: DbOrTx, accountId: string, plan: DailyPlan, count: number): Promise<WebhookRanking> {
  const { range } = plan;
  const parts: SQL[] = [];
  const weeks = wholeWeeksWithin(range.from, range.to);
  const dayPieces = weeks ? [[range.from, weeks.from], [weeks.to, range.to]] : [[range.from, range.to]];
  if (weeks) {
    parts.push(sql`
      select webhook_id, events from event_rollups_weekly
      where account_id = ${accountId} and week >= ${date(weeks.from)} and week < ${date(weeks.to)}`);
  }
  for (const [from, to] of dayPieces) {
    if (dayNumberOf(from) >= dayNumberOf(to)) continue;
    parts.push(sql`
      select webhook_id, events from event_rollups_daily
      where account_id = ${accountId} and day >= ${date(from)} and day < ${date(to)}`);
  }
  if (range.corrections.length > 0) {
    // A few hours at an end, from the vectors of the end days.
    parts.push(sql`select webhook_id, events from (${vectorPiecesQuery(accountId, vectorPieces(range.corrections), sql``)}) as p`);
  }
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

/** The whole UTC weeks (Monday to Monday, as `rollup_week_of`) inside the days [from, to), if any. */
export function wholeWeeksWithin(from: string, to: string): { from: string; to: string } | null {
  const [start, end] = [dayNumberOf(from), dayNumberOf(to)];
  // 1970-01-01 was a Thursday: Mondays are 4 days on, modulo 7.
  const firstMonday = start + ((((4 - start) % 7) + 7) % 7);
  const lastMonday = end - ((((end - 4) % 7) + 7) % 7);
  if (lastMonday <= firstMonday) return null;
  return { from: dateOfDayNumber(firstMonday), to: dateOfDayNumber(lastMonday) };
}

/**
 * Events and executions per local day of the plan, for the given webhooks or every webhook, exact.
 * Days that sum to no events are left out; ordered by day, then webhook id.
 */
export async function countLocalDaysByWebhook(db: DbOrTx, accountId: string, plan: DailyPlan, webhookIds?: string[]): Promise<DailyCount[]> {
  if (plan.days.length === 0 || webhookIds?.length === 0) return [];
  const webhookFilter = webhookIds ? sql`and r.webhook_id = any(${uuids(webhookIds)})` : sql``;
  // Each UTC day of the plan and the local day it adds to.
  const utcDays: string[] = [];
  const localDays: string[] = [];
  for (const d of plan.days) {
    // A local day spans one UTC day, or none or two across a DST change: a count, not a string walk.
    const first = dayNumberOf(d.from);
    for (let i = 0; i < dayNumberOf(d.to) - first; i++) {
      utcDays.push(dateOfDayNumber(first + i));
      localDays.push(d.day);
    }
  }
  const parts: SQL[] = [];
  if (utcDays.length > 0) {
    parts.push(sql`
      select m.local_day, r.webhook_id, r.events, r.executions
      from event_rollups_daily r
      join unnest(${dates(utcDays)}, ${dates(localDays)}) as m(utc_day, local_day) on m.utc_day = r.day
      where r.account_id = ${accountId} and r.day >= ${date(utcDays[0])} and r.day <= ${date(utcDays[utcDays.length - 1])} ${webhookFilter}`);
  }
  if (plan.corrections.length > 0) parts.push(vectorPiecesQuery(accountId, vectorPieces(plan.corrections), webhookFilter));
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
