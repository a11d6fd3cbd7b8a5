// The pg-boss baseline: one queued job per event; a plain worker fetches a batch, signs and POSTs
// each job's payload, completes the batch.
// Usage: pgboss-drain.ts <database url> <queue> <count> <concurrency> [warm-up queue <count>]
// The warm-up queue is drained first, untimed, as the bare load and Hookline warm up.
import PgBoss from "pg-boss";
import { Pool } from "undici";
import { Webhook } from "standardwebhooks";
import { selfReport } from "./lib/process";

type JobData = { event_id: string; url: string; secret: string; body: string };

const [databaseUrl, queue, countArg, concurrencyArg, warmupQueue, warmupCountArg] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
const boss = new PgBoss({ connectionString: databaseUrl, max: 4, supervise: false, schedule: false, migrate: false });
boss.on("error", (error) => console.error(error));
await boss.start();

const pools = new Map<string, Pool>();
function poolFor(origin: string): Pool {
  let pool = pools.get(origin);
  if (!pool) pools.set(origin, (pool = new Pool(origin, { connections: concurrency })));
  return pool;
}

async function post(data: JobData): Promise<void> {
  const target = new URL(data.url);
  const timestamp = new Date();
  const signature = new Webhook(data.secret).sign(data.event_id, timestamp, data.body);
  const response = await poolFor(target.origin).request({
    method: "POST",
    path: target.pathname,
    headers: {
      "content-type": "application/json",
      "webhook-id": data.event_id,
      "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "webhook-signature": signature,
    },
    body: data.body,
  });
  await response.body.dump();
  if (response.statusCode < 200 || response.statusCode >= 300) throw new Error(`status ${response.statusCode}`);
}

async function drain(queue: string, count: number): Promise<number> {
  let delivered = 0;
  while (delivered < count) {
    const jobs = await boss.fetch<JobData>(queue, { batchSize: 200 });
    if (jobs.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    let index = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
        while (index < jobs.length) await post(jobs[index++].data);
      }),
    );
    await boss.complete(queue, jobs.map((job) => job.id));
    delivered += jobs.length;
  }
  return delivered;
}

if (warmupQueue) await drain(warmupQueue, Number(warmupCountArg));
const started = performance.now();
const delivered = await drain(queue, count);
const durationMs = performance.now() - started;
await boss.stop({ graceful: false, wait: false });
for (const pool of pools.values()) await pool.close();
console.log(selfReport({ delivered, duration_ms: Math.round(durationMs), rate: Math.round((delivered / durationMs) * 1000) }));
process.exit(0);
