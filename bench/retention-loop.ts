// Retention's side of the retention bench: production passes (runRetention: batches of 500 in id
// order, 20 ms apart) back to back — not once per 5 minutes as the scheduler does — until no expired
// event is left or it is told to stop (SIGTERM). Reports what it deleted and how long it took.
// Usage: retention-loop.ts
import { closeDb, getDb } from "@/db/client";
import { runRetention } from "@/lib/retention/retention";
import { selfReport } from "./lib/process";

const db = await getDb();
let isStopping = false;
process.on("SIGTERM", () => (isStopping = true));
const started = performance.now();
const totals = { events: 0, attempts: 0, attempt_bodies: 0, passes: 0 };
const progress: { at_ms: number; events: number }[] = [];
while (!isStopping) {
  const pass = await runRetention(db, { maxBatches: 20 });
  totals.events += pass.events;
  totals.attempts += pass.attempts;
  totals.attempt_bodies += pass.attemptBodies;
  totals.passes += 1;
  progress.push({ at_ms: Math.round(performance.now() - started), events: totals.events });
  if (pass.events === 0 && pass.attempts === 0 && pass.attemptBodies === 0) break;
}
const durationMs = performance.now() - started;
await closeDb();
console.log(
  selfReport({ ...totals, duration_ms: Math.round(durationMs), rate: Math.round((totals.events / durationMs) * 1000), progress: progress.filter((_, i) => i % 10 === 0) }),
);
