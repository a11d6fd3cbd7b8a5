// Attempt results are written in batches: one statement per few hundred results instead of one per
// attempt. Batches are written one at a time, in order. A failed write is retried once; if it still
// fails the events keep their lease and are delivered again when it ends (at-least-once).
import type { Db } from "@/db/client";
import { recordDeliveryResults, type DeliveryResultRow } from "@/db/queries/delivery";

const MAX_BATCH = 500;

export class ResultWriter {
  private buffer: DeliveryResultRow[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** The first write that failed for good, reported by the run at its end. */
  error: unknown = null;

  constructor(
    private readonly db: Db,
    private readonly delayMs = 20,
  ) {}

  add(row: DeliveryResultRow): void {
    this.buffer.push(row);
    if (this.buffer.length >= MAX_BATCH) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length > 0) this.chain = this.chain.then(() => this.write(batch));
    return this.chain;
  }

  private async write(batch: DeliveryResultRow[]): Promise<void> {
    try {
      await recordDeliveryResults(this.db, batch);
    } catch (first) {
      console.error("[delivery] writing results failed, retrying once:", (first as Error)?.message);
      await new Promise((resolve) => setTimeout(resolve, 250));
      try {
        await recordDeliveryResults(this.db, batch);
      } catch (second) {
        this.error ??= second;
      }
    }
  }
}
