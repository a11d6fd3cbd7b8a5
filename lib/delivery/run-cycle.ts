// One delivery run (SPEC §4): claim due events under a lease, send them with bounded concurrency,
// write results in batches, until nothing is due or the time budget ends. Claims continue while
// attempts are in flight, so an endpoint that hangs until the timeout never holds up the others.
// Any number of runs may overlap, in one process or many: claims skip rows others hold, and no
// transaction stays open across an HTTP call.
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { claimDueEvents, releaseLeases } from "@/db/queries/delivery";
import { isShuttingDown } from "@/lib/lifecycle";
import { log } from "@/lib/log";
import { jobsFromClaim, type DeliveryJob } from "./attempt";
import { StartedAttemptLog } from "./attempt-log";
import { allowPrivateUrls, defaultLeaseMs, deliveryConcurrency, deliveryTimeoutMs, perHostConcurrency } from "./config";
import { DeliveryDispatcher } from "./dispatcher";
import { ResultWriter } from "./result-writer";

export type DeliveryCycleOptions = {
  /** The scheduling clock (due times, attempt times, retry schedule). Tests inject one to walk 48 hours. */
  now?: () => Date;
  /** Stop claiming after this long; attempts in flight still finish. Default 25 s. */
  budgetMs?: number;
  /** Events per claim. Default 200. */
  batchSize?: number;
  /** Attempts in flight for this run. Default DELIVERY_CONCURRENCY (64). */
  concurrency?: number;
  /** Attempts in flight per destination. Default DELIVERY_PER_HOST_CONCURRENCY (4). */
  perHostConcurrency?: number;
  /** Per-attempt timeout. Default DELIVERY_TIMEOUT_MS (15 s). */
  timeoutMs?: number;
  /** How long a claim holds its events. Default max(60 s, 4 × timeout). */
  leaseMs?: number;
  /** Default ALLOW_PRIVATE_URLS (true only in development and tests unless set). */
  allowPrivateUrls?: boolean;
  /** Only this account's events (tests, per-tenant runs). */
  accountId?: string;
  /** While attempts are in flight and nothing was due, look for new due events this often. Default 250 ms. */
  pollIntervalMs?: number;
};

export type DeliveryCycleSummary = { claimed: number; succeeded: number; failed: number; duration_ms: number };

export const DEFAULT_BUDGET_MS = 25_000;
export const DEFAULT_BATCH_SIZE = 200;

export async function runDeliveryCycle(db: Db, options: DeliveryCycleOptions = {}): Promise<DeliveryCycleSummary> {
  const started = performance.now();
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? deliveryTimeoutMs();
  const leaseMs = options.leaseMs ?? defaultLeaseMs(timeoutMs);
  const leaseMarginMs = Math.min(5_000, leaseMs / 10);
  if (leaseMs <= timeoutMs + leaseMarginMs) throw new Error(`leaseMs (${leaseMs}) must exceed timeoutMs (${timeoutMs}) with room to spare`);
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const concurrency = options.concurrency ?? deliveryConcurrency();
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const deadline = started + budgetMs;

  const summary = { claimed: 0, succeeded: 0, failed: 0 };
  const writer = new ResultWriter(db);
  const startedAttempts = new StartedAttemptLog(db);
  const handBack: DeliveryJob[] = [];
  const dispatcher = new DeliveryDispatcher({
    now,
    timeoutMs,
    allowPrivateUrls: options.allowPrivateUrls ?? allowPrivateUrls(),
    concurrency,
    perOriginConcurrency: options.perHostConcurrency ?? perHostConcurrency(),
    leaseMarginMs,
    onResult: (result) => {
      if (result.outcome.isSuccess) summary.succeeded += 1;
      else summary.failed += 1;
      writer.add(result.row, result.job.leaseDeadline, result.job.attemptStart);
    },
    onExpired: (job) => handBack.push(job),
    onStart: (job, startedAt) => startedAttempts.begin(job, startedAt),
  });

  const releaseHandBack = async () => {
    const jobs = handBack.splice(0);
    if (jobs.length === 0) return;
    try {
      await releaseLeases(
        db,
        jobs.map((job) => ({ id: job.eventId, lease_id: job.leaseId, due_at: job.dueAt })),
      );
    } catch (error) {
      // Not fatal: the leases end by themselves.
      log.warn({ component: "delivery", err: error }, "handing back unsent events failed");
    }
  };

  let fatal: unknown = null;
  let isLastClaimEmpty = false;
  let isDrained = false;
  let lastClaimAt = -Infinity;
  try {
    for (;;) {
      dispatcher.pump();
      const t = performance.now();
      // A shutdown (SIGTERM) ends the budget: no new claims, and unsent claims go back at once.
      const isStopping = isShuttingDown();
      const isInBudget = t < deadline && fatal === null && !isStopping;
      if (!isInBudget && dispatcher.queued > 0) handBack.push(...dispatcher.takeQueued());
      if (isStopping && handBack.length > 0) await releaseHandBack();
      const isPollDue = !isLastClaimEmpty || t - lastClaimAt >= pollIntervalMs;
      // Claim the next batch while the current one is still being sent, so the pipe never runs dry;
      // jobs waiting on a stalled endpoint do not count, so they never hold up other endpoints.
      const hasRoom = dispatcher.readyQueued() < batchSize;
      if (isInBudget && isPollDue && hasRoom) {
        const leaseId = randomUUID();
        const leaseDeadline = performance.now() + leaseMs;
        const claimTime = now();
        const excludeWebhookIds = dispatcher.stalledWebhookIds();
        try {
          const rows = await claimDueEvents(db, {
            now: claimTime,
            leaseId,
            leaseUntil: new Date(claimTime.getTime() + leaseMs),
            limit: batchSize,
            accountId: options.accountId,
            excludeWebhookIds,
          });
          lastClaimAt = performance.now();
          isLastClaimEmpty = rows.length === 0;
          // Nothing due except at stalled destinations is not "nothing due": look again later.
          isDrained = isLastClaimEmpty && excludeWebhookIds.length === 0;
          summary.claimed += rows.length;
          dispatcher.add(jobsFromClaim(rows, { leaseId, leaseDeadline, trigger: "scheduled" }));
        } catch (error) {
          fatal = error;
        }
        continue;
      }
      if (dispatcher.inFlight === 0 && dispatcher.queued === 0 && (!isInBudget || isDrained)) break;
      const untilPoll = isInBudget && isLastClaimEmpty ? lastClaimAt + pollIntervalMs - t : pollIntervalMs;
      await dispatcher.waitForChange(Math.max(1, Math.min(untilPoll, isInBudget ? deadline - t : untilPoll)));
    }
  } finally {
    dispatcher.close();
    handBack.push(...dispatcher.takeQueued());
    await releaseHandBack();
    await writer.flush();
  }
  if (fatal !== null) throw fatal;
  if (writer.error !== null) throw writer.error;
  return { ...summary, duration_ms: Math.round(performance.now() - started) };
}
