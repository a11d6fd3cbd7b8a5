// The retry contract against real receivers on 127.0.0.1: Retry-After on 429 and 503 (seconds and
// HTTP dates, shorter than the hourly slot too), the reason in the attempt log, 410 Gone pausing the
// webhook and parking its due events, and enabling it again resuming them.
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { attempts, auditLog, events, webhooks } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { receiversClosedAfterEach } from "@/test/receiver";
import { getWebhook, setWebhookActive } from "@/lib/webhooks/service";
import { serializeWebhook } from "@/lib/webhooks/serialize";
import { resendEvents } from "./resend";
import { runDeliveryCycle } from "./run-cycle";
import { seedDueEvents } from "@/test/delivery";
import { retryJitterMs } from "./retry-policy";

const HOUR = 3_600_000;
const receiver = receiversClosedAfterEach();
type Db = Awaited<ReturnType<typeof createTestAccount>>["db"];

async function eventRow(db: Db, id: string) {
  const [row] = await db.select().from(events).where(eq(events.id, id));
  return row;
}
async function attemptRows(db: Db, id: string) {
  return db.select().from(attempts).where(eq(attempts.eventId, id)).orderBy(attempts.startedAt, attempts.id);
}

describe("Retry-After", () => {
  it("schedules the next attempt after a 429's Retry-After seconds, sooner than the hourly slot, and logs why", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver({
      mode: (request) => (request.index === 0 ? { kind: "status", status: 429, headers: { "retry-after": "30" } } : { kind: "ok" }),
    });
    const { eventIds } = await seedDueEvents(db, accountId, { url: target.url });
    const t0 = new Date();
    await runDeliveryCycle(db, { accountId, now: () => t0 });
    let row = await eventRow(db, eventIds[0]);
    expect(row).toMatchObject({ status: "failed", lastResponseStatus: 429 });
    expect(row.nextAttemptAt).toEqual(new Date(t0.getTime() + 30_000));
    const [first] = await attemptRows(db, eventIds[0]);
    expect(first.nextAttemptReason).toBe("Retry-After: 30 on HTTP 429: next attempt in 30 s");

    // not due 29 s later, due 30 s later (not an hour later)
    expect((await runDeliveryCycle(db, { accountId, now: () => new Date(t0.getTime() + 29_000) })).claimed).toBe(0);
    expect(await runDeliveryCycle(db, { accountId, now: () => new Date(t0.getTime() + 30_000) })).toMatchObject({ claimed: 1, succeeded: 1 });
    row = await eventRow(db, eventIds[0]);
    expect(row).toMatchObject({ status: "success", nextAttemptAt: null, attemptCount: 2 });
    const rows = await attemptRows(db, eventIds[0]);
    expect(rows[1]).toMatchObject({ isSuccess: true, nextAttemptReason: null });
  });

  it("reads an HTTP date on a 503, clamps a tiny one to 5 s and a huge one to 24 h", async () => {
    const { db, accountId } = await createTestAccount();
    const t0 = new Date(Math.floor(Date.now() / 1000) * 1000);
    const retryAfters = [new Date(t0.getTime() + 10 * 60_000).toUTCString(), "0", String(7 * 24 * 3600)];
    const target = await receiver({
      mode: (request) => ({ kind: "status", status: 503, headers: { "retry-after": retryAfters[request.index % 3] } }),
    });
    const { eventIds: [dated] } = await seedDueEvents(db, accountId, { url: target.url, dueAt: new Date(t0.getTime() - 3_000) });
    await runDeliveryCycle(db, { accountId, now: () => t0 });
    const { eventIds: [tiny] } = await seedDueEvents(db, accountId, { url: target.url, dueAt: new Date(t0.getTime() - 2_000) });
    await runDeliveryCycle(db, { accountId, now: () => t0 });
    const { eventIds: [huge] } = await seedDueEvents(db, accountId, { url: target.url, dueAt: new Date(t0.getTime() - 1_000) });
    await runDeliveryCycle(db, { accountId, now: () => t0 });
    expect(target.requests.map((r) => r.webhookId)).toEqual([dated, tiny, huge]);

    expect((await eventRow(db, dated)).nextAttemptAt).toEqual(new Date(t0.getTime() + 10 * 60_000));
    expect((await eventRow(db, tiny)).nextAttemptAt).toEqual(new Date(t0.getTime() + 5_000));
    expect((await attemptRows(db, tiny))[0].nextAttemptReason).toMatch(/raised to the 5 s minimum/);
    expect((await eventRow(db, huge)).nextAttemptAt).toEqual(new Date(t0.getTime() + 24 * HOUR));
    expect((await attemptRows(db, huge))[0].nextAttemptReason).toMatch(/capped at 24 h/);
  });

  it("keeps the jittered hourly slot for a 503 without Retry-After and a 500 with one", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver({
      mode: (request) => (request.index === 0 ? { kind: "status", status: 503 } : { kind: "status", status: 500, headers: { "retry-after": "5" } }),
    });
    const { eventIds } = await seedDueEvents(db, accountId, { url: target.url, count: 1 });
    const t0 = new Date();
    await runDeliveryCycle(db, { accountId, now: () => t0 });
    const row = await eventRow(db, eventIds[0]);
    expect(row.nextAttemptAt).toEqual(new Date(t0.getTime() + HOUR + retryJitterMs(eventIds[0], 1)));
    expect((await attemptRows(db, eventIds[0]))[0].nextAttemptReason).toMatch(/^Hourly retry 1 of 48/);
    const t1 = new Date(t0.getTime() + HOUR + 3 * 60_000);
    await runDeliveryCycle(db, { accountId, now: () => t1 });
    const after = await eventRow(db, eventIds[0]);
    expect(after.nextAttemptAt).toEqual(new Date(t0.getTime() + 2 * HOUR + retryJitterMs(eventIds[0], 2)));
  });
});

describe("410 Gone", () => {
  it("pauses the webhook with the reason 'endpoint gone', parks its due events, and enabling resumes them", async () => {
    const { db, accountId } = await createTestAccount({ credits: 10 });
    const target = await receiver({ mode: { kind: "status", status: 410, body: "gone" } });
    const t0 = new Date();
    const { webhook, eventIds } = await seedDueEvents(db, accountId, { url: target.url, count: 1 });
    // three more events of the same webhook that failed earlier and wait for their hourly retry
    const waiting = await seedDueEvents(db, accountId, { url: target.url, count: 3, dueAt: new Date(t0.getTime() + 20 * 60_000) });
    await db.update(events).set({ webhookId: webhook.id, status: "failed", firstFailedAt: new Date(t0.getTime() - HOUR) }).where(eq(events.webhookId, waiting.webhook.id));

    const summary = await runDeliveryCycle(db, { accountId, now: () => t0 });
    expect(summary).toMatchObject({ claimed: 1, failed: 1 });
    const [paused] = await db.select().from(webhooks).where(eq(webhooks.id, webhook.id));
    expect(paused).toMatchObject({ isActive: false, pausedReason: "endpoint gone", healthState: "disabled", healthReason: "endpoint gone" });
    expect(serializeWebhook(await getWebhook(db, accountId, webhook.id)).health).toEqual({ state: "disabled", since: paused.healthSince!.toISOString(), reason: "endpoint gone" });
    const rows = await db.select().from(events).where(eq(events.webhookId, webhook.id));
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.nextAttemptAt, row.id).toBeNull();
    expect((await eventRow(db, eventIds[0])).lastResponseStatus).toBe(410);
    // The audit log says Hookline paused it, and why.
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.accountId, accountId), eq(auditLog.targetId, webhook.id)));
    expect(audit).toEqual([
      expect.objectContaining({ action: "webhook.paused", actorType: "system", actorName: "Hookline", details: { reason: "endpoint gone", automatic: true } }),
    ]);

    // nothing is sent while paused, even hours later
    expect((await runDeliveryCycle(db, { accountId, now: () => new Date(t0.getTime() + 2 * HOUR) })).claimed).toBe(0);
    expect(target.requests).toHaveLength(1);

    // fixed: enabling clears the reason and makes all four due now
    target.setMode({ kind: "ok" });
    const t1 = new Date(t0.getTime() + 2 * HOUR);
    await setWebhookActive(db, accountId, webhook.id, true, { now: t1 });
    const [enabled] = await db.select().from(webhooks).where(eq(webhooks.id, webhook.id));
    expect(enabled).toMatchObject({ isActive: true, pausedReason: null, healthState: "healthy", healthReason: "enabled again" });
    expect(await runDeliveryCycle(db, { accountId, now: () => t1 })).toMatchObject({ claimed: 4, succeeded: 4 });
  });

  it("pauses it on a manual resend's 410 too", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver({ mode: { kind: "status", status: 500 } });
    const { webhook, eventIds } = await seedDueEvents(db, accountId, { url: target.url });
    await runDeliveryCycle(db, { accountId });
    expect((await db.select().from(webhooks).where(eq(webhooks.id, webhook.id)))[0].isActive).toBe(true);
    target.setMode({ kind: "status", status: 410 });
    const [result] = await resendEvents(db, accountId, eventIds);
    expect(result).toMatchObject({ status: "failed", response_status: 410 });
    const [row] = await db.select().from(webhooks).where(eq(webhooks.id, webhook.id));
    expect(row).toMatchObject({ isActive: false, pausedReason: "endpoint gone" });
    expect((await eventRow(db, eventIds[0])).nextAttemptAt).toBeNull();
  });
});
