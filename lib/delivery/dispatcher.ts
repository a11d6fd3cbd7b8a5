// Runs attempts with two bounds: requests in flight per process, and per destination (origin). Jobs
// wait in per-origin queues, so a job for a slow endpoint waits for that endpoint's slots and never
// for a global one: a hanging receiver holds at most its own few slots while the rest keep moving.
import { attemptDelivery, type AttemptResult, type AttemptSettings, type DeliveryJob } from "./attempt";
import { deliveryConcurrency } from "./config";

type Listener = () => void;

/** Slots shared by every run in the process (scheduler loop, cron route, resends). */
class SlotPool {
  private inUse = 0;
  private readonly perOrigin = new Map<string, number>();
  private readonly listeners = new Set<Listener>();

  tryTake(origin: string, perOriginLimit: number): boolean {
    const load = this.perOrigin.get(origin) ?? 0;
    if (load >= perOriginLimit || this.inUse >= deliveryConcurrency()) return false;
    this.inUse += 1;
    this.perOrigin.set(origin, load + 1);
    return true;
  }

  give(origin: string): void {
    this.inUse -= 1;
    const load = (this.perOrigin.get(origin) ?? 1) - 1;
    if (load <= 0) this.perOrigin.delete(origin);
    else this.perOrigin.set(origin, load);
    for (const listener of [...this.listeners]) listener();
  }

  load(origin: string): number {
    return this.perOrigin.get(origin) ?? 0;
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

  /** Queued jobs whose origin is at its limit: no point claiming more for their webhooks now. */
  saturatedWebhookIds(): string[] {
    const ids = new Set<string>();
    for (const queue of this.queues.values()) {
      if (queue.length < this.options.perOriginConcurrency) continue;
      for (const job of queue) ids.add(job.webhookId);
    }
    return [...ids];
  }

  /** Queued jobs that could start as soon as a process-wide slot frees. */
  startable(): number {
    let count = 0;
    for (const [origin, queue] of this.queues) {
      count += Math.min(queue.length, Math.max(0, this.options.perOriginConcurrency - slots.load(origin)));
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
      .then(this.options.onResult, (error) => console.error("[delivery] attempt crashed", error))
      .finally(() => {
        this.inFlightCount -= 1;
        if (origin) slots.give(origin);
        else this.signal();
      });
  }
}
