// Hookline's side of the drain scenarios: the production delivery loop (runDeliveryCycle, the same
// code the scheduler and cron route run) until `count` events are delivered or nothing is due.
// Usage: hookline-drain.ts <count> [account id: only that account's events, when the database is shared]
import { closeDb, getDb } from "@/db/client";
import { runDeliveryCycle } from "@/lib/delivery/run-cycle";
import { selfReport } from "./lib/process";

const count = Number(process.argv[2]);
const accountId = process.argv[3] || undefined;
const db = await getDb();
let succeeded = 0;
let failed = 0;
let claimed = 0;
const started = performance.now();
for (;;) {
  const summary = await runDeliveryCycle(db, { budgetMs: 60_000, pollIntervalMs: 20, accountId });
  succeeded += summary.succeeded;
  failed += summary.failed;
  claimed += summary.claimed;
  if (summary.claimed === 0 || succeeded + failed >= count) break;
}
const durationMs = performance.now() - started;
await closeDb();
console.log(
  selfReport({ delivered: succeeded, failed, claimed, duration_ms: Math.round(durationMs), rate: Math.round((succeeded / durationMs) * 1000) }),
);
