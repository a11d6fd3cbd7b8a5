// Ingest scenario: `count` new jobs in batches of 1,000 through ingestRecords against `webhooks`
// webhooks spread over mixed saved searches. Usage: hookline-ingest.ts <count> <webhooks>
import { sql } from "drizzle-orm";
import { getDb, closeDb, query } from "@/db/client";
import { ingestRecords } from "@/lib/matching/ingest";
import { selfReport } from "./lib/process";
import { createBenchAccount } from "./lib/seed";

const [countArg, webhooksArg] = process.argv.slice(2);
const count = Number(countArg);
const webhookCount = Number(webhooksArg);
const db = await getDb();
const accountId = await createBenchAccount(db, "bench ingest", 1_000_000_000);

const COUNTRIES = ["ES", "US", "DE", "FR", "GB", "NL", "PT", "IT"];
const KEYWORDS = ["engineer", "data", "python", "manager", "designer", "analyst", "sales", "react"];
const SENIORITIES = ["junior", "mid_level", "senior", "staff"];
const searchFilters = [
  {},
  { country_codes: ["ES", "PT"] },
  { title_keywords: ["data"], remote: true },
  { title_keywords: ["engineer", "developer"], title_exclude_keywords: ["manager"] },
  { seniorities: ["senior", "staff"], min_salary_usd: 80_000 },
  { country_codes: ["US"], title_keywords: ["python"] },
  { company_domains: ["acme1.example", "acme2.example"] },
  { posted_within_days: 30 },
  { remote: false, country_codes: ["DE", "FR", "NL"] },
  { title_keywords: ["analyst", "sales"] },
];
const searchIds: string[] = [];
for (const [index, filters] of searchFilters.entries()) {
  const [row] = await query<{ id: string }>(
    db,
    sql`insert into searches (account_id, name, type, filters) values (${accountId}, ${`bench search ${index}`}, 'job', ${JSON.stringify(filters)}::jsonb) returning id`,
  );
  searchIds.push(row.id);
}
for (let i = 0; i < webhookCount; i++) {
  await db.execute(
    sql`insert into webhooks (account_id, search_id, name, url, secret, listening_start_time, trigger_once_per_company)
        values (${accountId}, ${searchIds[i % searchIds.length]}, ${`bench hook ${i}`}, 'http://127.0.0.1:9/hook', 'whsec_YmVuY2g=', null, ${i % 25 === 0})`,
  );
}

function makeJob(i: number) {
  const salary = 30_000 + ((i * 7919) % 150_000);
  return {
    external_id: `ingest-${Date.now()}-${i}`,
    title: `${KEYWORDS[i % KEYWORDS.length]} ${KEYWORDS[(i * 3) % KEYWORDS.length]} ${i}`,
    company_name: `Acme ${i % 500}`,
    company_domain: `acme${i % 500}.example`,
    country_code: COUNTRIES[i % COUNTRIES.length],
    location: "Somewhere",
    remote: i % 3 === 0,
    seniority: SENIORITIES[i % SENIORITIES.length],
    min_annual_salary_usd: salary,
    max_annual_salary_usd: salary + 20_000,
    date_posted: new Date(Date.now() - (i % 60) * 86_400_000).toISOString(),
    url: `https://jobs.example/${i}`,
  };
}

let eventsCreated = 0;
const started = performance.now();
for (let offset = 0; offset < count; offset += 1_000) {
  const batch = Array.from({ length: Math.min(1_000, count - offset) }, (_, i) => makeJob(offset + i));
  const result = await ingestRecords(db, accountId, "job", batch);
  eventsCreated += result.events_triggered + result.events_not_triggered;
}
const durationMs = performance.now() - started;
await closeDb();
console.log(
  selfReport({ events_created: eventsCreated, duration_ms: Math.round(durationMs), events_per_s: Math.round((eventsCreated / durationMs) * 1000) }),
);
