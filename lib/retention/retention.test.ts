// Retention on a shortened clock: the pass runs with `now` walked 40 and then 91 days forward, so
// events and attempts made by real deliveries a moment ago are "old". Their rollups keep every count.
import { and, asc, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { accountEventRollupsHourly, attempts, eventRollupsDaily, eventRollupsHourly, eventRollupsWeekly, events, webhooks } from "@/db/schema";
import { runDeliveryCycle } from "@/lib/delivery/run-cycle";
import { seedDueEvents } from "@/test/delivery";
import { detectForWebhook } from "@/lib/matching/detect";
import { getDb } from "@/db/client";
import { createTestAccount } from "@/test/fixtures";
import { startReceiver, type Receiver } from "@/test/receiver";
import { getEventCounts } from "@/lib/usage/counts";
import { getUsageSummary } from "@/lib/usage/service";
import { addDays, localDateOf } from "@/lib/usage/time-zone";
import { attemptBodyRetentionDays, retentionConfigProblems, retentionDays, runRetention } from "./retention";

const DAY_MS = 86_400_000;
let receiver: Receiver | undefined;
// Opening (and migrating) the database takes a while on a busy machine: not in a test's time.
beforeAll(async () => {
  await getDb();
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** Every rollup row of the account, as plain numbers: what the Usage page and the count API read. */
async function rollups(db: Db, accountId: string) {
  const num = (rows: Record<string, unknown>[]) => rows.map((row) => JSON.parse(JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? Number(v) : v))));
  return {
    hourly: num(await db.select().from(eventRollupsHourly).where(eq(eventRollupsHourly.accountId, accountId)).orderBy(asc(eventRollupsHourly.hour), asc(eventRollupsHourly.webhookId), asc(eventRollupsHourly.status))),
    account: num(await db.select().from(accountEventRollupsHourly).where(eq(accountEventRollupsHourly.accountId, accountId)).orderBy(asc(accountEventRollupsHourly.hour), asc(accountEventRollupsHourly.status))),
    daily: num(await db.select().from(eventRollupsDaily).where(eq(eventRollupsDaily.accountId, accountId)).orderBy(asc(eventRollupsDaily.day), asc(eventRollupsDaily.webhookId))),
    weekly: num(await db.select().from(eventRollupsWeekly).where(eq(eventRollupsWeekly.accountId, accountId)).orderBy(asc(eventRollupsWeekly.week), asc(eventRollupsWeekly.webhookId))),
  };
}

const countOf = async (db: Db, accountId: string) => ({
  events: (await db.select({ n: sql<number>`count(*)::int` }).from(events).where(eq(events.accountId, accountId)))[0].n,
  attempts: (await db.select({ n: sql<number>`count(*)::int` }).from(attempts).where(eq(attempts.accountId, accountId)))[0].n,
  bodies: (await db.select({ n: sql<number>`count(*)::int` }).from(attempts).where(and(eq(attempts.accountId, accountId), sql`${attempts.responseBody} is not null`)))[0].n,
});

describe("retention", () => {
  it("reads RETENTION_DAYS and ATTEMPT_BODY_RETENTION_DAYS, refusing values that are not positive days", () => {
    expect(retentionDays({})).toBe(90);
    expect(attemptBodyRetentionDays({})).toBe(30);
    expect(retentionDays({ RETENTION_DAYS: "14" })).toBe(14);
    // A body is never kept longer than its attempt.
    expect(attemptBodyRetentionDays({ RETENTION_DAYS: "14" })).toBe(14);
    expect(retentionConfigProblems({ RETENTION_DAYS: "forever", ATTEMPT_BODY_RETENTION_DAYS: "0" })).toEqual([
      'RETENTION_DAYS must be a positive number of days, not "forever"',
      'ATTEMPT_BODY_RETENTION_DAYS must be a positive number of days, not "0"',
    ]);
  });

  it("trims bodies after 30 days, deletes finished events and their attempts after 90 in small batches, and keeps every rollup count", async () => {
    const { db, accountId } = await createTestAccount();
    receiver = await startReceiver({ mode: (request) => (request.path.includes("/down") ? { kind: "status", status: 503, body: "down for maintenance" } : { kind: "ok", body: "thanks" }) });
    const delivered = await seedDueEvents(db, accountId, { url: `${receiver.url}/ok`, count: 7 });
    const retrying = await seedDueEvents(db, accountId, { url: `${receiver.url}/down`, count: 2 });
    const notTriggered = await seedDueEvents(db, accountId, { url: `${receiver.url}/ok`, count: 3, status: "not_triggered" });
    await db.update(events).set({ nextAttemptAt: null }).where(eq(events.webhookId, notTriggered.webhook.id));
    const summary = await runDeliveryCycle(db, { accountId, budgetMs: 3_000, timeoutMs: 2_000 });
    expect(summary).toMatchObject({ claimed: 9, succeeded: 7, failed: 2 });
    const history = await rollups(db, accountId);
    // What the Usage page and the count API answer for the last week.
    const today = localDateOf(new Date(), "UTC");
    const usageInput = { from: addDays(today, -6), to: today, timeZone: "UTC", groupBy: "status" as const };
    const countQuery = { start: new Date(Date.now() - 7 * DAY_MS), end: new Date(Date.now() + 60_000), timeZone: "UTC", groupBy: "status" as const };
    const usageBefore = (await getUsageSummary(db, accountId, usageInput)).series;
    const countsBefore = await getEventCounts(db, accountId, countQuery);
    expect(usageBefore.total).toBe(12);
    expect(history.hourly.reduce((sum: number, row: { events: number }) => sum + row.events, 0)).toBe(12);
    expect(await countOf(db, accountId)).toEqual({ events: 12, attempts: 9, bodies: 9 });

    // 40 days on: every body is past 30 days and trimmed; every event is kept.
    const in40Days = new Date(Date.now() + 40 * DAY_MS);
    const trim = await runRetention(db, { now: in40Days, accountId, batchSize: 4, pauseMs: 0 });
    expect(trim).toMatchObject({ events: 0, attempts: 0, attemptBodies: 9 });
    expect(await countOf(db, accountId)).toEqual({ events: 12, attempts: 9, bodies: 0 });
    const [kept] = await db.select().from(attempts).where(eq(attempts.eventId, delivered.eventIds[0]));
    expect(kept).toMatchObject({ responseStatus: 200, responseBody: null, isSuccess: true });

    // 91 days on: delivered and never-triggered events go with their attempts, 4 at a time; the two
    // still retrying (due again in an hour) stay, with theirs.
    const in91Days = new Date(Date.now() + 91 * DAY_MS);
    const pass = await runRetention(db, { now: in91Days, accountId, batchSize: 4, pauseMs: 0 });
    expect(pass).toMatchObject({ events: 10, attempts: 7 });
    expect(pass.batches).toBeGreaterThanOrEqual(3);
    expect(await countOf(db, accountId)).toEqual({ events: 2, attempts: 2, bodies: 0 });
    const left = await db.select({ id: events.id, status: events.status }).from(events).where(eq(events.accountId, accountId));
    expect(left.map((row) => row.id).sort()).toEqual([...retrying.eventIds].sort());
    expect(left.every((row) => row.status === "failed")).toBe(true);

    // The history is whole: every rollup row as before the deletes, and what the Usage page and the
    // count API answer from them.
    expect(await rollups(db, accountId)).toEqual(history);
    expect((await getUsageSummary(db, accountId, usageInput)).series).toEqual(usageBefore);
    // The count API reads the events themselves for partial hours at a range's ends; where retention
    // has deleted them, it reads those hours from the rollups instead.
    expect(await getEventCounts(db, accountId, countQuery)).toEqual(countsBefore);

    // A second pass finds nothing; editing a webhook does not bring the deleted events back.
    expect(await runRetention(db, { now: in91Days, accountId, pauseMs: 0 })).toMatchObject({ events: 0, attempts: 0, attemptBodies: 0 });
    expect(await detectForWebhook(db, accountId, delivered.webhook.id, { now: in91Days })).toEqual({ events_triggered: 0, events_not_triggered: 0 });
    expect((await countOf(db, accountId)).events).toBe(2);
  });

  it("tells the Usage page from which day events still have detail", async () => {
    const { db, accountId } = await createTestAccount();
    const today = localDateOf(new Date(), "Europe/Madrid");
    const input = { from: addDays(today, -29), to: today, timeZone: "Europe/Madrid", groupBy: "status" as const };
    expect((await getUsageSummary(db, accountId, input)).retention).toEqual({
      days: 90,
      detailFrom: localDateOf(new Date(Date.now() - 90 * DAY_MS), "Europe/Madrid"),
    });
    process.env.RETENTION_DAYS = "7";
    try {
      const summary = await getUsageSummary(db, accountId, input);
      expect(summary.retention).toEqual({ days: 7, detailFrom: localDateOf(new Date(Date.now() - 7 * DAY_MS), "Europe/Madrid") });
      expect(summary.from < summary.retention.detailFrom).toBe(true);
    } finally {
      delete process.env.RETENTION_DAYS;
    }
  });

  it("any other delete of events (an account's data going) still takes them out of the rollups", async () => {
    const { db, accountId } = await createTestAccount();
    const seeded = await seedDueEvents(db, accountId, { url: "https://hooks.example.invalid/", count: 3, status: "not_triggered" });
    expect((await rollups(db, accountId)).daily[0].events).toBe(3);
    await db.delete(webhooks).where(eq(webhooks.id, seeded.webhook.id));
    const after = await rollups(db, accountId);
    expect(after.daily[0].events).toBe(0);
    expect(after.weekly[0].events).toBe(0);
    expect(after.account.reduce((sum: number, row: { events: number }) => sum + row.events, 0)).toBe(0);
  });
});
