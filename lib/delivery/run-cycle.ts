// One delivery run (SPEC §4): claim due events under a short lease, send them with bounded
// concurrency, write results in batches, until nothing is due or the time budget ends (the built-in
// scheduler runs one run without end). Claims continue while attempts are in flight, and take only
// what can start soon, so an endpoint that hangs until the timeout never holds up the others.
// A heartbeat renews the lease of everything the run still holds, queued or in flight, so a killed
// instance's events are due again within one lease (DELIVERY_LEASE_MS, 6 s) however long attempts
// take. Due and lease times come from the database's clock, never the app server's.
// Any number of runs may overlap, in one process or many: claims skip rows others hold, and no
// transaction stays open across an HTTP call.
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { claimDueEvents, databaseNow, deleteUnsentAttempts, releaseLeases, renewLeases, type ClaimedEventRow } from "@/db/queries/delivery";
import { isShuttingDown, onShutdown } from "@/lib/lifecycle";
import { log } from "@/lib/log";
import { countClaim } from "@/lib/metrics/metrics";
import { jobsFromClaim, type DeliveryJob } from "./attempt";
import {
  allowPrivateUrls,
  deliveryConcurrency,
  deliveryTimeoutMs,
  perHostConcurrency,
  perWebhookConcurrency,
  renewedLeaseMs,
} from "./config";
import { DeliveryDispatcher } from "./dispatcher";
import { ResultWriter, type HeldLease } from "./result-writer";
import { onDeliveryWake } from "./wake";

export type DeliveryCycleOptions = {
  /** The scheduling clock (due times, attempt times, retry schedule). Tests inject one to walk 48 hours. Default: the database's clock. */
  now?: () => Date;
  /** Stop claiming after this long; attempts in flight still finish. Default 25 s; Infinity for the scheduler. */
  budgetMs?: number;
  /** Stops claiming when aborted (the scheduler stopping); attempts in flight still finish. */
  signal?: AbortSignal;
  /** Most events per claim. Default 200. */
  batchSize?: number;
  /** Attempts in flight for this run. Default DELIVERY_CONCURRENCY (64). */
  concurrency?: number;
  /** Attempts in flight per destination. Default DELIVERY_PER_HOST_CONCURRENCY (8). */
  perHostConcurrency?: number;
  /** Attempts in flight per webhook, within its destination's bound. Default DELIVERY_PER_WEBHOOK_CONCURRENCY (half of it, 4). */
  perWebhookConcurrency?: number;
  /** Per-attempt timeout. Default DELIVERY_TIMEOUT_MS (15 s). */
  timeoutMs?: number;
  /** How long a claim holds its events between heartbeats. Default DELIVERY_LEASE_MS (6 s). */
  leaseMs?: number;
  /** Default ALLOW_PRIVATE_URLS (true only in development and tests unless set). */
  allowPrivateUrls?: boolean;
  /** Only this account's events (tests, per-tenant runs). */
  accountId?: string;
  /** While nothing was due, look for new due events this often (wakeDelivery looks at once). Default 250 ms. */
  pollIntervalMs?: number;
};

export type DeliveryCycleSummary = { claimed: number; succeeded: number; failed: number; duration_ms: number };

export const DEFAULT_BUDGET_MS = 25_000;
export const DEFAULT_BATCH_SIZE = 200;
const CLOCK_SYNC_MS = 60_000;

/** The database's clock as seen from here: the app's monotonic clock plus an offset measured by round trips. */
class DatabaseClock {
  private offsetMs = 0;
  syncedAt = -Infinity;

  async sync(db: Db): Promise<void> {
    const sent = performance.now();
    this.syncedAt = sent;
    const dbNow = await databaseNow(db);
    const received = performance.now();
    this.offsetMs = dbNow.getTime() - (performance.timeOrigin + (sent + received) / 2);
  }

  now = (): Date => new Date(performance.timeOrigin + performance.now() + this.offsetMs);
}

export async function runDeliveryCycle(db: Db, options: DeliveryCycleOptions = {}): Promise<DeliveryCycleSummary> {
  const started = performance.now();
  const clock = options.now ? null : new DatabaseClock();
  if (clock) await clock.sync(db);
  const now = options.now ?? clock!.now;
  // With its own clock a test says where "now" is; otherwise the database decides.
  const claimNow = () => (options.now ? options.now() : undefined);
  const timeoutMs = options.timeoutMs ?? deliveryTimeoutMs();
  const leaseMs = options.leaseMs ?? renewedLeaseMs();
  const heartbeatMs = leaseMs / 3;
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const concurrency = options.concurrency ?? deliveryConcurrency();
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const deadline = started + budgetMs;
  const leaseId = randomUUID();

  const summary = { claimed: 0, succeeded: 0, failed: 0 };
  const writer = new ResultWriter(db);
  const handBack: DeliveryJob[] = [];
  const perWebhook = Math.min(
    options.perWebhookConcurrency ?? perWebhookConcurrency(),
    options.perHostConcurrency ?? perHostConcurrency(),
  );
  const dispatcher = new DeliveryDispatcher({
    now,
    timeoutMs,
    allowPrivateUrls: options.allowPrivateUrls ?? allowPrivateUrls(),
    concurrency,
    perOriginConcurrency: options.perHostConcurrency ?? perHostConcurrency(),
    perWebhookConcurrency: perWebhook,
    // Leases are renewed every third of their length: a job may start while a third is left.
    startWindowMs: leaseMs / 3,
    onResult: (result) => {
      if (result.outcome.isSuccess) summary.succeeded += 1;
      else summary.failed += 1;
      writer.add(result.row, result.job);
    },
    onExpired: (job) => handBack.push(job),
  });
  let isWoken = false;
  const wake = () => {
    isWoken = true;
    dispatcher.wake();
  };
  const stopWaking = onDeliveryWake(wake);
  // A shutdown wakes the run at once, so unsent claims go back without waiting for the next poll.
  const stopWakingOnShutdown = onShutdown(() => dispatcher.wake());
  options.signal?.addEventListener("abort", wake);

  const releaseHandBack = async () => {
    const jobs = handBack.splice(0);
    if (jobs.length === 0) return;
    try {
      await releaseLeases(
        db,
        jobs.map((job) => ({ id: job.eventId, lease_id: job.leaseId, due_at: job.dueAt, attempt_id: job.attemptId })),
      );
    } catch (error) {
      // Not fatal: the leases end by themselves.
      log.warn({ component: "delivery", err: error }, "handing back unsent events failed");
    }
  };

  let fatal: unknown = null;
  let isLastClaimEmpty = false;
  /** The last claim took less than it asked for: all that was due, or each webhook's share of it. */
  let isLastClaimShort = false;
  let isDrained = false;
  let lastClaimAt = -Infinity;
  let excludedAtLastClaim = 0;
  let nextHeartbeatAt = started + heartbeatMs;
  try {
    for (;;) {
      dispatcher.pump();
      let t = performance.now();
      if (t >= nextHeartbeatAt) {
        await heartbeat();
        t = performance.now();
      }
      // A shutdown (SIGTERM) ends the budget: no new claims, and unsent claims go back at once.
      const isStopping = isShuttingDown();
      const isInBudget = t < deadline && fatal === null && !options.signal?.aborted && !isStopping;
      if (!isInBudget && dispatcher.queued > 0) handBack.push(...dispatcher.takeQueued());
      if (isStopping && handBack.length > 0) await releaseHandBack();
      // Claim only what can start soon: a batch while fewer than a batch are ready to start. Jobs
      // waiting on a stalled endpoint do not count, so they never hold up other endpoints; webhooks
      // with a full queue already, or stalled, are left out of the claim (saturatedWebhookIds), so a
      // claim never piles up behind one webhook's concurrency cap.
      const ready = dispatcher.readyQueued();
      const room = batchSize;
      const hasRoom = ready < batchSize;
      const excluded = hasRoom ? dispatcher.saturatedWebhookIds() : [];
      const isPollDue =
        !isLastClaimShort ||
        isWoken ||
        t - lastClaimAt >= pollIntervalMs ||
        // Nothing more was due but for webhooks that had enough: one of them has room again.
        (excludedAtLastClaim > 0 && excluded.length < excludedAtLastClaim);
      if (isInBudget && isPollDue && hasRoom) {
        isWoken = false;
        try {
          const claimedRows = await claimDueEvents(db, {
            now: claimNow(),
            leaseId,
            leaseMs,
            limit: room,
            accountId: options.accountId,
            excludeWebhookIds: excluded,
            // Enough for a fast endpoint to keep its slots busy between claims (a claim of a few events
            // at a time caps one webhook's rate at a few per round trip), few enough that one webhook's
            // backlog does not fill the claim and wait behind its cap, held from other instances.
            perWebhookLimit: Math.max(32, 8 * perWebhook),
          });
          const leaseDeadline = t + leaseMs;
          const rows = await withoutHeld(claimedRows, leaseDeadline);
          lastClaimAt = performance.now();
          isLastClaimEmpty = rows.length === 0;
          isLastClaimShort = claimedRows.length < room;
          // Nothing due except for webhooks left out is not "nothing due": look again later.
          isDrained = isLastClaimEmpty && excluded.length === 0;
          summary.claimed += rows.length;
          countClaim(rows.length);
          dispatcher.add(jobsFromClaim(rows, { leaseId, leaseDeadline, trigger: "scheduled" }));
          // After a short claim, claiming again at once would only walk past the events of webhooks
          // that have enough now: wait for one of them to have room (or a wake, or the next poll).
          excludedAtLastClaim = isLastClaimShort ? dispatcher.saturatedWebhookIds().length : 0;
        } catch (error) {
          fatal = error;
        }
        continue;
      }
      if (dispatcher.inFlight === 0 && dispatcher.queued === 0 && (!isInBudget || isDrained)) break;
      const untilPoll = isInBudget && isLastClaimShort ? lastClaimAt + pollIntervalMs - t : pollIntervalMs;
      const wait = Math.min(untilPoll, nextHeartbeatAt - t, isInBudget ? deadline - t : Infinity);
      await dispatcher.waitForChange(Math.max(1, wait));
    }
  } finally {
    stopWaking();
    stopWakingOnShutdown();
    options.signal?.removeEventListener("abort", wake);
    dispatcher.close();
    handBack.push(...dispatcher.takeQueued());
    await releaseHandBack();
    await writer.flush();
  }
  if (fatal !== null) throw fatal;
  if (writer.error !== null) throw writer.error;
  return { ...summary, duration_ms: Math.round(performance.now() - started) };

  /**
   * The claimed rows this run does not hold already. An event whose lease ran out while the run still
   * held it (queued, in flight, or its result not yet written: heartbeats failed while the database was
   * away) is due again, and the run's own claim may find it: sending it again would be a duplicate
   * from one process. The claim renewed its lease (same lease id); the attempt the claim recorded as
   * started is removed, the one in progress stays.
   */
  async function withoutHeld(rows: ClaimedEventRow[], leaseDeadline: number): Promise<ClaimedEventRow[]> {
    if (rows.length === 0) return rows;
    const held = new Map<string, HeldLease>();
    for (const job of [...dispatcher.heldJobs(), ...writer.unwritten()]) held.set(job.eventId, job);
    const again = rows.filter((row) => held.has(row.id));
    if (again.length === 0) return rows;
    for (const row of again) {
      const lease = held.get(row.id)!;
      lease.leaseDeadline = Math.max(lease.leaseDeadline, leaseDeadline);
    }
    log.warn({ component: "delivery", events: again.length }, "claimed again events this run still holds (their leases had run out); not sending them twice");
    const unsent = again.flatMap((row) => (row.attempt_id === null ? [] : [Number(row.attempt_id)]));
    // Not fatal: the attempt stays "outcome unknown" beside the real one.
    await deleteUnsentAttempts(db, unsent).catch((error) => log.warn({ component: "delivery", err: error }, "removing unsent attempts failed"));
    return rows.filter((row) => !held.has(row.id));
  }

  /** Renews the leases of every job still held; a failure only means they may run out. */
  async function heartbeat(): Promise<void> {
    const sent = performance.now();
    nextHeartbeatAt = sent + heartbeatMs;
    // A run may last for days (the scheduler's): measure the database's clock again now and then.
    if (clock && sent - clock.syncedAt > CLOCK_SYNC_MS) await clock.sync(db).catch(() => {});
    // Queued and in-flight jobs, and results waiting to be written (the database may be failing them).
    const held: HeldLease[] = [...dispatcher.heldJobs(), ...writer.unwritten()];
    if (held.length === 0) return;
    try {
      await renewLeases(db, { leaseId, eventIds: held.map((job) => job.eventId), leaseMs, now: claimNow() });
      for (const job of held) job.leaseDeadline = Math.max(job.leaseDeadline, sent + leaseMs);
    } catch (error) {
      log.warn({ component: "delivery", err: error }, "renewing leases failed");
    }
  }
}
