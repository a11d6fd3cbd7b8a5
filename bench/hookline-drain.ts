// Hookline's side of the drain scenarios: the production delivery loop (runDeliveryCycle, the same
// code the scheduler and cron route run) until `count` events are delivered or nothing is due.
// Usage: hookline-drain.ts <count> [account id] [warm-up account id]
// With an account id only that account's events are drained (the database is shared). With a warm-up
// account, its events are drained first, untimed, as the bare load warms up before it is timed.
import { closeDb, getDb, type Db } from "@/db/client";
import { runDeliveryCycle } from "@/lib/delivery/run-cycle";
import { selfReport } from "./lib/process";

const count = Number(process.argv[2]);
const accountId = process.argv[3] || undefined;
const warmupAccountId = process.argv[4] || undefined;
const db = await getDb();

async function drain(db: Db, accountId: string | undefined, count: number) {
  const totals = { succeeded: 0, failed: 0, claimed: 0 };
  for (;;) {
    const summary = await runDeliveryCycle(db, { budgetMs: 60_000, pollIntervalMs: 20, accountId });
    totals.succeeded += summary.succeeded;
    totals.failed += summary.failed;
    totals.claimed += summary.claimed;
    if (summary.claimed === 0 || totals.succeeded + totals.failed >= count) return totals;
  }
}

if (warmupAccountId) await drain(db, warmupAccountId, Infinity);
const started = performance.now();
const { succeeded, failed, claimed } = await drain(db, accountId, count);
const durationMs = performance.now() - started;
await closeDb();
console.log(
  selfReport({ delivered: succeeded, failed, claimed, duration_ms: Math.round(durationMs), rate: Math.round((succeeded / durationMs) * 1000) }),
);
