// Attempt results are written in batches: one statement per few hundred results instead of one per
// attempt. A couple of batches may be written at once (they touch different events; the rollup
// upserts lock their buckets in key order, so concurrent batches wait rather than deadlock). A failed
// write (the database restarting, connections terminated) is kept and retried with backoff until the
// lease of its event would end: a result written late still ends the event's lease before anyone
// else sends it again. Only a result whose lease has ended is dropped; its event is delivered again
// (at-least-once). During a shutdown, retries stop when the grace period ends.
import type { Db } from "@/db/client";
import { recordDeliveryResults, type DeliveryResultRow } from "@/db/queries/delivery";
import { shutdownDeadline } from "@/lib/lifecycle";
import { afterDeliveryResults } from "./post-results";
import { log } from "@/lib/log";

const MAX_BATCH = 500;
const MAX_PARALLEL_WRITES = 2;
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 2_000;

/** A result and the performance.now() after which its lease may have ended. */
type Pending = { row: DeliveryResultRow; leaseDeadline: number };

export class ResultWriter {
  private buffer: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly writing = new Set<Promise<void>>();
  private readonly startsPending = new Set<Promise<void>>();
  /** The first write that failed for good, reported by the run at its end. */
  error: unknown = null;

  constructor(
    private readonly db: Db,
    private readonly delayMs = 20,
  ) {}

  /**
   * `leaseDeadline` (performance.now()): retries of this result stop then. Default: a minute from now.
   * `attemptStart`: the attempt recorded as started (attempt-log.ts), which the result completes.
   */
  add(row: DeliveryResultRow, leaseDeadline = performance.now() + 60_000, attemptStart?: Promise<number | null>): void {
    if (attemptStart) {
      // Written once the start is recorded (or failed to be), so the result completes that row.
      const started = attemptStart.then(() => {
        this.startsPending.delete(started);
        this.add(row, leaseDeadline);
      });
      this.startsPending.add(started);
      return;
    }
    this.buffer.push({ row, leaseDeadline });
    if (this.buffer.length >= MAX_BATCH) this.startWrite();
    else if (!this.timer) this.timer = setTimeout(() => this.startWrite(), this.delayMs);
  }

  /** Writes everything buffered and waits for every write in progress. */
  async flush(): Promise<void> {
    while (this.buffer.length > 0 || this.writing.size > 0 || this.startsPending.size > 0) {
      if (this.startsPending.size > 0) await Promise.all(this.startsPending);
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
        // Retry while the lease still holds, and no later than the end of a shutdown's grace period.
        const kept = pending.filter((entry) => entry.leaseDeadline > retryAt && (stopAt === null || stopAt > retryAt + 500));
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
