import "server-only";
// Finding events: one webhook's list (offset pages, in events_webhook_detected_idx order) and the
// account-wide list (keyset pages, events_account_detected_idx scanned backwards), both narrowed by
// lib/validation/event-filter.ts's filter. A search `q` is answered by walking the list's newest
// events or by index lookups, never by scanning a history (db/queries/event-search-text.ts).
import { sql, type SQL } from "drizzle-orm";
import { query, type DbOrTx } from "../client";
import { type EventStatus } from "../schema";
import { retryStateColumn, retryStatePredicate, type EventRow, type RetryState } from "./events";
import { isWalkable, lookUpCandidates, MAX_TEXT_WALK_EVENTS, textWalkWindow, walkNewest } from "./event-search-text";

export { MAX_TEXT_MATCHES, SearchTooBroadError, TEXT_WALK_EVENTS } from "./event-search-text";

/** The filter as these queries take it (lib/validation/event-filter.ts `EventFilter`). */
export type EventSearchFilter = {
  q?: string;
  status?: EventStatus;
  response?: "2xx" | "4xx" | "5xx" | "timeout" | "connection_error";
  httpStatus?: number;
  from?: Date;
  to?: Date;
  minAttempts?: number;
  webhookId?: string;
  /** Failed events that will be retried, or whose retries are exhausted (events.ts defines them). */
  retryState?: RetryState;
};

/**
 * Filtered totals are counted up to this many past the page asked for; beyond it a list says "more
 * than" (1,000+ on the first page, 2,050+ on the 22nd): a count walks the matches, from the list's
 * indexes alone for the usual filters (migration `events_list_covering`).
 */
export const MAX_FILTERED_COUNT = 1_000;

// lib/delivery/http-client.ts classifyError: a timeout's message (events keep the message, not the
// code; http-client.test.ts holds the two together).
export const TIMEOUT_MESSAGE_PREFIX = "No answer within";

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/** Conditions on the event row alone (alias e). */
function eventConditions(filter: EventSearchFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(sql`e.status = ${filter.status}`);
  if (filter.retryState) conditions.push(retryStatePredicate(filter.retryState, undefined, "e"));
  switch (filter.response) {
    case "2xx":
      conditions.push(sql`e.last_response_status between 200 and 299`);
      break;
    case "4xx":
      conditions.push(sql`e.last_response_status between 400 and 499`);
      break;
    case "5xx":
      conditions.push(sql`e.last_response_status between 500 and 599`);
      break;
    case "timeout":
      // `last_error is not null` names events_*_no_response_idx's condition, so the planner can use them.
      conditions.push(sql`e.last_response_status is null and e.last_error is not null and e.last_error like ${`${TIMEOUT_MESSAGE_PREFIX}%`}`);
      break;
    case "connection_error":
      conditions.push(sql`e.last_response_status is null and e.last_error is not null and e.last_error not like ${`${TIMEOUT_MESSAGE_PREFIX}%`}`);
      break;
  }
  if (filter.httpStatus !== undefined) conditions.push(sql`e.last_response_status = ${filter.httpStatus}`);
  if (filter.from) conditions.push(sql`e.detected_at >= ${ts(filter.from)}`);
  if (filter.to) conditions.push(sql`e.detected_at < ${ts(filter.to)}`);
  if (filter.minAttempts !== undefined && filter.minAttempts > 0) conditions.push(sql`e.attempt_count >= ${filter.minAttempts}`);
  return conditions;
}

/** The events a search named (lookUpCandidates, or a walk's page), read by key. */
const candidateCondition = (ids?: readonly string[]): SQL[] => (ids ? [sql`e.id = any(${`{${ids.join(",")}}`}::uuid[])`] : []);

/** The webhooks a lookup searches: the filter's one, or the account's. */
const accountWebhooks = (accountId: string, filter: EventSearchFilter) =>
  filter.webhookId ? sql`${filter.webhookId}::uuid` : sql`select id from webhooks where account_id = ${accountId}`;

const WEBHOOK_ORDER = sql`e.detected_at desc nulls last, e.id asc`;
const ACCOUNT_ORDER = sql`e.detected_at desc, e.id desc`;

const rowColumns = sql`e.id::text as id, e.webhook_id::text as "webhookId", e.type::text as type, e.status::text as status,
  e.detected_at as "detectedAt", e.triggered_at as "triggeredAt", e.attempt_count as "attemptCount",
  e.next_attempt_at as "nextAttemptAt", e.first_failed_at as "firstFailedAt", e.last_attempt_at as "lastAttemptAt",
  e.last_response_status as "lastResponseStatus", e.last_error as "lastError", e.delivered_at as "deliveredAt",
  ${retryStateColumn("e")} as "retryState",
  coalesce(j.data, c.data) as record, coalesce(j.title, c.name) as "recordTitle",
  coalesce(j.company_name, c.domain) as "recordSubtitle", coalesce(j.external_id, c.external_id) as "recordExternalId",
  to_char(e.detected_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '_' || e.id::text as cursor`;

type RawRow = {
  id: string;
  webhookId: string;
  type: "job" | "company";
  status: EventStatus;
  detectedAt: Date | string;
  triggeredAt: Date | string | null;
  attemptCount: number | string;
  nextAttemptAt: Date | string | null;
  firstFailedAt: Date | string | null;
  lastAttemptAt: Date | string | null;
  lastResponseStatus: number | string | null;
  lastError: string | null;
  deliveredAt: Date | string | null;
  retryState: RetryState | null;
  record: Record<string, unknown> | string | null;
  recordTitle: string | null;
  recordSubtitle: string | null;
  recordExternalId: string | null;
  cursor: string;
  webhookName?: string;
};

export type FoundEventRow = EventRow & { cursor: string };

const date = (value: Date | string | null) => (value === null ? null : new Date(value));

function toRow(row: RawRow): FoundEventRow {
  return {
    id: row.id,
    webhookId: row.webhookId,
    type: row.type,
    status: row.status,
    detectedAt: new Date(row.detectedAt),
    triggeredAt: date(row.triggeredAt),
    attemptCount: Number(row.attemptCount),
    nextAttemptAt: date(row.nextAttemptAt),
    firstFailedAt: date(row.firstFailedAt),
    lastAttemptAt: date(row.lastAttemptAt),
    lastResponseStatus: row.lastResponseStatus === null ? null : Number(row.lastResponseStatus),
    lastError: row.lastError,
    deliveredAt: date(row.deliveredAt),
    retryState: row.retryState ?? null,
    record: (typeof row.record === "string" ? JSON.parse(row.record) : (row.record ?? {})) as Record<string, unknown>,
    recordTitle: row.recordTitle ?? "",
    recordSubtitle: row.recordSubtitle,
    recordExternalId: row.recordExternalId ?? "",
    cursor: row.cursor,
  };
}

/**
 * A webhook's events the filter selects (alias e), with the webhook's account checked once rather
 * than on each event (account_id is not in the list's indexes; the usual filters' columns are,
 * migration `events_list_covering`): counts and page ids read the index alone. `ids` are the events
 * its search named.
 */
function webhookWhere(accountId: string, webhookId: string, filter: EventSearchFilter, ids?: readonly string[]): SQL {
  const conditions = [
    sql`e.webhook_id = ${webhookId}`,
    sql`exists (select 1 from webhooks w where w.id = ${webhookId} and w.account_id = ${accountId})`,
    ...eventConditions(filter),
    ...candidateCondition(ids),
  ];
  return sql.join(conditions, sql` and `);
}

/** The account's events the filter selects (alias e); `ids` are the events its search named. */
function accountWhere(accountId: string, filter: EventSearchFilter, ids?: readonly string[]): SQL {
  const conditions = [sql`e.account_id = ${accountId}`, ...eventConditions(filter)];
  if (filter.webhookId) conditions.push(sql`e.webhook_id = ${filter.webhookId}`);
  conditions.push(...candidateCondition(ids));
  return sql.join(conditions, sql` and `);
}

type SearchWebhookEventsParams = {
  accountId: string;
  webhookId: string;
  filter: EventSearchFilter;
  page: { offset: number; limit: number };
  /** Events a search walks (textWalkWindow; tests set fewer than the list to reach the lookup). */
  walkEvents?: number;
};

/**
 * One webhook's page: its ids first, then their rows and records (a lookup may name hundreds of
 * events; the page joins 50). The ids come from the list's indexes alone where the filter's
 * columns are in them (`events_list_covering`), the account checked once through the webhook: a
 * deep offset skips index entries, not rows.
 */
async function readWebhookPage(
  db: DbOrTx,
  { accountId, webhookId, filter, ids }: { accountId: string; webhookId: string; filter: EventSearchFilter; ids?: readonly string[] },
  page: { offset: number; limit: number },
): Promise<FoundEventRow[]> {
  const rows = await query<RawRow>(
    db,
    sql`select ${rowColumns}
        from events e
        left join jobs j on j.id = e.job_id
        left join companies c on c.id = e.company_id
        where e.account_id = ${accountId} and e.id in (
          select e.id from events e where ${webhookWhere(accountId, webhookId, filter, ids)}
          order by ${WEBHOOK_ORDER} limit ${page.limit} offset ${page.offset})
        order by ${WEBHOOK_ORDER}`,
  );
  return rows.map(toRow);
}

type WebhookSearch = { rows: FoundEventRow[]; total?: { count: number; isCapped: boolean }; ids?: string[] };

/** The page, and the total when the walk knows it; otherwise the ids a lookup named (undefined without `q`). */
async function searchWebhook(db: DbOrTx, { accountId, webhookId, filter, page, walkEvents }: SearchWebhookEventsParams): Promise<WebhookSearch> {
  const end = page.offset + page.limit;
  if (filter.q && end * 10 <= MAX_TEXT_WALK_EVENTS && (await isWalkable(db, accountId, filter.q))) {
    const window = walkEvents ?? textWalkWindow(end);
    const where = webhookWhere(accountId, webhookId, { ...filter, q: undefined });
    const walk = await walkNewest(db, { q: filter.q, where, orderBy: WEBHOOK_ORDER, window, page });
    const isWholeList = walk.walked < window;
    if (isWholeList || walk.matched >= end) {
      const rows = walk.ids.length ? await readWebhookPage(db, { accountId, webhookId, filter, ids: walk.ids }, { offset: 0, limit: page.limit }) : [];
      return { rows, total: { count: walk.matched, isCapped: !isWholeList } };
    }
  }
  const ids = filter.q ? await lookUpCandidates(db, accountId, filter.q, sql`${webhookId}::uuid`) : undefined;
  if (ids?.length === 0) return { rows: [], total: { count: 0, isCapped: false }, ids };
  return { rows: await readWebhookPage(db, { accountId, webhookId, filter, ids }, page), ids };
}

/** One webhook's events matching the filter, newest first (the webhook index's order), by offset. */
export async function searchWebhookEvents(db: DbOrTx, params: SearchWebhookEventsParams): Promise<FoundEventRow[]> {
  return (await searchWebhook(db, params)).rows;
}

/**
 * A webhook's page and how many events match: counted up to `cap` (+1 tells there are more); for
 * a search its newest events hold a page of, the matches among the events walked (isCapped when
 * older ones were not).
 */
export async function findWebhookEvents(
  db: DbOrTx,
  params: SearchWebhookEventsParams & { cap: number },
): Promise<{ rows: FoundEventRow[]; total: number; isCapped: boolean }> {
  const found = await searchWebhook(db, params);
  if (found.total) return { rows: found.rows, total: found.total.count, isCapped: found.total.isCapped };
  const count = await countWebhookEventsMatching(db, { ...params, ids: found.ids });
  return { rows: found.rows, total: Math.min(count, params.cap), isCapped: count > params.cap };
}

/**
 * How many of a webhook's events match, counted up to `cap` + 1; `ids` are the events the filter's
 * search named (lookUpCandidates), given whenever it has `q`.
 */
async function countWebhookEventsMatching(
  db: DbOrTx,
  { accountId, webhookId, filter, cap, ids }: { accountId: string; webhookId: string; filter: EventSearchFilter; cap: number; ids?: readonly string[] },
): Promise<number> {
  if (ids?.length === 0) return 0;
  const [row] = await query<{ count: number | string }>(
    db,
    sql`select count(*) as count from (select 1 from events e where ${webhookWhere(accountId, webhookId, filter, ids)} limit ${cap + 1}) x`,
  );
  return Number(row?.count ?? 0);
}

export type AccountFoundEventRow = FoundEventRow & { webhookName: string };

type SearchAccountEventsParams = {
  accountId: string;
  filter: EventSearchFilter;
  page: { before?: { detectedAt: string; id: string }; limit: number };
  /** As on a webhook's list. */
  walkEvents?: number;
};

/** The account's events matching the filter, newest first, the page after `before` (a row's cursor). */
export async function searchAccountEvents(
  db: DbOrTx,
  { accountId, filter, page, walkEvents }: SearchAccountEventsParams,
): Promise<AccountFoundEventRow[]> {
  const keyset = page.before ? sql` and (e.detected_at, e.id) < (${page.before.detectedAt}::timestamptz, ${page.before.id}::uuid)` : sql``;
  const read = async (ids?: readonly string[]) => {
    // The page is cut from the events before their records and webhooks are joined.
    const rows = await query<RawRow>(
      db,
      sql`select ${rowColumns}, w.name as "webhookName"
          from (select * from events e where ${accountWhere(accountId, filter, ids)}${keyset} order by ${ACCOUNT_ORDER} limit ${page.limit}) e
          join webhooks w on w.id = e.webhook_id
          left join jobs j on j.id = e.job_id
          left join companies c on c.id = e.company_id
          order by ${ACCOUNT_ORDER}`,
    );
    return rows.map((row) => ({ ...toRow(row), webhookName: row.webhookName ?? "" }));
  };
  // The newest events after the cursor first, as on a webhook's list.
  if (filter.q && (await isWalkable(db, accountId, filter.q))) {
    const window = walkEvents ?? textWalkWindow(page.limit);
    const where = sql`${accountWhere(accountId, { ...filter, q: undefined })}${keyset}`;
    const walk = await walkNewest(db, { q: filter.q, where, orderBy: ACCOUNT_ORDER, window, page: { offset: 0, limit: page.limit } });
    if (walk.walked < window || walk.matched >= page.limit) return walk.ids.length ? read(walk.ids) : [];
  }
  const ids = filter.q ? await lookUpCandidates(db, accountId, filter.q, accountWebhooks(accountId, filter)) : undefined;
  if (ids?.length === 0) return [];
  return read(ids);
}

/**
 * The SQL selecting the ids of the failed events a filter selects now, for a bulk replay (its dry
 * run counts them, its job snapshots them): `webhookId` narrows to one webhook. A search's ids are
 * looked up once, here.
 */
export async function failedEventIdsMatching(db: DbOrTx, accountId: string, filter: EventSearchFilter): Promise<SQL> {
  const ids = filter.q ? await lookUpCandidates(db, accountId, filter.q, accountWebhooks(accountId, filter)) : undefined;
  return sql`select e.id from events e where ${accountWhere(accountId, { ...filter, status: "failed" }, ids)}`;
}

/** How many ids `selection` (failedEventIdsMatching) selects, counted up to `cap` + 1. */
export async function countSelectedEvents(db: DbOrTx, selection: SQL, cap: number): Promise<number> {
  const [row] = await query<{ count: number | string }>(db, sql`select count(*) as count from (${selection} limit ${cap + 1}) x`);
  return Number(row?.count ?? 0);
}
