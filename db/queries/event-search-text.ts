import "server-only";
// A search's `q` on an event list (db/queries/event-search.ts): which events it names, found two
// ways, each bounded.
//
// 1. The walk: the list's newest events (after the other filters, TEXT_WALK_EVENTS or more for a
//    later page) are read in list order and tested one by one. Matches among the first N events in
//    list order are the list's first matches, so a page they fill is exact, and when the walk reaches
//    the list's end its count is the total. A common word ("Engineer") is answered here: collecting
//    its records by index and sorting their events would cost hundreds of milliseconds.
// 2. The lookup, when the walk does not fill the page (a rare word, an id): candidates by index,
//    then their events through events_job_webhook_idx / events_company_webhook_idx (record, webhook):
//    - an event id: the primary key;
//    - a record's external id: jobs/companies_account_external_id_idx;
//    - words in a job's title or company name, or a company's name: GIN indexes on their words
//      (schema.ts jobSearchDocument, migration `event_search_words`), the MAX_TEXT_MATCHES most
//      recently discovered matching records. A word lookup that runs past WORD_LOOKUP_TIMEOUT_MS
//      (a word in most of a big team's records) is refused as too broad (SearchTooBroadError).
//
// Text matches by words, case-insensitively: every word of the search is a word of the record, and
// the last may be the beginning of one ("data eng" finds "Senior Data Engineer"; "gineer" does not).
// Matching inside words needed trigram indexes, whose posting lists for common trigrams made a rare
// phrase cost ~100 ms on a team of 10 M records; a word's posting list is skipped through.
import { sql, type SQL } from "drizzle-orm";
import { query, withPlannerSettings, type DbOrTx } from "../client";
import { companySearchDocument, jobSearchDocument } from "../schema";
import { UUID_PATTERN as UUID } from "../ids";

/** Records a word search looks at: the most recently discovered ones that contain the words. */
export const MAX_TEXT_MATCHES = 10_000;
/** Most candidate events a lookup reads (MAX_TEXT_MATCHES records, a few events each). */
const MAX_CANDIDATES = 50_000;

/**
 * How many of a list's newest events a search reads one by one for its first pages (~4 ms per
 * 1,000 on PostgreSQL), ten times the page's end for later ones, up to MAX_TEXT_WALK_EVENTS.
 */
export const TEXT_WALK_EVENTS = 2_000;
export const MAX_TEXT_WALK_EVENTS = 10_000;
export const textWalkWindow = (pageEnd: number) => Math.max(TEXT_WALK_EVENTS, Math.min(MAX_TEXT_WALK_EVENTS, pageEnd * 10));

/** How long a word lookup may run before the search is refused as too broad. */
export const WORD_LOOKUP_TIMEOUT_MS = 1_000;

/**
 * The search's words name so many records that they cannot be collected in time ("company" where
 * every company is "Company …"): only the walk can answer it. Answered as a refused `q`
 * (lib/events/search-errors.ts).
 */
export class SearchTooBroadError extends Error {
  readonly field = "q";
  constructor() {
    super("Matches too many records to search the whole history: add a word, an id or a date range");
    this.name = "SearchTooBroadError";
  }
}

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

/** The rows (aliases e, j, c) that `q` names: by external id, or by words. */
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

/** Whether `q` is worth walking for: not an id, which the keys answer at once. */
export async function isWalkable(db: DbOrTx, accountId: string, q: string): Promise<boolean> {
  return !UUID.test(q) && !(await isExternalId(db, accountId, q));
}

export type Walk = {
  /** Events read (fewer than the window: the whole list was read). */
  walked: number;
  /** Of them, those the search names. */
  matched: number;
  /** The page's ids among the matches, in list order. */
  ids: string[];
};

type WalkParams = {
  q: string;
  /** The list's events before the search (alias e): scope and the other filters. */
  where: SQL;
  /** The list's order (alias e). */
  orderBy: SQL;
  window: number;
  page: { offset: number; limit: number };
};

/** Reads the list's newest `window` events (after `where`) and returns the page the search cuts from them. */
export async function walkNewest(db: DbOrTx, { q, where, orderBy, window, page }: WalkParams): Promise<Walk> {
  const [row] = await query<{ walked: number | string; matched: number | string; ids: string[] }>(
    db,
    sql`with walked as materialized (
          select e.id, e.detected_at, e.job_id, e.company_id from events e where ${where} order by ${orderBy} limit ${window}
        ), matched as materialized (
          select e.id, e.detected_at from walked e
          left join jobs j on j.id = e.job_id
          left join companies c on c.id = e.company_id
          where ${textMatch(q)}
        )
        select (select count(*) from walked) as walked, (select count(*) from matched) as matched,
               array(select e.id::text from matched e order by ${orderBy} limit ${page.limit} offset ${page.offset}) as ids`,
  );
  return { walked: Number(row?.walked ?? 0), matched: Number(row?.matched ?? 0), ids: row?.ids ?? [] };
}

/**
 * `e.id in (…)`: the events a search names among `webhooks` (a subquery of the account's webhooks,
 * or one id). Each branch is an index lookup per candidate record.
 */
function searchCandidates(accountId: string, text: string, webhooks: SQL, isId: boolean): SQL {
  const words = wordsOf(text);
  const recordsOf = (table: "jobs" | "companies") => {
    const exact = table === "jobs"
      ? sql`select id from jobs where account_id = ${accountId} and external_id = ${text}`
      : sql`select id from companies where account_id = ${accountId} and external_id = ${text}`;
    if (isId) return exact;
    const match = table === "jobs" ? sql`${jobWords()} @@ ${words}` : sql`${companyWords()} @@ ${words}`;
    return sql`${exact}
      union
      (select id from ${sql.raw(table)}
       where account_id = ${accountId} and ${match}
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

/**
 * The ids of the events `q` names among `webhooks`, by index. The list then reads them by key:
 * given as a subquery, the planner cannot tell how few they are and may walk the whole list
 * testing each event against them.
 */
export async function lookUpCandidates(
  db: DbOrTx,
  accountId: string,
  q: string,
  webhooks: SQL,
  { timeoutMs = WORD_LOOKUP_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<string[]> {
  // An event id is looked up by key (and as a record's external id, which may be a uuid too); text
  // inside titles and names is not searched for it: a word search for a uuid finds nothing but
  // costs tens of milliseconds on a big team.
  const isId = UUID.test(q);
  const statement = sql`select id::text as id from (${searchCandidates(accountId, q, webhooks, isId)}) c limit ${MAX_CANDIDATES}`;
  if (isId) return (await query<{ id: string }>(db, statement)).map((row) => row.id);
  // The planner cannot tell how many records words name (it guessed 200,000 for 3,400, and 74,000
  // for 659), so it is told how to look them up: through the word indexes, never by walking a
  // team's records newest first testing each (23 s for "company 4567" on 10 M records), and
  // without parallel workers, whose start cost more (~4 ms) than a whole rare-word lookup.
  try {
    const rows = await withPlannerSettings(
      db,
      { max_parallel_workers_per_gather: "0", enable_indexscan: "off", enable_seqscan: "off", statement_timeout: String(timeoutMs) },
      (tx) => query<{ id: string }>(tx, statement),
    );
    return rows.map((row) => row.id);
  } catch (error) {
    if (isQueryCanceled(error)) throw new SearchTooBroadError();
    throw error;
  }
}

/** PostgreSQL's statement_timeout (57014); drizzle wraps the driver's error in `cause`. */
function isQueryCanceled(error: unknown): boolean {
  for (let current = error, depth = 0; depth < 5 && current && typeof current === "object"; current = (current as { cause?: unknown }).cause, depth += 1) {
    if ((current as { code?: unknown }).code === "57014") return true;
  }
  return false;
}
