import "server-only";
// Finding events: one webhook's list (offset pages, in events_webhook_detected_idx order) and the
// account-wide list (keyset pages, events_account_detected_idx scanned backwards), both narrowed by
// lib/validation/event-filter.ts's filter.
//
// A search `q` never scans the webhook's history: its candidates come first, by index, and the page
// is cut from them.
// - an event id: the primary key;
// - a record's external id: jobs/companies_account_external_id_idx;
// - words in a job's title or company name, or a company's name: GIN indexes on their words
//   (schema.ts jobSearchDocument, migration `event_search_words`), the MAX_TEXT_MATCHES most recently
//   discovered matching records;
// then their events through events_job_webhook_idx / events_company_webhook_idx (record, webhook).
//
// Text matches by words, case-insensitively: every word of the search is a word of the record, and
// the last may be the beginning of one ("data eng" finds "Senior Data Engineer"; "gineer" does not).
// Matching inside words needed trigram indexes, whose posting lists for common trigrams made a rare
// phrase cost ~100 ms on a team of 10 M records; a word's posting list is skipped through.
import { sql, type SQL } from "drizzle-orm";
import { query, type DbOrTx } from "../client";
import { companySearchDocument, jobSearchDocument, type EventStatus } from "../schema";
import { retryStateColumn, retryStatePredicate, type EventRow, type RetryState } from "./events";
import { UUID_PATTERN as UUID } from "../ids";

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

/** Records a text search looks at: the most recently discovered ones that contain the text. */
export const MAX_TEXT_MATCHES = 10_000;
/**
 * Filtered totals are counted up to this many past the page asked for; beyond it a list says "more
 * than" (1,000+ on the first page, 2,050+ on the 22nd). Counting is walking: 10,000 cost ~150 ms.
 */
export const MAX_FILTERED_COUNT = 1_000;

// lib/delivery/http-client.ts classifyError: a timeout's message (events keep the message, not the
// code; http-client.test.ts holds the two together).
export const TIMEOUT_MESSAGE_PREFIX = "No answer within";

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/**
 * The words of `text` as a tsquery, the last word also as a prefix: `'data' & 'eng':*`. Null (no
 * match) when the text has no word. Immutable, so the planner folds it to a constant and estimates
 * it from the index's statistics (as a subquery it guessed 50,000 rows and started parallel workers).
 */
const wordsOf = (text: string) => {
  const words = sql`plainto_tsquery('simple'::regconfig, ${text})::text`;
  return sql`(case when ${words} = '' then null else (${words} || ':*')::tsquery end)`;
};
const jobWords = (alias?: string) => jobSearchDocument(sql.raw(alias ? `${alias}.title` : "title"), sql.raw(alias ? `${alias}.company_name` : "company_name"));
const companyWords = (alias?: string) => companySearchDocument(sql.raw(alias ? `${alias}.name` : "name"));

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

/**
 * `e.id in (…)`: the events a search names, among `webhookIds` (a subquery of the account's
 * webhooks, or one id). Each branch is an index lookup per candidate record.
 */
function searchCandidates(accountId: string, text: string, webhooks: SQL): SQL {
  // An event id is looked up by key (and as a record's external id, which may be a uuid too); text
  // inside titles and names is not searched for it: a word search for a uuid finds nothing but
  // costs tens of milliseconds on a big team.
  const isId = UUID.test(text);
  const words = wordsOf(text);
  const recordsOf = (table: "jobs" | "companies") => {
    const exact = table === "jobs"
      ? sql`select id from jobs where account_id = ${accountId} and external_id = ${text}`
      : sql`select id from companies where account_id = ${accountId} and external_id = ${text}`;
    if (isId) return exact;
    const textMatch = table === "jobs" ? sql`${jobWords()} @@ ${words}` : sql`${companyWords()} @@ ${words}`;
    return sql`${exact}
      union
      (select id from ${sql.raw(table)}
       where account_id = ${accountId} and ${textMatch}
       order by discovered_at desc limit ${MAX_TEXT_MATCHES})`;
  };
  const branches: SQL[] = [];
  if (isId) branches.push(sql`select id from events where id = ${text.toLowerCase()}::uuid and account_id = ${accountId}`);
  branches.push(sql`select ev.id from (${recordsOf("jobs")}) r
    join events ev on ev.job_id = r.id and ev.webhook_id in (${webhooks})`);
  branches.push(sql`select ev.id from (${recordsOf("companies")}) r
    join events ev on ev.company_id = r.id and ev.webhook_id in (${webhooks})`);
  return sql.join(branches, sql` union `);
}

/** Most candidate events a search reads (MAX_TEXT_MATCHES records, a few events each). */
const MAX_CANDIDATES = 50_000;

/**
 * A search's candidate event ids, collected first (key, external id and word lookups), or
 * undefined without a search. The list then reads them by key: given as a subquery, the planner
 * cannot tell how few they are and may walk the whole list testing each event against them.
 */
async function candidatesOf(db: DbOrTx, accountId: string, filter: EventSearchFilter, webhooks: () => SQL): Promise<string[] | undefined> {
  if (!filter.q) return undefined;
  const rows = await query<{ id: string }>(db, sql`select id::text as id from (${searchCandidates(accountId, filter.q, webhooks())}) c limit ${MAX_CANDIDATES}`);
  return rows.map((row) => row.id);
}

function candidateCondition(accountId: string, filter: EventSearchFilter, webhooks: () => SQL, ids?: readonly string[]): SQL[] {
  if (!filter.q) return [];
  if (ids) return [sql`e.id = any(${`{${ids.join(",")}}`}::uuid[])`];
  return [sql`e.id in (${searchCandidates(accountId, filter.q, webhooks())})`];
}

const webhookScope = (webhookId: string) => () => sql`${webhookId}::uuid`;
const accountScope = (accountId: string, filter: EventSearchFilter) => () =>
  filter.webhookId ? sql`${filter.webhookId}::uuid` : sql`select id from webhooks where account_id = ${accountId}`;

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

function webhookWhere(accountId: string, webhookId: string, filter: EventSearchFilter, ids?: readonly string[]): SQL {
  const conditions = [
    sql`e.webhook_id = ${webhookId}`,
    sql`e.account_id = ${accountId}`,
    ...eventConditions(filter),
    ...candidateCondition(accountId, filter, webhookScope(webhookId), ids),
  ];
  return sql.join(conditions, sql` and `);
}

function accountWhere(accountId: string, filter: EventSearchFilter, ids?: readonly string[]): SQL {
  const conditions = [sql`e.account_id = ${accountId}`, ...eventConditions(filter)];
  if (filter.webhookId) conditions.push(sql`e.webhook_id = ${filter.webhookId}`);
  conditions.push(...candidateCondition(accountId, filter, accountScope(accountId, filter), ids));
  return sql.join(conditions, sql` and `);
}

/**
 * How many of a list's newest events a text search reads row by row before it turns to the indexes.
 * A common word ("Engineer") matches so many records that collecting them by index and sorting their
 * events takes hundreds of milliseconds, while the newest events hold a page of matches: read those
 * first. Matches among the first N events in list order are the first matches of the whole list, so
 * a full page from them is exact; otherwise (a rare word) the indexes answer.
 */
export const TEXT_WALK_EVENTS = 2_000;

/** A search's text when it is worth reading the newest events for: not an id, which the keys answer at once. */
async function walkableText(db: DbOrTx, accountId: string, q: string | undefined): Promise<string | undefined> {
  if (!q || UUID.test(q) || (await isExternalId(db, accountId, q))) return undefined;
  return q;
}

/** The walked rows (aliases e, j, c) that `q` names: by external id, or by words. */
function textMatch(q: string): SQL {
  const words = wordsOf(q);
  return sql`(j.external_id = ${q} or ${jobWords("j")} @@ ${words} or c.external_id = ${q} or ${companyWords("c")} @@ ${words})`;
}

/** Whether `text` is a record's external id in this account (a key lookup): such a search goes by index at once. */
async function isExternalId(db: DbOrTx, accountId: string, text: string): Promise<boolean> {
  const [row] = await query<{ found: boolean }>(
    db,
    sql`select exists (select 1 from jobs where account_id = ${accountId} and external_id = ${text})
            or exists (select 1 from companies where account_id = ${accountId} and external_id = ${text}) as found`,
  );
  return Boolean(row?.found);
}

type SearchWebhookEventsParams = {
  accountId: string;
  webhookId: string;
  filter: EventSearchFilter;
  page: { offset: number; limit: number };
};

/** One webhook's events matching the filter, newest first (the webhook index's order), by offset. */
export async function searchWebhookEvents(
  db: DbOrTx,
  { accountId, webhookId, filter, page }: SearchWebhookEventsParams,
): Promise<FoundEventRow[]> {
  // The newest events first (TEXT_WALK_EVENTS), for a first few pages.
  const text = page.offset + page.limit <= TEXT_WALK_EVENTS / 10 ? await walkableText(db, accountId, filter.q) : undefined;
  if (text) {
    const walked = await query<RawRow>(
      db,
      sql`select ${rowColumns}
          from (
            select * from events e
            where ${webhookWhere(accountId, webhookId, { ...filter, q: undefined })}
            order by e.detected_at desc nulls last, e.id asc
            limit ${TEXT_WALK_EVENTS}
          ) e
          left join jobs j on j.id = e.job_id
          left join companies c on c.id = e.company_id
          where ${textMatch(text)}
          order by e.detected_at desc nulls last, e.id asc
          limit ${page.limit} offset ${page.offset}`,
    );
    if (walked.length === page.limit) return walked.map(toRow);
  }
  const ids = await candidatesOf(db, accountId, filter, webhookScope(webhookId));
  if (ids?.length === 0) return [];
  const rows = await query<RawRow>(
    db,
    sql`select ${rowColumns}
        from events e
        left join jobs j on j.id = e.job_id
        left join companies c on c.id = e.company_id
        where ${webhookWhere(accountId, webhookId, filter, ids)}
        order by e.detected_at desc nulls last, e.id asc
        limit ${page.limit} offset ${page.offset}`,
  );
  return rows.map(toRow);
}

type CountWebhookEventsMatchingParams = {
  accountId: string;
  webhookId: string;
  filter: EventSearchFilter;
  /** Counting stops past this many (MAX_FILTERED_COUNT past the page). */
  cap: number;
};

/** How many of a webhook's events match, counted up to `cap` + 1. */
export async function countWebhookEventsMatching(
  db: DbOrTx,
  { accountId, webhookId, filter, cap }: CountWebhookEventsMatchingParams,
): Promise<number> {
  const ids = await candidatesOf(db, accountId, filter, webhookScope(webhookId));
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
};

/** The account's events matching the filter, newest first, the page after `before` (a row's cursor). */
export async function searchAccountEvents(
  db: DbOrTx,
  { accountId, filter, page }: SearchAccountEventsParams,
): Promise<AccountFoundEventRow[]> {
  const keyset = page.before ? sql` and (e.detected_at, e.id) < (${page.before.detectedAt}::timestamptz, ${page.before.id}::uuid)` : sql``;
  // The newest events after the cursor first (TEXT_WALK_EVENTS), as on a webhook's list.
  const text = await walkableText(db, accountId, filter.q);
  if (text) {
    const walked = await query<RawRow>(
      db,
      sql`select ${rowColumns}, w.name as "webhookName"
          from (
            select * from events e
            where ${accountWhere(accountId, { ...filter, q: undefined })}${keyset}
            order by e.detected_at desc, e.id desc
            limit ${TEXT_WALK_EVENTS}
          ) e
          join webhooks w on w.id = e.webhook_id
          left join jobs j on j.id = e.job_id
          left join companies c on c.id = e.company_id
          where ${textMatch(text)}
          order by e.detected_at desc, e.id desc
          limit ${page.limit}`,
    );
    if (walked.length === page.limit) return walked.map((row) => ({ ...toRow(row), webhookName: row.webhookName ?? "" }));
  }
  const ids = await candidatesOf(db, accountId, filter, accountScope(accountId, filter));
  if (ids?.length === 0) return [];
  const rows = await query<RawRow>(
    db,
    sql`select ${rowColumns}, w.name as "webhookName"
        from events e
        join webhooks w on w.id = e.webhook_id
        left join jobs j on j.id = e.job_id
        left join companies c on c.id = e.company_id
        where ${accountWhere(accountId, filter, ids)}${keyset}
        order by e.detected_at desc, e.id desc
        limit ${page.limit}`,
  );
  return rows.map((row) => ({ ...toRow(row), webhookName: row.webhookName ?? "" }));
}

type CountFailedEventsMatchingParams = {
  accountId: string;
  filter: EventSearchFilter;
  cap: number;
};

/**
 * The failed events a filter selects, for a bulk replay: `webhookId` narrows to one webhook (or
 * the filter's own webhook_id). Counted up to `cap`.
 */
export async function countFailedEventsMatching(db: DbOrTx, { accountId, filter, cap }: CountFailedEventsMatchingParams): Promise<number> {
  const ids = await candidatesOf(db, accountId, filter, accountScope(accountId, filter));
  if (ids?.length === 0) return 0;
  const [row] = await query<{ count: number | string }>(
    db,
    sql`select count(*) as count from (select 1 from events e where ${accountWhere(accountId, { ...filter, status: "failed" }, ids)} limit ${cap + 1}) x`,
  );
  return Number(row?.count ?? 0);
}

/** The SQL selecting the ids of failed events a filter selects (a replay job snapshots them). */
export function failedEventIdsMatching(accountId: string, filter: EventSearchFilter): SQL {
  return sql`select e.id from events e where ${accountWhere(accountId, { ...filter, status: "failed" })}`;
}
