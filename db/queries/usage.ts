import "server-only";
// Plain readers for usage counts: each takes the ranges it reads, already decided. How a count is
// made of them (which hours from the hourly rollups, which pieces from events, which days from the
// daily rollup) is lib/usage/counts.ts's to decide; see lib/usage/README.md.
import { sql, type SQL } from "drizzle-orm";
import { query, type DbOrTx } from "../client";
import type { EventStatus } from "../schema";

export type CountGroupBy = "status" | "webhook_id";

/** An instant range [start, end). */
export type TimeRange = { start: Date; end: Date };

/** A range of events to count by local day, as the reference GROUP BY reads it. */
export type EventCountFilter = {
  start: Date;
  end: Date;
  /** IANA name, already validated (lib/validation/dates.ts isValidTimeZone). */
  timeZone: string;
  groupBy: CountGroupBy;
  webhookId?: string;
};

/** One local day and one status or webhook id. Days with no events have no row. */
export type DailyCount = { day: string; key: string; events: number; executions: number };

/** Local days of `timeZone` summed from whole UTC hours of the hourly rollups and from pieces of `events`. */
export type RangeCountQuery = {
  timeZone: string;
  groupBy: CountGroupBy;
  webhookId?: string;
  /** Whole UTC hours, [start, end), read from the hourly rollups. */
  rollupRanges: TimeRange[];
  /** Read from events themselves. */
  rawRanges: TimeRange[];
};

const HOUR_MS = 3_600_000;

type CountRow = { day: string; key: string; events: number; executions: number };

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

function anyRange(column: SQL, ranges: TimeRange[]): SQL {
  return sql.join(
    ranges.map((r) => sql`(${column} >= ${ts(r.start)} and ${column} < ${ts(r.end)})`),
    sql` or `,
  );
}

const toCounts = (rows: CountRow[]): DailyCount[] =>
  rows.map((r) => ({ day: r.day, key: r.key, events: Number(r.events), executions: Number(r.executions) }));

/** Events and executions per local day, by status or by webhook, summed over the given ranges in one query. */
export async function countDaysInRanges(db: DbOrTx, accountId: string, plan: RangeCountQuery): Promise<DailyCount[]> {
  if (plan.rollupRanges.length === 0 && plan.rawRanges.length === 0) return [];
  const tz = sql`${plan.timeZone}::text`;
  const byWebhook = plan.groupBy === "webhook_id";
  const parts: SQL[] = [];

  if (plan.rollupRanges.length > 0) {
    // The account rollup holds a few rows per hour whatever the number of webhooks.
    if (!byWebhook && !plan.webhookId) {
      parts.push(sql`
        select (r.hour at time zone ${tz})::date as day, r.status::text as key,
               sum(r.events) as events, sum(r.executions) as executions
        from account_event_rollups_hourly r
        where r.account_id = ${accountId} and (${anyRange(sql`r.hour`, plan.rollupRanges)})
        group by 1, r.status`);
    } else {
      // Grouped on the column itself so the cast to text runs once per group, not per row.
      const column = byWebhook ? sql`r.webhook_id` : sql`r.status`;
      const webhook = plan.webhookId ? sql`and r.webhook_id = ${plan.webhookId}` : sql``;
      parts.push(sql`
        select (r.hour at time zone ${tz})::date as day, ${column}::text as key,
               sum(r.events) as events, sum(r.executions) as executions
        from event_rollups_hourly r
        where r.account_id = ${accountId} ${webhook} and (${anyRange(sql`r.hour`, plan.rollupRanges)})
        group by 1, ${column}`);
    }
  }

  const isSmallPieces = plan.rawRanges.every((r) => r.end.getTime() - r.start.getTime() <= HOUR_MS);
  if (plan.rawRanges.length > 0 && !isSmallPieces) {
    const webhook = plan.webhookId ? sql`and e.webhook_id = ${plan.webhookId}` : sql``;
    parts.push(sql`
      select (e.detected_at at time zone ${tz})::date as day, ${byWebhook ? sql`e.webhook_id::text` : sql`e.status::text`} as key,
             count(*) as events, sum(e.attempt_count) as executions
      from events e
      where e.account_id = ${accountId} ${webhook} and (${anyRange(sql`e.detected_at`, plan.rawRanges)})
      group by 1, 2`);
  } else if (plan.rawRanges.length > 0) {
    const key = byWebhook ? sql`e.webhook_id::text` : sql`e.status::text`;
    const webhook = plan.webhookId ? sql`and w.id = ${plan.webhookId}` : sql``;
    const values = sql.join(
      plan.rawRanges.map((r) => sql`(${ts(r.start)}, ${ts(r.end)})`),
      sql`, `,
    );
    // Through webhooks so each (webhook, range) is one scan of events_webhook_detected_idx:
    // there is no account-wide index on detected_at, and these pieces are small.
    parts.push(sql`
      select (e.detected_at at time zone ${tz})::date as day, ${key} as key,
             count(*) as events, sum(e.attempt_count) as executions
      from webhooks w
      cross join (values ${values}) as p(range_start, range_end)
      join events e on e.webhook_id = w.id and e.detected_at >= p.range_start and e.detected_at < p.range_end
      where w.account_id = ${accountId} ${webhook} and e.account_id = ${accountId}
      group by 1, 2`);
  }

  const rows = await query<CountRow>(
    db,
    sql`select to_char(day, 'YYYY-MM-DD') as day, key, sum(events)::float8 as events, sum(executions)::float8 as executions
        from (${sql.join(parts, sql` union all `)}) as counts
        group by day, key
        having sum(events) <> 0
        order by day, key`,
  );
  return toCounts(rows);
}

/** The same answer by a GROUP BY over events: the reference the rollups are checked against. */
export async function countEventsByDayFromEvents(db: DbOrTx, accountId: string, filter: EventCountFilter): Promise<DailyCount[]> {
  const tz = sql`${filter.timeZone}::text`;
  const key = filter.groupBy === "webhook_id" ? sql`webhook_id::text` : sql`status::text`;
  const webhook = filter.webhookId ? sql`and webhook_id = ${filter.webhookId}` : sql``;
  const rows = await query<CountRow>(
    db,
    sql`select to_char((detected_at at time zone ${tz})::date, 'YYYY-MM-DD') as day, ${key} as key,
               count(*)::float8 as events, sum(attempt_count)::float8 as executions
        from events
        where account_id = ${accountId} ${webhook}
          and detected_at >= ${ts(filter.start)} and detected_at < ${ts(filter.end)}
        group by 1, 2
        order by 1, 2`,
  );
  return toCounts(rows);
}

export type WebhookOption = { id: string; name: string; isArchived: boolean };

export async function listWebhookOptions(db: DbOrTx, accountId: string): Promise<WebhookOption[]> {
  return query<WebhookOption>(
    db,
    sql`select id::text as id, name, is_archived as "isArchived" from webhooks
        where account_id = ${accountId} order by is_archived, lower(name), id`,
  );
}

/** The account's webhook, or undefined (also for another account's id). */
export async function findWebhookOption(db: DbOrTx, accountId: string, webhookId: string): Promise<WebhookOption | undefined> {
  const [row] = await query<WebhookOption>(
    db,
    sql`select id::text as id, name, is_archived as "isArchived" from webhooks
        where account_id = ${accountId} and id = ${webhookId}`,
  );
  return row;
}

/** Credits debited per local day (triggered events); top-ups are not usage. */
export async function creditsUsedByDay(
  db: DbOrTx,
  accountId: string,
  range: { start: Date; end: Date; timeZone: string },
): Promise<{ day: string; used: number }[]> {
  const rows = await query<{ day: string; used: number }>(
    db,
    sql`select to_char((created_at at time zone ${range.timeZone}::text)::date, 'YYYY-MM-DD') as day,
               sum(-amount)::float8 as used
        from credit_transactions
        where account_id = ${accountId} and amount < 0
          and created_at >= ${ts(range.start)} and created_at < ${ts(range.end)}
        group by 1 order by 1`,
  );
  return rows.map((r) => ({ day: r.day, used: Number(r.used) }));
}

export type AccountEventFilter = {
  status?: EventStatus;
  webhookId?: string;
  start?: Date;
  end?: Date;
  /** Keyset cursor: rows strictly older than this row (`cursor` of the last row of a page). */
  before?: string;
  limit: number;
};

export type AccountEventRow = {
  id: string;
  webhookId: string;
  webhookName: string;
  type: "job" | "company";
  status: EventStatus;
  summary: string | null;
  detail: string | null;
  detectedAt: string;
  attemptCount: number;
  lastResponseStatus: number | null;
  nextAttemptAt: string | null;
  /** Opaque keyset cursor of this row, at the database's microsecond precision. */
  cursor: string;
};

const CURSOR_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([0-9a-f-]{36})$/i;

export function parseEventCursor(cursor: string): { detectedAt: string; id: string } | null {
  const match = CURSOR_PATTERN.exec(cursor);
  // The pattern alone lets "0000-01-01…" or "2026-13-45…" through to PostgreSQL, which refuses them.
  return match && isCursorInstant(match[1]) ? { detectedAt: match[1], id: match[2] } : null;
}

/**
 * A cursor's instant is a real one in 2000–2100, as lib/validation/dates.ts checkDateTime accepts
 * (a cursor is written by this file's own to_char, so only a tampered one fails).
 */
function isCursorInstant(text: string): boolean {
  const [year, month, day, hours, minutes, seconds] = (text.match(/\d+/g) ?? []).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 2000 && year <= 2100 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hours <= 23 && minutes <= 59 && seconds <= 59;
}

type RawEventRow = Omit<AccountEventRow, "detectedAt" | "nextAttemptAt"> & {
  detectedAt: Date | string;
  nextAttemptAt: Date | string | null;
};

/** An account's events across webhooks, newest first (the page a chart segment opens). */
export async function listAccountEvents(db: DbOrTx, accountId: string, filter: AccountEventFilter): Promise<AccountEventRow[]> {
  const conditions: SQL[] = [sql`e.account_id = ${accountId}`];
  if (filter.status) conditions.push(sql`e.status = ${filter.status}`);
  if (filter.webhookId) conditions.push(sql`e.webhook_id = ${filter.webhookId}`);
  if (filter.start) conditions.push(sql`e.detected_at >= ${ts(filter.start)}`);
  if (filter.end) conditions.push(sql`e.detected_at < ${ts(filter.end)}`);
  const before = filter.before ? parseEventCursor(filter.before) : null;
  if (before) conditions.push(sql`(e.detected_at, e.id) < (${before.detectedAt}::timestamptz, ${before.id}::uuid)`);
  const rows = await query<RawEventRow>(
    db,
    sql`select e.id::text as id, e.webhook_id::text as "webhookId", w.name as "webhookName", e.type::text as type,
               e.status::text as status, coalesce(j.title, c.name) as summary,
               coalesce(j.company_name, c.domain) as detail, e.detected_at as "detectedAt",
               e.attempt_count as "attemptCount", e.last_response_status as "lastResponseStatus",
               e.next_attempt_at as "nextAttemptAt",
               to_char(e.detected_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '_' || e.id::text as cursor
        from events e
        join webhooks w on w.id = e.webhook_id
        left join jobs j on j.id = e.job_id
        left join companies c on c.id = e.company_id
        where ${sql.join(conditions, sql` and `)}
        order by e.detected_at desc, e.id desc
        limit ${filter.limit}`,
  );
  return rows.map((r) => ({
    ...r,
    attemptCount: Number(r.attemptCount),
    lastResponseStatus: r.lastResponseStatus === null ? null : Number(r.lastResponseStatus),
    detectedAt: new Date(r.detectedAt).toISOString(),
    nextAttemptAt: r.nextAttemptAt === null ? null : new Date(r.nextAttemptAt).toISOString(),
  }));
}

/** Credits debited in [since, now) (credit_transactions_account_time_idx: a few rows a day). */
export async function creditsUsedSince(db: DbOrTx, accountId: string, since: Date): Promise<number> {
  const [row] = await query<{ used: number | string | null }>(
    db,
    sql`select coalesce(sum(-amount), 0)::float8 as used from credit_transactions
        where account_id = ${accountId} and amount < 0 and created_at >= ${ts(since)}`,
  );
  return Number(row?.used ?? 0);
}

/**
 * When the team's data begins: the earliest of its creation, its first event, and its first hour in
 * the rollups (which keep the counts of events retention has deleted). Null for an unknown team.
 */
export async function getFirstDataAt(db: DbOrTx, accountId: string): Promise<Date | null> {
  const [row] = await query<{ at: Date | string | null }>(
    db,
    sql`select least(
          (select created_at from accounts where id = ${accountId}),
          (select min(detected_at) from events where account_id = ${accountId}),
          (select min(hour) from account_event_rollups_hourly where account_id = ${accountId})
        ) as at`,
  );
  return row?.at ? new Date(row.at) : null;
}
