// The built-in scheduler (SPEC §4, SCHEDULER=internal): a long-running server runs the delivery
// loop itself. One loop per process (kept on globalThis, so dev reloads and route bundles share
// it), never overlapping itself; errors are logged and the loop carries on, so a database restart
// costs a few failed cycles and nothing else.
import { getDb, type Db } from "@/db/client";
import { pruneAuditLogIfDue } from "@/lib/audit/retention";
import { registerDrain } from "@/lib/lifecycle";
import { log } from "@/lib/log";
import { runDeliveryCycle, type DeliveryCycleOptions } from "./run-cycle";

export type SchedulerOptions = {
  /** Pause between cycles when nothing was due. Default 1 s. */
  intervalMs?: number;
  cycle?: DeliveryCycleOptions;
  database?: () => Promise<Db>;
};

type SchedulerState = { stop: () => Promise<void>; wake: () => void };

const globalForScheduler = globalThis as unknown as { hooklineDeliveryScheduler?: SchedulerState };

export function isDeliverySchedulerRunning(): boolean {
  return globalForScheduler.hooklineDeliveryScheduler !== undefined;
}

export function startDeliveryScheduler(options: SchedulerOptions = {}): void {
  if (globalForScheduler.hooklineDeliveryScheduler) return;
  // A graceful shutdown stops the loop and waits for its cycle (which stops claiming by itself).
  const unregisterDrain = registerDrain(() => stopDeliveryScheduler());
  const intervalMs = options.intervalMs ?? 1_000;
  const database = options.database ?? getDb;
  let isStopped = false;
  let isWoken = false;
  let wakeSleeper: (() => void) | null = null;
  let failures = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (isWoken || isStopped) return resolve();
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

  const loop = (async () => {
    while (!isStopped) {
      isWoken = false;
      let hadWork = false;
      try {
        const db = await database();
        const summary = await runDeliveryCycle(db, { budgetMs: 30_000, ...options.cycle });
        hadWork = summary.claimed > 0;
        // Housekeeping rides on the loop every instance already runs (a few minutes apart).
        await pruneAuditLogIfDue(db);
        if (failures > 0) log.info({ component: "scheduler" }, "delivery recovered");
        failures = 0;
      } catch (error) {
        failures += 1;
        // Log the first failure and then every 30th, so an outage does not flood the log.
        if (failures === 1 || failures % 30 === 0) {
          log.error({ component: "scheduler", err: error, failures }, "delivery cycle failed");
        }
      }
      if (isStopped) break;
      // More may be due right away after a busy cycle; back off while the database is down.
      const pause = failures > 0 ? Math.min(30_000, intervalMs * 2 ** Math.min(failures, 5)) : hadWork ? 0 : intervalMs;
      if (pause > 0) await sleep(pause);
    }
  })();

  globalForScheduler.hooklineDeliveryScheduler = {
    wake() {
      isWoken = true;
      wakeSleeper?.();
    },
    async stop() {
      unregisterDrain();
      isStopped = true;
      wakeSleeper?.();
      await loop;
    },
  };
}

/** Runs the next cycle now instead of after the pause (e.g. right after ingest created events). */
export function wakeDeliveryScheduler(): void {
  globalForScheduler.hooklineDeliveryScheduler?.wake();
}

export async function stopDeliveryScheduler(): Promise<void> {
  const state = globalForScheduler.hooklineDeliveryScheduler;
  globalForScheduler.hooklineDeliveryScheduler = undefined;
  await state?.stop();
}
