// Bulk replay throughput (issue 17): a replay job of `events` failed events feeds the normal delivery
// path (the built-in scheduler: replay feeder + delivery loop, as `next start` runs them) while fresh
// events keep arriving at `fresh` per second on other webhooks. Reports replayed events per second
// (job created → job completed) and how many fresh events were delivered during the replay, with
// their detection → delivery latency (they interleave, never wait for the whole job).
// Usage: replay-throughput.ts <receiver url> <events> <fresh per second>
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { closeDb, getDb, query } from "@/db/client";
import { findReplayJob } from "@/db/queries/replays";
import { startDeliveryScheduler, stopDeliveryScheduler } from "@/lib/delivery/scheduler";
import { wakeDelivery } from "@/lib/delivery/wake";
import { createReplay } from "@/lib/replays/service";
import { selfReport } from "./lib/process";
import { createBenchAccount, createJobWebhooks, seedDueEvents } from "./lib/seed";

const [receiverUrl, eventsArg, freshArg] = process.argv.slice(2);
const eventCount = Number(eventsArg);
const freshPerSecond = Number(freshArg);
const FRESH_TICK_MS = 100;
const db = await getDb();
const log = (message: string) => process.stderr.write(`  ${message}\n`);

// Replayed: failed events of 50 webhooks, next retried in an hour (only the job sends them now).
const replayAccountId = await createBenchAccount(db, "bench replay");
const replayWebhookIds = await createJobWebhooks(db, replayAccountId, 50, (i) => `${receiverUrl}/replay/${i}`);
await seedDueEvents(db, replayAccountId, replayWebhookIds, eventCount);
await db.execute(sql`
  update events set status = 'failed', attempt_count = 1, first_failed_at = now() - interval '30 minutes',
                    next_attempt_at = now() + interval '1 hour', last_response_status = 503, last_error = 'HTTP 503'
  where account_id = ${replayAccountId}`);
// Fresh: in_progress events of 10 other webhooks, due as they are inserted (as ingest makes them).
const freshAccountId = await createBenchAccount(db, "bench replay fresh");
const freshWebhookIds = await createJobWebhooks(db, freshAccountId, 10, (i) => `${receiverUrl}/fresh/${i}`);
// Reference: the same number of due events drained by the same loop, with no job and nothing else.
const plainAccountId = await createBenchAccount(db, "bench replay reference");
const plainWebhookIds = await createJobWebhooks(db, plainAccountId, 50, (i) => `${receiverUrl}/plain/${i}`);
const warmupAccountId = await createBenchAccount(db, "bench replay warm-up");
const warmupWebhookIds = await createJobWebhooks(db, warmupAccountId, 10, (i) => `${receiverUrl}/warmup/${i}`);
await db.execute(sql`vacuum analyze`);

startDeliveryScheduler({ intervalMs: 100 });
// Warm-up, untimed: JIT and connections, as the drain scenarios do.
await seedDueEvents(db, warmupAccountId, warmupWebhookIds, 1_000);
wakeDelivery();
await waitUntil(async () => (await countUndelivered(warmupAccountId)) === 0, 60_000);

// The reference drain, first: the events are seeded due now (paused webhooks hold them until timed).
await db.execute(sql`update webhooks set is_active = false where account_id = ${plainAccountId}`);
await seedDueEvents(db, plainAccountId, plainWebhookIds, eventCount);
await db.execute(sql`analyze events`);
const plainStarted = performance.now();
await db.execute(sql`update webhooks set is_active = true where account_id = ${plainAccountId}`);
wakeDelivery();
await waitUntil(async () => (await countUndelivered(plainAccountId)) === 0, 600_000);
const plainMs = performance.now() - plainStarted;
const plainRate = Math.round((eventCount / plainMs) * 1000);
log(`reference: ${eventCount} due events drained by the same loop at ${plainRate}/s`);

let freshInserted = 0;
let isProducing = true;
const producer = (async () => {
  const perTick = Math.max(1, Math.round((freshPerSecond * FRESH_TICK_MS) / 1000));
  while (isProducing && freshPerSecond > 0) {
    const tickStarted = performance.now();
    await seedDueEvents(db, freshAccountId, freshWebhookIds, perTick);
    freshInserted += perTick;
    wakeDelivery();
    await sleep(Math.max(0, FRESH_TICK_MS - (performance.now() - tickStarted)));
  }
})();

const started = performance.now();
const job = await createReplay(db, { accountId: replayAccountId, actor: { kind: "api_key", keyId: randomUUID(), name: "bench" }, ip: null }, "filter", {});
log(`replay job of ${job.total} events created`);
let finished = await findReplayJob(db, replayAccountId, job.id);
while (finished?.status === "running") {
  await sleep(50);
  finished = await findReplayJob(db, replayAccountId, job.id);
}
const durationMs = performance.now() - started;
isProducing = false;
await producer;
const freshDuring = freshInserted;
const [fresh] = await query<{ delivered: number; p50: number | null; p95: number | null; max: number | null }>(
  db,
  sql`select count(*)::int as delivered,
             percentile_cont(0.5) within group (order by extract(epoch from delivered_at - detected_at) * 1000) as p50,
             percentile_cont(0.95) within group (order by extract(epoch from delivered_at - detected_at) * 1000) as p95,
             max(extract(epoch from delivered_at - detected_at) * 1000) as max
      from events
      where account_id = ${freshAccountId} and status = 'success' and delivered_at <= ${finished?.finishedAt?.toISOString() ?? new Date().toISOString()}::timestamptz`,
);
await stopDeliveryScheduler();
await closeDb();

const rate = Math.round(((finished?.delivered ?? 0) / durationMs) * 1000);
console.log(
  selfReport({
    events: eventCount,
    status: finished?.status,
    delivered: finished?.delivered,
    failed: finished?.failed,
    skipped: finished?.skipped,
    duration_ms: Math.round(durationMs),
    rate,
    plain_drain_rate: plainRate,
    fresh_per_second: freshPerSecond,
    fresh_inserted_during_replay: freshDuring,
    fresh_delivered_during_replay: Number(fresh?.delivered ?? 0),
    fresh_latency_p50_ms: fresh?.p50 == null ? null : Math.round(Number(fresh.p50)),
    fresh_latency_p95_ms: fresh?.p95 == null ? null : Math.round(Number(fresh.p95)),
    fresh_latency_max_ms: fresh?.max == null ? null : Math.round(Number(fresh.max)),
  }),
);

async function countUndelivered(accountId: string): Promise<number> {
  const [row] = await query<{ n: number }>(db, sql`select count(*)::int as n from events where account_id = ${accountId} and status <> 'success'`);
  return Number(row?.n ?? 0);
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error("timed out waiting");
    await sleep(50);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
