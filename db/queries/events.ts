import "server-only";
// A webhook's events and their attempts, read for the details page, the event view and the API.
// Lists walk events_webhook_detected_idx / events_webhook_status_detected_idx in index order
// (detected_at desc, id asc), so a page of a webhook with a million events reads ~limit rows;
// totals come from the hourly rollups, which the triggers keep equal to a GROUP BY over events.
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { query, type DbOrTx } from "../client";
import { OUTCOME_UNKNOWN } from "./delivery";
import { attempts, companies, eventRollupsHourly, events, jobs, webhooks, type EventStatus } from "../schema";

export type EventRow = {
  id: string;
  webhookId: string;
  type: "job" | "company";
  status: EventStatus;
  detectedAt: Date;
  triggeredAt: Date | null;
  attemptCount: number;
  nextAttemptAt: Date | null;
  firstFailedAt: Date | null;
  lastAttemptAt: Date | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  /** For failed events: whether it will be retried (null for the other statuses). */
  retryState: RetryState | null;
  /** The record exactly as ingested (what the webhook delivers as `data`). */
  record: Record<string, unknown>;
  /** Job title, or company name. */
  recordTitle: string;
  /** Company name of a job, or domain of a company. */
  recordSubtitle: string | null;
  recordExternalId: string;
};

/**
 * Whether a failed event will still be retried. "exhausted": no attempt is scheduled and none will
 * be — its 48-hour window is over (or its last hourly slot was used) on a webhook that is live.
 * "retrying": an attempt is scheduled (or in flight), or the event is parked on a paused or disabled
 * webhook while its window is still open (resuming the webhook makes it due: event-parking.ts).
 */
export const RETRY_STATES = ["retrying", "exhausted"] as const;
export type RetryState = (typeof RETRY_STATES)[number];

/** The retry window of SPEC §2 (lib/delivery/retry-policy.ts has the same; db/ never imports lib/). */
const RETRY_WINDOW_INTERVAL = sql.raw(`interval '48 hours'`);

/**
 * THE definition of an exhausted failed event, as a predicate over the `events` table (unaliased:
 * use it in `from events` queries). Both the event lists' retry_state filter and the counts read it,
 * so they cannot drift apart. Index: events_failed_idle_idx covers `status = 'failed' and
 * next_attempt_at is null`, the part that narrows; the rest is checked per row.
 */
export function exhaustedPredicate(now?: Date, alias?: string): SQL {
  const at = now ? sql`${now.toISOString()}::timestamptz` : sql`now()`;
  const column = (name: string) => sql.raw(alias ? `${alias}.${name}` : `"events"."${name}"`);
  return sql`(${column("status")} = 'failed' and ${column("next_attempt_at")} is null and (
    ${column("first_failed_at")} is null
    or ${column("first_failed_at")} <= ${at} - ${RETRY_WINDOW_INTERVAL}
    or coalesce((select w.is_active and not w.is_archived from webhooks w where w.id = ${column("webhook_id")}), true)))`;
}

/** Failed events of one retry state (the other failed events are the other state). `alias`: the events table's alias in the query. */
export function retryStatePredicate(state: RetryState, now?: Date, alias?: string): SQL {
  const status = sql.raw(alias ? `${alias}.status` : `"events"."status"`);
  return state === "exhausted" ? exhaustedPredicate(now, alias) : sql`(${status} = 'failed' and not ${exhaustedPredicate(now, alias)})`;
}

/** The retry state of an event row ('retrying' | 'exhausted' for failed events, else null). */
export function retryStateColumn(alias?: string): SQL {
  const status = sql.raw(alias ? `${alias}.status` : `"events"."status"`);
  return sql`case when ${status} = 'failed' then case when ${exhaustedPredicate(undefined, alias)} then 'exhausted' else 'retrying' end end`;
}

export type EventListOptions = { status?: EventStatus; retryState?: RetryState; offset?: number; limit?: number };

const eventColumns = {
  id: events.id,
  webhookId: events.webhookId,
  type: events.type,
  status: events.status,
  detectedAt: events.detectedAt,
  triggeredAt: events.triggeredAt,
  attemptCount: events.attemptCount,
  nextAttemptAt: events.nextAttemptAt,
  firstFailedAt: events.firstFailedAt,
  lastAttemptAt: events.lastAttemptAt,
  lastResponseStatus: events.lastResponseStatus,
  lastError: events.lastError,
  deliveredAt: events.deliveredAt,
  retryState: sql<RetryState | null>`${retryStateColumn()}`,
  jobData: jobs.data,
  jobTitle: jobs.title,
  jobCompanyName: jobs.companyName,
  jobExternalId: jobs.externalId,
  companyData: companies.data,
  companyName: companies.name,
  companyDomain: companies.domain,
  companyExternalId: companies.externalId,
};

type RawEventRow = {
  [K in keyof typeof eventColumns]: unknown;
};

function toEventRow(row: RawEventRow): EventRow {
  const isJob = row.type === "job";
  return {
    id: row.id as string,
    webhookId: row.webhookId as string,
    type: row.type as "job" | "company",
    status: row.status as EventStatus,
    detectedAt: row.detectedAt as Date,
    triggeredAt: row.triggeredAt as Date | null,
    attemptCount: row.attemptCount as number,
    nextAttemptAt: row.nextAttemptAt as Date | null,
    firstFailedAt: row.firstFailedAt as Date | null,
    lastAttemptAt: row.lastAttemptAt as Date | null,
    lastResponseStatus: row.lastResponseStatus as number | null,
    lastError: row.lastError as string | null,
    deliveredAt: row.deliveredAt as Date | null,
    retryState: (row.retryState ?? null) as RetryState | null,
    record: ((isJob ? row.jobData : row.companyData) ?? {}) as Record<string, unknown>,
    recordTitle: ((isJob ? row.jobTitle : row.companyName) ?? "") as string,
    recordSubtitle: ((isJob ? row.jobCompanyName : row.companyDomain) ?? null) as string | null,
    recordExternalId: ((isJob ? row.jobExternalId : row.companyExternalId) ?? "") as string,
  };
}

function selectEvents(db: DbOrTx) {
  return db
    .select(eventColumns)
    .from(events)
    .leftJoin(jobs, eq(jobs.id, events.jobId))
    .leftJoin(companies, eq(companies.id, events.companyId));
}

/** Whether the webhook exists and is the account's (archived ones included). */
export async function isWebhookOfAccount(db: DbOrTx, accountId: string, webhookId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.accountId, accountId)));
  return row !== undefined;
}

// Exactly the indexes' order: drizzle-kit creates `detected_at DESC NULLS LAST`, and a plain DESC
// (NULLS FIRST) does not match it, so PostgreSQL would sort the webhook's whole history instead.
const NEWEST_FIRST = sql`${events.detectedAt} desc nulls last`;

export const MAX_EVENT_PAGE_SIZE = 500;
export const DEFAULT_EVENT_PAGE_SIZE = 50;

type ListWebhookEventsParams = {
  accountId: string;
  webhookId: string;
} & EventListOptions;

/** A webhook's events, newest first, optionally of one status. */
export async function listWebhookEvents(db: DbOrTx, { accountId, webhookId, ...options }: ListWebhookEventsParams): Promise<EventRow[]> {
  const limit = Math.min(Math.max(options.limit ?? DEFAULT_EVENT_PAGE_SIZE, 1), MAX_EVENT_PAGE_SIZE);
  const offset = Math.max(options.offset ?? 0, 0);
  // The page's ids first, from the list's index alone (its condition on the webhook's account is
  // checked once, not per event): a deep offset skips index entries, not rows (1 M of them took
  // 1.4 s read row by row). Then those ids' rows and records.
  const conditions: SQL[] = [
    sql`e.webhook_id = ${webhookId}`,
    sql`exists (select 1 from webhooks w where w.id = ${webhookId} and w.account_id = ${accountId})`,
  ];
  if (options.status) conditions.push(sql`e.status = ${options.status}`);
  if (options.retryState) conditions.push(retryStatePredicate(options.retryState, undefined, "e"));
  const pageIds = sql`select e.id from events e where ${sql.join(conditions, sql` and `)}
    order by e.detected_at desc nulls last, e.id asc limit ${limit} offset ${offset}`;
  const rows = await selectEvents(db)
    .where(and(eq(events.accountId, accountId), sql`${events.id} in (${pageIds})`))
    .orderBy(NEWEST_FIRST, asc(events.id));
  return rows.map(toEventRow);
}

export async function getEvent(db: DbOrTx, accountId: string, eventId: string): Promise<EventRow | undefined> {
  const [row] = await selectEvents(db).where(and(eq(events.id, eventId), eq(events.accountId, accountId)));
  return row ? toEventRow(row) : undefined;
}

/** Ids of the account's events among `eventIds`, with their webhook and status (others are dropped). */
export async function findOwnedEvents(
  db: DbOrTx,
  accountId: string,
  eventIds: string[],
): Promise<Array<{ id: string; webhookId: string; status: EventStatus }>> {
  if (eventIds.length === 0) return [];
  return db
    .select({ id: events.id, webhookId: events.webhookId, status: events.status })
    .from(events)
    .where(and(eq(events.accountId, accountId), inArray(events.id, eventIds)));
}

export type StatusCounts = Record<EventStatus, number>;

export function emptyStatusCounts(): StatusCounts {
  return { in_progress: 0, success: 0, failed: 0, not_triggered: 0 };
}

/** All-time counts of a webhook's events by status, from the rollups (exact, and O(hours) not O(events)). */
export async function countWebhookEventsByStatus(db: DbOrTx, accountId: string, webhookId: string): Promise<StatusCounts> {
  const rows = await db
    .select({ status: eventRollupsHourly.status, count: sql<string>`sum(${eventRollupsHourly.events})::text` })
    .from(eventRollupsHourly)
    .where(and(eq(eventRollupsHourly.webhookId, webhookId), eq(eventRollupsHourly.accountId, accountId)))
    .groupBy(eventRollupsHourly.status);
  const counts = emptyStatusCounts();
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

export function totalOf(counts: StatusCounts, status?: EventStatus): number {
  if (status) return counts[status];
  return counts.in_progress + counts.success + counts.failed + counts.not_triggered;
}

/** Delivered share of the events that got an answer: success / (success + failed), or null with none. */
export function successRateOf(counts: Pick<StatusCounts, "success" | "failed">): number | null {
  const finished = counts.success + counts.failed;
  return finished === 0 ? null : counts.success / finished;
}

/** How many recent attempts the latency percentiles are computed over. */
export const LATENCY_SAMPLE_SIZE = 1000;

/**
 * How many failed events will be retried (retry_state "retrying"), of a webhook or of an account's
 * events detected in [from, to). Counted as the two parts of the definition that indexes find:
 * failed events with an attempt scheduled (events_failed_scheduled_*_idx, a small set), plus those
 * parked on a paused webhook within their window (events_failed_idle_idx of the few paused
 * webhooks). Exhausted = failed (from the rollups) minus this, so counting never walks the
 * possibly huge set of events that gave up.
 */
export async function countRetryingEvents(
  db: DbOrTx,
  accountId: string,
  scope: { webhookId?: string; from?: Date; to?: Date } = {},
): Promise<number> {
  const range: SQL[] = [];
  if (scope.from) range.push(sql`and ${events.detectedAt} >= ${scope.from.toISOString()}::timestamptz`);
  if (scope.to) range.push(sql`and ${events.detectedAt} < ${scope.to.toISOString()}::timestamptz`);
  const ofWebhook = scope.webhookId ? sql`and ${events.webhookId} = ${scope.webhookId}::uuid` : sql``;
  const [row] = await query<{ scheduled: string; parked: string }>(
    db,
    sql`select
      (select count(*) from events
        where ${events.accountId} = ${accountId}::uuid ${ofWebhook} ${sql.join(range, sql` `)}
          and ${events.status} = 'failed' and ${events.nextAttemptAt} is not null
          and ${retryStatePredicate("retrying")})::text as scheduled,
      (select count(*) from events
        where ${events.webhookId} in (
            select w.id from webhooks w
            where w.account_id = ${accountId}::uuid and not (w.is_active and not w.is_archived)
              ${scope.webhookId ? sql`and w.id = ${scope.webhookId}::uuid` : sql``})
          and ${events.accountId} = ${accountId}::uuid ${sql.join(range, sql` `)}
          and ${events.status} = 'failed' and ${events.nextAttemptAt} is null
          and ${retryStatePredicate("retrying")})::text as parked`,
  );
  return Number(row?.scheduled ?? 0) + Number(row?.parked ?? 0);
}

/** counts.failed split by retry state, from the failed total and countRetryingEvents. */
export function splitFailed(failed: number, retrying: number): Record<RetryState, number> {
  const retryingCount = Math.min(Math.max(retrying, 0), failed);
  return { retrying: retryingCount, exhausted: failed - retryingCount };
}

export type WebhookEventStats = {
  counts: StatusCounts;
  /** The failed events split by whether they will be retried (sums to counts.failed). */
  failedByRetryState: Record<RetryState, number>;
  total: number;
  successRate: number | null;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  lastSuccessAt: Date | null;
  /** The latest failed delivery attempt, if any (what a person with a broken endpoint needs first). */
  lastFailure: { at: Date; responseStatus: number | null; errorCode: string | null; errorMessage: string | null } | null;
  nextRetryAt: Date | null;
};

export async function getWebhookEventStats(db: DbOrTx, accountId: string, webhookId: string): Promise<WebhookEventStats> {
  const [counts, recentRows, nextRetry, retrying] = await Promise.all([
    countWebhookEventsByStatus(db, accountId, webhookId),
    // Everything about attempts comes from the latest LATENCY_SAMPLE_SIZE deliveries (a bounded backward
    // read of attempts_webhook_time_idx), so a webhook with a million attempts costs the same as one
    // with a thousand. Test sends are not deliveries.
    query<{
      p50: number | string | null;
      p95: number | string | null;
      last_success_at: Date | string | null;
      last_failure_at: Date | string | null;
      response_status: number | null;
      error_code: string | null;
      error_message: string | null;
    }>(
      db,
      sql`with recent as (
            select started_at, duration_ms, is_success, response_status, error_code, error_message
            from attempts
            where webhook_id = ${webhookId} and account_id = ${accountId} and event_id is not null
              -- in flight, or cut short by a stopped process: no duration, no outcome to count
              and error_code is distinct from ${OUTCOME_UNKNOWN}
            order by started_at desc
            limit ${LATENCY_SAMPLE_SIZE}
          ), last_failure as (
            select started_at, response_status, error_code, error_message
            from recent where not is_success order by started_at desc limit 1
          )
          select (select percentile_cont(0.5) within group (order by duration_ms) from recent) as p50,
                 (select percentile_cont(0.95) within group (order by duration_ms) from recent) as p95,
                 (select max(started_at) from recent where is_success) as last_success_at,
                 f.started_at as last_failure_at, f.response_status, f.error_code, f.error_message
          from (select 1) as one left join last_failure f on true`,
    ),
    // The pending set (events_due_idx) is small however long the history is.
    db
      .select({ at: events.nextAttemptAt })
      .from(events)
      .where(
        and(
          eq(events.webhookId, webhookId),
          eq(events.accountId, accountId),
          eq(events.status, "failed"),
          sql`${events.nextAttemptAt} is not null`,
        ),
      )
      .orderBy(events.nextAttemptAt)
      .limit(1),
    countRetryingEvents(db, accountId, { webhookId }),
  ]);
  const recent = recentRows[0];
  const toNumber = (value: number | string | null | undefined) => (value == null ? null : Math.round(Number(value)));
  const toDate = (value: Date | string | null | undefined) => (value == null ? null : new Date(value));
  let lastSuccessAt = toDate(recent?.last_success_at);
  if (!lastSuccessAt && counts.success > 0) {
    // Every recent attempt failed: the newest delivered event still tells when it last worked.
    const [row] = await db
      .select({ at: events.deliveredAt })
      .from(events)
      .where(and(eq(events.webhookId, webhookId), eq(events.accountId, accountId), eq(events.status, "success")))
      .orderBy(NEWEST_FIRST, asc(events.id))
      .limit(1);
    lastSuccessAt = row?.at ?? null;
  }
  return {
    counts,
    failedByRetryState: splitFailed(counts.failed, retrying),
    total: totalOf(counts),
    successRate: successRateOf(counts),
    p50LatencyMs: toNumber(recent?.p50),
    p95LatencyMs: toNumber(recent?.p95),
    lastSuccessAt,
    lastFailure: recent?.last_failure_at
      ? {
          at: new Date(recent.last_failure_at),
          responseStatus: recent.response_status,
          errorCode: recent.error_code,
          errorMessage: recent.error_message,
        }
      : null,
    nextRetryAt: nextRetry[0]?.at ?? null,
  };
}

export type AttemptRow = {
  id: number;
  eventId: string | null;
  trigger: "scheduled" | "manual" | "test";
  url: string;
  startedAt: Date;
  durationMs: number;
  requestHeaders: Record<string, string>;
  responseStatus: number | null;
  responseBody: string | null;
  responseHeaders: Record<string, string> | null;
  errorCode: string | null;
  errorMessage: string | null;
  isSuccess: boolean;
  nextAttemptReason: string | null;
};

/** Every attempt of an event, newest first. */
export async function listEventAttempts(db: DbOrTx, accountId: string, eventId: string): Promise<AttemptRow[]> {
  const rows = await db
    .select({
      id: attempts.id,
      eventId: attempts.eventId,
      trigger: attempts.trigger,
      url: attempts.url,
      startedAt: attempts.startedAt,
      durationMs: attempts.durationMs,
      requestHeaders: attempts.requestHeaders,
      responseStatus: attempts.responseStatus,
      responseBody: attempts.responseBody,
      responseHeaders: attempts.responseHeaders,
      errorCode: attempts.errorCode,
      errorMessage: attempts.errorMessage,
      isSuccess: attempts.isSuccess,
      nextAttemptReason: attempts.nextAttemptReason,
    })
    .from(attempts)
    .where(and(eq(attempts.eventId, eventId), eq(attempts.accountId, accountId)))
    .orderBy(desc(attempts.startedAt), desc(attempts.id));
  return rows.map((row) => ({ ...row, requestHeaders: (row.requestHeaders ?? {}) as Record<string, string> }));
}
