import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { callRoute } from "@/test/api";
import { createTestAccount } from "@/test/fixtures";
import { seedWebhookEvents } from "@/test/events";
import { events } from "@/db/schema";
import { TIMEOUT_MESSAGE_PREFIX } from "@/db/queries/event-search";
import { classifyError } from "@/lib/delivery/http-client";
import type { Db } from "@/db/client";
import { GET as listAccountEvents } from "./route";
import { GET as listWebhookEvents } from "../webhooks/[id]/events/route";

type Outcome = { status?: number | null; error?: string | null; attempts?: number };

/** Two webhooks of six events each; the first webhook's events get the given last outcomes. */
async function seed(db: Db, accountId: string, outcomes: Outcome[]) {
  const now = new Date("2026-06-15T12:00:00Z");
  const first = await seedWebhookEvents(db, accountId, ["failed", "failed", "failed", "failed", "success", "not_triggered"], { now });
  const second = await seedWebhookEvents(db, accountId, ["failed", "success"], { now: new Date("2026-06-15T12:30:00Z") });
  for (const [i, outcome] of outcomes.entries()) {
    await db
      .update(events)
      .set({
        lastResponseStatus: outcome.status === undefined ? undefined : outcome.status,
        lastError: outcome.error === undefined ? undefined : outcome.error,
        attemptCount: outcome.attempts,
      })
      .where(eq(events.id, first.eventRows[i].id));
  }
  return { first, second, now };
}

const ids = (body: { data: Array<{ id: string }> }) => body.data.map((event) => event.id);

describe("GET /api/v1/events and GET /api/v1/webhooks/{id}/events with filters", () => {
  it("finds an event by its id, a record by external id, and text in a title or company name", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const other = await createTestAccount();
    const { first, second } = await seed(db, accountId, []);
    const foreign = await seedWebhookEvents(db, other.accountId, ["failed"]);

    const byId = await callRoute(listAccountEvents, { path: `/api/v1/events?q=${first.eventRows[2].id.toUpperCase()}`, apiKey });
    expect(byId.status).toBe(200);
    expect(ids(byId.body)).toEqual([first.eventRows[2].id]);
    expect(byId.body.data[0].webhook_name).toBe(first.webhook.name);
    expect(byId.body.next_cursor).toBeNull();

    // Another team's event is not found by its id.
    const foreignId = await callRoute(listAccountEvents, { path: `/api/v1/events?q=${foreign.eventRows[0].id}`, apiKey });
    expect(ids(foreignId.body)).toEqual([]);

    const byExternalId = await callRoute(listAccountEvents, { path: `/api/v1/events?q=${first.jobRows[3].externalId}`, apiKey });
    expect(ids(byExternalId.body)).toEqual([first.eventRows[3].id]);

    // "Engineer 1" is in a title of each webhook's records; "company 0" (any case) in a company name.
    const byTitle = await callRoute(listAccountEvents, { path: `/api/v1/events?q=${encodeURIComponent("engineer 1")}`, apiKey });
    expect(new Set(ids(byTitle.body))).toEqual(new Set([first.eventRows[1].id, second.eventRows[1].id]));
    const byCompany = await callRoute(listAccountEvents, { path: `/api/v1/events?q=${encodeURIComponent("COMPANY 0")}`, apiKey });
    expect(new Set(ids(byCompany.body))).toEqual(new Set([first.eventRows[0].id, second.eventRows[0].id]));
    // LIKE wildcards are text, not patterns.
    const wildcard = await callRoute(listAccountEvents, { path: `/api/v1/events?q=${encodeURIComponent("%")}`, apiKey });
    expect(ids(wildcard.body)).toEqual([]);

    const scoped = await callRoute(listWebhookEvents, {
      path: `/api/v1/webhooks/${first.webhook.id}/events?q=${encodeURIComponent("engineer 1")}`,
      apiKey,
      params: { id: first.webhook.id },
    });
    expect(scoped.status).toBe(200);
    expect(ids(scoped.body)).toEqual([first.eventRows[1].id]);
    expect(scoped.body).toMatchObject({ total: 1, total_is_capped: false });
    const webhookFilter = await callRoute(listAccountEvents, {
      path: `/api/v1/events?q=${encodeURIComponent("engineer 1")}&webhook_id=${second.webhook.id}`,
      apiKey,
    });
    expect(ids(webhookFilter.body)).toEqual([second.eventRows[1].id]);
  });

  it("filters by status, response class, exact code, detected-at range and attempts", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const timeout = classifyError(Object.assign(new Error("aborted"), { name: "AbortError" }), true, 15_000).message;
    expect(timeout.startsWith(TIMEOUT_MESSAGE_PREFIX)).toBe(true);
    const { first, second } = await seed(db, accountId, [
      { status: 503, error: "HTTP 503", attempts: 5 },
      { status: 404, error: "HTTP 404", attempts: 2 },
      { status: null, error: timeout, attempts: 3 },
      { status: null, error: "Connection refused by the endpoint", attempts: 1 },
    ]);
    const webhookPath = `/api/v1/webhooks/${first.webhook.id}/events`;
    const list = async (qs: string) => {
      const res = await callRoute(listWebhookEvents, { path: `${webhookPath}?${qs}`, apiKey, params: { id: first.webhook.id } });
      expect(res.status, qs).toBe(200);
      return res.body;
    };
    const e = first.eventRows;
    expect(ids(await list("response=5xx"))).toEqual([e[0].id]);
    expect(ids(await list("response=4xx"))).toEqual([e[1].id]);
    expect(ids(await list("response=timeout"))).toEqual([e[2].id]);
    expect(ids(await list("response=connection_error"))).toEqual([e[3].id]);
    expect(ids(await list("response=2xx"))).toEqual([e[4].id]);
    expect(ids(await list("http_status=404"))).toEqual([e[1].id]);
    expect(ids(await list("min_attempts=3"))).toEqual([e[0].id, e[2].id]);
    expect(ids(await list("status=failed&min_attempts=2&response=4xx"))).toEqual([e[1].id]);
    // e[i] is detected i minutes before 12:00 UTC: [11:57, 11:59) holds e[2] (11:58) and e[3] (11:57).
    expect(ids(await list("from=2026-06-15T11:57:00Z&to=2026-06-15T11:59:00Z"))).toEqual([e[2].id, e[3].id]);
    expect(ids(await list("from=2026-06-15T13:57:00%2B02:00"))).toEqual([e[0].id, e[1].id, e[2].id, e[3].id]);
    // A status alone keeps the rollup total; a narrower filter counts.
    expect(await list("status=failed")).toMatchObject({ total: 4, total_is_capped: false });
    expect(await list("min_attempts=2&limit=1")).toMatchObject({ total: 3, limit: 1 });
    // Blank values are no filter (an empty search box).
    expect(ids(await list("q=&response=&from="))).toHaveLength(6);

    const all = await callRoute(listAccountEvents, { path: `/api/v1/events?status=failed`, apiKey });
    expect(new Set(ids(all.body))).toEqual(new Set([...e.slice(0, 4), second.eventRows[0]].map((row) => row.id)));
  });

  it("pages the account-wide list by cursor, newest first, with no gaps or repeats", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const { first, second } = await seed(db, accountId, []);
    const expected = [...first.eventRows, ...second.eventRows]
      .sort((a, b) => b.detectedAt.getTime() - a.detectedAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((row) => row.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const res: { status: number; body: { data: Array<{ id: string }>; next_cursor: string | null } } = await callRoute(listAccountEvents, {
        path: `/api/v1/events?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        apiKey,
      });
      expect(res.status).toBe(200);
      seen.push(...ids(res.body));
      cursor = res.body.next_cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(expected);
  });

  it("answers 400 naming the field for bad filters, 404 for another team's webhook", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const other = await createTestAccount();
    const { first } = await seed(db, accountId, []);
    const foreign = await seedWebhookEvents(db, other.accountId, ["failed"]);
    for (const [qs, field] of [
      ["status=delivered", "status"],
      ["response=3xx", "response"],
      ["http_status=99", "http_status"],
      ["http_status=abc", "http_status"],
      ["from=2026-13-01", "from"],
      ["from=1999-01-01", "from"],
      ["to=2026-06-15T10:00", "to"],
      ["from=2026-06-15&to=2026-06-14", "to"],
      ["min_attempts=-1", "min_attempts"],
      ["min_attempts=1001", "min_attempts"],
      ["webhook_id=nope", "webhook_id"],
      ["cursor=abc", "cursor"],
      ["limit=501", "limit"],
      [`q=${"x".repeat(201)}`, "q"],
    ]) {
      const res = await callRoute(listAccountEvents, { path: `/api/v1/events?${qs}`, apiKey });
      expect(res.status, qs).toBe(400);
      expect(res.body.error.code).toBe("invalid_request");
      expect(res.body.error.message.startsWith(`${field}:`), `${qs}: ${res.body.error.message}`).toBe(true);
    }
    const onWebhook = await callRoute(listWebhookEvents, {
      path: `/api/v1/webhooks/${first.webhook.id}/events?webhook_id=${first.webhook.id}`,
      apiKey,
      params: { id: first.webhook.id },
    });
    expect(onWebhook.status).toBe(400);
    expect(onWebhook.body.error.message.startsWith("webhook_id:")).toBe(true);
    for (const id of [foreign.webhook.id, randomUUID()]) {
      const res = await callRoute(listAccountEvents, { path: `/api/v1/events?webhook_id=${id}`, apiKey });
      expect(res.status).toBe(404);
    }
    const anonymous = await callRoute(listAccountEvents, { path: "/api/v1/events" });
    expect(anonymous.status).toBe(401);
  });
});
