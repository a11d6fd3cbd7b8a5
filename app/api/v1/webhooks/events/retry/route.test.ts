import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { attempts, events } from "@/db/schema";
import { callRoute } from "@/test/api";
import { createTestAccount } from "@/test/fixtures";
import { randomWebhookSecret, startReceiver, type Receiver } from "@/test/receiver";
import { seedWebhookEvents } from "@/test/events";
import { POST as retry } from "./route";

const PATH = "/api/v1/webhooks/events/retry";
let receiver: Receiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe("POST /api/v1/webhooks/events/retry", () => {
  it("makes one manual attempt per event now and answers each outcome", async () => {
    const secret = randomWebhookSecret();
    receiver = await startReceiver({ secret, mode: { kind: "ok" } });
    const { db, accountId, apiKey } = await createTestAccount();
    const { eventRows } = await seedWebhookEvents(db, accountId, ["failed", "success"], { url: `${receiver.url}/hook`, secret });
    const ids = eventRows.map((e) => e.id);

    const res = await callRoute(retry, { method: "POST", path: PATH, apiKey, body: { event_ids: ids } });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(ids.map((id) => ({ event_id: id, status: "success", response_status: 200, error: null })));
    expect(receiver.requests.map((r) => r.webhookId).sort()).toEqual([...ids].sort());
    expect(receiver.requests.every((r) => r.verification?.standardwebhooks)).toBe(true);

    const [failedNow] = await db.select().from(events).where(eq(events.id, ids[0]));
    expect(failedNow).toMatchObject({ status: "success", attemptCount: 2, lastResponseStatus: 200 });
    const logged = await db.select().from(attempts).where(eq(attempts.eventId, ids[0]));
    expect(logged.map((a) => a.trigger).sort()).toEqual(["manual", "scheduled"]);
  });

  it("answers failed with the endpoint's status when it is still broken", async () => {
    receiver = await startReceiver({ mode: { kind: "status", status: 503, body: "down" } });
    const { db, accountId, apiKey } = await createTestAccount();
    const { eventRows } = await seedWebhookEvents(db, accountId, ["failed"], { url: receiver.url });
    const res = await callRoute(retry, { method: "POST", path: PATH, apiKey, body: { event_ids: [eventRows[0].id] } });
    expect(res.status).toBe(200);
    expect(res.body.data[0]).toMatchObject({ event_id: eventRows[0].id, status: "failed", response_status: 503 });
    const [event] = await db.select().from(events).where(eq(events.id, eventRows[0].id));
    expect(event).toMatchObject({ status: "failed", attemptCount: 2, lastResponseStatus: 503 });
  });

  it("answers 404 and sends nothing when an id is unknown or another account's", async () => {
    receiver = await startReceiver();
    const { db, accountId, apiKey } = await createTestAccount();
    const other = await createTestAccount();
    const mine = await seedWebhookEvents(db, accountId, ["failed"], { url: receiver.url });
    const theirs = await seedWebhookEvents(db, other.accountId, ["failed"], { url: receiver.url });
    for (const stranger of [randomUUID(), theirs.eventRows[0].id]) {
      const res = await callRoute(retry, { method: "POST", path: PATH, apiKey, body: { event_ids: [mine.eventRows[0].id, stranger] } });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect(receiver.requests).toHaveLength(0);
    const [event] = await db.select().from(events).where(eq(events.id, mine.eventRows[0].id));
    expect(event.attemptCount).toBe(1);
  });

  it("answers 409 for a not_triggered event (triggering costs a credit)", async () => {
    receiver = await startReceiver();
    const { db, accountId, apiKey } = await createTestAccount();
    const { eventRows } = await seedWebhookEvents(db, accountId, ["not_triggered"], { url: receiver.url });
    const res = await callRoute(retry, { method: "POST", path: PATH, apiKey, body: { event_ids: [eventRows[0].id] } });
    expect(res.status).toBe(409);
    expect(receiver.requests).toHaveLength(0);
  });

  it("answers 400 naming the field for bad bodies, and 401 without a key", async () => {
    const { apiKey } = await createTestAccount();
    const cases: Array<[unknown, string]> = [
      [{}, "event_ids"],
      [{ event_ids: [] }, "event_ids"],
      [{ event_ids: "abc" }, "event_ids"],
      [{ event_ids: ["not-a-uuid"] }, "event_ids[0]"],
      [{ event_ids: Array.from({ length: 501 }, () => randomUUID()) }, "event_ids"],
    ];
    for (const [body, field] of cases) {
      const res = await callRoute(retry, { method: "POST", path: PATH, apiKey, body });
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.body.error.message.startsWith(`${field}:`), res.body.error.message).toBe(true);
    }
    const notJson = await callRoute(retry, { method: "POST", path: PATH, apiKey, rawBody: "{nope", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
    const empty = await callRoute(retry, { method: "POST", path: PATH, apiKey });
    expect(empty.status).toBe(400);
    const anonymous = await callRoute(retry, { method: "POST", path: PATH, body: { event_ids: [randomUUID()] } });
    expect(anonymous.status).toBe(401);
  });
});
