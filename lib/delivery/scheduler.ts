// The built-in scheduler (SPEC §4, SCHEDULER=internal): a long-running server runs the delivery
// loop itself. One loop per process (kept on globalThis, so dev reloads and route bundles share
// it). The loop is one continuous delivery run with no cycle barrier: claims go on while attempts
// are in flight, so a hung request never delays new claims. New events wake it at once
// (wakeDeliveryScheduler). If the run fails (the database is down) the error is logged and a new run
// starts after a backoff, so a database restart costs a few failed runs and nothing else.
import { getDb, type Db } from "@/db/client";
import { pruneAuditLogIfDue } from "@/lib/audit/retention";
import { evaluateCreditAlerts } from "@/lib/alerts/credits";
import { evaluateExhaustedDigest } from "@/lib/alerts/exhausted-digest";
import { evaluateEndpointHealth } from "@/lib/health/evaluate";
import { runRetentionIfDue } from "@/lib/retention/retention";
import { registerDrain } from "@/lib/lifecycle";
import { log } from "@/lib/log";
import { startReplayFeeder } from "@/lib/replays/runner";
import { runDeliveryCycle, type DeliveryCycleOptions } from "./run-cycle";
import { onDeliveryWake, wakeDelivery } from "./wake";

export type SchedulerOptions = {
  /** While nothing is due, look for due events this often. Default 1 s. */
  intervalMs?: number;
  cycle?: DeliveryCycleOptions;
  database?: () => Promise<Db>;
};

type SchedulerState = { stop: () => Promise<void> };

const globalForScheduler = globalThis as unknown as { hooklineDeliveryScheduler?: SchedulerState };

/** Housekeeping rides on the loop every instance already runs (it prunes a few minutes apart). */
const HOUSEKEEPING_MS = 60_000;

/** How often endpoint health is evaluated (HEALTH_EVAL_INTERVAL_MS, default 30 s). */
function healthEvalIntervalMs(): number {
  const value = Number(process.env.HEALTH_EVAL_INTERVAL_MS);
  return Number.isFinite(value) && value >= 100 ? value : 30_000;
}

export function isDeliverySchedulerRunning(): boolean {
  return globalForScheduler.hooklineDeliveryScheduler !== undefined;
}

export function startDeliveryScheduler(options: SchedulerOptions = {}): void {
  if (globalForScheduler.hooklineDeliveryScheduler) return;
  // A graceful shutdown stops the loop and waits for its cycle (which stops claiming by itself).
  const unregisterDrain = registerDrain(() => stopDeliveryScheduler());
  const intervalMs = options.intervalMs ?? 1_000;
  const database = options.database ?? getDb;
  const stopping = new AbortController();
  let wakeSleeper: (() => void) | null = null;
  let failures = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopping.signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      // Never keep a process alive just for the loop.
      timer.unref?.();
      function done() {
        clearTimeout(timer);
        wakeSleeper = null;
        resolve();
      }
      wakeSleeper = done;
    });

  // A wake-up while the loop backs off after a failure retries at once.
  const stopWaking = onDeliveryWake(() => wakeSleeper?.());
  const housekeeping = setInterval(() => {
    database()
      .then((db) => pruneAuditLogIfDue(db))
      .catch((error) => log.warn({ component: "scheduler", err: error }, "audit log pruning failed"));
    // Expired events and old attempt bodies (lib/retention): beside the delivery run, never in it.
    database()
      .then((db) => runRetentionIfDue(db))
      .catch((error) => log.warn({ component: "retention", err: error }, "retention pass failed"));
  }, HOUSEKEEPING_MS);
  housekeeping.unref?.();
  // Endpoint health is decided beside the loop, never per attempt (lib/health/evaluate.ts).
  let isEvaluating = false;
  const health = setInterval(() => {
    if (isEvaluating) return;
    isEvaluating = true;
    database()
      .then(async (db) => {
        await evaluateEndpointHealth(db);
        await evaluateCreditAlerts(db);
        await evaluateExhaustedDigest(db);
      })
      .catch((error) => log.warn({ component: "scheduler", err: error }, "endpoint health evaluation failed"))
      .finally(() => (isEvaluating = false));
  }, healthEvalIntervalMs());
  health.unref?.();
  // Bulk replay jobs feed the loop's claims (lib/replays/runner.ts).
  const stopReplays = startReplayFeeder(database);

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        const db = await database();
        if (failures > 0) log.info({ component: "scheduler" }, "delivery recovered");
        failures = 0;
        await runDeliveryCycle(db, { pollIntervalMs: intervalMs, ...options.cycle, budgetMs: Infinity, signal: stopping.signal });
      } catch (error) {
        failures += 1;
        // Log the first failure and then every 30th, so an outage does not flood the log.
        if (failures === 1 || failures % 30 === 0) {
          log.error({ component: "scheduler", err: error, failures }, "delivery cycle failed");
        }
      }
      if (stopping.signal.aborted) break;
      // Back off while the database is down.
      await sleep(Math.min(30_000, intervalMs * 2 ** Math.min(Math.max(failures, 1), 5)));
    }
  })();

  globalForScheduler.hooklineDeliveryScheduler = {
    async stop() {
      unregisterDrain();
      stopping.abort();
      stopWaking();
      clearInterval(housekeeping);
      clearInterval(health);
      wakeSleeper?.();
      await Promise.all([loop, stopReplays()]);
    },
  };
}

/** New events are due (ingest, trigger, resend): claim them now instead of at the next poll. */
export function wakeDeliveryScheduler(): void {
  wakeDelivery();
}

export async function stopDeliveryScheduler(): Promise<void> {
  const state = globalForScheduler.hooklineDeliveryScheduler;
  globalForScheduler.hooklineDeliveryScheduler = undefined;
  await state?.stop();
}
