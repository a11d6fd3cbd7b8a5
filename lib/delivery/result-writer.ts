// Attempt results are written in batches: one statement per few hundred results instead of one per
// attempt. A couple of batches may be written at once (they touch different events; the rollup
// upserts lock their buckets in key order, so concurrent batches wait rather than deadlock). A failed
// write (the database restarting, connections terminated) is kept and retried with backoff, and the
// run's heartbeat keeps renewing its event's lease meanwhile. A result written after its lease ended
// is still worth writing: while the database was out nobody could claim the event again, and if
// someone has, the write records the attempt and leaves their newer state alone. So retries go on
// until a minute past the lease (bounded memory); only then is a result dropped, its event delivered
// again (at-least-once) and its attempt left "outcome unknown" in the history. During a shutdown,
// retries stop when the grace period ends.
import type { Db } from "@/db/client";
import { recordDeliveryResults, type DeliveryResultRow } from "@/db/queries/delivery";
import { shutdownDeadline } from "@/lib/lifecycle";
import { afterDeliveryResults } from "./post-results";
import { log } from "@/lib/log";

const MAX_BATCH = 500;
const MAX_PARALLEL_WRITES = 2;
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 2_000;
/** How long past its lease a failed result write is still retried. */
const RETRY_PAST_LEASE_MS = 60_000;

/** Whose lease a result's write depends on; the run's heartbeat moves leaseDeadline (performance.now()) on. */
export type HeldLease = { eventId: string; leaseDeadline: number };
type Pending = { row: DeliveryResultRow; lease: HeldLease };

export class ResultWriter {
  private buffer: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly writing = new Set<Promise<void>>();
  /** Results whose write failed and is being retried. */
  private readonly retrying = new Set<Pending>();
  /** The first write that failed for good, reported by the run at its end. */
  error: unknown = null;

  constructor(
    private readonly db: Db,
    private readonly delayMs = 20,
  ) {}

  /** `lease`: retries of this result stop a minute after its deadline. Default: a lease ending a minute from now. */
  add(row: DeliveryResultRow, lease: HeldLease = { eventId: row.event_id, leaseDeadline: performance.now() + 60_000 }): void {
    this.buffer.push({ row, lease });
    if (this.buffer.length >= MAX_BATCH) this.startWrite();
    else if (!this.timer) this.timer = setTimeout(() => this.startWrite(), this.delayMs);
  }

  /** Results not written yet: the run's heartbeat renews their events' leases as it does for attempts in flight. */
  unwritten(): HeldLease[] {
    return [...this.buffer, ...this.retrying].map((entry) => entry.lease);
  }

  /** Writes everything buffered and waits for every write in progress. */
  async flush(): Promise<void> {
    while (this.buffer.length > 0 || this.writing.size > 0) {
      this.startWrite();
      if (this.writing.size > 0) await Promise.race(this.writing);
    }
  }

  private startWrite(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // While all writers are busy, results pile up into a bigger next batch.
    if (this.buffer.length === 0 || this.writing.size >= MAX_PARALLEL_WRITES) return;
    const batch = this.buffer.splice(0, MAX_BATCH);
    const write = this.write(batch).finally(() => {
      this.writing.delete(write);
      if (this.buffer.length > 0) this.startWrite();
    });
    this.writing.add(write);
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      await this.writeWithRetries(batch);
    } finally {
      for (const entry of batch) this.retrying.delete(entry);
    }
  }

  private async writeWithRetries(batch: Pending[]): Promise<void> {
    let pending = batch;
    for (let failures = 0; ; failures += 1) {
      try {
        const rows = pending.map((entry) => entry.row);
        await recordDeliveryResults(this.db, rows);
        if (failures > 0) log.info({ component: "delivery", failures, results: pending.length }, "results written after retrying");
        await afterDeliveryResults(this.db, rows);
        return;
      } catch (error) {
        const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** failures);
        const retryAt = performance.now() + delay;
        const stopAt = shutdownDeadline();
        // Retry up to a minute past the lease, and no later than the end of a shutdown's grace period.
        const kept = pending.filter(
          (entry) => entry.lease.leaseDeadline + RETRY_PAST_LEASE_MS > retryAt && (stopAt === null || stopAt > retryAt + 500),
        );
        for (const entry of pending) this.retrying.add(entry);
        if (failures === 0 || kept.length < pending.length) {
          log.error(
            { component: "delivery", err: error, failures: failures + 1, kept: kept.length, dropped: pending.length - kept.length },
            kept.length > 0 ? "writing results failed, retrying" : "writing results failed; their events are delivered again when their leases end",
          );
        }
        if (kept.length === 0) {
          this.error ??= error;
          return;
        }
        pending = kept;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
