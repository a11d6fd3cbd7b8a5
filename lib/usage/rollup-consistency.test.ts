// The rollups the count API reads stay equal to a GROUP BY over events through real traffic: ingests
// that trigger or skip events (credits run out), deliveries to a receiver that fails now and then,
// retries, resends and a top-up's catch-up — with the clock crossing New York midnights.
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { query } from "@/db/client";
import { countEventsByDayFromEvents } from "@/db/queries/usage";
import { countEventsByDay } from "./counts";
import { resendEvents } from "@/lib/delivery/resend";
import { runDeliveryCycle } from "@/lib/delivery/run-cycle";
import { addCreditsAndCatchUp } from "@/lib/credits/service";
import { ingestRecords } from "@/lib/matching/ingest";
import { seedSearch, seedWebhook } from "@/test/matching";
import { createTestAccount } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";

function createRng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe("event rollups under real traffic", () => {
  it("equal a GROUP BY over events after a random mix of ingests, deliveries, failures and resends", async () => {
    const seed = Number(process.env.ROLLUP_SEED ?? Date.now() % 1_000_000);
    const random = createRng(seed);
    const receiver = await startReceiver({
      mode: () => (random() < 0.35 ? { kind: "status", status: 500 } : { kind: "ok" }),
    });
    try {
      const { db, accountId } = await createTestAccount({ credits: 80 });
      let clock = new Date("2026-10-31T22:30:00Z");
      const search = await seedSearch(db, accountId, "job");
      const hooks = [];
      for (const name of ["a", "b", "c"]) {
        hooks.push(await seedWebhook(db, accountId, search.id, { name, url: `${receiver.url}/${name}`, now: new Date(clock.getTime() - 60_000) }));
      }
      let externalId = 0;
      const steps: string[] = [];
      for (let step = 0; step < 14; step++) {
        const action = random();
        if (action < 0.4) {
          const records = Array.from({ length: 3 + Math.floor(random() * 8) }, () => ({
            external_id: `job-${++externalId}`,
            title: `Data engineer ${externalId}`,
          }));
          await ingestRecords(db, accountId, "job", records, { now: clock });
          steps.push(`ingest ${records.length}`);
        } else if (action < 0.75) {
          const at = clock;
          const summary = await runDeliveryCycle(db, { accountId, now: () => at, budgetMs: 3_000, timeoutMs: 2_000, pollIntervalMs: 20 });
          steps.push(`deliver ${summary.claimed}`);
        } else if (action < 0.9) {
          const failed = await query<{ id: string }>(
            db,
            sql`select id from events where account_id = ${accountId} and status in ('failed', 'success') order by random() limit 5`,
          );
          if (failed.length) await resendEvents(db, accountId, failed.map((e) => e.id), { now: clock, timeoutMs: 2_000 });
          steps.push(`resend ${failed.length}`);
        } else {
          const result = await addCreditsAndCatchUp(db, accountId, 5 + Math.floor(random() * 10), { now: clock });
          steps.push(`top-up caught up ${result.events_triggered}`);
        }
        // 10 minutes to 3 hours on, so detections land either side of local and UTC midnights.
        clock = new Date(clock.getTime() + (10 + Math.floor(random() * 170)) * 60_000);
      }

      const context = `seed ${seed}: ${steps.join(", ")}`;
      const statuses = await query<{ status: string; n: number }>(
        db,
        sql`select status::text, count(*)::int as n from events where account_id = ${accountId} group by 1 order by 1`,
      );
      expect(statuses.length, context).toBeGreaterThan(0);

      // The tables themselves, bucket by bucket.
      const raw = await query<{ hour: string; webhook_id: string; status: string; events: number; executions: number }>(
        db,
        sql`select date_trunc('hour', detected_at, 'UTC')::text as hour, webhook_id::text, status::text,
                   count(*)::int as events, sum(attempt_count)::int as executions
            from events where account_id = ${accountId} group by 1, 2, 3 order by 1, 2, 3`,
      );
      const rolled = await query<{ hour: string; webhook_id: string; status: string; events: number; executions: number }>(
        db,
        sql`select hour::text, webhook_id::text, status::text, events::int, executions::int
            from event_rollups_hourly where account_id = ${accountId} and events <> 0 order by 1, 2, 3`,
      );
      expect(rolled, context).toEqual(raw);
      const accountRolled = await query<{ hour: string; status: string; events: number; executions: number }>(
        db,
        sql`select hour::text, status::text, events::int, executions::int
            from account_event_rollups_hourly where account_id = ${accountId} and events <> 0 order by 1, 2`,
      );
      const rawByAccount = await query<{ hour: string; status: string; events: number; executions: number }>(
        db,
        sql`select date_trunc('hour', detected_at, 'UTC')::text as hour, status::text,
                   count(*)::int as events, sum(attempt_count)::int as executions
            from events where account_id = ${accountId} group by 1, 2 order by 1, 2`,
      );
      expect(accountRolled, context).toEqual(rawByAccount);
      const dailyRolled = await query<{ day: string; webhook_id: string; events: number; executions: number }>(
        db,
        sql`select day::text, webhook_id::text, events::int, executions::int
            from event_rollups_daily where account_id = ${accountId} and events <> 0 order by 1, 2`,
      );
      const rawByDay = await query<{ day: string; webhook_id: string; events: number; executions: number }>(
        db,
        sql`select (detected_at at time zone 'UTC')::date::text as day, webhook_id::text,
                   count(*)::int as events, sum(attempt_count)::int as executions
            from events where account_id = ${accountId} group by 1, 2 order by 1, 2`,
      );
      expect(dailyRolled, context).toEqual(rawByDay);
      // Each day's cumulative hour vectors (element k: events before UTC hour k), and events by UTC
      // week (weeks start on Monday).
      const vectorsRolled = await query<{ day: string; webhook_id: string; events_before_hour: string; executions_before_hour: string }>(
        db,
        sql`select day::text, webhook_id::text, events_before_hour::text, executions_before_hour::text
            from event_rollups_daily where account_id = ${accountId} and events <> 0 order by 1, 2`,
      );
      const rawVectors = await query<{ day: string; webhook_id: string; events_before_hour: string; executions_before_hour: string }>(
        db,
        sql`select day::text, webhook_id::text,
                   array_agg(events order by h)::text as events_before_hour,
                   array_agg(executions order by h)::text as executions_before_hour
            from (
              select d.day, d.webhook_id, h,
                     sum(coalesce(e.events, 0)) over (partition by d.day, d.webhook_id order by h)::bigint as events,
                     sum(coalesce(e.executions, 0)) over (partition by d.day, d.webhook_id order by h)::bigint as executions
              from (select distinct (detected_at at time zone 'UTC')::date as day, webhook_id from events where account_id = ${accountId}) d
              cross join generate_series(0, 23) h
              left join (
                select (detected_at at time zone 'UTC')::date as day, webhook_id, extract(hour from detected_at at time zone 'UTC')::int as hour,
                       count(*) as events, sum(attempt_count) as executions
                from events where account_id = ${accountId} group by 1, 2, 3
              ) e on e.day = d.day and e.webhook_id = d.webhook_id and e.hour = h
            ) v
            group by 1, 2 order by 1, 2`,
      );
      expect(vectorsRolled, context).toEqual(rawVectors);
      const weeklyRolled = await query<{ week: string; webhook_id: string; events: number }>(
        db,
        sql`select week::text, webhook_id::text, events::int
            from event_rollups_weekly where account_id = ${accountId} and events <> 0 order by 1, 2`,
      );
      const rawByWeek = await query<{ week: string; webhook_id: string; events: number }>(
        db,
        sql`select date_trunc('week', detected_at at time zone 'UTC')::date::text as week, webhook_id::text, count(*)::int as events
            from events where account_id = ${accountId} group by 1, 2 order by 1, 2`,
      );
      expect(weeklyRolled, context).toEqual(rawByWeek);

      // And the API's answers, in whole-hour and half-hour zones, aligned and not.
      for (const timeZone of ["UTC", "America/New_York", "Asia/Kolkata"]) {
        for (const groupBy of ["status", "webhook_id"] as const) {
          for (const [start, end] of [
            ["2026-10-30T00:00:00Z", "2026-11-03T00:00:00Z"],
            ["2026-11-01T01:17:00Z", "2026-11-01T23:41:00Z"],
          ]) {
            const filter = { start: new Date(start), end: new Date(end), timeZone, groupBy };
            expect(await countEventsByDay(db, accountId, filter), `${context} ${JSON.stringify(filter)}`).toEqual(
              await countEventsByDayFromEvents(db, accountId, filter),
            );
          }
        }
        const one = { start: new Date("2026-10-30T00:00:00Z"), end: new Date("2026-11-03T00:00:00Z"), timeZone, groupBy: "status" as const, webhookId: hooks[1].webhook.id };
        expect(await countEventsByDay(db, accountId, one), context).toEqual(await countEventsByDayFromEvents(db, accountId, one));
      }
    } finally {
      await receiver.close();
    }
  }, 120_000);
});
