import "server-only";
// Delivery SQL: claiming due events under a lease, writing attempt results in batches, handing back
// what a run could not start. Leases live in events.next_attempt_at: a claim pushes it to the lease's
// end, so an event held by a crashed run simply becomes due again. Every completion is conditional
// on the lease id, so a writer whose lease has expired cannot overwrite a newer result.
import { sql, type SQL } from "drizzle-orm";
import { query, withPlannerSettings, type DbOrTx } from "../client";

export type ClaimedEventRow = {
  id: string;
  account_id: string;
  webhook_id: string;
  type: "job" | "company";
  detected_at: Date | string;
  attempt_count: number;
  first_failed_at: Date | string | null;
  /** next_attempt_at before the claim, restored if the run hands the event back unsent. */
  due_at: Date | string | null;
  status: "in_progress" | "success" | "failed" | "not_triggered";
  url: string;
  secret: string;
  /** The secret before the last rotation while its grace period lasts (sealed), else null. */
  previous_secret: string | null;
  /** The record as stored, as JSON text (spliced into the body unparsed). */
  data: unknown;
  /** The attempt recorded as started by the claim ("outcome unknown" until its result completes it); null for resends. */
  attempt_id: number | string | null;
};

/** Error code of an attempt recorded as started whose outcome never was: the process stopped mid-attempt. */
export const OUTCOME_UNKNOWN = "outcome_unknown";
export const OUTCOME_UNKNOWN_MESSAGE =
  "No response recorded: the delivering process stopped after taking this event and before recording whether it was sent";

const uuidList = (ids: readonly string[]) =>
  sql`(select value::uuid from json_array_elements_text(${JSON.stringify(ids)}::json))`;

/**
 * Leases the rows chosen by `target` (a query of `id, due_at`, locking with SKIP LOCKED) and returns what sending needs.
 * With `startedAt`, each claimed event's attempt is recorded as started in the same statement, before
 * any request goes out (SPEC §1, attempt): a process that dies from here on (kill -9, a crash, a
 * grace period that ran out) leaves an "outcome unknown" attempt in the event's history, never
 * nothing. The result completes that row; a claim handed back unsent removes it (releaseLeases).
 */
async function leaseTargets(
  db: DbOrTx,
  target: SQL,
  lease: { leaseId: string; leaseUntil: SQL; startedAt?: SQL },
): Promise<ClaimedEventRow[]> {
  const started = lease.startedAt
    ? sql`,
      started as (
        insert into attempts (account_id, webhook_id, event_id, trigger, url, started_at, duration_ms, request_headers,
                              error_code, error_message, is_success)
        select c.account_id, c.webhook_id, c.id, 'scheduled', w.url, ${lease.startedAt}, 0, '{}'::jsonb,
               ${OUTCOME_UNKNOWN}, ${OUTCOME_UNKNOWN_MESSAGE}, false
        from claimed c join webhooks w on w.id = c.webhook_id
        returning id, event_id
      )`
    : sql``;
  return query<ClaimedEventRow>(
    db,
    sql`
      with target as (${target}),
      claimed as (
        update events e
        set next_attempt_at = ${lease.leaseUntil}, lease_id = ${lease.leaseId}::uuid
        from target
        where e.id = target.id
        returning e.id, e.account_id, e.webhook_id, e.type, e.job_id, e.company_id, e.status, e.detected_at,
                  e.attempt_count, e.first_failed_at, target.due_at
      )${started}
      select c.id, c.account_id, c.webhook_id, c.type, c.status, c.detected_at, c.attempt_count, c.first_failed_at,
             c.due_at, w.url, w.secret,
             case when w.previous_secret_expires_at > clock_timestamp() then w.previous_secret end as previous_secret,
             coalesce(j.data, co.data)::text as data,
             ${lease.startedAt ? sql`s.id` : sql`null::bigint`} as attempt_id
      from claimed c
      join webhooks w on w.id = c.webhook_id
      left join jobs j on j.id = c.job_id
      left join companies co on co.id = c.company_id
      ${lease.startedAt ? sql`left join started s on s.event_id = c.id` : sql``}`,
  );
}

export type ClaimOptions = {
  /**
   * The scheduling clock, for tests that walk hours ahead. Without it (production) due and lease
   * times come from the database's clock, so instances whose clocks disagree still agree on leases.
   */
  now?: Date;
  leaseId: string;
  /** How long the claim holds its events, from the database's clock (or from `now` when given). */
  leaseMs?: number;
  /** An explicit end of the lease (tests with their own clock). */
  leaseUntil?: Date;
  limit: number;
  /** Only this account's events (tests, per-tenant runs). */
  accountId?: string;
  /** Webhooks this process has enough of (or that are stalled): leave their events for later. */
  excludeWebhookIds?: readonly string[];
  /**
   * Most events of one webhook per claim: a claim takes what can start soon, not a backlog that would
   * wait behind the webhook's concurrency cap, held from other instances. Among the first 4 × limit
   * due events, each webhook's earliest are taken.
   */
  perWebhookLimit?: number;
};

/**
 * Claims up to `limit` due events (in_progress or failed, next_attempt_at <= now), oldest due first,
 * skipping rows another run is claiming. Paused and archived webhooks' events wait until re-enabled.
 */
export async function claimDueEvents(db: DbOrTx, options: ClaimOptions): Promise<ClaimedEventRow[]> {
  const filters: SQL[] = [];
  if (options.accountId) filters.push(sql`and e.account_id = ${options.accountId}::uuid`);
  if (options.excludeWebhookIds?.length) filters.push(sql`and e.webhook_id not in ${uuidList(options.excludeWebhookIds)}`);
  const dueNow = options.now ? sql`${options.now.toISOString()}::timestamptz` : sql`now()`;
  const isDue = sql`
    e.status in ('in_progress', 'failed')
      and e.next_attempt_at is not null
      and e.next_attempt_at <= ${dueNow}
      ${sql.join(filters, sql` `)}
      -- a per-row filter, not a join: the plan stays an ordered walk of events_due_idx that stops at the limit
      and (select w.is_active and not w.is_archived from webhooks w where w.id = e.webhook_id)`;
  const plainTarget = sql`
    select e.id, e.next_attempt_at as due_at
    from events e
    where ${isDue}
    order by e.next_attempt_at
    limit ${options.limit}
    for update of e skip locked`;
  // Each webhook's earliest among the first 4 × limit due. The walk of candidates takes no locks
  // (cheap), so runs claiming at the same moment all see the same candidates and all but one find
  // them locked; a claim that comes back empty walks again, locking as it goes, past what others hold.
  const cappedTarget = (isContended: boolean) => sql`
    select e.id, e.next_attempt_at as due_at
    from events e
    where e.id in (
        select ranked.id from (
          select candidate.id, row_number() over (partition by candidate.webhook_id order by candidate.next_attempt_at) as rank
          from (
            select e.id, e.webhook_id, e.next_attempt_at from events e where ${isDue}
            order by e.next_attempt_at limit ${options.limit * 4}
            ${isContended ? sql`for update of e skip locked` : sql``}
          ) candidate
        ) ranked
        where ranked.rank <= ${options.perWebhookLimit}
      )
      -- checked again on the row as locked: another run may have claimed it since the walk above
      and ${isDue}
    order by e.next_attempt_at
    limit ${options.limit}
    for update of e skip locked`;
  // The claim must walk events_due_idx in order and stop at the limit. Right after a big ingest the
  // planner's statistics still say almost nothing is due, and it picks a bitmap scan that sorts every
  // due event for each claim: 90 ms per 200 events with 100,000 due, a drain 3x slower until
  // autovacuum analyzes the table. These settings end with the claim's transaction.
  const leaseUntil = leaseEnd(options);
  const startedAt = options.now ? sql`${options.now.toISOString()}::timestamptz` : sql`clock_timestamp()`;
  const claim = (target: SQL) =>
    withPlannerSettings(db, { enable_bitmapscan: "off", enable_seqscan: "off" }, (tx) =>
      leaseTargets(tx, target, { leaseId: options.leaseId, leaseUntil, startedAt }),
    );
  if (options.perWebhookLimit === undefined) return claim(plainTarget);
  const rows = await claim(cappedTarget(false));
  return rows.length > 0 ? rows : claim(cappedTarget(true));
}

function leaseEnd(options: { now?: Date; leaseMs?: number; leaseUntil?: Date }): SQL {
  if (options.leaseUntil) return sql`${options.leaseUntil.toISOString()}::timestamptz`;
  if (options.leaseMs === undefined) throw new Error("a claim needs leaseMs or leaseUntil");
  const from = options.now ? sql`${options.now.toISOString()}::timestamptz` : sql`clock_timestamp()`;
  return sql`(${from} + make_interval(secs => ${options.leaseMs / 1000}::float8))`;
}

/**
 * The heartbeat of a run: pushes the end of the leases of these events, still held by the run, to `leaseMs` from now
 * (the database's clock, or `now` when a test gives its own), never earlier than it was. Events whose
 * result is written or that were handed back no longer carry the lease id and are left alone.
 */
export async function renewLeases(
  db: DbOrTx,
  lease: { leaseId: string; eventIds: readonly string[]; leaseMs: number; now?: Date },
): Promise<number> {
  if (lease.eventIds.length === 0) return 0;
  const { leaseId, leaseMs, now } = lease;
  const rows = await query<{ renewed: number }>(
    db,
    sql`
      with renewed as (
        update events
        set next_attempt_at = greatest(next_attempt_at, ${leaseEnd({ now, leaseMs })})
        where id in (
          -- rows a result write holds right now are skipped (their lease ends with the write): the
          -- heartbeat never waits on, or deadlocks with, the run's own writes
          select id from events
          where id in ${uuidList(lease.eventIds)} and lease_id = ${leaseId}::uuid and next_attempt_at is not null
          for update skip locked
        )
        returning 1
      )
      select count(*)::int as renewed from renewed`,
  );
  return Number(rows[0]?.renewed ?? 0);
}

/** The database's clock: due and lease times are on it, whatever the app server's clock says. */
export async function databaseNow(db: DbOrTx): Promise<Date> {
  const [row] = await query<{ now: Date | string }>(db, sql`select clock_timestamp() as now`);
  return new Date(row.now);
}

/**
 * Leases specific events of an account for a manual attempt. Events another attempt holds right now
 * (an unexpired lease) and not_triggered events are left out; the caller tells which.
 */
export async function leaseEventsForResend(
  db: DbOrTx,
  { accountId, eventIds, lease }: { accountId: string; eventIds: readonly string[]; lease: { now: Date; leaseId: string; leaseUntil: Date } },
): Promise<ClaimedEventRow[]> {
  // On the database's clock as well as the caller's (tests walk theirs forward): a lease that is
  // live by either clock is left alone, and the new lease lasts its length by both.
  const at = sql`${lease.now.toISOString()}::timestamptz`;
  const until = sql`${lease.leaseUntil.toISOString()}::timestamptz`;
  const leaseUntil = sql`greatest(${until}, clock_timestamp() + (${until} - ${at}))`;
  if (eventIds.length === 0) return [];
  const target = sql`
    select e.id, e.next_attempt_at as due_at
    from events e
    where e.account_id = ${accountId}::uuid
      and e.id in ${uuidList(eventIds)}
      and e.status <> 'not_triggered'
      and (e.lease_id is null or e.next_attempt_at is null or e.next_attempt_at <= least(${at}, now()))
    for update of e skip locked`;
  return leaseTargets(db, target, { leaseId: lease.leaseId, leaseUntil });
}

export type EventLeaseState = { id: string; status: ClaimedEventRow["status"]; is_leased: boolean };

/** Which of these ids the account owns, their status, and whether an attempt holds them now. */
export async function findEventLeaseStates(
  db: DbOrTx,
  { accountId, eventIds, now }: { accountId: string; eventIds: readonly string[]; now: Date },
): Promise<EventLeaseState[]> {
  if (eventIds.length === 0) return [];
  return query<EventLeaseState>(
    db,
    sql`
      select id, status,
             (lease_id is not null and next_attempt_at is not null and next_attempt_at > least(${now.toISOString()}::timestamptz, now())) as is_leased
      from events
      where account_id = ${accountId}::uuid and id in ${uuidList(eventIds)}`,
  );
}

/** One attempt's outcome and the event's schedule after it. Timestamps are ISO strings. */
export type DeliveryResultRow = {
  event_id: string;
  /** The attempt the claim recorded as started, completed by this result; null: insert a new attempt. */
  attempt_id: number | null;
  lease_id: string;
  account_id: string;
  webhook_id: string;
  trigger: "scheduled" | "manual";
  url: string;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  request_headers: Record<string, string>;
  response_status: number | null;
  response_body: string | null;
  /** The response's headers (bounded by the HTTP client); null without a response. */
  response_headers?: Record<string, string> | null;
  error_code: string | null;
  error_message: string | null;
  is_success: boolean;
  first_failed_at: string | null;
  next_attempt_at: string | null;
  /** Why the next attempt is then (retry-policy.ts); shown in the attempt log. */
  next_attempt_reason?: string | null;
};

/**
 * Records many attempts and the matching event changes in one statement (one round trip, and one
 * firing of the statement-level rollup triggers). Events whose lease was lost keep their newer state;
 * their attempts are still recorded, since they happened. Returns how many events were updated.
 */
export async function recordDeliveryResults(db: DbOrTx, rows: readonly DeliveryResultRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const [result] = await query<{ updated: number }>(
    db,
    sql`
      with x as (
        select * from json_to_recordset(${JSON.stringify(rows)}::json) as x(
          event_id uuid, attempt_id bigint, lease_id uuid, account_id uuid, webhook_id uuid, trigger attempt_trigger, url text,
          started_at timestamptz, finished_at timestamptz, duration_ms integer, request_headers jsonb,
          response_status integer, response_body text, response_headers jsonb, error_code text, error_message text, is_success boolean,
          first_failed_at timestamptz, next_attempt_at timestamptz, next_attempt_reason text)
      ),
      inserted as (
        insert into attempts (account_id, webhook_id, event_id, trigger, url, started_at, duration_ms, request_headers,
                              response_status, response_body, response_headers, error_code, error_message, is_success, next_attempt_reason)
        select x.account_id, x.webhook_id, x.event_id, x.trigger, x.url, x.started_at, x.duration_ms, x.request_headers,
               x.response_status, x.response_body, x.response_headers, x.error_code, x.error_message, x.is_success, x.next_attempt_reason
        from x
        -- a webhook deleted mid-attempt takes its events along; its attempts have nothing to belong to
        where x.attempt_id is null
          and exists (select 1 from events e where e.id = x.event_id)
          -- a retried write whose first try committed but lost its answer with its connection
          and not exists (select 1 from attempts a where a.event_id = x.event_id and a.started_at = x.started_at)
        returning 1
      ),
      completed as (
        update attempts a
        set started_at = x.started_at, duration_ms = x.duration_ms, request_headers = x.request_headers,
            response_status = x.response_status, response_body = x.response_body, response_headers = x.response_headers, error_code = x.error_code,
            error_message = x.error_message, is_success = x.is_success, next_attempt_reason = x.next_attempt_reason
        from x
        -- the attempt recorded as started by the claim; a retried write finds it completed already
        where a.id = x.attempt_id and a.error_code = ${OUTCOME_UNKNOWN}
        returning 1
      ),
      updated as (
        update events e
        set status = (case when x.is_success then 'success' else 'failed' end)::event_status,
            attempt_count = e.attempt_count + 1,
            last_attempt_at = x.started_at,
            last_response_status = x.response_status,
            last_error = case when x.is_success then null else x.error_message end,
            delivered_at = case when x.is_success then x.finished_at else e.delivered_at end,
            first_failed_at = x.first_failed_at,
            -- an attempt in flight when its webhook was paused or archived parks the event (event-parking.ts)
            next_attempt_at = case when (select w.is_active and not w.is_archived from webhooks w where w.id = e.webhook_id)
                                   then x.next_attempt_at end,
            lease_id = null
        from x
        where e.id = x.event_id and e.lease_id = x.lease_id
        returning e.id
      )
      select (select count(*) from updated)::int as updated, (select count(*) from inserted)::int as inserted,
             (select count(*) from completed)::int as completed`,
  );
  return Number(result?.updated ?? 0);
}

/**
 * Hands leased events back unsent: due again when they were due before the claim. The attempts their
 * claim recorded as started are removed: nothing was sent.
 */
export async function releaseLeases(
  db: DbOrTx,
  rows: ReadonlyArray<{ id: string; lease_id: string; due_at: string | null; attempt_id: number | null }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    with x as (
      select * from json_to_recordset(${JSON.stringify(rows)}::json) as x(id uuid, lease_id uuid, due_at timestamptz, attempt_id bigint)
    ),
    released as (
      update events e
      set next_attempt_at = x.due_at, lease_id = null
      from x
      where e.id = x.id and e.lease_id = x.lease_id
      returning 1
    ),
    unsent as (
      delete from attempts a using x
      where a.id = x.attempt_id and a.event_id = x.id and a.error_code = ${OUTCOME_UNKNOWN}
      returning 1
    )
    select (select count(*) from released) as released, (select count(*) from unsent) as unsent`);
}

/**
 * Removes attempts a claim recorded as started that will not be sent: a run claimed again an event it
 * was still sending (its lease had run out while heartbeats failed), and the attempt in flight is the
 * one its history keeps.
 */
export async function deleteUnsentAttempts(db: DbOrTx, attemptIds: readonly number[]): Promise<void> {
  if (attemptIds.length === 0) return;
  await db.execute(sql`
    delete from attempts
    where id in (select value::bigint from json_array_elements_text(${JSON.stringify(attemptIds.map(String))}::json))
      and error_code = ${OUTCOME_UNKNOWN}`);
}

/** A webhook's URL and signing secret, or undefined when the account has no such webhook. */
export async function findWebhookSigningTarget(
  db: DbOrTx,
  accountId: string,
  webhookId: string,
): Promise<{ id: string; url: string; secret: string } | undefined> {
  const [row] = await query<{ id: string; url: string; secret: string }>(
    db,
    sql`select id, url, secret from webhooks where account_id = ${accountId}::uuid and id = ${webhookId}::uuid`,
  );
  return row;
}
