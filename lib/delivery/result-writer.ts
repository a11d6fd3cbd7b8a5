// Attempt results are written in batches: one statement per few hundred results instead of one per
// attempt. A couple of batches may be written at once (they touch different events; the rollup
// upserts lock their buckets in key order, so concurrent batches wait rather than deadlock). A failed
// write is retried once; if it still fails, its events keep their lease and are delivered again
// when it ends (at-least-once).
import type { Db } from "@/db/client";
import { recordDeliveryResults, type DeliveryResultRow } from "@/db/queries/delivery";
import { log } from "@/lib/log";

const MAX_BATCH = 500;
const MAX_PARALLEL_WRITES = 2;

export class ResultWriter {
  private buffer: DeliveryResultRow[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly writing = new Set<Promise<void>>();
  /** The first write that failed for good, reported by the run at its end. */
  error: unknown = null;

  constructor(
    private readonly db: Db,
    private readonly delayMs = 20,
  ) {}

  add(row: DeliveryResultRow): void {
    this.buffer.push(row);
    if (this.buffer.length >= MAX_BATCH) this.startWrite();
    else if (!this.timer) this.timer = setTimeout(() => this.startWrite(), this.delayMs);
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

  private async write(batch: DeliveryResultRow[]): Promise<void> {
    try {
      await recordDeliveryResults(this.db, batch);
    } catch (first) {
      log.error({ component: "delivery", err: first }, "writing results failed, retrying once");
      await new Promise((resolve) => setTimeout(resolve, 250));
      try {
        await recordDeliveryResults(this.db, batch);
      } catch (second) {
        this.error ??= second;
      }
    }
  }
}
