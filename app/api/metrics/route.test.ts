// GET /api/metrics: scraped like Prometheus would, around real deliveries to receivers on 127.0.0.1.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { callRoute } from "@/test/api";
import { getDb } from "@/db/client";
import { createTestAccount } from "@/test/fixtures";
import { startReceiver, type Receiver } from "@/test/receiver";
import { runDeliveryCycle } from "@/lib/delivery/run-cycle";
import { seedDueEvents } from "@/test/delivery";
import { ingestRecords } from "@/lib/matching/ingest";
import { createSearch } from "@/lib/searches/service";
import { searchCreateSchema } from "@/lib/validation/search";
import { webhookCreateSchema } from "@/lib/validation/webhook";
import { createWebhook } from "@/lib/webhooks/service";
import { seedFailedEvents } from "@/test/replays";
import { freePort } from "@/test/ports";
import { POST as startReplay } from "@/app/api/v1/webhooks/events/retry/route";
import { POST as cancelReplay } from "@/app/api/v1/replays/[id]/cancel/route";
import { GET } from "./route";

const TOKEN = "metrics-test-token-0123456789";
// On PostgreSQL other test files share the database (and its due events and replay jobs): figures read
// from the database are checked exactly on PGlite (one database per worker), as lower bounds on PostgreSQL.
const isSharedDatabase = Boolean(process.env.DATABASE_URL);
let receiver: Receiver | undefined;
beforeAll(async () => {
  await getDb();
});
afterEach(async () => {
  delete process.env.METRICS_TOKEN;
  await receiver?.close();
  receiver = undefined;
});

async function scrape(): Promise<string> {
  const response = await callRoute(GET, { path: "/api/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return response.body as string;
}

/** The value of one series (0 when absent); `labels` must match the series' labels exactly. */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(",");
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? "").split(/,(?=[a-zA-Z_]\w*=")/).filter(Boolean).sort().join(",");
    if (have === wanted) return Number(match[3]);
  }
  return 0;
}


describe("GET /api/metrics", () => {
  it("is 404 while METRICS_TOKEN is unset, and 401 without the right bearer token", async () => {
    delete process.env.METRICS_TOKEN;
    expect((await callRoute(GET, { path: "/api/metrics", headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    process.env.METRICS_TOKEN = TOKEN;
    expect((await callRoute(GET, { path: "/api/metrics" })).status).toBe(401);
    const wrong = await callRoute(GET, { path: "/api/metrics", headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("unauthorized");
  });

  it("counts deliveries by outcome with their latency, claims, ingest, events, credits, and reads the due backlog", async () => {
    process.env.METRICS_TOKEN = TOKEN;
    const { db, accountId } = await createTestAccount({ credits: 10 });
    receiver = await startReceiver({
      mode: (request) => (request.path.includes("/broken") ? { kind: "status", status: 500 } : request.path.includes("/hang") ? { kind: "hang" } : { kind: "ok" }),
    });
    const before = await scrape();
    for (const name of ["hookline_due_events", "hookline_oldest_due_event_age_seconds", "nodejs_eventloop_lag_p99_seconds", "hookline_replay_jobs"]) {
      expect(before, name).toContain(`# TYPE ${name} gauge`);
    }

    // One job through ingest to a webhook on the receiver: a record, an event, a credit (before the
    // seeded webhooks below, which match every job).
    const search = await createSearch(db, accountId, searchCreateSchema.parse({ name: "metrics", type: "job", filters: { title_keywords: ["metrics"] } }));
    await createWebhook(db, accountId, webhookCreateSchema.parse({ name: "metrics", url: `${receiver.url}/ok`, search_id: search.id }));
    const ingest = await ingestRecords(db, accountId, "job", [
      { external_id: "m-1", title: "Metrics engineer" },
      { external_id: "m-1", title: "Metrics engineer (again)" },
    ]);
    expect(ingest).toMatchObject({ new: 1, duplicate: 1, events_triggered: 1 });

    // The backlog: events due for a minute, not yet claimed.
    const oneMinuteAgo = new Date(Date.now() - 60_000);
    await seedDueEvents(db, accountId, { url: `${receiver.url}/broken`, count: 2, dueAt: oneMinuteAgo });
    await seedDueEvents(db, accountId, { url: `http://127.0.0.1:${await freePort()}/nobody`, count: 1, dueAt: oneMinuteAgo });
    await seedDueEvents(db, accountId, { url: `${receiver.url}/hang`, count: 1, dueAt: oneMinuteAgo });
    // Hookline refuses to request it (not http or https): the webhook needs fixing, not the endpoint.
    await seedDueEvents(db, accountId, { url: "ftp://127.0.0.1/drop", count: 1, dueAt: oneMinuteAgo });
    const backlog = await scrape();
    expect(value(backlog, "hookline_due_events")).toBeGreaterThanOrEqual(5);
    expect(value(backlog, "hookline_oldest_due_event_age_seconds")).toBeGreaterThanOrEqual(59);

    const summary = await runDeliveryCycle(db, { accountId, budgetMs: 4_000, timeoutMs: 1_000 });
    expect(summary).toMatchObject({ claimed: 6, succeeded: 1, failed: 5 });
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);

    expect(delta("hookline_deliveries_total", { outcome: "success", reason: "" })).toBe(1);
    expect(delta("hookline_deliveries_total", { outcome: "http_error", reason: "http_error" })).toBe(2);
    expect(delta("hookline_deliveries_total", { outcome: "connection", reason: "connection_refused" })).toBe(1);
    expect(delta("hookline_deliveries_total", { outcome: "timeout", reason: "timeout" })).toBe(1);
    expect(delta("hookline_deliveries_total", { outcome: "refused", reason: "invalid_url" })).toBe(1);
    expect(delta("hookline_delivery_duration_seconds_count", { outcome: "timeout" })).toBe(1);
    // The hung request took the whole 1 s timeout: not in the buckets below it.
    expect(delta("hookline_delivery_duration_seconds_bucket", { outcome: "timeout", le: "0.5" })).toBe(0);
    expect(delta("hookline_delivery_duration_seconds_count", { outcome: "success" })).toBe(1);
    expect(delta("hookline_delivery_duration_seconds_count", { outcome: "http_error" })).toBe(2);
    expect(delta("hookline_delivery_duration_seconds_bucket", { outcome: "success", le: "+Inf" })).toBe(1);
    expect(delta("hookline_claim_batch_size_sum")).toBeGreaterThanOrEqual(4);
    expect(delta("hookline_claim_batch_size_count")).toBeGreaterThanOrEqual(1);
    expect(delta("hookline_ingest_records_total", { type: "job", result: "new" })).toBe(1);
    expect(delta("hookline_ingest_records_total", { type: "job", result: "duplicate" })).toBe(1);
    expect(delta("hookline_events_created_total", { status: "in_progress" })).toBe(1);
    expect(delta("hookline_credits_debited_total")).toBe(1);
    // No label names a webhook, an event or a team.
    expect(after).not.toMatch(/webhook_id|event_id|account_id/);
    // This instance's PostgreSQL pool (PGlite has none).
    if (process.env.DATABASE_URL) {
      expect(value(after, "hookline_db_pool_connections", { state: "in_use" }) + value(after, "hookline_db_pool_connections", { state: "idle" })).toBeGreaterThanOrEqual(1);
      expect(after).toMatch(/^hookline_db_pool_connections\{state="waiting"\} \d+$/m);
    }
  });

  it("reads the running replay jobs and the events they have left", async () => {
    process.env.METRICS_TOKEN = TOKEN;
    const { db, accountId, apiKey } = await createTestAccount();
    const seeded = await seedFailedEvents(db, accountId, "https://hooks.example.invalid/replay", "whsec_dGVzdHRlc3R0ZXN0dGVzdA==", 5);
    const before = await scrape();
    expect(before).toContain("# TYPE hookline_replay_events_remaining gauge");

    const started = await callRoute(startReplay, { method: "POST", path: "/api/v1/webhooks/events/retry", apiKey, body: { filter: { webhook_id: seeded.webhook.id } } });
    expect(started.status).toBe(202);
    const running = await scrape();
    const jobs = value(running, "hookline_replay_jobs", { state: "running" }) - value(before, "hookline_replay_jobs", { state: "running" });
    const remaining = value(running, "hookline_replay_events_remaining") - value(before, "hookline_replay_events_remaining");
    if (isSharedDatabase) {
      expect(value(running, "hookline_replay_jobs", { state: "running" })).toBeGreaterThanOrEqual(1);
      expect(value(running, "hookline_replay_events_remaining")).toBeGreaterThanOrEqual(5);
    } else {
      expect({ jobs, remaining }).toEqual({ jobs: 1, remaining: 5 });
    }

    const jobId = started.body.job.id;
    const cancelled = await callRoute(cancelReplay, { method: "POST", path: `/api/v1/replays/${jobId}/cancel`, apiKey, params: { id: jobId } });
    expect(cancelled.status).toBe(200);
    const after = await scrape();
    if (!isSharedDatabase) {
      expect(value(after, "hookline_replay_jobs", { state: "running" })).toBe(value(before, "hookline_replay_jobs", { state: "running" }));
      expect(value(after, "hookline_replay_events_remaining")).toBe(value(before, "hookline_replay_events_remaining"));
    }
  });
});
