import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { callRoute } from "@/test/api";
import { createTestAccount } from "@/test/fixtures";
import { seedWebhookEvents } from "@/test/events";
import { GET as listEvents } from "./route";
import { GET as countEvents } from "./count/route";
import { MAX_FILTERED_COUNT } from "@/db/queries/event-search";

describe("GET /api/v1/webhooks/{id}/events", () => {
  it("answers the webhook's events newest first, by page and status, with the total", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const { webhook, eventRows } = await seedWebhookEvents(db, accountId, ["success", "failed", "in_progress", "failed", "not_triggered"]);
    const path = `/api/v1/webhooks/${webhook.id}/events`;

    const all = await callRoute(listEvents, { path, apiKey, params: { id: webhook.id } });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ offset: 0, limit: 50, total: 5 });
    expect(all.body.data.map((e: { id: string }) => e.id)).toEqual(eventRows.map((e) => e.id));
    expect(all.body.data[1]).toMatchObject({
      id: eventRows[1].id,
      webhook_id: webhook.id,
      type: "job.new",
      status: "failed",
      record: { title: "Engineer 1", company_name: "Company 1" },
      attempt_count: 1,
      last_response_status: 500,
    });
    expect(all.body.data[1].detected_at).toBe(eventRows[1].detectedAt.toISOString());
    expect(typeof all.body.data[1].next_attempt_at).toBe("string");
    expect(Object.keys(all.body.data[0])).toEqual(
      expect.arrayContaining(["triggered_at", "first_failed_at", "last_attempt_at", "last_error", "delivered_at"]),
    );

    const failed = await callRoute(listEvents, { path: `${path}?status=failed&offset=1&limit=1`, apiKey, params: { id: webhook.id } });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ offset: 1, limit: 1, total: 2 });
    expect(failed.body.data.map((e: { id: string }) => e.id)).toEqual([eventRows[3].id]);
  });

  it("counts filtered matches up to 1,000 past the page, saying when there are more", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const { webhook } = await seedWebhookEvents(db, accountId, Array<"failed">(MAX_FILTERED_COUNT + 150).fill("failed"));
    const path = `/api/v1/webhooks/${webhook.id}/events?min_attempts=1`;
    const first = await callRoute(listEvents, { path: `${path}&limit=50`, apiKey, params: { id: webhook.id } });
    expect(first.body).toMatchObject({ total: MAX_FILTERED_COUNT + 50, total_is_capped: true });
    expect(first.body.data).toHaveLength(50);
    // Further in, the count reaches the end: exact, and not capped.
    const later = await callRoute(listEvents, { path: `${path}&offset=100&limit=100`, apiKey, params: { id: webhook.id } });
    expect(later.body).toMatchObject({ total: MAX_FILTERED_COUNT + 150, total_is_capped: false });
    expect(later.body.data).toHaveLength(100);
  });

  it("answers 400 naming the parameter for a bad status, offset or limit", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const { webhook } = await seedWebhookEvents(db, accountId, ["success"]);
    for (const [qs, field] of [
      ["status=delivered", "status"],
      ["limit=501", "limit"],
      ["limit=0", "limit"],
      ["limit=ten", "limit"],
      ["offset=-1", "offset"],
    ]) {
      const res = await callRoute(listEvents, { path: `/api/v1/webhooks/${webhook.id}/events?${qs}`, apiKey, params: { id: webhook.id } });
      expect(res.status, qs).toBe(400);
      expect(res.body.error.code).toBe("invalid_request");
      expect(res.body.error.message.startsWith(`${field}:`), res.body.error.message).toBe(true);
    }
    const max = await callRoute(listEvents, { path: `/api/v1/webhooks/${webhook.id}/events?limit=500`, apiKey, params: { id: webhook.id } });
    expect(max.status).toBe(200);
  });

  it("answers 404 for unknown, malformed and another account's webhook ids, and 401 without a key", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const other = await createTestAccount();
    const { webhook } = await seedWebhookEvents(db, other.accountId, ["failed"]);
    await seedWebhookEvents(db, accountId, ["failed"]);
    for (const id of [randomUUID(), "not-a-uuid", webhook.id]) {
      const res = await callRoute(listEvents, { path: `/api/v1/webhooks/${id}/events`, apiKey, params: { id } });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
      const count = await callRoute(countEvents, { path: `/api/v1/webhooks/${id}/events/count`, apiKey, params: { id } });
      expect(count.status).toBe(404);
    }
    const anonymous = await callRoute(listEvents, { path: `/api/v1/webhooks/${webhook.id}/events`, params: { id: webhook.id } });
    expect(anonymous.status).toBe(401);
  });
});

describe("GET /api/v1/webhooks/{id}/events/count", () => {
  it("counts all events or those of one status, and gives the breakdown", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const { webhook } = await seedWebhookEvents(db, accountId, ["success", "failed", "failed", "not_triggered"]);
    const path = `/api/v1/webhooks/${webhook.id}/events/count`;
    const all = await callRoute(countEvents, { path, apiKey, params: { id: webhook.id } });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ count: 4, by_status: { success: 1, failed: 2, in_progress: 0, not_triggered: 1 } });
    const failed = await callRoute(countEvents, { path: `${path}?status=failed`, apiKey, params: { id: webhook.id } });
    expect(failed.body.count).toBe(2);
    const bad = await callRoute(countEvents, { path: `${path}?status=nope`, apiKey, params: { id: webhook.id } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^status:/);
  });
});
