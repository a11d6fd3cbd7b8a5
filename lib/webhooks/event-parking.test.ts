// Parking: pausing or archiving a webhook takes its due events out of the delivery index, enabling or
// restoring makes them due again within the 48-hour retry window, and an attempt in flight at the
// pause parks its event when its result is written.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { claimDueEvents } from "@/db/queries/delivery";
import { attempts, events } from "@/db/schema";
import { runDeliveryCycle } from "@/lib/delivery/run-cycle";
import { seedDueEvents } from "@/test/delivery";
import { createTestAccount } from "@/test/fixtures";
import { receiversClosedAfterEach } from "@/test/receiver";
import { archiveWebhook, setWebhookActive } from "./service";

const HOUR = 3_600_000;
const receiver = receiversClosedAfterEach();

async function eventRows(db: Db, ids: string[]) {
  const rows = await db.select().from(events).where(inArray(events.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
}

async function dueCount(db: Db, webhookId: string): Promise<number> {
  const rows = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.webhookId, webhookId), inArray(events.status, ["in_progress", "failed"]), isNotNull(events.nextAttemptAt)));
  return rows.length;
}

function claim(db: Db, accountId: string, now = new Date(), limit = 10) {
  return claimDueEvents(db, { accountId, now, leaseId: randomUUID(), leaseUntil: new Date(now.getTime() + 60_000), limit });
}

/** A webhook with events in every state parking cares about, as of `t0`. */
async function seedMixed(db: Db, accountId: string, t0: Date) {
  const { webhook, eventIds } = await seedDueEvents(db, accountId, { url: "http://127.0.0.1:9/", count: 7, dueAt: new Date(t0.getTime() - 1_000) });
  const [inProgress, failedRecent, failedOld, failedFuture, leased, success, exhausted] = eventIds;
  const set = (id: string, values: Partial<typeof events.$inferInsert>) => db.update(events).set(values).where(eq(events.id, id));
  // first failed 10 h ago, next retry at the next hour
  await set(failedRecent, { status: "failed", attemptCount: 11, firstFailedAt: new Date(t0.getTime() - 10 * HOUR), nextAttemptAt: new Date(t0.getTime() + HOUR / 2) });
  // first failed 46 h ago: its window closes 2 h from t0
  await set(failedOld, { status: "failed", attemptCount: 47, firstFailedAt: new Date(t0.getTime() - 46 * HOUR), nextAttemptAt: new Date(t0.getTime() - 60_000) });
  await set(failedFuture, { status: "failed", attemptCount: 1, firstFailedAt: new Date(t0.getTime() - 60_000), nextAttemptAt: new Date(t0.getTime() + HOUR - 60_000) });
  // held by an attempt in flight: its lease runs until a minute from t0
  await set(leased, { leaseId: randomUUID(), nextAttemptAt: new Date(t0.getTime() + 60_000) });
  await set(success, { status: "success", attemptCount: 1, nextAttemptAt: null, deliveredAt: t0 });
  await set(exhausted, { status: "failed", attemptCount: 49, firstFailedAt: new Date(t0.getTime() - 50 * HOUR), nextAttemptAt: null });
  return { webhook, eventIds, ids: { inProgress, failedRecent, failedOld, failedFuture, leased, success, exhausted } };
}

describe("parking a paused or archived webhook's due events", () => {
  it("pause parks due and scheduled events, leaves leases in flight, and the claim finds none of them", async () => {
    const { db, accountId } = await createTestAccount();
    const t0 = new Date();
    const { webhook, eventIds, ids } = await seedMixed(db, accountId, t0);
    const before = await eventRows(db, eventIds);

    await setWebhookActive(db, accountId, webhook.id, false, { now: t0 });

    const after = await eventRows(db, eventIds);
    for (const id of [ids.inProgress, ids.failedRecent, ids.failedOld, ids.failedFuture]) {
      expect(after.get(id)?.nextAttemptAt).toBeNull();
      // status, attempts and the retry window are untouched
      expect(after.get(id)).toMatchObject({ status: before.get(id)?.status, attemptCount: before.get(id)?.attemptCount, firstFailedAt: before.get(id)?.firstFailedAt });
    }
    expect(after.get(ids.leased)).toMatchObject({ nextAttemptAt: before.get(ids.leased)?.nextAttemptAt, leaseId: before.get(ids.leased)?.leaseId });
    expect(after.get(ids.success)).toEqual(before.get(ids.success));
    expect(after.get(ids.exhausted)).toEqual(before.get(ids.exhausted));
    expect(await dueCount(db, webhook.id)).toBe(1); // the leased one only

    // Even once its lease has run out, the claim leaves the paused webhook's leased event alone.
    expect(await claim(db, accountId, new Date(t0.getTime() + 2 * HOUR))).toEqual([]);
  });

  it("enable makes in_progress and in-window failed events due now and leaves exhausted ones alone", async () => {
    const { db, accountId } = await createTestAccount();
    const t0 = new Date();
    const { webhook, eventIds, ids } = await seedMixed(db, accountId, t0);
    await setWebhookActive(db, accountId, webhook.id, false, { now: t0 });

    // Three hours later failedOld's window (first failure + 48 h) has ended while paused.
    const t1 = new Date(t0.getTime() + 3 * HOUR);
    await setWebhookActive(db, accountId, webhook.id, true, { now: t1 });

    const rows = await eventRows(db, eventIds);
    for (const id of [ids.inProgress, ids.failedRecent, ids.failedFuture]) expect(rows.get(id)?.nextAttemptAt).toEqual(t1);
    expect(rows.get(ids.failedRecent)?.firstFailedAt).toEqual(new Date(t0.getTime() - 10 * HOUR));
    expect(rows.get(ids.failedOld)).toMatchObject({ status: "failed", nextAttemptAt: null });
    expect(rows.get(ids.exhausted)).toMatchObject({ status: "failed", nextAttemptAt: null });
    expect(rows.get(ids.success)).toMatchObject({ status: "success", nextAttemptAt: null });

    const claimed = await claim(db, accountId, t1);
    expect(claimed.map((row) => row.id).sort()).toEqual([ids.inProgress, ids.failedRecent, ids.failedFuture, ids.leased].sort());
  });

  it("archive parks and unarchive resumes; unarchiving a paused webhook keeps its events parked", async () => {
    const { db, accountId } = await createTestAccount();
    const t0 = new Date();
    const { webhook, ids } = await seedMixed(db, accountId, t0);
    const waiting = [ids.inProgress, ids.failedRecent, ids.failedOld, ids.failedFuture];

    await archiveWebhook(db, accountId, webhook.id, true, { now: t0 });
    expect([...(await eventRows(db, waiting)).values()].map((row) => row.nextAttemptAt)).toEqual([null, null, null, null]);
    expect(await claim(db, accountId, t0)).toEqual([]);

    const t1 = new Date(t0.getTime() + 5 * 60_000);
    await archiveWebhook(db, accountId, webhook.id, false, { now: t1 });
    const resumed = await eventRows(db, waiting);
    for (const id of waiting) expect(resumed.get(id)?.nextAttemptAt).toEqual(t1);

    // Archived while paused, then restored while still paused: nothing becomes due.
    await setWebhookActive(db, accountId, webhook.id, false, { now: t1 });
    await archiveWebhook(db, accountId, webhook.id, true, { now: t1 });
    await archiveWebhook(db, accountId, webhook.id, false, { now: t1 });
    expect(await dueCount(db, webhook.id)).toBe(0); // the leased one too: its lease had run out by t1
    for (const row of (await eventRows(db, waiting)).values()) expect(row.nextAttemptAt).toBeNull();
  });

  it("an attempt in flight when its webhook is paused parks its event with its result, and enabling retries it", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver({ mode: (request) => (request.index === 0 ? { kind: "slow", delayMs: 800, status: 503 } : { kind: "ok" }) });
    const { webhook, eventIds } = await seedDueEvents(db, accountId, { url: target.url });
    const [eventId] = eventIds;

    const cycle = runDeliveryCycle(db, { accountId, pollIntervalMs: 50 });
    await target.waitForRequests(1, 5_000);
    await setWebhookActive(db, accountId, webhook.id, false);
    const inFlight = (await eventRows(db, [eventId])).get(eventId);
    expect(inFlight?.leaseId).not.toBeNull();
    expect(inFlight?.nextAttemptAt?.getTime()).toBeGreaterThan(Date.now());
    expect(await cycle).toMatchObject({ claimed: 1, failed: 1 });

    const parked = (await eventRows(db, [eventId])).get(eventId);
    expect(parked).toMatchObject({ status: "failed", attemptCount: 1, lastResponseStatus: 503, leaseId: null, nextAttemptAt: null });
    expect(parked?.firstFailedAt).not.toBeNull();
    expect(await db.select().from(attempts).where(eq(attempts.eventId, eventId))).toHaveLength(1);
    expect((await runDeliveryCycle(db, { accountId })).claimed).toBe(0);

    await setWebhookActive(db, accountId, webhook.id, true);
    expect((await runDeliveryCycle(db, { accountId })).succeeded).toBe(1);
    const delivered = (await eventRows(db, [eventId])).get(eventId);
    expect(delivered).toMatchObject({ status: "success", attemptCount: 2, nextAttemptAt: null });
    expect(delivered?.firstFailedAt).toEqual(parked?.firstFailedAt);
  });
});
