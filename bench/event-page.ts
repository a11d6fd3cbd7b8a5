// One webhook's event page over many events: the queries /webhooks/[id] runs for its first render
// (page of events, a status-filtered page, counts by status, stats), p50/p95 over repeated runs.
// Usage: event-page.ts --events <n> [--json]
import { sql } from "drizzle-orm";
import { closeDb, getDb } from "@/db/client";
import { countWebhookEventsByStatus, getWebhookEventStats, listWebhookEvents } from "@/db/queries/events";
import { measureLatency } from "./lib/latency";
import { selfReport } from "./lib/process";
import { createBenchAccount, createJobWebhooks } from "./lib/seed";

const args = process.argv.slice(2);
const eventCount = Number(args[args.indexOf("--events") + 1] || 1_000_000);
const db = await getDb();
const accountId = await createBenchAccount(db, "bench event page");
const [webhookId] = await createJobWebhooks(db, accountId, 1, () => "http://127.0.0.1:9/hook");

const seedStarted = performance.now();
for (let offset = 0; offset < eventCount; offset += 250_000) {
  const size = Math.min(250_000, eventCount - offset);
  await db.execute(sql`
    with new_jobs as (
      insert into jobs (account_id, external_id, title, company_name, data, discovered_at)
      select ${accountId}, 'page-' || (${offset} + g), 'Job ' || g, 'Acme', jsonb_build_object('title', 'Job ' || g), now() - (g || ' seconds')::interval
      from generate_series(1, ${size}) as g
      returning id, discovered_at
    )
    insert into events (account_id, webhook_id, type, job_id, status, detected_at, attempt_count, last_response_status)
    select ${accountId}, ${webhookId}, 'job', id,
           (case when id % 10 = 0 then 'failed' when id % 50 = 1 then 'not_triggered' else 'success' end)::event_status,
           discovered_at - ((id % 90) || ' days')::interval, 1, case when id % 10 = 0 then 500 else 200 end
    from new_jobs`);
}
await db.execute(sql`
  insert into attempts (account_id, webhook_id, event_id, trigger, url, started_at, duration_ms, request_headers, response_status, is_success)
  select ${accountId}, ${webhookId}, id, 'scheduled', 'http://127.0.0.1:9/hook', detected_at, 20 + (random() * 200)::int, '{}'::jsonb, 200, true
  from events where webhook_id = ${webhookId} order by detected_at desc limit 5000`);
await db.execute(sql`analyze events`);
await db.execute(sql`analyze attempts`);
const seedMs = performance.now() - seedStarted;

const cases: Array<[string, () => Promise<unknown>]> = [
  ["first page (50, newest first)", () => listWebhookEvents(db, { accountId, webhookId, limit: 50 })],
  ["failed filter, page 3", () => listWebhookEvents(db, { accountId, webhookId, status: "failed", offset: 100, limit: 50 })],
  ["counts by status", () => countWebhookEventsByStatus(db, accountId, webhookId)],
  ["stats (rate, p50/p95 latency, last success, next retry)", () => getWebhookEventStats(db, accountId, webhookId)],
  [
    "whole first render (all of the above in parallel)",
    () =>
      Promise.all([
        listWebhookEvents(db, { accountId, webhookId, limit: 50 }),
        countWebhookEventsByStatus(db, accountId, webhookId),
        getWebhookEventStats(db, accountId, webhookId),
      ]),
  ],
];
const rows = [];
for (const [name, run] of cases) {
  const { p50, p95 } = await measureLatency(run, { iterations: 60, warmup: 5 });
  rows.push({
    scenario: `event page over ${eventCount} events: ${name}`,
    ours: `p95 ${p95.toFixed(1)} ms (p50 ${p50.toFixed(1)})`,
    reference: "20 ms",
    ratio: (p95 / 20).toFixed(2),
    target: "≤ 1.00",
    holds: p95 <= 20,
  });
}
await closeDb();
console.log(selfReport({ rows, seed_ms: Math.round(seedMs) }));
