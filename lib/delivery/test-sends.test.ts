// Honest test events (issue 17): a test from a saved webhook is signed with its real secret, says it
// is a test, shows status, time, response headers and body, and is listed in the webhook's history
// — and it is no event: no credit, nothing in usage counts or the webhook's stats.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { accounts, events } from "@/db/schema";
import { GET as getUsageCounts } from "@/app/api/v1/webhooks/events/count/route";
import { getWebhookStats } from "@/lib/events/service";
import { callRoute } from "@/test/api";
import { createTestAccount } from "@/test/fixtures";
import { randomWebhookSecret, receiversClosedAfterEach } from "@/test/receiver";
import { listTestSends, sendTestEvent, TEST_SENDS_LISTED } from "./test-event";
import { seedDueEvents } from "@/test/delivery";

const receiver = receiversClosedAfterEach();

describe("test sends", () => {
  it("from a saved webhook: its real secret, listed in its history with the answer, never an event or a credit", async () => {
    const { db, accountId, apiKey } = await createTestAccount({ credits: 7 });
    const secret = randomWebhookSecret();
    const target = await receiver({ secret, mode: { kind: "status", status: 400, body: "bad sample", headers: { "x-receiver": "crm" } } });
    const { webhook } = await seedDueEvents(db, accountId, { url: target.url, secret, count: 0 });

    const result = await sendTestEvent({ url: webhook.url, event_type: "job.new", accountId, webhookId: webhook.id }, { db });
    expect(target.requests[0].verification).toEqual({ standardwebhooks: true, svix: true });
    expect(JSON.parse(target.requests[0].body)).toMatchObject({ type: "webhook.test", webhook_id: webhook.id });
    expect(result).toMatchObject({ ok: false, status_code: 400, response_body: "bad sample" });
    expect(result.response_headers).toMatchObject({ "x-receiver": "crm" });
    expect(result.duration_ms).toBeGreaterThanOrEqual(0);

    const sends = await listTestSends(db, accountId, webhook.id);
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({
      url: target.url,
      response_status: 400,
      response_body: "bad sample",
      is_success: false,
      duration_ms: result.duration_ms,
    });
    expect(sends[0].response_headers).toMatchObject({ "x-receiver": "crm" });

    // No event, no credit, nothing in the webhook's stats or the usage counts.
    expect(await db.select().from(events).where(eq(events.accountId, accountId))).toHaveLength(0);
    const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(account.credits).toBe(7);
    const stats = await getWebhookStats(db, accountId, webhook.id);
    expect(stats).toMatchObject({ total: 0, p50_latency_ms: null, last_failure: null });
    const usage = await callRoute(getUsageCounts, { apiKey, path: "/api/v1/webhooks/events/count" });
    expect(usage.status).toBe(200);
    const counted = (usage.body as Array<{ number_of_events: number; number_of_executions: number }>).reduce(
      (sum, row) => sum + row.number_of_events + row.number_of_executions,
      0,
    );
    expect(counted).toBe(0);
  });

  it("lists only the webhook's own, newest first, at most the latest few, never another account's", async () => {
    const { db, accountId } = await createTestAccount();
    const other = await createTestAccount();
    const target = await receiver();
    const { webhook } = await seedDueEvents(db, accountId, { url: target.url, count: 0 });
    const { webhook: sibling } = await seedDueEvents(db, accountId, { url: target.url, count: 0 });
    for (let i = 0; i < TEST_SENDS_LISTED + 2; i += 1) {
      await sendTestEvent({ url: target.url, event_type: "job.new", accountId, webhookId: webhook.id }, { db });
    }
    await sendTestEvent({ url: target.url, event_type: "job.new", accountId, webhookId: sibling.id }, { db });
    // A send before saving has no webhook: not in any webhook's list.
    await sendTestEvent({ url: target.url, event_type: "job.new", accountId }, { db });

    const sends = await listTestSends(db, accountId, webhook.id);
    expect(sends).toHaveLength(TEST_SENDS_LISTED);
    const times = sends.map((send) => send.started_at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(await listTestSends(db, accountId, sibling.id)).toHaveLength(1);
    expect(await listTestSends(db, other.accountId, webhook.id)).toHaveLength(0);
  });
});
