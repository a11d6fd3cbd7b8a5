import "server-only";
// The Usage page's by-webhook view over many webhooks: exact totals per webhook for the range (to
// pick the busiest) and exact per-day counts for the few it shows, from the daily rollup plus the
// hours a DailyPlan names (lib/usage/day-plan.ts). Everything else is "Other": the account's total
// per day, from account_event_rollups_hourly, minus these.
import { sql, type SQL } from "drizzle-orm";
import { query, type DbOrTx } from "../client";
import type { DailyPlan, HourCorrection } from "@/lib/usage/day-plan";
import type { DailyCount } from "./usage";

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const date = (day: string) => sql`${day}::date`;

function correctionValues(corrections: HourCorrection[]): SQL {
  return sql.join(
    corrections.map((c) => sql`(${c.day}::text, ${ts(c.start)}, ${ts(c.end)}, ${c.sign}::int)`),
    sql`, `,
  );
}

/** Events per webhook over the plan's whole range, exact; webhooks with none are left out. */
export async function sumEventsByWebhook(db: DbOrTx, accountId: string, plan: DailyPlan): Promise<{ webhookId: string; events: number }[]> {
  const { range } = plan;
  const parts: SQL[] = [
    sql`select d.webhook_id, d.events from event_rollups_daily d
        where d.account_id = ${accountId} and d.day >= ${date(range.from)} and d.day < ${date(range.to)}`,
  ];
  if (range.corrections.length > 0) {
    // A few hours at each end, read through the primary key (account_id, hour, …).
    parts.push(sql`
      select r.webhook_id, r.events * p.sign from event_rollups_hourly r
      join (values ${correctionValues(range.corrections)}) as p(day, range_start, range_end, sign)
        on r.hour >= p.range_start and r.hour < p.range_end
      where r.account_id = ${accountId}`);
  }
  const rows = await query<{ webhookId: string; events: number }>(
    db,
    sql`select webhook_id::text as "webhookId", sum(events)::float8 as events
        from (${sql.join(parts, sql` union all `)}) as t(webhook_id, events)
        group by webhook_id having sum(events) <> 0`,
  );
  return rows.map((r) => ({ webhookId: r.webhookId, events: Number(r.events) }));
}

/** Events and executions per local day of the plan for the given webhooks, exact. Zero days are left out. */
export async function countWebhooksByDay(db: DbOrTx, accountId: string, plan: DailyPlan, webhookIds: string[]): Promise<DailyCount[]> {
  if (webhookIds.length === 0 || plan.days.length === 0) return [];
  const ids = sql`${`{${webhookIds.join(",")}}`}::uuid[]`;
  const dayValues = sql.join(
    plan.days.map((d) => sql`(${d.day}::text, ${date(d.from)}, ${date(d.to)})`),
    sql`, `,
  );
  const parts: SQL[] = [
    // Through (webhook_id, day): a few hundred rows for the handful of webhooks the page shows.
    sql`select m.day, d.webhook_id, d.events, d.executions from event_rollups_daily d
        join (values ${dayValues}) as m(day, day_from, day_to) on d.day >= m.day_from and d.day < m.day_to
        where d.webhook_id = any(${ids}) and d.account_id = ${accountId}`,
  ];
  if (plan.corrections.length > 0) {
    parts.push(sql`
      select p.day, r.webhook_id, r.events * p.sign, r.executions * p.sign from event_rollups_hourly r
      join (values ${correctionValues(plan.corrections)}) as p(day, range_start, range_end, sign)
        on r.hour >= p.range_start and r.hour < p.range_end
      where r.webhook_id = any(${ids}) and r.account_id = ${accountId}`);
  }
  const rows = await query<DailyCount>(
    db,
    sql`select day, webhook_id::text as key, sum(events)::float8 as events, sum(executions)::float8 as executions
        from (${sql.join(parts, sql` union all `)}) as t(day, webhook_id, events, executions)
        group by day, webhook_id having sum(events) <> 0
        order by day, key`,
  );
  return rows.map((r) => ({ day: r.day, key: r.key, events: Number(r.events), executions: Number(r.executions) }));
}
