// Delivery against real receivers on 127.0.0.1: outcomes, error codes, the retry schedule, fairness.
import { describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { attempts, events } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { randomWebhookSecret, receiversClosedAfterEach, startReceiver } from "@/test/receiver";
import { runDeliveryCycle } from "./run-cycle";
import { seedDueEvents } from "../../test/delivery";
import { USER_AGENT } from "./config";
import { RETRY_JITTER_MS, retryJitterMs } from "./retry-policy";

const HOUR = 3_600_000;
const receiver = receiversClosedAfterEach();

async function eventRow(db: Awaited<ReturnType<typeof createTestAccount>>["db"], id: string) {
  const [row] = await db.select().from(events).where(eq(events.id, id));
  return row;
}

async function attemptRows(db: Awaited<ReturnType<typeof createTestAccount>>["db"], id: string) {
  return db.select().from(attempts).where(eq(attempts.eventId, id)).orderBy(attempts.startedAt, attempts.id);
}

describe("runDeliveryCycle", () => {
  it("delivers a signed event that verifies with standardwebhooks and svix, and records success", async () => {
    const { db, accountId } = await createTestAccount();
    const secret = randomWebhookSecret();
    const target = await receiver({ secret });
    const { webhook, eventIds } = await seedDueEvents(db, accountId, { url: target.url, secret, count: 2 });

    const summary = await runDeliveryCycle(db, { accountId });
    expect(summary).toMatchObject({ claimed: 2, succeeded: 2, failed: 0 });
    expect(target.requests).toHaveLength(2);
    for (const request of target.requests) {
      expect(request.verification).toEqual({ standardwebhooks: true, svix: true });
      expect(request.method).toBe("POST");
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers["user-agent"]).toBe(USER_AGENT);
      expect(request.headers["user-agent"]).toMatch(/^Hookline\/\d+\.\d+\.\d+/);
      expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(Math.abs(Number(request.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(10);
      const body = JSON.parse(request.body);
      expect(Object.keys(body).sort()).toEqual(["data", "id", "timestamp", "type", "webhook_id"]);
      expect(body.id).toBe(request.webhookId);
      expect(body.type).toBe("job.new");
      expect(body.webhook_id).toBe(webhook.id);
      expect(body.data).toMatchObject({ country_code: "ES", remote: true });
      expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp);
    }
    expect(new Set(target.requests.map((r) => r.webhookId))).toEqual(new Set(eventIds));

    const row = await eventRow(db, eventIds[0]);
    expect(row).toMatchObject({ status: "success", attemptCount: 1, nextAttemptAt: null, leaseId: null, lastResponseStatus: 200, lastError: null });
    expect(row.deliveredAt).not.toBeNull();
    const [attempt] = await attemptRows(db, eventIds[0]);
    expect(attempt).toMatchObject({ trigger: "scheduled", isSuccess: true, responseStatus: 200, responseBody: "ok", errorCode: null, url: target.url });
    expect(JSON.stringify(attempt.requestHeaders)).not.toContain(secret);
    expect(JSON.stringify(attempt.requestHeaders)).not.toContain(secret.slice(6));
    expect(attempt.requestHeaders).toMatchObject({ "webhook-id": eventIds[0], "content-type": "application/json" });
  });

  it("sends company events as company.new", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver();
    await seedDueEvents(db, accountId, { url: target.url, type: "company" });
    await runDeliveryCycle(db, { accountId });
    expect(JSON.parse(target.requests[0].body)).toMatchObject({ type: "company.new", data: { technologies: ["postgresql"] } });
  });

  it.each([
    { name: "HTTP 500", mode: { kind: "status", status: 500, body: "boom" } as const, code: "http_error", status: 500 },
    { name: "a timeout", mode: { kind: "hang" } as const, code: "timeout", status: null },
    { name: "a reset connection", mode: { kind: "reset" } as const, code: "connection_reset", status: null },
    { name: "a redirect (not followed)", mode: { kind: "redirect", status: 302 } as const, code: "redirect", status: 302 },
  ])("fails on $name with error code $code and retries one hour later", async ({ mode, code, status }) => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver({ mode });
    const { eventIds } = await seedDueEvents(db, accountId, { url: target.url });
    const t0 = new Date();
    const summary = await runDeliveryCycle(db, { accountId, now: () => t0, timeoutMs: 400, leaseMs: 5_000 });
    expect(summary).toMatchObject({ claimed: 1, succeeded: 0, failed: 1 });
    expect(target.requests).toHaveLength(1);
    const row = await eventRow(db, eventIds[0]);
    expect(row.status).toBe("failed");
    expect(row.attemptCount).toBe(1);
    expect(row.firstFailedAt).toEqual(t0);
    // the hourly slot, moved by the event's jitter (±2 min)
    expect(row.nextAttemptAt).toEqual(new Date(t0.getTime() + HOUR + retryJitterMs(eventIds[0], 1)));
    expect(row.lastResponseStatus).toBe(status);
    expect(row.lastError).toBeTruthy();
    expect(row.leaseId).toBeNull();
    const [attempt] = await attemptRows(db, eventIds[0]);
    expect(attempt).toMatchObject({ isSuccess: false, errorCode: code, responseStatus: status });
    if (code === "timeout") expect(attempt.durationMs).toBeLessThan(2_000);
    if (code === "redirect") expect(row.lastError).toMatch(/127\.0\.0\.1:1\/elsewhere/);
    if (code === "http_error") expect(attempt.responseBody).toBe("boom");
  });

  it("answers connection_refused for a closed port", async () => {
    const { db, accountId } = await createTestAccount();
    const closed = await startReceiver();
    await closed.close();
    const { eventIds } = await seedDueEvents(db, accountId, { url: closed.url });
    await runDeliveryCycle(db, { accountId });
    const [attempt] = await attemptRows(db, eventIds[0]);
    expect(attempt.errorCode).toBe("connection_refused");
  });

  it("reads at most 4 KiB of an endless body and does not hang", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver({ mode: { kind: "endless" } });
    const { eventIds } = await seedDueEvents(db, accountId, { url: target.url });
    const started = Date.now();
    const summary = await runDeliveryCycle(db, { accountId, timeoutMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(summary.succeeded).toBe(1);
    const [attempt] = await attemptRows(db, eventIds[0]);
    expect(attempt.isSuccess).toBe(true);
    expect(attempt.responseBody?.length).toBe(4096);
    expect(target.endlessBytes()).toBeGreaterThan(4096);
  });

  it("walks the whole schedule: 49 attempts over 48 hours, then exhausted, same webhook-id every time", async () => {
    const { db, accountId } = await createTestAccount();
    const secret = randomWebhookSecret();
    const signed = await receiver({ secret, mode: { kind: "status", status: 503 } });
    const { eventIds } = await seedDueEvents(db, accountId, { url: signed.url, secret });
    const eventId = eventIds[0];
    const t0 = new Date();
    let clock = t0;
    for (let hour = 0; hour <= 50; hour += 1) {
      await runDeliveryCycle(db, { accountId, now: () => clock });
      clock = new Date(t0.getTime() + (hour + 1) * HOUR + RETRY_JITTER_MS + 1_000);
    }
    expect(signed.requests).toHaveLength(49);
    expect(signed.requests.every((r) => r.webhookId === eventId)).toBe(true);
    expect(signed.requests.every((r) => r.verification?.standardwebhooks && r.verification?.svix)).toBe(true);
    const row = await eventRow(db, eventId);
    expect(row).toMatchObject({ status: "failed", attemptCount: 49, nextAttemptAt: null, lastResponseStatus: 503 });
    expect(row.firstFailedAt).toEqual(t0);
    const rows = await attemptRows(db, eventId);
    expect(rows).toHaveLength(49);
    expect(rows[48].startedAt.getTime() - rows[0].startedAt.getTime()).toBe(48 * HOUR + RETRY_JITTER_MS + 1_000);
  });

  it("ends the schedule when a retry succeeds", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver({ mode: (request) => (request.index < 3 ? { kind: "status", status: 500 } : { kind: "ok" }) });
    const { eventIds } = await seedDueEvents(db, accountId, { url: target.url });
    const t0 = new Date();
    let clock = t0;
    for (let hour = 0; hour < 6; hour += 1) {
      // past each hourly slot whatever its jitter (±2 min)
      clock = new Date(t0.getTime() + hour * (HOUR + RETRY_JITTER_MS));
      await runDeliveryCycle(db, { accountId, now: () => clock });
    }
    expect(target.requests).toHaveLength(4);
    const row = await eventRow(db, eventIds[0]);
    expect(row).toMatchObject({ status: "success", attemptCount: 4, nextAttemptAt: null, lastError: null, lastResponseStatus: 200 });
    expect(row.deliveredAt!.getTime()).toBeGreaterThanOrEqual(t0.getTime() + 3 * HOUR);
    expect(row.firstFailedAt).toEqual(t0);
  });

  it("keeps delivering other webhooks promptly while one endpoint hangs until the timeout", async () => {
    const { db, accountId } = await createTestAccount();
    const hanging = await receiver({ mode: { kind: "hang" } });
    const healthy = await receiver();
    const now = new Date();
    // The hanging webhook's events are due first, so they are claimed and started first.
    await seedDueEvents(db, accountId, { url: hanging.url, count: 8, dueAt: new Date(now.getTime() - 10_000) });
    const { eventIds } = await seedDueEvents(db, accountId, { url: healthy.url, count: 10, dueAt: new Date(now.getTime() - 5_000) });
    const timeoutMs = 1_000;
    const cycle = runDeliveryCycle(db, { accountId, timeoutMs, leaseMs: 10_000, batchSize: 5, perHostConcurrency: 4 });
    await healthy.waitForRequests(10, 5_000);
    const lastArrival = Math.max(...healthy.requests.map((r) => r.receivedAt));
    // Every healthy delivery arrived before the first hanging attempt could even time out.
    expect(hanging.requests.length).toBeGreaterThan(0);
    expect(lastArrival).toBeLessThan(hanging.requests[0].receivedAt + timeoutMs);
    // At most the per-destination cap of requests reached the hanging endpoint at once.
    expect(hanging.requests.length).toBeLessThanOrEqual(4);
    const summary = await cycle;
    expect(summary.succeeded).toBe(10);
    const rows = await db.select().from(events).where(inArray(events.id, eventIds));
    expect(rows.every((row) => row.status === "success")).toBe(true);
  });

  it("picks up an event that becomes due while an attempt is in flight", async () => {
    const { db, accountId } = await createTestAccount();
    const slow = await receiver({ mode: { kind: "hang" } });
    const fast = await receiver();
    await seedDueEvents(db, accountId, { url: slow.url });
    const timeoutMs = 1_500;
    const cycle = runDeliveryCycle(db, { accountId, timeoutMs, leaseMs: 10_000, pollIntervalMs: 100 });
    await slow.waitForRequests(1, 5_000);
    await seedDueEvents(db, accountId, { url: fast.url });
    await fast.waitForRequests(1, 5_000);
    // Claimed by the same run while the first attempt still hangs.
    expect(fast.requests[0].receivedAt).toBeLessThan(slow.requests[0].receivedAt + timeoutMs);
    expect((await cycle).claimed).toBe(2);
  });

  it("never sends again an event it is still sending whose lease ran out (heartbeats failed while the database was away)", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver({ mode: { kind: "slow", delayMs: 1_500 } });
    const { eventIds } = await seedDueEvents(db, accountId, { url: target.url });
    // A long lease: no heartbeat during the test, so nothing renews the lease set back below.
    const cycle = runDeliveryCycle(db, { accountId, timeoutMs: 5_000, leaseMs: 30_000, pollIntervalMs: 50 });
    await target.waitForRequests(1, 5_000);
    // The lease ends while the attempt is in flight, as when heartbeats fail: the event is due again
    // and this run's next claims find it.
    await db.update(events).set({ nextAttemptAt: new Date(Date.now() - 1_000) }).where(eq(events.id, eventIds[0]));
    const summary = await cycle;
    expect(target.requests).toHaveLength(1);
    expect(summary.succeeded).toBe(1);
    // One attempt in its history, the one that was sent; the event delivered and released.
    const history = await attemptRows(db, eventIds[0]);
    expect(history.map((row) => row.isSuccess)).toEqual([true]);
    expect(await eventRow(db, eventIds[0])).toMatchObject({ status: "success", leaseId: null, nextAttemptAt: null });
  });

  it("does not claim events of paused webhooks or events not yet due", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver();
    await seedDueEvents(db, accountId, { url: target.url, isActive: false });
    await seedDueEvents(db, accountId, { url: target.url, dueAt: new Date(Date.now() + HOUR) });
    const summary = await runDeliveryCycle(db, { accountId });
    expect(summary.claimed).toBe(0);
    expect(target.requests).toHaveLength(0);
  });
});

describe("SSRF guard", () => {
  it.each(["127.0.0.1", "localhost"])("refuses %s when private URLs are not allowed", async (host) => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver();
    const url = target.url.replace("127.0.0.1", host);
    const { eventIds } = await seedDueEvents(db, accountId, { url });
    const summary = await runDeliveryCycle(db, { accountId, allowPrivateUrls: false });
    expect(summary.failed).toBe(1);
    expect(target.requests).toHaveLength(0);
    const [attempt] = await attemptRows(db, eventIds[0]);
    expect(attempt.errorCode).toBe("blocked_address");
    const row = await eventRow(db, eventIds[0]);
    expect(row.status).toBe("failed");
    expect(row.lastError).toMatch(/loopback/);
  });

  it("follows ALLOW_PRIVATE_URLS when no option is given", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver();
    const previous = process.env.ALLOW_PRIVATE_URLS;
    process.env.ALLOW_PRIVATE_URLS = "false";
    try {
      await seedDueEvents(db, accountId, { url: target.url });
      expect(await runDeliveryCycle(db, { accountId })).toMatchObject({ failed: 1, succeeded: 0 });
      process.env.ALLOW_PRIVATE_URLS = "true";
      await seedDueEvents(db, accountId, { url: target.url });
      expect(await runDeliveryCycle(db, { accountId })).toMatchObject({ failed: 0, succeeded: 1 });
    } finally {
      process.env.ALLOW_PRIVATE_URLS = previous;
    }
    expect(target.requests).toHaveLength(1);
  });

  it("refuses non-http URLs without a request", async () => {
    const { db, accountId } = await createTestAccount();
    const { eventIds } = await seedDueEvents(db, accountId, { url: "ftp://127.0.0.1/hook" });
    await runDeliveryCycle(db, { accountId });
    const [attempt] = await attemptRows(db, eventIds[0]);
    expect(attempt.errorCode).toBe("invalid_url");
  });
});
