// event_rollups_daily is kept by the `events` triggers: after inserts, status changes, moves across
// UTC midnight and deletes it equals a GROUP BY over events, by UTC day and webhook.
import { describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { createTestAccount } from "@/test/fixtures";
import { query, type Db } from "../client";
import { events, jobs, searches, webhooks, type EventStatus } from "../schema";

type DayRow = { day: string; webhook_id: string; events: number; executions: number };

async function dailyRollup(db: Db, accountId: string): Promise<DayRow[]> {
  return query<DayRow>(
    db,
    sql`select day::text, webhook_id::text, events::int, executions::int from event_rollups_daily
        where account_id = ${accountId} and (events <> 0 or executions <> 0) order by 1, 2`,
  );
}

async function groupByOverEvents(db: Db, accountId: string): Promise<DayRow[]> {
  return query<DayRow>(
    db,
    sql`select (detected_at at time zone 'UTC')::date::text as day, webhook_id::text, count(*)::int as events,
               sum(attempt_count)::int as executions
        from events where account_id = ${accountId} group by 1, 2 order by 1, 2`,
  );
}

describe("daily per-webhook rollup", () => {
  it("equals a GROUP BY over events through inserts, status changes, day moves and deletes", async () => {
    const { db, accountId } = await createTestAccount();
    const [search] = await db.insert(searches).values({ accountId, name: "All jobs", type: "job" }).returning();
    const hooks = await db
      .insert(webhooks)
      .values([1, 2, 3].map((i) => ({ accountId, searchId: search.id, name: `hook ${i}`, url: `http://127.0.0.1:9/${i}`, secret: "whsec_test" })))
      .returning();
    const statuses: EventStatus[] = ["in_progress", "success", "failed", "not_triggered"];
    const jobRows = await db
      .insert(jobs)
      .values(Array.from({ length: 60 }, (_, i) => ({ accountId, externalId: `daily-${i}`, title: `Job ${i}`, data: {} })))
      .returning({ id: jobs.id });
    // Minutes either side of UTC midnights, over four days.
    const origin = Date.parse("2026-05-01T00:00:00Z");
    const inserted = await db
      .insert(events)
      .values(
        jobRows.map((job, i) => ({
          accountId,
          webhookId: hooks[i % 3].id,
          type: "job" as const,
          jobId: job.id,
          status: statuses[i % 4],
          detectedAt: new Date(origin + Math.floor(i / 15) * 86_400_000 + ((i % 5) - 2) * 7 * 60_000),
          attemptCount: i % 4 === 3 ? 0 : 1 + (i % 3),
        })),
      )
      .returning();
    const afterInsert = await dailyRollup(db, accountId);
    expect(afterInsert).toEqual(await groupByOverEvents(db, accountId));
    expect(afterInsert.reduce((sum, r) => sum + r.events, 0)).toBe(60);

    // A status change that keeps attempt_count leaves the daily rows as they were.
    const inProgress = inserted.filter((e) => e.status === "in_progress").map((e) => e.id);
    await db.update(events).set({ status: "failed" }).where(inArray(events.id, inProgress));
    expect(await dailyRollup(db, accountId)).toEqual(afterInsert);

    // Deliveries: status and attempts change together.
    await db
      .update(events)
      .set({ status: "success", attemptCount: sql`${events.attemptCount} + 1` })
      .where(and(eq(events.accountId, accountId), eq(events.status, "failed")));
    const afterDelivery = await dailyRollup(db, accountId);
    expect(afterDelivery).toEqual(await groupByOverEvents(db, accountId));
    expect(afterDelivery).not.toEqual(afterInsert);

    // Moving events across UTC midnight moves them between days.
    await db
      .update(events)
      .set({ detectedAt: sql`${events.detectedAt} + interval '20 minutes'` })
      .where(and(eq(events.accountId, accountId), eq(events.webhookId, hooks[0].id)));
    expect(await dailyRollup(db, accountId)).toEqual(await groupByOverEvents(db, accountId));

    await db.delete(events).where(inArray(events.id, inserted.filter((_, i) => i % 4 === 1).map((e) => e.id)));
    const afterDelete = await dailyRollup(db, accountId);
    expect(afterDelete).toEqual(await groupByOverEvents(db, accountId));
    expect(afterDelete.reduce((sum, r) => sum + r.events, 0)).toBe(45);
  });
});
