// npm run bench [-- --quick] [--json] [--only=drain,latency,ingest,usage,page,search,replay,memory,retention]
// Sizes of the issue-17 scenarios: BENCH_SEARCH_EVENTS (events of the searched webhook), BENCH_REPLAY_EVENTS
// (events one replay job replays), BENCH_REPLAY_FRESH_PER_S (fresh events a second during the replay).
// Measures SPEC §9 on PostgreSQL, each scenario beside its reference from the same run. Hookline,
// the receiver and the load run as separate processes, each reporting its CPU time and peak memory.
import { execFileSync } from "node:child_process";
import { sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import { openDatabase, query, type Db } from "@/db/client";
import { startTsProcess, type ProcessReport } from "./lib/process";
import { countByStatus, createBenchAccount, createJobWebhooks, seedDueEvents, seedExpiredEvents } from "./lib/seed";

// Hookline processes run as production, which needs the key that encrypts signing secrets at rest;
// the drains then decrypt each webhook's secret as a real server does.
process.env.HOOKLINE_ENCRYPTION_KEY ??= "YmVuY2gtZW5jcnlwdGlvbi1rZXktMDEyMzQ1Njc4OWE=";

const args = process.argv.slice(2);
const isQuick = args.includes("--quick");
const asJson = args.includes("--json");
const onlyArg = args.find((arg) => arg.startsWith("--only="))?.slice("--only=".length);
const only = onlyArg ? new Set(onlyArg.split(",")) : null;
const shouldRun = (name: string) => !only || only.has(name);

const SIZES = isQuick
  ? { drain: 20_000, webhooks: 50, ingestJobs: 10_000, ingestWebhooks: 200, pageEvents: 100_000, memoryEvents: 20_000, usageEvents: 500_000, expiredEvents: 100_000, retentionDrain: 20_000 }
  : { drain: 20_000, webhooks: 50, ingestJobs: 10_000, ingestWebhooks: 200, pageEvents: 1_000_000, memoryEvents: 100_000, usageEvents: 10_000_000, expiredEvents: Number(process.env.BENCH_EXPIRED_EVENTS ?? 1_000_000), retentionDrain: 50_000 };
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SEARCH_EVENTS = Number(process.env.BENCH_SEARCH_EVENTS ?? SIZES.pageEvents);
const REPLAY_EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? (isQuick ? 10_000 : 20_000));
const REPLAY_FRESH_PER_S = Number(process.env.BENCH_REPLAY_FRESH_PER_S ?? 200);
/** Requests each drain side sends untimed before it is timed, as the bare load does: JIT and connections warm. */
const WARMUP = 1_000;

type Row = {
  scenario: string;
  ours: string;
  reference: string;
  ratio: string;
  target: string;
  holds: boolean | null;
  processes?: Record<string, Pick<ProcessReport, "cpu_ms" | "max_rss_mb">>;
  figures?: Record<string, unknown>;
};
const rows: Row[] = [];
const log = (message: string) => process.stderr.write(`${message}\n`);

function pgAdmin(command: "createdb" | "dropdb", name: string): void {
  execFileSync(command, ["-h", "127.0.0.1", "-U", "postgres", ...(command === "dropdb" ? ["--if-exists"] : []), name], { stdio: "inherit" });
}

async function withDatabase<T>(run: (url: string, db: Db) => Promise<T>): Promise<T> {
  const external = process.env.DATABASE_URL;
  const name = `hookline_bench_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const url = external ?? `postgres://postgres@127.0.0.1:5432/${name}`;
  if (!external) pgAdmin("createdb", name);
  const handle = await openDatabase({ url });
  try {
    return await run(url, handle.db);
  } finally {
    await handle.close();
    if (!external) pgAdmin("dropdb", name);
  }
}

/**
 * After seeding, before timing: VACUUM ANALYZE, as autovacuum would after a bulk insert, so the timed
 * run measures the drain and not a vacuum that happens to start during it. Both Hookline and pg-boss.
 */
async function settle(db: Db): Promise<void> {
  await db.execute(sql`vacuum analyze`);
  // Needs superuser or pg_checkpoint; a DATABASE_URL without them still runs.
  await db.execute(sql`checkpoint`).catch(() => {});
}

const pick = (report: ProcessReport) => ({ cpu_ms: report.cpu_ms, max_rss_mb: report.max_rss_mb });
const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

async function startReceiver() {
  const receiver = startTsProcess("bench/receiver.ts");
  const { port } = (await receiver.ready) as { port: number };
  return { receiver, url: `http://127.0.0.1:${port}` };
}

async function drainScenario(url: string, db: Db): Promise<void> {
  const count = SIZES.drain;
  log(`drain: ${count} events over ${SIZES.webhooks} webhooks, concurrency ${CONCURRENCY}`);

  // 1. The limit: bare POSTs, no database.
  const bareReceiver = await startReceiver();
  const bare = await startTsProcess("bench/bare-load.ts", [`${bareReceiver.url}/hook`, String(count), String(CONCURRENCY)]).done;
  bareReceiver.receiver.stop();
  const bareReceiverReport = await bareReceiver.receiver.done;
  log(`  bare HTTP: ${bare.rate}/s`);

  // 2. Hookline: due events in PostgreSQL, drained by a separate Hookline process.
  const hookReceiver = await startReceiver();
  const warmupAccountId = await createBenchAccount(db, "bench drain warm-up");
  const warmupWebhookIds = await createJobWebhooks(db, warmupAccountId, SIZES.webhooks, (i) => `${hookReceiver.url}/warmup/${i}`);
  await seedDueEvents(db, warmupAccountId, warmupWebhookIds, WARMUP);
  const accountId = await createBenchAccount(db, "bench drain");
  const webhookIds = await createJobWebhooks(db, accountId, SIZES.webhooks, (i) => `${hookReceiver.url}/hook/${i}`);
  await seedDueEvents(db, accountId, webhookIds, count);
  await settle(db);
  const hook = await startTsProcess("bench/hookline-drain.ts", [String(count), accountId, warmupAccountId], {
    DATABASE_URL: url,
    ALLOW_PRIVATE_URLS: "true",
    DELIVERY_CONCURRENCY: String(CONCURRENCY),
    DELIVERY_PER_HOST_CONCURRENCY: String(CONCURRENCY),
  }).done;
  hookReceiver.receiver.stop();
  const hookReceiverReport = await hookReceiver.receiver.done;
  const statuses = await countByStatus(db, accountId);
  const hookRequests = Number(hookReceiverReport.requests) - WARMUP;
  log(`  Hookline: ${hook.rate}/s, statuses ${JSON.stringify(statuses)}, receiver saw ${hookRequests} (${hookReceiverReport.duplicates} duplicates)`);

  // 2b. Scaling out (SPEC §8): two Hookline instances draining the same database at once.
  const pairReceiver = await startReceiver();
  const pairAccountId = await createBenchAccount(db, "bench drain x2");
  const pairWebhookIds = await createJobWebhooks(db, pairAccountId, SIZES.webhooks, (i) => `${pairReceiver.url}/hook/${i}`);
  await seedDueEvents(db, pairAccountId, pairWebhookIds, count);
  await settle(db);
  const pairStarted = performance.now();
  const pair = await Promise.all(
    [0, 1].map(
      () =>
        startTsProcess("bench/hookline-drain.ts", [String(count), pairAccountId], {
          DATABASE_URL: url,
          ALLOW_PRIVATE_URLS: "true",
          DELIVERY_CONCURRENCY: String(CONCURRENCY),
          DELIVERY_PER_HOST_CONCURRENCY: String(CONCURRENCY),
        }).done,
    ),
  );
  // Each instance times itself from its first claim (process start-up excluded, as for the others).
  const pairMs = Math.max(...pair.map((report) => Number(report.duration_ms)));
  void pairStarted;
  pairReceiver.receiver.stop();
  const pairReceiverReport = await pairReceiver.receiver.done;
  const pairRate = Math.round((Number(pairReceiverReport.distinct_ids) / pairMs) * 1000);
  log(`  Hookline x2: ${pairRate}/s (receiver saw ${pairReceiverReport.requests}, ${pairReceiverReport.duplicates} duplicates)`);

  // 3. pg-boss: one job per event, a plain worker.
  const bossReceiver = await startReceiver();
  const boss = new PgBoss({ connectionString: url, max: 2, supervise: false, schedule: false });
  boss.on("error", (error) => log(`pg-boss: ${error.message}`));
  await boss.start();
  const queue = `bench_deliver_${Date.now()}`;
  const warmupQueue = `${queue}_warmup`;
  const secret = "whsec_" + Buffer.from("bench-secret-bench-secret-123456").toString("base64");
  for (const [name, size] of [[warmupQueue, WARMUP], [queue, count]] as const) {
    await boss.createQueue(name);
    for (let offset = 0; offset < size; offset += 5_000) {
      await boss.insert(
        Array.from({ length: Math.min(5_000, size - offset) }, (_, i) => {
          const eventId = crypto.randomUUID();
          return {
            name,
            data: {
              event_id: eventId,
              url: `${bossReceiver.url}/hook/${(offset + i) % SIZES.webhooks}`,
              secret,
              body: JSON.stringify({ id: eventId, type: "job.new", timestamp: new Date().toISOString(), data: { title: "Senior Data Engineer" } }),
            },
          };
        }),
      );
    }
  }
  await boss.stop({ graceful: false, wait: true });
  await settle(db);
  const pgboss = await startTsProcess("bench/pgboss-drain.ts", [url, queue, String(count), String(CONCURRENCY), warmupQueue, String(WARMUP)]).done;
  bossReceiver.receiver.stop();
  const bossReceiverReport = await bossReceiver.receiver.done;
  log(`  pg-boss: ${pgboss.rate}/s`);

  const hookRate = Number(hook.rate);
  const bareRatio = ratio(hookRate, Number(bare.rate));
  const bossRatio = ratio(hookRate, Number(pgboss.rate));
  const exactlyOnce = hookRequests === count && hookReceiverReport.duplicates === 0 && statuses.success === count;
  rows.push({
    scenario: `drain ${count} events / ${SIZES.webhooks} webhooks vs bare HTTP`,
    ours: `${hookRate}/s`,
    reference: `${bare.rate}/s bare`,
    ratio: bareRatio.toFixed(2),
    target: "≥ 0.50",
    holds: bareRatio >= 0.5 && exactlyOnce,
    processes: { hookline: pick(hook), load: pick(bare), receiver_hookline: pick(hookReceiverReport), receiver_bare: pick(bareReceiverReport) },
    figures: { exactly_once: exactlyOnce, statuses },
  });
  rows.push({
    scenario: `drain ${count} events, two Hookline instances vs bare HTTP`,
    ours: `${pairRate}/s`,
    reference: `${bare.rate}/s bare`,
    ratio: ratio(pairRate, Number(bare.rate)).toFixed(2),
    target: "(informative)",
    holds: null,
    processes: { hookline_a: pick(pair[0]), hookline_b: pick(pair[1]), receiver: pick(pairReceiverReport) },
    figures: {
      exactly_once: pairReceiverReport.requests === count && pairReceiverReport.duplicates === 0,
      duplicates: pairReceiverReport.duplicates,
    },
  });
  rows.push({
    scenario: `drain ${count} events: absolute rate on 2 cores`,
    ours: `${hookRate}/s`,
    reference: "3000/s",
    ratio: ratio(hookRate, 3000).toFixed(2),
    target: "≥ 1.00",
    holds: hookRate >= 3000,
  });
  rows.push({
    scenario: `drain ${count} events vs a plain pg-boss worker`,
    ours: `${hookRate}/s`,
    reference: `${pgboss.rate}/s pg-boss`,
    ratio: bossRatio.toFixed(2),
    target: "≥ 3.00",
    holds: bossRatio >= 3,
    processes: { pgboss: pick(pgboss), receiver_pgboss: pick(bossReceiverReport) },
  });
}

async function ingestScenario(url: string): Promise<void> {
  log(`ingest: ${SIZES.ingestJobs} jobs against ${SIZES.ingestWebhooks} webhooks`);
  const report = await startTsProcess("bench/hookline-ingest.ts", [String(SIZES.ingestJobs), String(SIZES.ingestWebhooks)], {
    DATABASE_URL: url,
  }).done;
  const rate = Number(report.events_per_s);
  rows.push({
    scenario: `ingest ${SIZES.ingestJobs} jobs / ${SIZES.ingestWebhooks} webhooks (mixed searches)`,
    ours: `${rate} events/s`,
    reference: "20000 events/s",
    ratio: ratio(rate, 20_000).toFixed(2),
    target: "≥ 1.00",
    holds: rate >= 20_000,
    processes: { hookline: pick(report) },
    figures: { events_created: report.events_created, duration_ms: report.duration_ms },
  });
}

/** Detection to first POST on an idle server (the built-in scheduler, woken by ingest): p50 ≤ 100 ms. */
async function latencyScenario(url: string): Promise<void> {
  const samples = 30;
  log(`latency: detection to first POST, ${samples} jobs ingested one at a time on an idle server`);
  const report = await startTsProcess("bench/hookline-first-post.ts", [String(samples)], {
    DATABASE_URL: url,
    ALLOW_PRIVATE_URLS: "true",
  }).done;
  const p50 = Number(report.p50_ms);
  rows.push({
    scenario: "detection to first POST p50, idle server",
    ours: `${p50} ms`,
    reference: "100 ms",
    ratio: ratio(p50, 100).toFixed(2),
    target: "≤ 1.00",
    holds: p50 <= 100,
    processes: { hookline: pick(report) },
    figures: { p95_ms: report.p95_ms, max_ms: report.max_ms },
  });
}

async function replayScenario(url: string): Promise<void> {
  log(`replay: a job of ${REPLAY_EVENTS} failed events (BENCH_REPLAY_EVENTS) with ${REPLAY_FRESH_PER_S} fresh events/s (BENCH_REPLAY_FRESH_PER_S)`);
  const { receiver, url: receiverUrl } = await startReceiver();
  const report = await startTsProcess("bench/replay-throughput.ts", [receiverUrl, String(REPLAY_EVENTS), String(REPLAY_FRESH_PER_S)], {
    DATABASE_URL: url,
    ALLOW_PRIVATE_URLS: "true",
    DELIVERY_CONCURRENCY: String(CONCURRENCY),
    DELIVERY_PER_HOST_CONCURRENCY: String(CONCURRENCY),
  }).done;
  receiver.stop();
  const receiverReport = await receiver.done;
  const rate = Number(report.rate);
  log(
    `  ${rate}/s (${report.status}: ${report.delivered} delivered, ${report.failed} failed in ${report.duration_ms} ms; ` +
      `the same loop drains as many plain due events at ${report.plain_drain_rate}/s); fresh: ` +
      `${report.fresh_delivered_during_replay} of ${report.fresh_inserted_during_replay} delivered during the replay, ` +
      `latency p50 ${report.fresh_latency_p50_ms} ms / p95 ${report.fresh_latency_p95_ms} ms; receiver duplicates ${receiverReport.duplicates}`,
  );
  rows.push({
    scenario: `replay job of ${REPLAY_EVENTS} failed events into the delivery loop, ${REPLAY_FRESH_PER_S} fresh events/s beside it`,
    ours: `${rate}/s; fresh ${report.fresh_delivered_during_replay}/${report.fresh_inserted_during_replay} delivered during it (p95 ${report.fresh_latency_p95_ms} ms)`,
    reference: "1000/s",
    ratio: ratio(rate, 1000).toFixed(2),
    target: "≥ 1.00",
    holds: rate >= 1000 && report.status === "completed" && Number(report.delivered) === REPLAY_EVENTS,
    processes: { hookline: pick(report), receiver: pick(receiverReport) },
    figures: {
      duration_ms: report.duration_ms,
      plain_drain_rate: report.plain_drain_rate,
      fresh_inserted_during_replay: report.fresh_inserted_during_replay,
      fresh_delivered_during_replay: report.fresh_delivered_during_replay,
      fresh_latency_p50_ms: report.fresh_latency_p50_ms,
      fresh_latency_p95_ms: report.fresh_latency_p95_ms,
      fresh_latency_max_ms: report.fresh_latency_max_ms,
      receiver_duplicates: receiverReport.duplicates,
    },
  });
}

async function memoryScenario(url: string, db: Db): Promise<void> {
  const count = SIZES.memoryEvents;
  log(`memory: draining ${count} events`);
  const { receiver, url: receiverUrl } = await startReceiver();
  const accountId = await createBenchAccount(db, "bench memory");
  const webhookIds = await createJobWebhooks(db, accountId, SIZES.webhooks, (i) => `${receiverUrl}/hook/${i}`);
  await seedDueEvents(db, accountId, webhookIds, count);
  // No settle() here: this drain starts right after the bulk insert, before autovacuum has analyzed
  // the table, as a drain does after a big ingest (its rate is reported beside the memory).
  const report = await startTsProcess("bench/hookline-drain.ts", [String(count), accountId], {
    DATABASE_URL: url,
    ALLOW_PRIVATE_URLS: "true",
    DELIVERY_CONCURRENCY: String(CONCURRENCY),
    DELIVERY_PER_HOST_CONCURRENCY: String(CONCURRENCY),
  }).done;
  receiver.stop();
  await receiver.done;
  rows.push({
    scenario: `memory while draining ${count} events`,
    ours: `${report.max_rss_mb} MB`,
    reference: "500 MB",
    ratio: ratio(Number(report.max_rss_mb), 500).toFixed(2),
    target: "≤ 1.00",
    holds: Number(report.max_rss_mb) <= 500,
    processes: { hookline: pick(report) },
    figures: { rate: report.rate },
  });
}

async function relationSizes(db: Db): Promise<{ due_index_kb: number; events_kb: number; attempts_kb: number }> {
  const [row] = await query<{ due: number; events: number; attempts: number }>(
    db,
    sql`select pg_relation_size('events_due_idx')::float8 / 1024 as due, pg_total_relation_size('events')::float8 / 1024 as events,
               pg_total_relation_size('attempts')::float8 / 1024 as attempts`,
  );
  return { due_index_kb: Math.round(row.due), events_kb: Math.round(row.events), attempts_kb: Math.round(row.attempts) };
}

/**
 * Retention while draining (RETENTION_DAYS): `expiredEvents` finished events (with an attempt each)
 * detected 100 days ago, and a drain of `retentionDrain` due events, timed once alone and once while
 * a second process runs retention passes back to back. The drain with retention must keep ≥ 80 % of
 * the rate without, and the due index must not grow (its size before and after each drain).
 */
async function retentionScenario(url: string, db: Db): Promise<void> {
  const expired = SIZES.expiredEvents;
  const count = SIZES.retentionDrain;
  log(`retention: ${expired} expired events, drains of ${count} due events without and with retention running`);
  const { receiver, url: receiverUrl } = await startReceiver();
  const oldAccountId = await createBenchAccount(db, "bench retention: old events");
  const oldWebhookIds = await createJobWebhooks(db, oldAccountId, SIZES.webhooks, (i) => `${receiverUrl}/old/${i}`);
  const seedStarted = performance.now();
  await seedExpiredEvents(db, oldAccountId, oldWebhookIds, expired, 100);
  log(`  seeded ${expired} expired events in ${Math.round(performance.now() - seedStarted)} ms`);
  const drainEnv = { DATABASE_URL: url, ALLOW_PRIVATE_URLS: "true", DELIVERY_CONCURRENCY: String(CONCURRENCY), DELIVERY_PER_HOST_CONCURRENCY: String(CONCURRENCY) };
  const warmupAccountId = await createBenchAccount(db, "bench retention warm-up");
  const warmupWebhookIds = await createJobWebhooks(db, warmupAccountId, SIZES.webhooks, (i) => `${receiverUrl}/warmup/${i}`);

  const drainOnce = async (label: string, withRetention: boolean) => {
    await seedDueEvents(db, warmupAccountId, warmupWebhookIds, WARMUP);
    const accountId = await createBenchAccount(db, `bench retention drain ${label}`);
    const webhookIds = await createJobWebhooks(db, accountId, SIZES.webhooks, (i) => `${receiverUrl}/hook/${i}`);
    await seedDueEvents(db, accountId, webhookIds, count);
    await settle(db);
    const before = await relationSizes(db);
    const remainingBefore = (await countByStatus(db, oldAccountId)).success ?? 0;
    const retention = withRetention ? startTsProcess("bench/retention-loop.ts", [], { DATABASE_URL: url, LOG_LEVEL: "warn" }) : null;
    const drain = await startTsProcess("bench/hookline-drain.ts", [String(count), accountId, warmupAccountId], drainEnv).done;
    const remainingAfterDrain = (await countByStatus(db, oldAccountId)).success ?? 0;
    const after = await relationSizes(db);
    const statuses = await countByStatus(db, accountId);
    log(`  drain ${label}: ${drain.rate}/s (${JSON.stringify(statuses)}); due index ${before.due_index_kb} → ${after.due_index_kb} kB; expired left ${remainingBefore} → ${remainingAfterDrain}`);
    return { drain, before, after, deletedDuringDrain: remainingBefore - remainingAfterDrain, retention, statuses };
  };

  const alone = await drainOnce("alone", false);
  const together = await drainOnce("with retention", true);
  // Let retention finish the rest, to report its own rate over the whole set.
  const retentionReport = await together.retention!.done;
  const remaining = (await countByStatus(db, oldAccountId)).success ?? 0;
  await db.execute(sql`vacuum analyze events`);
  const afterVacuum = await relationSizes(db);
  receiver.stop();
  await receiver.done;
  log(`  retention: ${retentionReport.events} events + ${retentionReport.attempts} attempts deleted in ${retentionReport.duration_ms} ms (${retentionReport.rate}/s), ${remaining} left`);

  const rateAlone = Number(alone.drain.rate);
  const rateTogether = Number(together.drain.rate);
  const dueGrowthKb = together.after.due_index_kb - together.before.due_index_kb;
  const dueGrowthAloneKb = alone.after.due_index_kb - alone.before.due_index_kb;
  const drainRatio = ratio(rateTogether, rateAlone);
  rows.push({
    scenario: `drain ${count} events while retention deletes ${expired} expired events, vs the same drain alone`,
    ours: `${rateTogether}/s`,
    reference: `${rateAlone}/s alone`,
    ratio: drainRatio.toFixed(2),
    target: "≥ 0.80",
    holds: drainRatio >= 0.8 && together.statuses.success === count,
    processes: { hookline_alone: pick(alone.drain), hookline_with_retention: pick(together.drain), retention: pick(retentionReport) },
    figures: {
      deleted_during_drain: together.deletedDuringDrain,
      retention_events_deleted: retentionReport.events,
      retention_attempts_deleted: retentionReport.attempts,
      retention_duration_ms: retentionReport.duration_ms,
      retention_rate: retentionReport.rate,
      expired_left: remaining,
    },
  });
  rows.push({
    scenario: "due index growth over that drain with retention (alone in brackets)",
    ours: `${together.before.due_index_kb} → ${together.after.due_index_kb} kB (+${dueGrowthKb})`,
    reference: `alone ${alone.before.due_index_kb} → ${alone.after.due_index_kb} kB (+${dueGrowthAloneKb})`,
    ratio: "",
    target: "no more than alone",
    holds: dueGrowthKb <= Math.max(dueGrowthAloneKb, 0) + 64,
    figures: {
      events_kb: { before: alone.before.events_kb, after_retention: together.after.events_kb, after_vacuum: afterVacuum.events_kb },
      attempts_kb: { before: alone.before.attempts_kb, after_retention: together.after.attempts_kb, after_vacuum: afterVacuum.attempts_kb },
      due_index_after_vacuum_kb: afterVacuum.due_index_kb,
    },
  });
}

async function externalScenario(script: string, extraArgs: string[], url: string): Promise<void> {
  const report = await startTsProcess(script, [...extraArgs, "--json"], { DATABASE_URL: url }).done;
  for (const row of (report.rows ?? []) as Row[]) rows.push({ ...row, processes: { hookline: pick(report) } });
}

function printTable(): void {
  const header = ["scenario", "ours", "reference", "ratio", "target", "holds"];
  const body = rows.map((row) => [row.scenario, row.ours, row.reference, row.ratio, row.target, row.holds === null ? "n/a" : row.holds ? "yes" : "NO"]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const cells of body) console.log(line(cells));
  console.log("\nper-process CPU time and peak memory:");
  for (const row of rows) {
    if (!row.processes) continue;
    const parts = Object.entries(row.processes).map(([name, p]) => `${name} ${p.cpu_ms} ms CPU / ${p.max_rss_mb} MB`);
    console.log(`  ${row.scenario}: ${parts.join(", ")}`);
  }
}

const started = Date.now();
// A fresh database per scenario: one scenario's leftovers (the ingest's 700k due events, say) must
// not become another's workload.
if (shouldRun("drain")) await withDatabase((url, db) => drainScenario(url, db));
if (shouldRun("latency")) await withDatabase((url) => latencyScenario(url));
if (shouldRun("ingest")) await withDatabase((url) => ingestScenario(url));
if (shouldRun("page")) await withDatabase((url) => externalScenario("bench/event-page.ts", ["--events", String(SIZES.pageEvents)], url));
if (shouldRun("search")) {
  log(`search: ${SEARCH_EVENTS} events of one webhook (BENCH_SEARCH_EVENTS)`);
  await withDatabase((url) => externalScenario("bench/event-search.ts", ["--events", String(SEARCH_EVENTS)], url));
}
if (shouldRun("replay")) await withDatabase((url) => replayScenario(url));
if (shouldRun("usage")) await withDatabase((url) => externalScenario("bench/usage-counts.ts", ["--events", String(SIZES.usageEvents), ...(isQuick ? ["--iterations", "15", "--raw-iterations", "1"] : [])], url));
if (shouldRun("memory")) await withDatabase((url, db) => memoryScenario(url, db));
if (shouldRun("retention")) await withDatabase((url, db) => retentionScenario(url, db));
const summary = { quick: isQuick, duration_s: Math.round((Date.now() - started) / 1000), concurrency: CONCURRENCY, rows };
if (asJson) console.log(JSON.stringify(summary, null, 2));
else printTable();
process.exit(rows.every((row) => row.holds !== false) ? 0 : 1);
