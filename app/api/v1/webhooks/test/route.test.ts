import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { attempts } from "@/db/schema";
import { callRoute } from "@/test/api";
import { createTestAccount } from "@/test/fixtures";
import { randomWebhookSecret, receiversClosedAfterEach } from "@/test/receiver";
import { seedDueEvents } from "@/test/delivery";
import { POST } from "./route";

const startTestReceiver = receiversClosedAfterEach();

const send = (apiKey: string | undefined, body: unknown) =>
  callRoute(POST, { method: "POST", path: "/api/v1/webhooks/test", apiKey, body });

describe("POST /api/v1/webhooks/test", () => {
  it("sends a signed sample job event and answers its outcome", async () => {
    const { apiKey } = await createTestAccount();
    const receiver = await startTestReceiver();
    const response = await send(apiKey, { url: receiver.url, event_type: "job.new" });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: true, status_code: 200, error_code: null });
    expect(response.body.message).toMatch(/200/);
    expect(typeof response.body.duration_ms).toBe("number");
    const body = JSON.parse(receiver.requests[0].body);
    // It says it is a test, so a receiver never imports it as a record.
    expect(body).toMatchObject({ type: "webhook.test", data: { external_id: "test-job-1" } });
    expect(response.body.response_body).toBe("ok");
    expect(receiver.requests[0].headers["webhook-signature"]).toMatch(/^v1,/);
  });

  it("signs with a saved webhook's secret (verifiable) and records a test attempt", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const secret = randomWebhookSecret();
    const receiver = await startTestReceiver({ secret, mode: { kind: "status", status: 500 } });
    const { webhook } = await seedDueEvents(db, accountId, { url: receiver.url, secret, count: 0, type: "company" });
    const response = await send(apiKey, { url: receiver.url, event_type: "company.new", webhook_id: webhook.id });
    expect(response.body).toMatchObject({ ok: false, status_code: 500, error_code: "http_error" });
    expect(receiver.requests[0].verification).toEqual({ standardwebhooks: true, svix: true });
    expect(JSON.parse(receiver.requests[0].body)).toMatchObject({ type: "webhook.test", webhook_id: webhook.id, data: { name: "Hookline Test Company" } });
    const rows = await db.select().from(attempts).where(and(eq(attempts.accountId, accountId), eq(attempts.trigger, "test")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ webhookId: webhook.id, eventId: null, responseStatus: 500, isSuccess: false });
  });

  it("answers 400 naming url for a bad URL, 400 for a bad event type, 401 without a key, 404 for another account's webhook", async () => {
    const { apiKey } = await createTestAccount();
    for (const url of ["not a url", "ftp://example.com/x", ""]) {
      const response = await send(apiKey, { url, event_type: "job.new" });
      expect(response.status, url).toBe(400);
      expect(response.body.error.message).toMatch(/^url/);
    }
    const badType = await send(apiKey, { url: "http://127.0.0.1:9/x", event_type: "job.old" });
    expect(badType.status).toBe(400);
    expect(badType.body.error.message).toMatch(/^event_type/);
    expect((await send(undefined, { url: "http://127.0.0.1:9/x", event_type: "job.new" })).status).toBe(401);
    const other = await createTestAccount();
    const { webhook } = await seedDueEvents(other.db, other.accountId, { url: "http://127.0.0.1:9/x", count: 0 });
    const foreign = await send(apiKey, { url: "http://127.0.0.1:9/x", event_type: "job.new", webhook_id: webhook.id });
    expect(foreign.status).toBe(404);
  });
});
