import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { callRoute } from "@/test/api";
import { createTestAccount } from "@/test/fixtures";
import { seedWebhookEvents } from "@/lib/events/testing";
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
});
