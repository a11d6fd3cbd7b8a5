import "server-only";
// Bulk replay jobs (lib/replays/*). A job snapshots the failed events it replays when it is
// created; the runner then, per job and per tick, in single statements:
// - settles queued events: one more attempt than when queued → delivered or failed (the event's own
//   status), gone or parked (paused webhook) → skipped;
// - queues pending ones while fewer than `window` are queued: `next_attempt_at = now()` on the
//   event, so the normal claim (events_due_idx, oldest due first) delivers it. Fresh events due
//   before that wait behind at most `window` replayed ones, never behind the whole job.
// Each event row moves pending → queued once (a guarded UPDATE under `for update skip locked`), so
// a job replays each event once, however many instances run it and however often they restart.
// An event in flight (leased) stays pending until its attempt ends, so it is never sent twice at once.
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { query, type DbOrTx } from "../client";
import { replayJobs, type ReplayJob } from "../schema";

export type NewReplayJobInput = {
  accountId: string;
  kind: "filter" | "since";
  filter: Record<string, unknown>;
  /** `select e.id from events e where …` of the events to replay (db/queries/event-search.ts). */
  eventIds: SQL;
  /** Most events a job takes; the caller refuses bigger selections before (this is a backstop). */
  maxEvents: number;
  createdBy: { type: "user" | "api_key"; id: string; name: string };
};

/** Creates a job and its snapshot of events in one statement (run it in the caller's transaction). */
export async function insertReplayJob(db: DbOrTx, input: NewReplayJobInput): Promise<ReplayJob> {
  const [job] = await db
    .insert(replayJobs)
    .values({
      accountId: input.accountId,
      kind: input.kind,
      filter: input.filter,
      total: 0,
      createdByType: input.createdBy.type,
      createdById: input.createdBy.id,
      createdByName: input.createdBy.name,
    })
    .returning();
  const [row] = await query<{ total: number | string }>(
    db,
    sql`with snapshot as (
          insert into replay_job_events (job_id, event_id)
          select ${job.id}::uuid, x.id from (${input.eventIds} limit ${input.maxEvents}) x
          on conflict do nothing
          returning 1
        )
        update replay_jobs set total = (select count(*) from snapshot),
          status = case when (select count(*) from snapshot) = 0 then 'completed' else status end,
          finished_at = case when (select count(*) from snapshot) = 0 then now() else finished_at end
        where id = ${job.id}
        returning total`,
  );
  const [updated] = await db.select().from(replayJobs).where(eq(replayJobs.id, job.id));
  return { ...updated, total: Number(row?.total ?? updated.total) };
}

export async function findReplayJob(db: DbOrTx, accountId: string, jobId: string): Promise<ReplayJob | undefined> {
  const [job] = await db
    .select()
    .from(replayJobs)
    .where(and(eq(replayJobs.id, jobId), eq(replayJobs.accountId, accountId)));
  return job;
}

type ListRecentReplayJobsParams = {
  accountId: string;
  recentMs: number;
  limit?: number;
};

/** The account's running jobs and those finished in the last `recentMs`, newest first (the header indicator). */
export async function listRecentReplayJobs(
  db: DbOrTx,
  { accountId, recentMs, limit = 5 }: ListRecentReplayJobsParams,
): Promise<ReplayJob[]> {
  return db
    .select()
    .from(replayJobs)
    .where(
      and(
        eq(replayJobs.accountId, accountId),
        sql`(${replayJobs.status} = 'running' or ${replayJobs.finishedAt} > now() - make_interval(secs => ${recentMs / 1000}::float8))`,
      ),
    )
    .orderBy(desc(replayJobs.createdAt))
    .limit(limit);
}

export async function listReplayJobs(db: DbOrTx, accountId: string, limit = 50): Promise<ReplayJob[]> {
  return db.select().from(replayJobs).where(eq(replayJobs.accountId, accountId)).orderBy(desc(replayJobs.createdAt)).limit(limit);
}

type CancelReplayJobRowParams = {
  accountId: string;
  jobId: string;
  byName: string;
};

/** Stops a running job: its pending events are never queued. Undefined if it was not running. */
export async function cancelReplayJobRow(
  db: DbOrTx,
  { accountId, jobId, byName }: CancelReplayJobRowParams,
): Promise<ReplayJob | undefined> {
  const [job] = await db
    .update(replayJobs)
    .set({ status: "cancelled", finishedAt: sql`now()`, updatedAt: sql`now()`, cancelledByName: byName })
    .where(and(eq(replayJobs.id, jobId), eq(replayJobs.accountId, accountId), eq(replayJobs.status, "running")))
    .returning();
  return job;
}

/**
 * After a cancel: queued events not sent yet (no attempt since, not in flight) get their retry time
 * back and are pending again, so a cancel stops them too. Answers how many.
 */
export async function unqueueReplayEvents(db: DbOrTx, jobId: string): Promise<number> {
  const [row] = await query<{ n: number | string }>(
    db,
    sql`with unsent as (
          update events e set next_attempt_at = r.due_before_queue
          from replay_job_events r
          where r.job_id = ${jobId} and r.state = 'queued' and e.id = r.event_id
            and e.attempt_count = r.attempt_count_at_queue and e.status = 'failed'
            and (e.lease_id is null or e.next_attempt_at <= now())
          returning e.id
        ),
        back as (
          update replay_job_events r set state = 'pending', queued_at = null, attempt_count_at_queue = null, due_before_queue = null
          from unsent u
          where r.job_id = ${jobId} and r.event_id = u.id
          returning 1
        ),
        counted as (
          update replay_jobs set queued = queued - (select count(*) from back) where id = ${jobId} returning 1
        )
        select (select count(*) from back) as n, (select count(*) from counted) as c`,
  );
  return Number(row?.n ?? 0);
}

/** Ids of running jobs, oldest first (every instance's runner walks them; locks keep them apart). */
export async function listRunningReplayJobIds(db: DbOrTx, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: replayJobs.id })
    .from(replayJobs)
    .where(eq(replayJobs.status, "running"))
    .orderBy(replayJobs.createdAt)
    .limit(limit);
  return rows.map((row) => row.id);
}

/** Settles the job's queued events whose replay attempt is recorded, and counts them on the job. */
export async function settleReplayEvents(db: DbOrTx, jobId: string): Promise<number> {
  const [row] = await query<{ settled: number | string }>(
    db,
    sql`with outcome as (
          select r.event_id,
                 case when e.id is null then 'skipped'
                      when e.attempt_count > r.attempt_count_at_queue then (case when e.status = 'success' then 'delivered' else 'failed' end)
                      else 'skipped' end as state
          from replay_job_events r
          left join events e on e.id = r.event_id
          where r.job_id = ${jobId} and r.state = 'queued'
            and (e.id is null
                 or e.attempt_count > r.attempt_count_at_queue
                 -- parked by a pause or archive: nothing will send it
                 or (e.next_attempt_at is null and e.lease_id is null))
        ),
        settled as (
          update replay_job_events r set state = o.state
          from outcome o
          where r.job_id = ${jobId} and r.event_id = o.event_id and r.state = 'queued'
          returning r.state
        ),
        counted as (
          update replay_jobs j
          set delivered = j.delivered + (select count(*) from settled where state = 'delivered'),
              failed = j.failed + (select count(*) from settled where state = 'failed'),
              skipped = j.skipped + (select count(*) from settled where state = 'skipped'),
              updated_at = now()
          where j.id = ${jobId} and exists (select 1 from settled)
          returning 1
        )
        select (select count(*) from settled) as settled, (select count(*) from counted) as counted`,
  );
  return Number(row?.settled ?? 0);
}

/**
 * Queues up to `window` − (queued now) of a running job's pending events: marks them due, and
 * skips those that are no longer failed, gone, or whose webhook is paused or archived. Finishes the
 * job when nothing is pending or queued. Answers how many it queued.
 */
export async function queueReplayEvents(db: DbOrTx, jobId: string, window: number): Promise<{ queued: number; isFinished: boolean }> {
  const [row] = await query<{ queued: number | string; skipped: number | string; finished: number | string }>(
    db,
    sql`with job as (
          select id from replay_jobs where id = ${jobId} and status = 'running' for update skip locked
        ),
        room as (
          select greatest(${window} - (select count(*) from replay_job_events where job_id = ${jobId} and state = 'queued'), 0) as n
        ),
        picked as (
          select r.event_id from replay_job_events r
          where r.job_id = (select id from job) and r.state = 'pending'
          order by r.event_id
          limit (select n from room)
          for update of r skip locked
        ),
        candidates as (
          select p.event_id, e.id as found_id, e.status, e.lease_id, e.next_attempt_at,
                 (select w.is_active and not w.is_archived from webhooks w where w.id = e.webhook_id) as is_deliverable
          from picked p left join events e on e.id = p.event_id
        ),
        marked as (
          update events e set next_attempt_at = now()
          from candidates c
          where e.id = c.found_id and c.status = 'failed' and c.is_deliverable
            -- in flight: left pending until its attempt ends
            and (e.lease_id is null or e.next_attempt_at <= now())
          returning e.id, e.attempt_count
        ),
        queued as (
          update replay_job_events r
          set state = 'queued', queued_at = now(), attempt_count_at_queue = m.attempt_count, due_before_queue = c.next_attempt_at
          from marked m join candidates c on c.found_id = m.id
          where r.job_id = ${jobId} and r.event_id = m.id
          returning 1
        ),
        skipped as (
          update replay_job_events r set state = 'skipped'
          from candidates c
          where r.job_id = ${jobId} and r.event_id = c.event_id
            and (c.found_id is null or c.status <> 'failed' or not c.is_deliverable)
          returning 1
        ),
        counted as (
          update replay_jobs j
          set queued = j.queued + (select count(*) from queued),
              skipped = j.skipped + (select count(*) from skipped),
              updated_at = now()
          where j.id = (select id from job)
          returning 1
        )
        select (select count(*) from queued) as queued, (select count(*) from skipped) as skipped, (select count(*) from counted) as finished`,
  );
  const queued = Number(row?.queued ?? 0);
  // Finished: nothing pending and nothing queued (a separate statement sees this one's writes).
  const [done] = await query<{ id: string }>(
    db,
    sql`update replay_jobs j set status = 'completed', finished_at = now(), updated_at = now()
        where j.id = ${jobId} and j.status = 'running'
          and not exists (select 1 from replay_job_events r where r.job_id = j.id and r.state in ('pending', 'queued'))
        returning j.id`,
  );
  return { queued, isFinished: done !== undefined };
}

/** Events of a job by state (tests and the job page). */
export async function countReplayEventsByState(db: DbOrTx, jobId: string): Promise<Record<string, number>> {
  const rows = await query<{ state: string; count: number | string }>(
    db,
    sql`select state, count(*) as count from replay_job_events where job_id = ${jobId} group by state`,
  );
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
}
