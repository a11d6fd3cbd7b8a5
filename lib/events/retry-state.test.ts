// Failed events split into "retrying" and "exhausted" (gave up), made by real deliveries to a real
// receiver answering 500: the event JSON's retry_state, the retry_state filter of
// GET /api/v1/webhooks/{id}/events with its total, the details page's counts, and the Usage count.
import { describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { events } from "@/db/schema";
import { getUsageSummary } from "@/lib/usage/service";
import { createTestAccount } from "@/test/fixtures";
import { callRoute } from "@/test/api";
import { receiversClosedAfterEach } from "@/test/receiver";
import { runDeliveryCycle } from "@/lib/delivery/run-cycle";
import { seedDueEvents } from "@/test/delivery";
import { setWebhookActive } from "@/lib/webhooks/service";
import { GET as listEvents } from "@/app/api/v1/webhooks/[id]/events/route";
import { GET as getEvent } from "@/app/api/v1/events/[id]/route";
import { getWebhookStats } from "./service";

const HOUR = 3_600_000;
const receiver = receiversClosedAfterEach();

describe("retry state of failed events", () => {
  it("tells events that will be retried from those that gave up, in the JSON, the filter, the totals and the counts", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const target = await receiver({ mode: { kind: "status", status: 500 } });
    const now = new Date();
    // five events fail now; two of them first failed 49 hours ago, so this attempt was their last
    const { webhook, eventIds } = await seedDueEvents(db, accountId, { url: target.url, count: 5 });
    const old = eventIds.slice(0, 2);
    await db.update(events).set({ status: "failed", firstFailedAt: new Date(now.getTime() - 49 * HOUR), attemptCount: 48 }).where(inArray(events.id, old));
    expect(await runDeliveryCycle(db, { accountId, now: () => now })).toMatchObject({ claimed: 5, failed: 5 });

    const path = `/api/v1/webhooks/${webhook.id}/events`;
    const all = await callRoute(listEvents, { path, apiKey, params: { id: webhook.id } });
    expect(all.status).toBe(200);
    const stateOf = new Map(all.body.data.map((e: { id: string; retry_state: string }) => [e.id, e.retry_state]));
    for (const id of eventIds) expect(stateOf.get(id), id).toBe(old.includes(id) ? "exhausted" : "retrying");

    const exhausted = await callRoute(listEvents, { path: `${path}?retry_state=exhausted`, apiKey, params: { id: webhook.id } });
    expect(exhausted.status).toBe(200);
    expect(exhausted.body.total).toBe(2);
    expect(exhausted.body.data.map((e: { id: string }) => e.id).sort()).toEqual([...old].sort());
    expect(exhausted.body.data.every((e: { next_attempt_at: string | null }) => e.next_attempt_at === null)).toBe(true);

    const retrying = await callRoute(listEvents, { path: `${path}?status=failed&retry_state=retrying&limit=2`, apiKey, params: { id: webhook.id } });
    expect(retrying.body.total).toBe(3);
    expect(retrying.body.data).toHaveLength(2);
    expect(retrying.body.data.every((e: { retry_state: string; next_attempt_at: string }) => e.retry_state === "retrying" && e.next_attempt_at)).toBe(true);

    // a retry state belongs to failed events: with another status it matches nothing
    const none = await callRoute(listEvents, { path: `${path}?status=success&retry_state=retrying`, apiKey, params: { id: webhook.id } });
    expect(none.body).toMatchObject({ total: 0, data: [] });

    const bad = await callRoute(listEvents, { path: `${path}?retry_state=gave_up`, apiKey, params: { id: webhook.id } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message.startsWith("retry_state:")).toBe(true);

    const one = await callRoute(getEvent, { path: `/api/v1/events/${old[0]}`, apiKey, params: { id: old[0] } });
    expect(one.body).toMatchObject({ status: "failed", retry_state: "exhausted", next_attempt_at: null });

    const stats = await getWebhookStats(db, accountId, webhook.id);
    expect(stats.failed_by_retry_state).toEqual({ retrying: 3, exhausted: 2 });
    const day = now.toISOString().slice(0, 10);
    const usage = await getUsageSummary(db, accountId, { from: day, to: day, timeZone: "UTC", groupBy: "status" });
    expect(usage.failedByRetryState).toEqual({ retrying: 3, exhausted: 2 });
    const byWebhook = await getUsageSummary(db, accountId, { from: day, to: day, timeZone: "UTC", groupBy: "status", webhookId: webhook.id });
    expect(byWebhook.failedByRetryState).toEqual({ retrying: 3, exhausted: 2 });
  });

  it("keeps a paused webhook's failed events 'retrying' while their window is open, and success events have none", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const target = await receiver({ mode: (request) => (request.index === 0 ? { kind: "ok" } : { kind: "status", status: 500 }) });
    const { webhook, eventIds } = await seedDueEvents(db, accountId, { url: target.url, count: 3 });
    await runDeliveryCycle(db, { accountId, perWebhookConcurrency: 1, perHostConcurrency: 1 });
    const rows = await db.select().from(events).where(eq(events.webhookId, webhook.id));
    expect(rows.map((r) => r.status).sort()).toEqual(["failed", "failed", "success"]);
    await setWebhookActive(db, accountId, webhook.id, false);

    const path = `/api/v1/webhooks/${webhook.id}/events`;
    const all = await callRoute(listEvents, { path, apiKey, params: { id: webhook.id } });
    for (const event of all.body.data) {
      if (event.status === "success") expect(event.retry_state).toBeNull();
      else expect(event).toMatchObject({ status: "failed", retry_state: "retrying", next_attempt_at: null });
    }
    const exhausted = await callRoute(listEvents, { path: `${path}?retry_state=exhausted`, apiKey, params: { id: webhook.id } });
    expect(exhausted.body.total).toBe(0);
    expect(eventIds).toHaveLength(3);
    expect((await getWebhookStats(db, accountId, webhook.id)).failed_by_retry_state).toEqual({ retrying: 2, exhausted: 0 });
    const day = new Date().toISOString().slice(0, 10);
    expect((await getUsageSummary(db, accountId, { from: day, to: day, timeZone: "UTC", groupBy: "status" })).failedByRetryState).toEqual({
      retrying: 2,
      exhausted: 0,
    });
    // their window over (first failure 49 hours ago), they gave up even though the webhook is paused
    await db.update(events).set({ firstFailedAt: new Date(Date.now() - 49 * HOUR) }).where(eq(events.webhookId, webhook.id));
    expect((await getWebhookStats(db, accountId, webhook.id)).failed_by_retry_state).toEqual({ retrying: 0, exhausted: 2 });
  });
});
