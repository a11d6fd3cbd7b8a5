import "server-only";
// Saved search → records, in SQL (SPEC §3). One predicate over (records × webhooks JOIN searches)
// serves ingest, webhook detection, catch-up and the live count, so "matches" means the same thing
// everywhere. Each statement is set-based: a batch of 1,000 records against 200 webhooks is one
// INSERT … SELECT, never a query per record or per webhook.
//
// Filters are read from searches.filters (jsonb) once per webhook in a CTE `f` and records are
// read once with their normalized columns in `r`, so the per-pair predicate compares plain values
// and arrays: `strpos` for keywords (no LIKE escaping), `= ANY` / `&&` for lists.
import { sql, type SQL } from "drizzle-orm";
import { query, type DbOrTx } from "../client";

export type RecordType = "job" | "company";

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/**
 * Case-insensitive text, the same on both sides of every comparison: lower case, and the final sigma
 * ς as σ (lower('ΟΔΟΣ') is 'οδοσ', while a keyword typed "οδος" keeps its ς). JavaScript's own lower
 * case must not decide a match: its tables and context rules differ from the database's.
 */
const fold = (expression: string) => `replace(lower(${expression}), 'ς', 'σ')`;

/** A jsonb list filter as a text[] (NULL when absent or empty, which means "no filter"). */
function listFilter(key: string, fn: "fold" | "lower" | "upper"): SQL {
  const normalize = fn === "fold" ? fold("btrim(x)") : `${fn}(btrim(x))`;
  return sql.raw(
    `(SELECT array_agg(DISTINCT ${normalize}) FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(s.filters->'${key}') = 'array' THEN s.filters->'${key}' END) AS t(x)) AS ${key}`,
  );
}
function numberFilter(key: string): SQL {
  return sql.raw(`(CASE WHEN jsonb_typeof(s.filters->'${key}') = 'number' THEN (s.filters->>'${key}')::numeric END) AS ${key}`);
}
function booleanFilter(key: string): SQL {
  return sql.raw(`(CASE WHEN jsonb_typeof(s.filters->'${key}') = 'boolean' THEN (s.filters->>'${key}')::boolean END) AS ${key}`);
}

/** The filter columns of a search row aliased `s`, as the predicate reads them from `f`. */
function filterColumns(type: RecordType): SQL {
  const columns =
    type === "job"
      ? [
          listFilter("title_keywords", "fold"),
          listFilter("title_exclude_keywords", "fold"),
          listFilter("country_codes", "upper"),
          booleanFilter("remote"),
          listFilter("seniorities", "fold"),
          numberFilter("min_salary_usd"),
          listFilter("company_domains", "lower"),
          numberFilter("posted_within_days"),
        ]
      : [
          listFilter("name_keywords", "fold"),
          listFilter("country_codes", "upper"),
          listFilter("industries", "fold"),
          numberFilter("min_employees"),
          numberFilter("max_employees"),
          listFilter("technologies", "fold"),
        ];
  return sql.join(columns, sql`, `);
}

// A domain as users type it: no scheme, no www., no path, lower case.
const normalizedDomain = (column: string) =>
  `nullif(split_part(regexp_replace(lower(btrim(${column})), '^(https?://)?(www\\.)?', ''), '/', 1), '')`;

/** Records with the normalized columns the predicate reads, filtered by `where` (over alias `x`). */
function recordRows(type: RecordType, where: SQL): SQL {
  if (type === "job") {
    return sql`SELECT x.id, x.discovered_at,
        ${sql.raw(fold("x.title"))} AS title_lc,
        upper(btrim(x.country_code)) AS country_code,
        x.remote,
        ${sql.raw(fold("btrim(x.seniority)"))} AS seniority_lc,
        -- The top of the range, also when a source gives it reversed (min 120k, max 80k).
        greatest(x.min_annual_salary_usd, x.max_annual_salary_usd) AS salary,
        ${sql.raw(normalizedDomain("x.company_domain"))} AS domain_lc,
        coalesce(x.date_posted, x.discovered_at) AS posted_at,
        coalesce(${sql.raw(normalizedDomain("x.company_domain"))}, nullif(${sql.raw(fold("btrim(x.company_name)"))}, '')) AS company_key
      FROM jobs x WHERE ${where}`;
  }
  return sql`SELECT x.id, x.discovered_at,
      ${sql.raw(fold("x.name"))} AS name_lc,
      upper(btrim(x.country_code)) AS country_code,
      ${sql.raw(fold("btrim(x.industry)"))} AS industry_lc,
      x.employee_count,
      ARRAY(SELECT ${sql.raw(fold("btrim(t)"))} FROM unnest(x.technologies) AS t) AS technologies_lc,
      NULL::text AS company_key
    FROM companies x WHERE ${where}`;
}

/**
 * Does record `r` match the filters `f`, as of `now`? Absent filters match everything. A day of
 * posted_within_days is 24 hours: `timestamptz - interval 'N days'` would follow the session's
 * TimeZone across a clock change, so the answer would depend on the server's settings.
 */
function matchPredicate(type: RecordType, now: Date): SQL {
  if (type === "job") {
    return sql`(f.title_keywords IS NULL OR EXISTS (SELECT 1 FROM unnest(f.title_keywords) AS k WHERE strpos(r.title_lc, k) > 0))
      AND (f.title_exclude_keywords IS NULL OR NOT EXISTS (SELECT 1 FROM unnest(f.title_exclude_keywords) AS k WHERE strpos(r.title_lc, k) > 0))
      AND (f.country_codes IS NULL OR r.country_code = ANY(f.country_codes))
      AND (f.remote IS NULL OR r.remote = f.remote)
      AND (f.seniorities IS NULL OR r.seniority_lc = ANY(f.seniorities))
      AND (f.min_salary_usd IS NULL OR r.salary >= f.min_salary_usd)
      AND (f.company_domains IS NULL OR r.domain_lc = ANY(f.company_domains))
      AND (f.posted_within_days IS NULL OR r.posted_at >= ${ts(now)} - make_interval(hours => 24 * f.posted_within_days::int))`;
  }
  return sql`(f.name_keywords IS NULL OR EXISTS (SELECT 1 FROM unnest(f.name_keywords) AS k WHERE strpos(r.name_lc, k) > 0))
    AND (f.country_codes IS NULL OR r.country_code = ANY(f.country_codes))
    AND (f.industries IS NULL OR r.industry_lc = ANY(f.industries))
    AND (f.min_employees IS NULL OR r.employee_count >= f.min_employees)
    AND (f.max_employees IS NULL OR r.employee_count <= f.max_employees)
    AND (f.technologies IS NULL OR r.technologies_lc && f.technologies)`;
}

/** Active, non-archived webhooks of the account whose search has this type (optionally one webhook). */
function webhookFilters(accountId: string, type: RecordType, webhookId?: string): SQL {
  return sql`SELECT w.id AS webhook_id, w.listening_start_time, w.trigger_once_per_company, ${filterColumns(type)}
    FROM webhooks w JOIN searches s ON s.id = w.search_id
    WHERE w.account_id = ${accountId} AND s.account_id = ${accountId} AND s.type = ${type}
      AND w.is_active AND NOT w.is_archived
      ${webhookId ? sql`AND w.id = ${webhookId}` : sql``}`;
}

const listening = sql`(f.listening_start_time IS NULL OR r.discovered_at >= f.listening_start_time)`;
const recordColumn = (type: RecordType) => sql.raw(type === "job" ? "job_id" : "company_id");

export type DetectionScope =
  /** The records of one ingest batch, against every active webhook of their type. */
  | { kind: "records"; recordIds: number[] }
  /** Every record of the account (discovered since the webhook's listening start), against one webhook. */
  | { kind: "webhook"; webhookId: string; since: Date | null };

export type DetectionCounts = { events_triggered: number; events_not_triggered: number };

type InsertDetectedEventsParams = {
  accountId: string;
  type: RecordType;
  scope: DetectionScope;
  credits: number;
  now: Date;
};

/**
 * Creates the missing events of a scope in one statement: `in_progress` (due now) for the oldest
 * `credits` candidates, `not_triggered` for the rest. The caller holds the account lock and debits
 * exactly `events_triggered`. With trigger_once_per_company, a company that already has an event for
 * the webhook gets none, and within the batch only its oldest record gets one.
 */
export async function insertDetectedEvents(
  tx: DbOrTx,
  { accountId, type, scope, credits, now }: InsertDetectedEventsParams,
): Promise<DetectionCounts> {
  const recordWhere =
    scope.kind === "records"
      ? sql`x.account_id = ${accountId} AND x.id IN (SELECT (v)::bigint FROM jsonb_array_elements_text(${JSON.stringify(scope.recordIds)}::jsonb) AS ids(v))`
      : sql`x.account_id = ${accountId} ${scope.since ? sql`AND x.discovered_at >= ${ts(scope.since)}` : sql``}`;
  // Records of a new batch cannot have events yet: they were inserted by this transaction, so no other
  // one can see them, and each (webhook, record) pair comes out of the join once. Company keys are
  // checked against existing events under the account lock, which every event insert holds. So the
  // batch insert is a plain INSERT: ON CONFLICT would probe the unique indexes before each row and
  // take a speculative-insertion lock per row (~12% of the statement). A conflict there would be a
  // bug and fails the batch (all-or-nothing); the unique indexes stay the rule either way.
  const excludeExisting =
    scope.kind === "records"
      ? sql``
      : sql`AND NOT EXISTS (SELECT 1 FROM events e WHERE e.webhook_id = f.webhook_id AND e.${recordColumn(type)} = r.id)`;
  const onConflict = scope.kind === "records" ? sql`` : sql`ON CONFLICT DO NOTHING`;
  const now_ = ts(now);
  const rows = await query<{ triggered: number; not_triggered: number }>(
    tx,
    sql`WITH f AS MATERIALIZED (${webhookFilters(accountId, type, scope.kind === "webhook" ? scope.webhookId : undefined)}),
      r AS MATERIALIZED (${recordRows(type, recordWhere)}),
      m AS (
        SELECT f.webhook_id, r.id AS record_id, r.discovered_at,
               CASE WHEN f.trigger_once_per_company THEN r.company_key END AS company_key
        FROM f JOIN r ON ${listening} AND ${matchPredicate(type, now)}
        WHERE TRUE ${excludeExisting}
      ),
      d AS (
        SELECT webhook_id, record_id, discovered_at, company_key FROM m WHERE company_key IS NULL
        UNION ALL
        SELECT * FROM (
          SELECT DISTINCT ON (m.webhook_id, m.company_key) m.webhook_id, m.record_id, m.discovered_at, m.company_key
          FROM m
          WHERE m.company_key IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM events e WHERE e.webhook_id = m.webhook_id AND e.company_key = m.company_key)
          ORDER BY m.webhook_id, m.company_key, m.discovered_at, m.record_id
        ) once
      ),
      n AS (SELECT d.*, row_number() OVER (ORDER BY d.discovered_at, d.record_id, d.webhook_id) AS rn FROM d),
      ins AS (
        INSERT INTO events (account_id, webhook_id, type, ${recordColumn(type)}, company_key, status, detected_at, triggered_at, next_attempt_at)
        SELECT ${accountId}, n.webhook_id, ${type}::record_type, n.record_id, n.company_key,
               (CASE WHEN n.rn <= ${credits} THEN 'in_progress' ELSE 'not_triggered' END)::event_status,
               ${now_},
               CASE WHEN n.rn <= ${credits} THEN ${now_} END,
               -- due now by the database's clock (the one claims use), whatever the app server's says
               CASE WHEN n.rn <= ${credits} THEN LEAST(${now_}, now()) END
        FROM n
        -- Index order of (webhook_id, job_id): fewer random page touches than credit order.
        ORDER BY n.webhook_id, n.record_id
        ${onConflict}
        RETURNING status
      )
      SELECT (count(*) FILTER (WHERE status = 'in_progress'))::int AS triggered,
             (count(*) FILTER (WHERE status = 'not_triggered'))::int AS not_triggered
      FROM ins`,
  );
  return { events_triggered: Number(rows[0]?.triggered ?? 0), events_not_triggered: Number(rows[0]?.not_triggered ?? 0) };
}

export type CatchUpScope = {
  /** Only this webhook's events (re-enabling it). */
  webhookId?: string;
  /** Only these events (a manual trigger). */
  eventIds?: string[];
  /** Manual triggers skip the "still matches now" check: the user asked for these events. */
  requireMatch: boolean;
};

function catchUpCandidates(accountId: string, type: RecordType, scope: CatchUpScope, now: Date): SQL {
  const column = recordColumn(type);
  return sql`SELECT e.id, e.detected_at, r.discovered_at, r.id AS record_id
    FROM events e
    JOIN (${webhookFilters(accountId, type, scope.webhookId)}) f ON f.webhook_id = e.webhook_id
    JOIN (${recordRows(type, sql`x.account_id = ${accountId}`)}) r ON r.id = e.${column}
    WHERE e.account_id = ${accountId} AND e.status = 'not_triggered' AND e.type = ${type}
      ${scope.eventIds ? sql`AND e.id IN (SELECT (v)::uuid FROM jsonb_array_elements_text(${JSON.stringify(scope.eventIds)}::jsonb) AS ids(v))` : sql``}
      ${scope.requireMatch ? sql`AND ${listening} AND ${matchPredicate(type, now)}` : sql``}`;
}

type TriggerNotTriggeredEventsInScopeParams = {
  accountId: string;
  scope: CatchUpScope;
  limit: number;
  now: Date;
};

/**
 * Turns up to `limit` not_triggered events into in_progress (due now), oldest detected first, in one
 * statement. The caller holds the account lock and debits one credit per returned id.
 */
export async function triggerNotTriggeredEventsInScope(
  tx: DbOrTx,
  { accountId, scope, limit, now }: TriggerNotTriggeredEventsInScopeParams,
): Promise<string[]> {
  if (limit <= 0) return [];
  const now_ = ts(now);
  const rows = await query<{ id: string }>(
    tx,
    sql`WITH c AS (
        SELECT id FROM (
          ${catchUpCandidates(accountId, "job", scope, now)}
          UNION ALL
          ${catchUpCandidates(accountId, "company", scope, now)}
        ) candidates
        ORDER BY detected_at, discovered_at, record_id, id
        LIMIT ${limit}
      )
      UPDATE events SET status = 'in_progress', triggered_at = ${now_}, next_attempt_at = LEAST(${now_}, now())
      FROM c WHERE events.id = c.id AND events.status = 'not_triggered'
      RETURNING events.id`,
  );
  return rows.map((row) => row.id);
}

/** The account's not_triggered events among `eventIds` (to tell which a manual trigger could not afford). */
export async function listNotTriggeredEventIds(db: DbOrTx, accountId: string, eventIds: string[]): Promise<string[]> {
  if (eventIds.length === 0) return [];
  const rows = await query<{ id: string }>(
    db,
    sql`SELECT e.id FROM events e
      WHERE e.account_id = ${accountId} AND e.status = 'not_triggered'
        AND e.id IN (SELECT (v)::uuid FROM jsonb_array_elements_text(${JSON.stringify(eventIds)}::jsonb) AS ids(v))
      ORDER BY e.detected_at, e.id`,
  );
  return rows.map((row) => row.id);
}

type CountRecordsMatchingFiltersParams = {
  accountId: string;
  type: RecordType;
  filters: unknown;
  since: Date | null;
  now: Date;
};

/** How many of the account's records of this type match `filters` now (discovered since `since`, when set). */
export async function countRecordsMatchingFilters(
  db: DbOrTx,
  { accountId, type, filters, ...options }: CountRecordsMatchingFiltersParams,
): Promise<number> {
  const where = sql`x.account_id = ${accountId} ${options.since ? sql`AND x.discovered_at >= ${ts(options.since)}` : sql``}`;
  const rows = await query<{ count: number }>(
    db,
    sql`WITH f AS MATERIALIZED (SELECT ${filterColumns(type)} FROM (SELECT ${JSON.stringify(filters ?? {})}::jsonb AS filters) s)
      SELECT count(*)::int AS count FROM f, (${recordRows(type, where)}) r WHERE ${matchPredicate(type, options.now)}`,
  );
  return Number(rows[0]?.count ?? 0);
}

type CountRecordsMatchingSearchesParams = {
  accountId: string;
  searchIds: string[];
  now: Date;
};

/** Live counts of matching records for many searches at once (the /searches list). */
export async function countRecordsMatchingSearches(
  db: DbOrTx,
  { accountId, searchIds, now }: CountRecordsMatchingSearchesParams,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (searchIds.length === 0) return counts;
  for (const type of ["job", "company"] as const) {
    const rows = await query<{ search_id: string; count: number }>(
      db,
      sql`WITH f AS MATERIALIZED (
          SELECT s.id AS search_id, ${filterColumns(type)} FROM searches s
          WHERE s.account_id = ${accountId} AND s.type = ${type}
            AND s.id IN (SELECT (v)::uuid FROM jsonb_array_elements_text(${JSON.stringify(searchIds)}::jsonb) AS ids(v))
        )
        SELECT f.search_id, (SELECT count(*)::int FROM (${recordRows(type, sql`x.account_id = ${accountId}`)}) r WHERE ${matchPredicate(type, now)}) AS count
        FROM f`,
    );
    for (const row of rows) counts.set(row.search_id, Number(row.count));
  }
  return counts;
}
