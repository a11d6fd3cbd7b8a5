// Test helper run as a child process by crash.test.ts: one delivery run for one account, which the
// test SIGKILLs mid-batch. Settings come from the environment (CRASH_*).
import { openDatabase } from "@/db/client";
import { runDeliveryCycle } from "./run-cycle";

const handle = await openDatabase();
process.stdout.write("ready\n");
await runDeliveryCycle(handle.db, {
  accountId: process.env.CRASH_ACCOUNT_ID,
  leaseMs: Number(process.env.CRASH_LEASE_MS),
  timeoutMs: Number(process.env.CRASH_TIMEOUT_MS),
  batchSize: Number(process.env.CRASH_BATCH_SIZE),
});
process.stdout.write("done\n");
await handle.close();
