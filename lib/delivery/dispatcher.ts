// Runs attempts with two bounds: requests in flight per process, and per destination (origin). Jobs
// wait in per-origin queues, so a job for a slow endpoint waits for that endpoint's slots and never
// for a global one: a hanging receiver holds at most its own few slots while the rest keep moving.
import { attemptDelivery, type AttemptResult, type AttemptSettings, type DeliveryJob } from "./attempt";
import { deliveryConcurrency } from "./config";
import { log } from "@/lib/log";

type Listener = () => void;

/** An origin whose slots are all taken and that answered nothing for this long counts as stalled. */
const STALL_MS = 250;

/** Slots shared by every run in the process (scheduler loop, cron route, resends). */
class SlotPool {
  private inUse = 0;
  private readonly perOrigin = new Map<string, { load: number; lastProgressAt: number }>();
  private readonly listeners = new Set<Listener>();

  tryTake(origin: string, perOriginLimit: number): boolean {
    const state = this.perOrigin.get(origin);
    if ((state?.load ?? 0) >= perOriginLimit || this.inUse >= deliveryConcurrency()) return false;
    this.inUse += 1;
    if (state) state.load += 1;
    else this.perOrigin.set(origin, { load: 1, lastProgressAt: performance.now() });
    return true;
  }

  give(origin: string): void {
    this.inUse -= 1;
    const state = this.perOrigin.get(origin);
    if (state) {
      state.load -= 1;
      state.lastProgressAt = performance.now();
      if (state.load <= 0) this.perOrigin.delete(origin);
    }
    for (const listener of [...this.listeners]) listener();
  }

  load(origin: string): number {
    return this.perOrigin.get(origin)?.load ?? 0;
  }

  /** Every slot of the origin busy and none freed for a while: a slow or hanging endpoint. */
  isStalled(origin: string, perOriginLimit: number): boolean {
    const state = this.perOrigin.get(origin);
    return state !== undefined && state.load >= perOriginLimit && performance.now() - state.lastProgressAt > STALL_MS;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const globalSlots = globalThis as unknown as { hooklineDeliverySlots?: SlotPool };
const slots = (globalSlots.hooklineDeliverySlots ??= new SlotPool());

export type DispatcherOptions = AttemptSettings & {
  /** Attempts in flight for this dispatcher (the process-wide bound applies too). */
  concurrency: number;
  perOriginConcurrency: number;
  /** Time kept free between an attempt's deadline and its lease's end. */
  leaseMarginMs: number;
  onResult: (result: AttemptResult) => void;
  /** A job that waited so long that its lease could end mid-attempt: not sent, to be handed back. */
  onExpired: (job: DeliveryJob) => void;
};

export class DeliveryDispatcher {
  private readonly queues = new Map<string, DeliveryJob[]>();
  private readonly webhooksByOrigin = new Map<string, Set<string>>();
  private inFlightCount = 0;
  private queuedCount = 0;
  private waiters: Listener[] = [];
  private readonly unsubscribe: () => void;

  constructor(private readonly options: DispatcherOptions) {
    this.unsubscribe = slots.subscribe(() => {
      this.pump();
      this.signal();
    });
  }

  get inFlight(): number {
    return this.inFlightCount;
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
      const webhookIds = this.webhooksByOrigin.get(job.origin);
      if (webhookIds) webhookIds.add(job.webhookId);
      else this.webhooksByOrigin.set(job.origin, new Set([job.webhookId]));
      const queue = this.queues.get(job.origin);
      if (queue) queue.push(job);
      else this.queues.set(job.origin, [job]);
      this.queuedCount += 1;
    }
    this.pump();
  }

  pump(): void {
    for (const origin of [...this.queues.keys()]) {
      const queue = this.queues.get(origin)!;
      while (queue.length > 0 && this.inFlightCount < this.options.concurrency) {
        const job = queue[0];
        if (performance.now() + this.options.timeoutMs + this.options.leaseMarginMs > job.leaseDeadline) {
          queue.shift();
          this.queuedCount -= 1;
          this.options.onExpired(job);
          continue;
        }
        if (!slots.tryTake(origin, this.options.perOriginConcurrency)) break;
        queue.shift();
        this.queuedCount -= 1;
        this.run(job, origin);
      }
      this.queues.delete(origin);
      // Re-inserted at the end: origins take turns when process-wide slots are scarce.
      if (queue.length > 0) this.queues.set(origin, queue);
    }
  }

  /** Webhooks at stalled destinations: claiming more of their events would only make them wait. */
  stalledWebhookIds(): string[] {
    const ids: string[] = [];
    for (const [origin, webhookIds] of this.webhooksByOrigin) {
      if (slots.isStalled(origin, this.options.perOriginConcurrency)) ids.push(...webhookIds);
    }
    return ids;
  }

  /** Queued jobs for destinations that are making progress: work that will start soon. */
  readyQueued(): number {
    let count = 0;
    for (const [origin, queue] of this.queues) {
      if (!slots.isStalled(origin, this.options.perOriginConcurrency)) count += queue.length;
    }
    return count;
  }

  /** Removes and returns every job not started yet. */
  takeQueued(): DeliveryJob[] {
    const jobs = [...this.queues.values()].flat();
    this.queues.clear();
    this.queuedCount = 0;
    return jobs;
  }

  /** Resolves when an attempt ends or a slot frees anywhere in the process, or after `ms`. */
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
    this.inFlightCount += 1;
    attemptDelivery(job, this.options)
      .then(this.options.onResult, (error) => log.error({ component: "delivery", err: error }, "attempt crashed"))
      .finally(() => {
        this.inFlightCount -= 1;
        if (origin) slots.give(origin);
        else this.signal();
      });
  }
}
