import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { callRoute } from "@/test/api";
import { createTestAccount } from "@/test/fixtures";
import { seedWebhookEvents } from "@/test/events";
import { events } from "@/db/schema";
import { eq } from "drizzle-orm";
import { countEventsByDayFromEvents } from "@/db/queries/usage";
import { GET } from "./route";

const path = (qs: string) => `/api/v1/webhooks/events/count?${qs}`;

describe("GET /api/v1/webhooks/events/count", () => {
  it("answers per-day counts by status with local midnights as period_start (New York)", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    // Detected 1, 2, 3 minutes before New York's midnight of Nov 1 (04:00Z), and at 04:00Z, 04:01Z…
    const { webhook, eventRows } = await seedWebhookEvents(db, accountId, ["success", "failed", "success", "failed", "not_triggered"], {
      now: new Date("2026-11-01T04:02:00Z"),
    });
    expect(eventRows.map((e) => e.detectedAt.toISOString())).toEqual([
      "2026-11-01T04:02:00.000Z",
      "2026-11-01T04:01:00.000Z",
      "2026-11-01T04:00:00.000Z",
      "2026-11-01T03:59:00.000Z",
      "2026-11-01T03:58:00.000Z",
    ]);
    const qs = "start_datetime=2026-10-30&end_datetime=2026-11-03&timezone=America/New_York";
    const res = await callRoute(GET, { path: path(qs), apiKey });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { period_start: "2026-10-31T00:00:00-04:00", number_of_events: 1, number_of_executions: 1, status: "failed" },
      { period_start: "2026-10-31T00:00:00-04:00", number_of_events: 1, number_of_executions: 0, status: "not_triggered" },
      { period_start: "2026-11-01T00:00:00-04:00", number_of_events: 2, number_of_executions: 2, status: "success" },
      { period_start: "2026-11-01T00:00:00-04:00", number_of_events: 1, number_of_executions: 1, status: "failed" },
    ]);
    // The same events in UTC are all on Nov 1.
    const utc = await callRoute(GET, { path: path("start_datetime=2026-10-30T00:00:00Z&end_datetime=2026-11-03T00:00:00Z"), apiKey });
    expect(utc.body.map((r: { period_start: string; number_of_events: number }) => [r.period_start, r.number_of_events])).toEqual([
      ["2026-11-01T00:00:00+00:00", 2],
      ["2026-11-01T00:00:00+00:00", 2],
      ["2026-11-01T00:00:00+00:00", 1],
    ]);

    const byWebhook = await callRoute(GET, { path: path(`${qs}&group_by=webhook_id&webhook_id=${webhook.id}`), apiKey });
    expect(byWebhook.status).toBe(200);
    expect(byWebhook.body).toEqual([
      { period_start: "2026-10-31T00:00:00-04:00", number_of_events: 2, number_of_executions: 1, webhook_id: webhook.id },
      { period_start: "2026-11-01T00:00:00-04:00", number_of_events: 3, number_of_executions: 3, webhook_id: webhook.id },
    ]);
  });

  it("defaults to the last 30 days in UTC and matches a raw count of events", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const { webhook } = await seedWebhookEvents(db, accountId, ["success", "success", "failed", "in_progress"]);
    const other = await seedWebhookEvents(db, accountId, ["failed"], { now: new Date(Date.now() - 40 * 86_400_000) });
    await db.update(events).set({ attemptCount: 4 }).where(eq(events.webhookId, webhook.id));
    const res = await callRoute(GET, { path: path("group_by=webhook_id"), apiKey });
    expect(res.status).toBe(200);
    const total = res.body.reduce((sum: number, r: { number_of_events: number }) => sum + r.number_of_events, 0);
    expect(total).toBe(4);
    expect(res.body.every((r: { webhook_id: string }) => r.webhook_id === webhook.id)).toBe(true);
    expect(res.body.every((r: { period_start: string }) => r.period_start.endsWith("T00:00:00+00:00"))).toBe(true);
    const raw = await countEventsByDayFromEvents(db, accountId, {
      start: new Date(Date.now() - 40 * 86_400_000 - 3_600_000),
      end: new Date(Date.now() + 1000),
      timeZone: "UTC",
      groupBy: "webhook_id",
    });
    expect(raw.filter((r) => r.key === other.webhook.id)).toHaveLength(1);
    expect(raw.filter((r) => r.key === webhook.id).reduce((s, r) => s + r.executions, 0)).toBe(16);
    expect(res.body.reduce((s: number, r: { number_of_executions: number }) => s + r.number_of_executions, 0)).toBe(16);
  });

  it("answers 400 naming the parameter for bad input", async () => {
    const { apiKey } = await createTestAccount();
    for (const [qs, field] of [
      ["timezone=Mars/Olympus", "timezone"],
      ["timezone=%2B05:30", "timezone"],
      ["timezone=", "timezone"],
      ["start_datetime=yesterday", "start_datetime"],
      ["end_datetime=2026-02-30", "end_datetime"],
      ["start_datetime=2026-02-01&end_datetime=2026-01-01", "end_datetime"],
      ["start_datetime=2026-01-01T10:00:00Z&end_datetime=2026-01-01T10:00:00Z", "end_datetime"],
      ["start_datetime=2024-01-01&end_datetime=2026-01-01", "end_datetime"],
      ["group_by=day", "group_by"],
      ["webhook_id=not-a-uuid", "webhook_id"],
    ]) {
      const res = await callRoute(GET, { path: path(qs), apiKey });
      expect(res.status, qs).toBe(400);
      expect(res.body.error.code).toBe("invalid_request");
      expect(res.body.error.message.startsWith(`${field}:`), `${qs} → ${res.body.error.message}`).toBe(true);
    }
  });

  it("answers 404 for another account's or an unknown webhook, and 401 without a valid key", async () => {
    const { apiKey } = await createTestAccount();
    const other = await createTestAccount();
    const { webhook } = await seedWebhookEvents(other.db, other.accountId, ["success"]);
    for (const id of [webhook.id, randomUUID()]) {
      const res = await callRoute(GET, { path: path(`webhook_id=${id}`), apiKey });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect((await callRoute(GET, { path: path("") })).status).toBe(401);
    expect((await callRoute(GET, { path: path(""), apiKey: "hk_wrong" })).status).toBe(401);
    const theirs = await callRoute(GET, { path: path(`webhook_id=${webhook.id}`), apiKey: other.apiKey });
    expect(theirs.status).toBe(200);
    expect(theirs.body).toHaveLength(1);
  });
});
