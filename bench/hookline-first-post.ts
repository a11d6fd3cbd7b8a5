// Latency scenario: on an idle server running the built-in scheduler, the time from ingesting a new
// matching job (ingestRecords, as the ingest API does) to the first POST of its event arriving at a
// receiver. `samples` jobs, one at a time, each after a pause so the scheduler is idle again.
// Usage: hookline-first-post.ts <samples>
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { closeDb, getDb } from "@/db/client";
import { startDeliveryScheduler, stopDeliveryScheduler } from "@/lib/delivery/scheduler";
import { ingestRecords } from "@/lib/matching/ingest";
import { selfReport } from "./lib/process";
import { createBenchAccount, createJobWebhooks } from "./lib/seed";

const samples = Number(process.argv[2] ?? 20);
let onPost: (() => void) | null = null;
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    onPost?.();
    res.writeHead(200).end("ok");
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = (server.address() as AddressInfo).port;

const db = await getDb();
const accountId = await createBenchAccount(db, "bench first post", 1_000_000);
await createJobWebhooks(db, accountId, 1, () => `http://127.0.0.1:${port}/hook`);
startDeliveryScheduler({ cycle: { accountId } });

const latencies: number[] = [];
for (let i = 0; i < samples; i += 1) {
  // Idle: the scheduler has found nothing due for a while and waits for its next poll.
  await new Promise((resolve) => setTimeout(resolve, 400 + Math.random() * 400));
  const arrived = new Promise<number>((resolve) => (onPost = () => resolve(performance.now())));
  const started = performance.now();
  await ingestRecords(db, accountId, "job", [
    { external_id: `first-post-${Date.now()}-${i}`, title: `Data engineer ${i}`, country_code: "ES", remote: true },
  ]);
  latencies.push((await arrived) - started);
}
await stopDeliveryScheduler();
server.close();
await closeDb();
latencies.sort((a, b) => a - b);
const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * q) - 1)]);
console.log(selfReport({ samples, p50_ms: at(0.5), p95_ms: at(0.95), max_ms: at(1) }));
