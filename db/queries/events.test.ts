import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { attempts, companies, events, jobs, searches, webhooks, type EventStatus, type NewEvent } from "../schema";
import { createTestAccount } from "@/test/fixtures";
import {
  findOwnedEvents,
  getEvent,
  getWebhookEventStats,
  listEventAttempts,
  listWebhookEvents,
} from "./events";
import { getRecentStatsByWebhook } from "./webhook-stats";

const HOUR = 3_600_000;
const NOW = new Date();

/** A job webhook with one event per given status, the i-th detected i minutes before now. */
async function seedWebhookWithEvents(statuses: EventStatus[], options: { detectedAt?: (i: number) => Date } = {}) {
  const { db, accountId } = await createTestAccount({ credits: 10 });
  const [search] = await db.insert(searches).values({ accountId, name: "All jobs", type: "job" }).returning();
  const [webhook] = await db
    .insert(webhooks)
    .values({ accountId, searchId: search.id, name: "hook", url: "http://127.0.0.1:9/hook", secret: "whsec_test" })
    .returning();
  const jobRows = statuses.length
    ? await db
        .insert(jobs)
        .values(
          statuses.map((_, i) => ({
            accountId,
            externalId: `job-${i}`,
            title: `Engineer ${i}`,
            companyName: `Company ${i}`,
            data: { external_id: `job-${i}`, title: `Engineer ${i}`, company_name: `Company ${i}` },
          })),
        )
        .returning()
    : [];
  const values: NewEvent[] = statuses.map((status, i) => ({
    accountId,
    webhookId: webhook.id,
    type: "job",
    jobId: jobRows[i].id,
    status,
    detectedAt: options.detectedAt?.(i) ?? new Date(NOW.getTime() - i * 60_000),
    attemptCount: status === "success" || status === "failed" ? 1 : 0,
    nextAttemptAt: status === "failed" ? new Date(NOW.getTime() + (i + 1) * HOUR) : null,
  }));
  const eventRows = values.length ? await db.insert(events).values(values).returning() : [];
  return { db, accountId, search, webhook, jobRows, eventRows };
}

describe("db/queries/events", () => {
  it("lists a webhook's events newest first, by page, with each record's summary", async () => {
    const statuses: EventStatus[] = ["success", "failed", "in_progress", "not_triggered", "failed", "success", "failed"];
    const { db, accountId, webhook, eventRows } = await seedWebhookWithEvents(statuses);
    const all = await listWebhookEvents(db, { accountId, webhookId: webhook.id, limit: 50 });
    expect(all.map((e) => e.id)).toEqual(eventRows.map((e) => e.id));
    expect(all[0]).toMatchObject({
      status: "success",
      type: "job",
      recordTitle: "Engineer 0",
      recordSubtitle: "Company 0",
      recordExternalId: "job-0",
      record: { external_id: "job-0", title: "Engineer 0" },
    });
    expect(all[0].detectedAt).toBeInstanceOf(Date);

    const page2 = await listWebhookEvents(db, { accountId, webhookId: webhook.id, offset: 3, limit: 3 });
    expect(page2.map((e) => e.id)).toEqual(eventRows.slice(3, 6).map((e) => e.id));

    const failed = await listWebhookEvents(db, { accountId, webhookId: webhook.id, status: "failed" });
    expect(failed.map((e) => e.recordExternalId)).toEqual(["job-1", "job-4", "job-6"]);
    const failedPage = await listWebhookEvents(db, { accountId, webhookId: webhook.id, status: "failed", offset: 1, limit: 1 });
    expect(failedPage.map((e) => e.recordExternalId)).toEqual(["job-4"]);
  });

  it("breaks ties in detection time the same way on every page", async () => {
    const sameTime = new Date(NOW.getTime() - HOUR);
    const { db, accountId, webhook } = await seedWebhookWithEvents(Array(6).fill("success"), { detectedAt: () => sameTime });
    const pages = [
      ...(await listWebhookEvents(db, { accountId, webhookId: webhook.id, offset: 0, limit: 2 })),
      ...(await listWebhookEvents(db, { accountId, webhookId: webhook.id, offset: 2, limit: 2 })),
      ...(await listWebhookEvents(db, { accountId, webhookId: webhook.id, offset: 4, limit: 2 })),
    ];
    const ids = pages.map((e) => e.id);
    expect(new Set(ids).size).toBe(6);
    expect(ids).toEqual([...ids].sort());
  });

  it("never shows one account's events to another", async () => {
    const { db, accountId, webhook, eventRows } = await seedWebhookWithEvents(["failed", "success"]);
    const other = await createTestAccount();
    expect(await listWebhookEvents(db, { accountId: other.accountId, webhookId: webhook.id })).toEqual([]);
    expect(await getEvent(db, other.accountId, eventRows[0].id)).toBeUndefined();
    expect(await listEventAttempts(db, other.accountId, eventRows[0].id)).toEqual([]);
    expect(await findOwnedEvents(db, other.accountId, [eventRows[0].id])).toEqual([]);
    expect((await findOwnedEvents(db, accountId, [eventRows[0].id, eventRows[1].id])).length).toBe(2);
    const stats = await getWebhookEventStats(db, other.accountId, webhook.id);
    expect(stats.total).toBe(0);
  });

  it("reads a company event with its record", async () => {
    const { db, accountId } = await createTestAccount();
    const [search] = await db.insert(searches).values({ accountId, name: "Companies", type: "company" }).returning();
    const [webhook] = await db
      .insert(webhooks)
      .values({ accountId, searchId: search.id, name: "c", url: "http://127.0.0.1:9/c", secret: "whsec_c" })
      .returning();
    const [company] = await db
      .insert(companies)
      .values({ accountId, externalId: "co-1", name: "Acme", domain: "acme.test", data: { external_id: "co-1", name: "Acme" } })
      .returning();
    const [event] = await db
      .insert(events)
      .values({ accountId, webhookId: webhook.id, type: "company", companyId: company.id, status: "in_progress" })
      .returning();
    const read = await getEvent(db, accountId, event.id);
    expect(read).toMatchObject({ type: "company", recordTitle: "Acme", recordSubtitle: "acme.test", record: { name: "Acme" } });
  });

  it("counts by status and measures success rate, latency percentiles, last success and next retry", async () => {
    const statuses: EventStatus[] = ["success", "success", "success", "failed", "in_progress", "not_triggered"];
    const { db, accountId, webhook, eventRows } = await seedWebhookWithEvents(statuses);
    // 20 attempts with durations 10, 20, …, 200 ms over the first event; a test send (no event) is ignored.
    const base = NOW.getTime() - 10 * HOUR;
    await db.insert(attempts).values([
      ...Array.from({ length: 20 }, (_, i) => ({
        accountId,
        webhookId: webhook.id,
        eventId: eventRows[i % 4].id,
        trigger: "scheduled" as const,
        url: webhook.url,
        startedAt: new Date(base + i * 60_000),
        durationMs: (i + 1) * 10,
        requestHeaders: {},
        responseStatus: i === 5 ? 200 : 500,
        isSuccess: i === 5,
      })),
      {
        accountId,
        webhookId: webhook.id,
        eventId: null,
        trigger: "test" as const,
        url: webhook.url,
        startedAt: new Date(base + HOUR),
        durationMs: 99_999,
        requestHeaders: {},
        responseStatus: 200,
        isSuccess: true,
      },
    ]);
    const stats = await getWebhookEventStats(db, accountId, webhook.id);
    expect(stats.counts).toEqual({ success: 3, failed: 1, in_progress: 1, not_triggered: 1 });
    expect(stats.total).toBe(6);
    expect(stats.successRate).toBeCloseTo(0.75);
    expect(stats.p50LatencyMs).toBe(105);
    expect(stats.p95LatencyMs).toBeGreaterThanOrEqual(190);
    expect(stats.p95LatencyMs).toBeLessThanOrEqual(191);
    expect(stats.lastSuccessAt?.getTime()).toBe(base + 5 * 60_000);
    expect(stats.lastFailure).toMatchObject({ at: new Date(base + 19 * 60_000), responseStatus: 500 });
    // The only failed event is the 4th (index 3): next attempt (3 + 1) hours from now.
    expect(stats.nextRetryAt?.getTime()).toBe(NOW.getTime() + 4 * HOUR);
  });

  it("still knows the last success when every recent attempt failed", async () => {
    const { db, accountId, webhook, eventRows } = await seedWebhookWithEvents(["failed", "success"]);
    const deliveredAt = new Date(NOW.getTime() - 30 * HOUR);
    await db.update(events).set({ deliveredAt }).where(eq(events.id, eventRows[1].id));
    await db.insert(attempts).values({
      accountId,
      webhookId: webhook.id,
      eventId: eventRows[0].id,
      trigger: "scheduled",
      url: webhook.url,
      startedAt: new Date(NOW.getTime() - HOUR),
      durationMs: 12,
      requestHeaders: {},
      errorCode: "timeout",
      isSuccess: false,
    });
    const stats = await getWebhookEventStats(db, accountId, webhook.id);
    expect(stats.lastSuccessAt?.getTime()).toBe(deliveredAt.getTime());
    expect(stats.lastFailure).toMatchObject({ errorCode: "timeout", responseStatus: null });
  });

  it("reports nothing measured for a webhook with no events", async () => {
    const { db, accountId, webhook } = await seedWebhookWithEvents([]);
    const stats = await getWebhookEventStats(db, accountId, webhook.id);
    expect(stats).toEqual({
      counts: { success: 0, failed: 0, in_progress: 0, not_triggered: 0 },
      failedByRetryState: { retrying: 0, exhausted: 0 },
      total: 0,
      successRate: null,
      p50LatencyMs: null,
      p95LatencyMs: null,
      lastSuccessAt: null,
      lastFailure: null,
      nextRetryAt: null,
    });
  });

  it("lists an event's attempts newest first with headers, response and error", async () => {
    const { db, accountId, webhook, eventRows } = await seedWebhookWithEvents(["failed"]);
    const event = eventRows[0];
    const t0 = NOW.getTime() - 2 * HOUR;
    await db.insert(attempts).values([
      {
        accountId,
        webhookId: webhook.id,
        eventId: event.id,
        trigger: "scheduled",
        url: webhook.url,
        startedAt: new Date(t0),
        durationMs: 15,
        requestHeaders: { "webhook-id": event.id },
        errorCode: "connection_refused",
        errorMessage: "connect ECONNREFUSED",
        isSuccess: false,
      },
      {
        accountId,
        webhookId: webhook.id,
        eventId: event.id,
        trigger: "manual",
        url: webhook.url,
        startedAt: new Date(t0 + HOUR),
        durationMs: 40,
        requestHeaders: { "webhook-id": event.id },
        responseStatus: 500,
        responseBody: "boom",
        isSuccess: false,
      },
    ]);
    const list = await listEventAttempts(db, accountId, event.id);
    expect(list.map((a) => a.trigger)).toEqual(["manual", "scheduled"]);
    expect(list[0]).toMatchObject({ responseStatus: 500, responseBody: "boom", durationMs: 40, requestHeaders: { "webhook-id": event.id } });
    expect(list[1]).toMatchObject({ errorCode: "connection_refused", responseStatus: null });
  });
});

describe("db/queries/webhook-stats", () => {
  it("counts the last 24 hours by status per webhook and leaves older events out", async () => {
    const statuses: EventStatus[] = ["success", "success", "failed", "in_progress", "success", "failed"];
    // The last two are two days old.
    const { db, accountId, webhook } = await seedWebhookWithEvents(statuses, {
      detectedAt: (i) => new Date(NOW.getTime() - (i < 4 ? i * HOUR : 48 * HOUR)),
    });
    const quiet = await seedWebhookWithEvents([]);
    const stats = await getRecentStatsByWebhook(db, accountId, { now: NOW });
    expect(stats.get(webhook.id)).toEqual({
      counts: { success: 2, failed: 1, in_progress: 1, not_triggered: 0 },
      total: 4,
      successRate: 2 / 3,
    });
    expect(stats.has(quiet.webhook.id)).toBe(false);
    expect((await getRecentStatsByWebhook(db, quiet.accountId, { now: NOW })).size).toBe(0);
  });
});
