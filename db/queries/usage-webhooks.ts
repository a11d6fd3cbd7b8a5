import "server-only";
// The Usage page's by-webhook view over many webhooks: exact totals per webhook for the range (to
// pick the busiest) and exact per-day counts for the few it shows, from the daily rollup plus the
// hours a DailyPlan names (lib/usage/day-plan.ts). Everything else is "Other": the account's total
// per day, from account_event_rollups_hourly, minus these.
//
// Ranges are literals, not a join against a VALUES list: the planner then estimates a few thousand
// rows, not hundreds of thousands, and does not JIT-compile or fan out workers for a 5 ms query.
import { sql, type SQL } from "drizzle-orm";
import { query, type DbOrTx } from "../client";
import { correctionHours, sumDailyPlan, type DailyPlan } from "@/lib/usage/day-plan";
import type { DailyCount } from "./usage";

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const date = (day: string) => sql`${day}::date`;
const uuids = (ids: string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

/** Events per webhook over the plan's whole range, exact; webhooks with none are left out. */
export async function sumEventsByWebhook(db: DbOrTx, accountId: string, plan: DailyPlan): Promise<{ webhookId: string; events: number }[]> {
  const { range } = plan;
  const parts: SQL[] = [
    sql`select webhook_id, events from event_rollups_daily
        where account_id = ${accountId} and day >= ${date(range.from)} and day < ${date(range.to)}`,
  ];
  for (const c of range.corrections) {
    // A few hours at an end, through the primary key (account_id, hour, …).
    parts.push(sql`
      select webhook_id, events * ${c.sign}::int from event_rollups_hourly
      where account_id = ${accountId} and hour >= ${ts(c.start)} and hour < ${ts(c.end)}`);
  }
  const rows = await query<{ webhookId: string; events: number }>(
    db,
    sql`select webhook_id::text as "webhookId", sum(events)::float8 as events
        from (${sql.join(parts, sql` union all `)}) as t(webhook_id, events)
        group by webhook_id having sum(events) <> 0`,
  );
  return rows.map((r) => ({ webhookId: r.webhookId, events: Number(r.events) }));
}

type RollupRow = { webhookId: string; events: number; executions: number };

/** Events and executions per local day of the plan for the given webhooks, exact. Zero days are left out. */
export async function countWebhooksByDay(db: DbOrTx, accountId: string, plan: DailyPlan, webhookIds: string[]): Promise<DailyCount[]> {
  if (webhookIds.length === 0 || plan.days.length === 0) return [];
  const ids = uuids(webhookIds);
  const hours = correctionHours(plan.corrections);
  const [dayRows, hourRows] = await Promise.all([
    // Through (webhook_id, day): ~90 rows a webhook.
    query<RollupRow & { day: string }>(
      db,
      sql`select to_char(day, 'YYYY-MM-DD') as day, webhook_id::text as "webhookId", events::float8 as events, executions::float8 as executions
          from event_rollups_daily
          where webhook_id = any(${ids}) and account_id = ${accountId}
            and day >= ${date(plan.days[0].from)} and day < ${date(plan.days[plan.days.length - 1].to)}`,
    ),
    hours.length === 0
      ? Promise.resolve([])
      : // Through (webhook_id, hour): only the hours between local and UTC midnights (4–5 a day in New York).
        query<RollupRow & { hour: string }>(
          db,
          sql`select to_char(hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as hour, webhook_id::text as "webhookId",
                     sum(events)::float8 as events, sum(executions)::float8 as executions
              from event_rollups_hourly
              where webhook_id = any(${ids}) and hour = any(${`{${hours.map((h) => h.toISOString()).join(",")}}`}::timestamptz[])
                and account_id = ${accountId}
              group by 1, 2`,
        ),
  ]);
  return sumDailyPlan(
    plan,
    dayRows.map((r) => ({ ...r, events: Number(r.events), executions: Number(r.executions) })),
    hourRows.map((r) => ({ ...r, events: Number(r.events), executions: Number(r.executions) })),
  );
}
