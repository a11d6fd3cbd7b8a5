// Attempts are recorded as started before their requests go out (SPEC §1, attempt), so a process
// that dies mid-attempt (kill -9, a crash, a grace period that ran out) leaves an "outcome unknown"
// attempt in the event's history rather than nothing; the result writer completes the row. The
// attempts starting in one tick are recorded in one statement. An attempt that could not be recorded
// is not sent: its event is handed back, or waits out its lease if the database is gone.
import type { Db } from "@/db/client";
import { recordStartedAttempts, type StartedAttemptRow } from "@/db/queries/delivery";
import { log } from "@/lib/log";
import type { DeliveryJob } from "./attempt";

const MAX_BATCH = 500;

type Waiting = { row: StartedAttemptRow; resolve: (id: number | null) => void };

export class StartedAttemptLog {
  private waiting: Waiting[] = [];
  private isScheduled = false;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** Records the job's attempt as started; true once recorded (job.attemptId set), false if not to be sent. */
  async begin(job: DeliveryJob): Promise<boolean> {
    const id = await new Promise<number | null>((resolve) => {
      this.waiting.push({
        row: {
          event_id: job.eventId,
          account_id: job.accountId,
          webhook_id: job.webhookId,
          trigger: job.trigger,
          url: job.url,
          started_at: this.now().toISOString(),
        },
        resolve,
      });
      if (!this.isScheduled) {
        this.isScheduled = true;
        setImmediate(() => this.write());
      }
    });
    if (id === null) return false;
    job.attemptId = id;
    return true;
  }

  private write(): void {
    this.isScheduled = false;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      recordStartedAttempts(
        this.db,
        batch.map((entry) => entry.row),
      ).then(
        (ids) => batch.forEach((entry, i) => entry.resolve(ids[i] ?? null)),
        (error) => {
          log.warn({ component: "delivery", err: error, attempts: batch.length }, "recording attempts as started failed; not sending them");
          for (const entry of batch) entry.resolve(null);
        },
      );
    }
  }
}
