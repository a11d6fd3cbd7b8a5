// Runs bulk replay jobs (db/queries/replays.ts): every few hundred milliseconds, beside the delivery
// loop of the built-in scheduler or during a cron run, each running job settles what its queued
// events did and queues more of its pending ones, at most REPLAY_WINDOW at a time per job. The
// delivery run does the sending, through the normal claim, so replayed and fresh events share the
// same leases, concurrency bounds and fairness. Stateless: a restarted server picks jobs up where
// the database says they are.
import type { Db } from "@/db/client";
import { listRunningReplayJobIds, queueReplayEvents, settleReplayEvents } from "@/db/queries/replays";
import { log } from "@/lib/log";
import { wakeDelivery } from "@/lib/delivery/wake";

/**
 * Events of one job marked due and not yet attempted, at most: what fresh events may wait behind,
 * and what a cancel may no longer stop once the delivery run has claimed them. REPLAY_WINDOW sets it.
 */
export const REPLAY_WINDOW = 2_000;

function replayWindow(): number {
  const value = Number(process.env.REPLAY_WINDOW);
  return Number.isInteger(value) && value > 0 ? value : REPLAY_WINDOW;
}
/** How often the feeder looks at running jobs. */
export const REPLAY_TICK_MS = 200;
const MAX_JOBS_PER_TICK = 20;

export type ReplayTickSummary = { jobs: number; queued: number; finished: number };

/** One pass over the running jobs. */
export async function advanceReplayJobs(db: Db, options: { window?: number } = {}): Promise<ReplayTickSummary> {
  const window = options.window ?? replayWindow();
  const ids = await listRunningReplayJobIds(db, MAX_JOBS_PER_TICK);
  const summary: ReplayTickSummary = { jobs: ids.length, queued: 0, finished: 0 };
  for (const id of ids) {
    await settleReplayEvents(db, id);
    const result = await queueReplayEvents(db, id, window);
    summary.queued += result.queued;
    if (result.isFinished) summary.finished += 1;
  }
  if (summary.queued > 0) wakeDelivery();
  return summary;
}

/**
 * Advances replay jobs every `intervalMs` until the returned stop is called (one pass at a time;
 * failures are logged and the next tick tries again).
 */
export function startReplayFeeder(database: () => Promise<Db>, options: { intervalMs?: number; window?: number } = {}): () => Promise<void> {
  let isStopped = false;
  let running: Promise<void> = Promise.resolve();
  let failures = 0;
  const tick = () => {
    running = (async () => {
      try {
        await advanceReplayJobs(await database(), { window: options.window });
        failures = 0;
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 50 === 0) log.warn({ component: "replays", err: error, failures }, "advancing replay jobs failed");
      }
    })();
    void running.then(() => {
      if (!isStopped) timer = setTimeout(tick, options.intervalMs ?? REPLAY_TICK_MS);
      timer?.unref?.();
    });
  };
  let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(tick, 0);
  timer.unref?.();
  return async () => {
    isStopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
