// Finding events (issue 17) over many events of one webhook: search by event id (account-wide and on
// the webhook), by record external id, by text, and filtered first pages, p50/p95 over repeated runs.
// Usage: event-search.ts --events <n> [--others <n>] [--reuse] [--json]
// --reuse measures an earlier run's data again when the database still holds it (seeding 10 M takes minutes).
// --prewarm first reads the events and records tables and their indexes into the OS cache
// (pg_prewarm 'read', PostgreSQL only), as on a server whose memory holds them: without it, opening
// a random event reads its pages from disk (~1 ms each here, with 8.9 GB of data and 5 GB cached).
import { sql } from "drizzle-orm";
import { closeDb, getDb, query } from "@/db/client";
import { findWebhookEvents, MAX_FILTERED_COUNT, searchAccountEvents, searchWebhookEvents, type EventSearchFilter } from "@/db/queries/event-search";
import { getEvent } from "@/db/queries/events";
import { measureLatency } from "./lib/latency";
import { selfReport } from "./lib/process";
import { createBenchAccount, createJobWebhooks } from "./lib/seed";

const args = process.argv.slice(2);
const argOf = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const eventCount = argOf("--events", 1_000_000);
/** Events of the team's other webhooks (account-wide lists walk past them). */
const otherCount = argOf("--others", 0);
const db = await getDb();
const accountName = `bench event search ${eventCount}+${otherCount}`;
const [earlier] = args.includes("--reuse")
  ? await query<{ account_id: string; webhook_ids: string[] }>(
      db,
      sql`select a.id as account_id, array_agg(w.id::text order by w.name) as webhook_ids
          from accounts a join webhooks w on w.account_id = a.id where a.name = ${accountName}
          group by a.id order by a.id limit 1`,
    )
  : [];
const accountId = earlier?.account_id ?? (await createBenchAccount(db, accountName));
const webhookIds = earlier?.webhook_ids ?? (await createJobWebhooks(db, accountId, 1 + (otherCount > 0 ? 9 : 0), () => "http://127.0.0.1:9/hook"));
const webhookId = webhookIds[0];

const TITLES = ["Senior Data Engineer", "Backend Developer", "Product Manager", "Site Reliability Engineer", "Frontend Engineer", "Data Scientist", "Sales Lead", "Designer"];
const seedStarted = performance.now();
async function seed(hooks: string[], count: number, prefix: string) {
  const hookArray = sql.raw(`ARRAY[${hooks.map((id) => `'${id}'`).join(",")}]::uuid[]`);
  const titles = sql.raw(`ARRAY[${TITLES.map((t) => `'${t}'`).join(",")}]::text[]`);
  for (let offset = 0; offset < count; offset += 250_000) {
    const size = Math.min(250_000, count - offset);
    await db.execute(sql`
      with new_jobs as (
        insert into jobs (account_id, external_id, title, company_name, data, discovered_at)
        select ${accountId}, ${prefix} || (${offset} + g), (${titles})[1 + (g % 8)] || ' ' || (${offset} + g), 'Company ' || ((${offset} + g) % 50000),
               jsonb_build_object('title', 'Job ' || g), now() - ((${offset} + g) * interval '2 seconds')
        from generate_series(1, ${size}) as g
        returning id, discovered_at
      )
      insert into events (account_id, webhook_id, type, job_id, status, detected_at, attempt_count, last_response_status, last_error)
      select ${accountId}, (${hookArray})[1 + (id % ${hooks.length})], 'job', id,
             (case when id % 10 = 0 then 'failed' when id % 50 = 1 then 'not_triggered' else 'success' end)::event_status,
             discovered_at, case when id % 10 = 0 then 1 + (id % 7)::int else 1 end,
             case when id % 10 = 0 then (case when id % 30 = 0 then 503 when id % 20 = 0 then 404 else null end) else 200 end,
             case when id % 10 = 0 and id % 30 <> 0 and id % 20 <> 0 then 'No answer within 15000 ms' end
      from new_jobs`);
  }
}
if (!earlier) {
  await seed([webhookId], eventCount, "search-");
  if (otherCount > 0) await seed(webhookIds.slice(1), otherCount, "other-");
  await db.execute(sql`vacuum analyze`);
}
const seedMs = performance.now() - seedStarted;

if (args.includes("--prewarm")) {
  await db.execute(sql`create extension if not exists pg_prewarm`);
  await db.execute(sql`select pg_prewarm(c.oid::regclass, 'read') from pg_class c
    where c.relname in ('events', 'jobs', 'events_pkey', 'jobs_pkey', 'events_job_webhook_idx', 'jobs_search_words_idx',
                        'events_webhook_detected_idx', 'events_webhook_status_detected_idx', 'events_account_detected_idx', 'jobs_account_external_id_idx',
                        'events_webhook_http_error_idx', 'events_account_http_error_idx')`);
}

const sample = await query<{ id: string; external_id: string }>(
  db,
  sql`select e.id::text as id, j.external_id from events e join jobs j on j.id = e.job_id where e.webhook_id = ${webhookId} order by random() limit 200`,
);
let i = 0;
const next = () => sample[i++ % sample.length];
const page = { offset: 0, limit: 50 };
const weekAgo = new Date(Date.now() - 7 * 86_400_000);
const filtered: EventSearchFilter = { status: "failed", response: "5xx", minAttempts: 3 };
const cap = page.offset + page.limit + MAX_FILTERED_COUNT;

const cases: Array<[string, number, () => Promise<unknown>]> = [
  ["search by event id (Events page: open it)", 5, () => getEvent(db, accountId, next().id)],
  ["search by event id (account-wide list)", 5, () => searchAccountEvents(db, { accountId, filter: { q: next().id }, page: { limit: 51 } })],
  ["search by event id (webhook list)", 5, () => searchWebhookEvents(db, { accountId, webhookId, filter: { q: next().id }, page })],
  ["search by record external id (webhook list)", 50, () => searchWebhookEvents(db, { accountId, webhookId, filter: { q: next().external_id }, page })],
  ["filtered first page: failed, 5xx, attempts ≥ 3 (webhook)", 50, () => searchWebhookEvents(db, { accountId, webhookId, filter: filtered, page })],
  ["filtered first page + capped count (webhook page render)", 50, () => findWebhookEvents(db, { accountId, webhookId, filter: filtered, page, cap })],
  ["filtered first page: HTTP 418, which no event has (webhook page render)", 50, () => findWebhookEvents(db, { accountId, webhookId, filter: { httpStatus: 418 }, page, cap })],
  ["filtered first page: timeouts in the last 7 days (webhook)", 50, () => searchWebhookEvents(db, { accountId, webhookId, filter: { response: "timeout", from: weekAgo }, page })],
  ["filtered first page: HTTP 404 (account-wide)", 50, () => searchAccountEvents(db, { accountId, filter: { httpStatus: 404 }, page: { limit: 51 } })],
  ["first page, no filter (account-wide)", 50, () => searchAccountEvents(db, { accountId, filter: {}, page: { limit: 51 } })],
  ["text search, rare (\"Engineer 12345\"-like, webhook)", 50, () => searchWebhookEvents(db, { accountId, webhookId, filter: { q: `Engineer ${1000 + (i++ % 90_000)}` }, page })],
  ["text search, common (\"Designer\", webhook)", 50, () => searchWebhookEvents(db, { accountId, webhookId, filter: { q: "Designer" }, page })],
  ["text search, common (\"Designer\", account-wide)", 50, () => searchAccountEvents(db, { accountId, filter: { q: "Designer" }, page: { limit: 51 } })],
  ["text search + count, common (\"Designer\", webhook page render)", 50, () => findWebhookEvents(db, { accountId, webhookId, filter: { q: "Designer" }, page, cap })],
  ["text search + count, rare (webhook page render)", 50, () => findWebhookEvents(db, { accountId, webhookId, filter: { q: `Engineer ${1000 + (i++ % 90_000)}` }, page, cap })],
  // Every record's company is "Company N": a rare number beside a word every record has.
  ["text search, a rare word beside one in every record (\"Company 4567\"-like, account-wide)", 50, () => searchAccountEvents(db, { accountId, filter: { q: `Company ${1000 + (i++ % 9_000)}` }, page: { limit: 51 } })],
  ["text search, rare (account-wide)", 50, () => searchAccountEvents(db, { accountId, filter: { q: `Engineer ${1000 + (i++ % 90_000)}` }, page: { limit: 51 } })],
];
const rows = [];
for (const [name, target, run] of cases) {
  // 20 runs first, so the figures are the steady state and not V8 compiling the first calls.
  const { p50, p95 } = await measureLatency(run, { iterations: 100, warmup: 20 });
  rows.push({
    scenario: `event search over ${eventCount} events of one webhook${otherCount ? ` (+${otherCount} of 9 others)` : ""}${args.includes("--prewarm") ? ", tables in memory" : ""}: ${name}`,
    ours: `p95 ${p95.toFixed(1)} ms (p50 ${p50.toFixed(1)})`,
    reference: `${target} ms`,
    ratio: (p95 / target).toFixed(2),
    target: "≤ 1.00",
    holds: p95 <= target,
  });
}
await closeDb();
console.log(selfReport({ rows, seed_ms: Math.round(seedMs) }));
