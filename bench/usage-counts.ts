// Usage counts over many events (SPEC §9: 10 M events, 90 days, 1,000 webhooks; p95 ≤ 20 ms for 30- and
// 90-day ranges, by status and by webhook), each beside the raw GROUP BY over events it must equal.
//
//   npx tsx --conditions=react-server bench/usage-counts.ts [--events 10000000] [--webhooks 1000]
//       [--days 90] [--iterations 30] [--json] [--reuse]
//
// --reuse measures the account an earlier run seeded on DATABASE_URL instead of seeding another.
// Runs on DATABASE_URL, or on a fresh database it creates with createdb and drops afterwards.
// Seeding is set-based: events go straight in with triggers and secondary indexes off (the indexes
// are built again afterwards), then the rollups are rebuilt with one INSERT … SELECT GROUP BY — the
// same rows the triggers would have made — and a batch of status changes then runs through the
// triggers as usual.
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { sql } from "drizzle-orm";
import { openDatabase, query, type Db } from "@/db/client";
import { countEventsByDayFromEvents, type CountGroupBy, type DailyCount } from "@/db/queries/usage";
import { presetDayRange, resolveDayRange } from "@/lib/usage/range";
import { buildUsageSeries } from "@/lib/usage/series";
import { getEventCounts } from "@/lib/usage/counts";
import { getUsageSummary } from "@/lib/usage/service";
import { measureLatency } from "./lib/latency";
import { selfReport } from "./lib/process";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  const value = inline ? inline.split("=")[1] : index >= 0 ? args[index + 1] : undefined;
  return value === undefined ? fallback : Number(value);
};
const EVENTS = option("events", 10_000_000);
const WEBHOOKS = option("webhooks", 1_000);
const DAYS = option("days", 90);
const ITERATIONS = option("iterations", 30);
const RAW_ITERATIONS = option("raw-iterations", 3);
const asJson = args.includes("--json");
const reuse = args.includes("--reuse");
const TARGET_P95_MS = 20;
const TIME_ZONE = "America/New_York";

const log = (message: string) => process.stderr.write(`${message}\n`);

function pgAdmin(command: "createdb" | "dropdb", name: string): void {
  execFileSync(command, ["-h", "127.0.0.1", "-U", "postgres", ...(command === "dropdb" ? ["--if-exists"] : []), name], { stdio: "inherit" });
}

async function seed(url: string, db: Db): Promise<string> {
  const [account] = await query<{ id: string }>(db, sql`insert into accounts (name, credits) values ('bench usage', 0) returning id`);
  const accountId = account.id;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    await client.query(`create temp table bench_hooks (n int primary key, id uuid not null)`);
    await client.query(`create temp table bench_jobs (n int primary key, id bigint not null)`);
    const [{ id: searchId }] = (
      await client.query(`insert into searches (account_id, name, type) values ($1, 'bench: all jobs', 'job') returning id`, [accountId])
    ).rows;
    await client.query(
      `with w as (
         insert into webhooks (account_id, search_id, name, url, secret)
         select $1, $2, 'bench hook ' || lpad(g::text, 4, '0'), 'http://127.0.0.1:9/hook/' || g, 'whsec_bench'
         from generate_series(0, $3 - 1) g
         returning id, name)
       insert into bench_hooks select substr(name, 12)::int, id from w`,
      [accountId, searchId, WEBHOOKS],
    );
    // Each job goes to every webhook (event g: webhook g % W, job g / W), so (webhook, job) is unique.
    const jobCount = Math.ceil(EVENTS / WEBHOOKS);
    await client.query(
      `with j as (
         insert into jobs (account_id, external_id, title, data, discovered_at)
         select $1, 'bench-usage-' || g, 'Data engineer ' || g, '{}'::jsonb, now() - random() * interval '1 day' * $3
         from generate_series(0, $2 - 1) g
         returning id, external_id)
       insert into bench_jobs select substr(external_id, 13)::int, id from j`,
      [accountId, jobCount, DAYS],
    );
    // One transaction: events' secondary indexes are dropped, the events inserted, and the indexes
    // built again by sorting (minutes faster than 10 M random inserts into five btrees). A run that
    // dies half-way rolls back with its indexes intact, even on a shared DATABASE_URL.
    await client.query(`begin`);
    await client.query(`set local maintenance_work_mem = '1GB'`);
    await client.query(`set local session_replication_role = replica`);
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `select indexname as name, indexdef as definition from pg_indexes
       where schemaname = current_schema() and tablename = 'events' and indexname <> 'events_pkey'`,
    );
    for (const index of indexes) await client.query(`drop index ${index.name}`);
    const batch = 1_000_000;
    for (let from = 0; from < EVENTS; from += batch) {
      const to = Math.min(EVENTS, from + batch) - 1;
      // 85 % success, 7 % failed, 5 % not triggered, 3 % in progress; detected uniformly over the days.
      await client.query(
        `insert into events (account_id, webhook_id, type, job_id, status, detected_at, triggered_at, attempt_count)
         select $1, h.id, 'job', j.id, s.status, s.detected_at, s.detected_at,
                case s.status when 'success' then 1 + (g % 3 = 0)::int when 'failed' then 1 + g % 49 when 'in_progress' then 0 else 0 end
         from generate_series($2::int, $3::int) g
         join bench_hooks h on h.n = g % $4
         join bench_jobs j on j.n = g / $4
         cross join lateral (
           select case when r < 0.85 then 'success' when r < 0.92 then 'failed' when r < 0.97 then 'not_triggered' else 'in_progress' end::event_status as status,
                  now() - random() * interval '1 day' * $5 as detected_at
           from (select random() + 0 * g as r) x
         ) s`,
        [accountId, from, to, WEBHOOKS, DAYS],
      );
      log(`  seeded ${(to + 1).toLocaleString("en-US")} events (${Math.round((performance.now() - started) / 1000)} s)`);
    }
    for (const index of indexes) await client.query(index.definition);
    await client.query(`commit`);
    log(`  indexes rebuilt (${Math.round((performance.now() - started) / 1000)} s)`);
    await client.query(
      `insert into event_rollups_hourly (account_id, hour, webhook_id, status, events, executions)
       select account_id, date_trunc('hour', detected_at, 'UTC'), webhook_id, status, count(*), sum(attempt_count)
       from events where account_id = $1 group by 1, 2, 3, 4`,
      [accountId],
    );
    await client.query(
      `insert into event_rollups_daily (account_id, day, webhook_id, events, executions, events_before_hour, executions_before_hour)
       select account_id, day, webhook_id, sum(events), sum(executions),
              rollup_hour_vector(array_agg(h), array_agg(events)), rollup_hour_vector(array_agg(h), array_agg(executions))
       from (select account_id, (hour at time zone 'UTC')::date as day, webhook_id, extract(hour from hour at time zone 'UTC')::int as h,
                    sum(events)::bigint as events, sum(executions)::bigint as executions
             from event_rollups_hourly where account_id = $1 group by 1, 2, 3, 4) g
       group by 1, 2, 3`,
      [accountId],
    );
    await client.query(
      `insert into event_rollups_weekly (account_id, week, webhook_id, events)
       select account_id, rollup_week_of(day), webhook_id, sum(events)
       from event_rollups_daily where account_id = $1 group by 1, 2, 3`,
      [accountId],
    );
    await client.query(
      `insert into account_event_rollups_hourly (account_id, hour, status, events, executions)
       select account_id, date_trunc('hour', detected_at, 'UTC'), status, count(*), sum(attempt_count)
       from events where account_id = $1 group by 1, 2, 3`,
      [accountId],
    );
    // Live traffic through the triggers: deliveries, failures, resends.
    await client.query(
      `update events set status = 'success', attempt_count = attempt_count + 1
       where id in (select id from events where account_id = $1 and status = 'failed' limit 20000)`,
      [accountId],
    );
    await client.query(
      `update events set status = 'failed', attempt_count = attempt_count + 1
       where id in (select id from events where account_id = $1 and status = 'in_progress' limit 20000)`,
      [accountId],
    );
    log(`  rollups rebuilt and 40,000 status changes applied (${Math.round((performance.now() - started) / 1000)} s); vacuum analyze…`);
    await client.query(`vacuum analyze events`);
    await client.query(`vacuum analyze event_rollups_hourly`);
    await client.query(`vacuum analyze account_event_rollups_hourly`);
    await client.query(`vacuum analyze event_rollups_daily`);
    await client.query(`vacuum analyze event_rollups_weekly`);
    const [{ n }] = (await client.query(`select count(*)::int as n from event_rollups_hourly where account_id = $1`, [accountId])).rows;
    log(`  ${EVENTS.toLocaleString("en-US")} events, ${Number(n).toLocaleString("en-US")} hourly rollup rows, seeded in ${Math.round((performance.now() - started) / 1000)} s`);
  } finally {
    await client.end();
  }
  return accountId;
}

type Row = { scenario: string; ours: string; reference: string; ratio: string; target: string; holds: boolean | null; figures: Record<string, unknown> };

const ms = (value: number) => (value >= 100 ? `${Math.round(value).toLocaleString("en-US")} ms` : `${value.toFixed(1)} ms`);

function sameCounts(api: { period_start: string; number_of_events: number; number_of_executions: number }[], raw: DailyCount[]): boolean {
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return (
    api.length === raw.length &&
    total(api.map((r) => r.number_of_events)) === total(raw.map((r) => r.events)) &&
    total(api.map((r) => r.number_of_executions)) === total(raw.map((r) => r.executions))
  );
}

async function measure(db: Db, accountId: string): Promise<Row[]> {
  const rows: Row[] = [];
  const now = new Date();
  const scenarios: { days: number; groupBy: CountGroupBy; timeZone: string; endsNow?: boolean; isTarget: boolean }[] = [
    { days: 30, groupBy: "status", timeZone: TIME_ZONE, isTarget: true },
    { days: 90, groupBy: "status", timeZone: TIME_ZONE, isTarget: true },
    { days: 30, groupBy: "webhook_id", timeZone: TIME_ZONE, isTarget: true },
    { days: 90, groupBy: "webhook_id", timeZone: TIME_ZONE, isTarget: true },
    // The API's default range ends now, mid-hour: its last partial hour is read from events.
    { days: 30, groupBy: "status", timeZone: TIME_ZONE, endsNow: true, isTarget: false },
    // A zone whose midnight is not a whole UTC hour: one hour a day comes from events.
    { days: 30, groupBy: "status", timeZone: "Asia/Kolkata", isTarget: false },
  ];
  for (const s of scenarios) {
    const range = resolveDayRange(presetDayRange(s.days, now, s.timeZone), s.timeZone);
    const filter = { start: range.start, end: s.endsNow ? now : range.end, timeZone: s.timeZone, groupBy: s.groupBy };
    const name = `usage counts ${s.days} d by ${s.groupBy === "status" ? "status" : "webhook"}${s.endsNow ? ", ending now" : ""}${s.timeZone !== TIME_ZONE ? ` (${s.timeZone})` : ""}`;
    log(`${name}…`);
    const answer = await getEventCounts(db, accountId, filter);
    const raw = await countEventsByDayFromEvents(db, accountId, filter);
    const isEqual = sameCounts(answer, raw);
    const ours = await measureLatency(() => getEventCounts(db, accountId, filter), { iterations: ITERATIONS, warmup: 3 });
    const reference = await measureLatency(() => countEventsByDayFromEvents(db, accountId, filter), { iterations: RAW_ITERATIONS, warmup: 1 });
    log(`  ours p50 ${ms(ours.p50)} p95 ${ms(ours.p95)} · raw GROUP BY p50 ${ms(reference.p50)} · ${answer.length} rows · equal to raw: ${isEqual}`);
    rows.push({
      scenario: name,
      ours: `p50 ${ms(ours.p50)} / p95 ${ms(ours.p95)}`,
      reference: `raw GROUP BY p50 ${ms(reference.p50)}`,
      ratio: (ours.p95 / TARGET_P95_MS).toFixed(2),
      target: s.isTarget ? `p95 ≤ ${TARGET_P95_MS} ms` : "(informative)",
      holds: !isEqual ? false : s.isTarget ? ours.p95 <= TARGET_P95_MS : null,
      figures: {
        p50_ms: +ours.p50.toFixed(2),
        p95_ms: +ours.p95.toFixed(2),
        raw_p50_ms: +reference.p50.toFixed(1),
        speedup_vs_raw: +(reference.p50 / ours.p50).toFixed(1),
        answer_rows: answer.length,
        equal_to_raw: isEqual,
      },
    });
  }
  // What the Usage page shows by webhook: the top 8 and "Other" per day, legend totals, credits.
  const [{ id: anyWebhook }] = await query<{ id: string }>(db, sql`select id::text from webhooks where account_id = ${accountId} limit 1`);
  const names = new Map((await query<{ id: string; name: string }>(db, sql`select id::text, name from webhooks where account_id = ${accountId}`)).map((w) => [w.id, w.name]));
  for (const { days, webhookId } of [{ days: 30 }, { days: 90 }, { days: 90, webhookId: anyWebhook }]) {
    const input = { ...presetDayRange(days, now, TIME_ZONE), timeZone: TIME_ZONE, groupBy: "webhook" as const, webhookId };
    const name = `page ${days} d by webhook (${webhookId ? "one webhook" : "top 8 + other"})`;
    log(`${name}…`);
    const summary = await getUsageSummary(db, accountId, input);
    const range = resolveDayRange(input, TIME_ZONE);
    const raw = await countEventsByDayFromEvents(db, accountId, { start: range.start, end: range.end, timeZone: TIME_ZONE, groupBy: "webhook_id", webhookId });
    const isEqual = JSON.stringify(summary.series) === JSON.stringify(buildUsageSeries(raw, range.days, "webhook", names));
    const ours = await measureLatency(() => getUsageSummary(db, accountId, input), { iterations: ITERATIONS, warmup: 3 });
    log(`  ours p50 ${ms(ours.p50)} p95 ${ms(ours.p95)} · ${summary.series.keys.length} keys · equal to raw: ${isEqual}`);
    rows.push({
      scenario: name,
      ours: `p50 ${ms(ours.p50)} / p95 ${ms(ours.p95)}`,
      reference: "series from a raw GROUP BY (checked once)",
      ratio: (ours.p95 / TARGET_P95_MS).toFixed(2),
      target: `p95 ≤ ${TARGET_P95_MS} ms`,
      holds: isEqual && ours.p95 <= TARGET_P95_MS,
      figures: { p50_ms: +ours.p50.toFixed(2), p95_ms: +ours.p95.toFixed(2), keys: summary.series.keys.length, equal_to_raw: isEqual },
    });
  }
  return rows;
}

async function findSeededAccount(db: Db): Promise<string | undefined> {
  const [row] = await query<{ id: string }>(db, sql`select id::text from accounts where name = 'bench usage' order by created_at desc limit 1`);
  return row?.id;
}

const external = process.env.DATABASE_URL;
const dbName = `hookline_bench_usage_${Date.now()}`;
const url = external || `postgres://postgres@127.0.0.1:5432/${dbName}`;
if (!external) pgAdmin("createdb", dbName);
const handle = await openDatabase({ url });
let rows: Row[] = [];
try {
  let accountId = reuse && external ? await findSeededAccount(handle.db) : undefined;
  if (!accountId) {
    log(`usage counts: seeding ${EVENTS.toLocaleString("en-US")} events over ${DAYS} days and ${WEBHOOKS} webhooks…`);
    accountId = await seed(url, handle.db);
  }
  rows = await measure(handle.db, accountId);
} finally {
  await handle.close();
  if (!external) pgAdmin("dropdb", dbName);
}

if (asJson) {
  console.log(selfReport({ events: EVENTS, webhooks: WEBHOOKS, days: DAYS, rows }));
} else {
  const header = ["scenario", "ours", "reference", "ratio", "target", "holds"];
  const body = rows.map((r) => [r.scenario, r.ours, r.reference, r.ratio, r.target, r.holds === null ? "n/a" : r.holds ? "yes" : "NO"]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const cells of body) console.log(line(cells));
}
