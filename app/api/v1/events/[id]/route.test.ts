import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { callRoute } from "@/test/api";
import { createTestAccount } from "@/test/fixtures";
import { seedWebhookEvents } from "@/test/events";
import { claimDueEvents, OUTCOME_UNKNOWN } from "@/db/queries/delivery";
import { getWebhookEventStats } from "@/db/queries/events";
import { describeOutcome } from "@/components/webhooks/format";
import { GET as getEvent } from "./route";

describe("GET /api/v1/events/{id}", () => {
  it("answers the event with its record and every attempt", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const { webhook, eventRows } = await seedWebhookEvents(db, accountId, ["failed"]);
    const id = eventRows[0].id;
    const res = await callRoute(getEvent, { path: `/api/v1/events/${id}`, apiKey, params: { id } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      webhook_id: webhook.id,
      type: "job.new",
      status: "failed",
      record: { title: "Engineer 0" },
      attempt_count: 1,
    });
    expect(res.body.attempts).toHaveLength(1);
    expect(res.body.attempts[0]).toMatchObject({
      trigger: "scheduled",
      duration_ms: 25,
      response_status: 500,
      response_body: "Internal Server Error",
      request_headers: { "webhook-id": id },
      is_success: false,
    });
    expect(res.body.attempts[0].started_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("answers 404 for unknown, malformed and another account's event ids", async () => {
    const { apiKey } = await createTestAccount();
    const other = await createTestAccount();
    const { eventRows } = await seedWebhookEvents(other.db, other.accountId, ["success"]);
    for (const id of [randomUUID(), "123", eventRows[0].id]) {
      const res = await callRoute(getEvent, { path: `/api/v1/events/${id}`, apiKey, params: { id } });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: "not_found", message: "Event not found" } });
    }
  });

  it("shows an attempt whose process stopped mid-send as 'outcome unknown', left out of the webhook's stats", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const { webhook, eventRows } = await seedWebhookEvents(db, accountId, ["failed"]);
    const id = eventRows[0].id;
    const before = await getWebhookEventStats(db, accountId, webhook.id);
    // Claimed, and so recorded as started before sending; the process died before recording its outcome.
    const claimed = await claimDueEvents(db, { accountId, leaseId: randomUUID(), leaseMs: 60_000, limit: 10, now: new Date(Date.now() + 49 * 3_600_000) });
    expect(claimed.map((row) => row.id)).toEqual([id]);
    const res = await callRoute(getEvent, { path: `/api/v1/events/${id}`, apiKey, params: { id } });
    expect(res.status).toBe(200);
    expect(res.body.attempts).toHaveLength(2);
    const [latest] = res.body.attempts;
    expect(latest).toMatchObject({ error_code: OUTCOME_UNKNOWN, is_success: false, response_status: null, duration_ms: 0 });
    expect(latest.error_message).toMatch(/No response recorded/);
    expect(describeOutcome({ status: latest.response_status, errorCode: latest.error_code, error: latest.error_message })).toBe(
      "No response recorded",
    );
    // Not a failure, no latency: the stats and the event's counts are as they were.
    // (The claim's lease moved the event's next attempt; that is not a count.)
    expect({ ...(await getWebhookEventStats(db, accountId, webhook.id)), nextRetryAt: null }).toEqual({ ...before, nextRetryAt: null });
    expect(res.body.attempt_count).toBe(1);
  });
});
