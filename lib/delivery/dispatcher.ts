// Runs attempts with three bounds: requests in flight per process, per destination (origin), and per
// webhook within its destination. Jobs wait in per-webhook queues, and teams, then their webhooks,
// take turns at free slots: a hanging or slow endpoint holds at most its own webhook's few slots, so
// another webhook on the same host (or another team's webhook on a shared host) keeps moving.
import { attemptDelivery, type AttemptResult, type AttemptSettings, type DeliveryJob } from "./attempt";
import { deliveryConcurrency } from "./config";
import { log } from "@/lib/log";

type Listener = () => void;

/** A webhook whose slots are all taken and that answered nothing for this long counts as stalled. */
const STALL_MS = 250;

type Load = { load: number; lastProgressAt: number };

/** Slots shared by every run in the process (scheduler loop, cron route, resends). */
class SlotPool {
  private inUse = 0;
  private readonly perOrigin = new Map<string, Load>();
  private readonly perWebhook = new Map<string, Load>();
  private readonly listeners = new Set<Listener>();

  tryTake(origin: string, webhookId: string, limits: { perOrigin: number; perWebhook: number }): boolean {
    if (this.inUse >= deliveryConcurrency()) return false;
    if (this.load(origin) >= limits.perOrigin || this.webhookLoad(webhookId) >= limits.perWebhook) return false;
    this.inUse += 1;
    increment(this.perOrigin, origin);
    increment(this.perWebhook, webhookId);
    return true;
  }

  give(origin: string, webhookId: string): void {
    this.inUse -= 1;
    decrement(this.perOrigin, origin);
    decrement(this.perWebhook, webhookId);
    for (const listener of [...this.listeners]) listener();
  }

  isFull(): boolean {
    return this.inUse >= deliveryConcurrency();
  }

  load(origin: string): number {
    return this.perOrigin.get(origin)?.load ?? 0;
  }

  webhookLoad(webhookId: string): number {
    return this.perWebhook.get(webhookId)?.load ?? 0;
  }

  /** Every slot of the webhook busy and none freed for a while: a slow or hanging endpoint. */
  isStalled(webhookId: string, perWebhookLimit: number): boolean {
    const state = this.perWebhook.get(webhookId);
    return state !== undefined && state.load >= perWebhookLimit && performance.now() - state.lastProgressAt > STALL_MS;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function increment(map: Map<string, Load>, key: string): void {
  const state = map.get(key);
  if (state) state.load += 1;
  else map.set(key, { load: 1, lastProgressAt: performance.now() });
}

function decrement(map: Map<string, Load>, key: string): void {
  const state = map.get(key);
  if (!state) return;
  state.load -= 1;
  state.lastProgressAt = performance.now();
  if (state.load <= 0) map.delete(key);
}

const globalSlots = globalThis as unknown as { hooklineDeliverySlotsV2?: SlotPool };
const slots = (globalSlots.hooklineDeliverySlotsV2 ??= new SlotPool());

export type DispatcherOptions = AttemptSettings & {
  /** Attempts in flight for this dispatcher (the process-wide bound applies too). */
  concurrency: number;
  perOriginConcurrency: number;
  /** Attempts in flight per webhook, within its origin's bound. Default: the origin's bound. */
  perWebhookConcurrency?: number;
  /**
   * A job starts only while its lease has at least this long left. Runs whose leases are renewed by a
   * heartbeat need only a margin; runs with a fixed lease need the whole attempt's timeout and a margin.
   */
  startWindowMs: number;
  onResult: (result: AttemptResult) => void;
  /** A job that waited so long that its lease could end mid-attempt: not sent, to be handed back. */
  onExpired: (job: DeliveryJob) => void;
};

type WebhookQueue = { origin: string; jobs: DeliveryJob[] };

export class DeliveryDispatcher {
  /** account id → webhook id → queued jobs; both levels rotate so teams and webhooks take turns. */
  private readonly queues = new Map<string, Map<string, WebhookQueue>>();
  private readonly inFlightJobs = new Set<DeliveryJob>();
  private queuedCount = 0;
  private waiters: Listener[] = [];
  private readonly unsubscribe: () => void;
  private readonly perWebhook: number;

  constructor(private readonly options: DispatcherOptions) {
    this.perWebhook = Math.min(options.perWebhookConcurrency ?? options.perOriginConcurrency, options.perOriginConcurrency);
    this.unsubscribe = slots.subscribe(() => {
      this.pump();
      this.signal();
    });
  }

  get inFlight(): number {
    return this.inFlightJobs.size;
  }

  get queued(): number {
    return this.queuedCount;
  }

  add(jobs: DeliveryJob[]): void {
    for (const job of jobs) {
      if (job.origin === null) {
        // An unusable URL fails at once without touching the network; it needs no slot.
        this.run(job, null);
        continue;
      }
      let team = this.queues.get(job.accountId);
      if (!team) this.queues.set(job.accountId, (team = new Map()));
      const queue = team.get(job.webhookId);
      if (queue) queue.jobs.push(job);
      else team.set(job.webhookId, { origin: job.origin, jobs: [job] });
      this.queuedCount += 1;
    }
    this.pump();
  }

  /** Starts what the slots allow: one job per team per round, each team's webhooks in turn. */
  pump(): void {
    let started = true;
    while (started && this.queuedCount > 0 && this.inFlight < this.options.concurrency && !slots.isFull()) {
      started = false;
      for (const [accountId, team] of [...this.queues]) {
        if (this.inFlight >= this.options.concurrency || slots.isFull()) break;
        if (this.startOne(team)) started = true;
        this.queues.delete(accountId);
        // Re-inserted at the end: the next round starts with the next team.
        if (team.size > 0) this.queues.set(accountId, team);
      }
    }
  }

  /** Starts the first startable job among the team's webhooks (in turn); true when one started. */
  private startOne(team: Map<string, WebhookQueue>): boolean {
    // No copy of the map: it is changed only right before returning (or by deleting, which is safe).
    for (const [webhookId, queue] of team) {
      this.dropExpired(queue);
      if (queue.jobs.length === 0) {
        team.delete(webhookId);
        continue;
      }
      if (!slots.tryTake(queue.origin, webhookId, { perOrigin: this.options.perOriginConcurrency, perWebhook: this.perWebhook })) continue;
      const job = queue.jobs.shift()!;
      this.queuedCount -= 1;
      team.delete(webhookId);
      if (queue.jobs.length > 0) team.set(webhookId, queue);
      this.run(job, queue.origin);
      return true;
    }
    return false;
  }

  private dropExpired(queue: WebhookQueue): void {
    const limit = performance.now() + this.options.startWindowMs;
    while (queue.jobs.length > 0 && queue.jobs[0].leaseDeadline < limit) {
      const job = queue.jobs.shift()!;
      this.queuedCount -= 1;
      this.options.onExpired(job);
    }
  }

  /**
   * Webhooks not worth claiming more for now: stalled ones, and those with enough queued to fill
   * their slots again (claiming more would only make the events wait here, held from other instances).
   */
  saturatedWebhookIds(): string[] {
    const ids: string[] = [];
    for (const team of this.queues.values()) {
      for (const [webhookId, queue] of team) {
        if (queue.jobs.length >= this.perWebhook || slots.isStalled(webhookId, this.perWebhook)) ids.push(webhookId);
      }
    }
    for (const job of this.inFlightJobs) {
      if (slots.isStalled(job.webhookId, this.perWebhook) && !ids.includes(job.webhookId)) ids.push(job.webhookId);
    }
    return ids;
  }

  /** Queued jobs for webhooks that are making progress: work that will start soon. */
  readyQueued(): number {
    let count = 0;
    for (const team of this.queues.values()) {
      for (const [webhookId, queue] of team) {
        if (!slots.isStalled(webhookId, this.perWebhook)) count += queue.jobs.length;
      }
    }
    return count;
  }

  /** Every job this dispatcher holds a lease for: queued or in flight. */
  heldJobs(): DeliveryJob[] {
    const jobs = [...this.inFlightJobs];
    for (const team of this.queues.values()) for (const queue of team.values()) jobs.push(...queue.jobs);
    return jobs;
  }

  /** Removes and returns every job not started yet. */
  takeQueued(): DeliveryJob[] {
    const jobs: DeliveryJob[] = [];
    for (const team of this.queues.values()) for (const queue of team.values()) jobs.push(...queue.jobs);
    this.queues.clear();
    this.queuedCount = 0;
    return jobs;
  }

  /** Resolves when an attempt ends, a slot frees anywhere in the process, or `wake` is called, or after `ms`. */
  waitForChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(1, ms));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  /** Ends the current waitForChange early (new events are due). */
  wake(): void {
    this.signal();
  }

  close(): void {
    this.unsubscribe();
    this.signal();
  }

  private signal(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private run(job: DeliveryJob, origin: string | null): void {
    this.inFlightJobs.add(job);
    attemptDelivery(job, this.options)
      .then(this.options.onResult, (error) => log.error({ component: "delivery", err: error }, "attempt crashed"))
      .finally(() => {
        this.inFlightJobs.delete(job);
        if (origin) slots.give(origin, job.webhookId);
        else this.signal();
      });
  }
}
