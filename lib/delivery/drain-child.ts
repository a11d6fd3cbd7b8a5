// Test helper run as a child process by faults.test.ts: a delivery instance draining one account
// until nothing is due (or until the test kills it). Settings come from the environment (DRAIN_*).
import { openDatabase } from "@/db/client";
import { runDeliveryCycle } from "./run-cycle";

const handle = await openDatabase();
const setting = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
process.stdout.write("ready\n");
let summary = { claimed: 0, succeeded: 0, failed: 0 };
// Runs until a run finds nothing due at all (drained); a run stops claiming only then or at its budget.
for (;;) {
  const run = await runDeliveryCycle(handle.db, {
    accountId: process.env.DRAIN_ACCOUNT_ID,
    timeoutMs: setting("DRAIN_TIMEOUT_MS"),
    concurrency: setting("DRAIN_CONCURRENCY"),
    batchSize: setting("DRAIN_BATCH_SIZE"),
    budgetMs: setting("DRAIN_BUDGET_MS"),
    pollIntervalMs: 50,
  });
  summary = { claimed: summary.claimed + run.claimed, succeeded: summary.succeeded + run.succeeded, failed: summary.failed + run.failed };
  if (run.claimed === 0) break;
}
process.stdout.write(`${JSON.stringify(summary)}\n`);
await handle.close();
