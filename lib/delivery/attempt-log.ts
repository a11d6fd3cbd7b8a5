// Attempts are recorded as started when their requests go out (SPEC §1, attempt), so a process that
// dies mid-attempt (kill -9, a crash, a grace period that ran out) leaves an "outcome unknown"
// attempt in the event's history rather than nothing; the result writer completes that row. The
// request does not wait for the record: the attempts started within a few milliseconds are recorded
// in one statement beside their requests (waiting for it before each send halved the drain rate).
// So only a process that dies within those few milliseconds of a send leaves no trace of it; if the
// record fails (the database is down), the result is written as a new attempt, as before.
import type { Db } from "@/db/client";
import { recordStartedAttempts, type StartedAttemptRow } from "@/db/queries/delivery";
import { log } from "@/lib/log";
import type { DeliveryJob } from "./attempt";

const MAX_BATCH = 500;
/** Starts within this window share a statement. */
const WINDOW_MS = 5;

type Waiting = { row: StartedAttemptRow; resolve: (id: number | null) => void };

export class StartedAttemptLog {
  private waiting: Waiting[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly db: Db) {}

  /** Records the job's attempt as started at `startedAt`; job.attemptStart resolves to its id (null if not recorded). */
  begin(job: DeliveryJob, startedAt: Date): void {
    job.attemptStart = new Promise<number | null>((resolve) => {
      this.waiting.push({
        row: {
          event_id: job.eventId,
          account_id: job.accountId,
          webhook_id: job.webhookId,
          trigger: job.trigger,
          url: job.url,
          started_at: startedAt.toISOString(),
        },
        resolve,
      });
    });
    if (this.waiting.length >= MAX_BATCH) this.write();
    else this.timer ??= setTimeout(() => this.write(), WINDOW_MS);
  }

  private write(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      recordStartedAttempts(
        this.db,
        batch.map((entry) => entry.row),
      ).then(
        (ids) => batch.forEach((entry, i) => entry.resolve(ids[i] ?? null)),
        (error) => {
          log.warn({ component: "delivery", err: error, attempts: batch.length }, "recording attempts as started failed");
          for (const entry of batch) entry.resolve(null);
        },
      );
    }
  }
}
