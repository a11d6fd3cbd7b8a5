// Every saved-search filter of SPEC §1, against records that match and records that do not.
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { withPlannerSettings } from "@/db/client";
import { companies, events, jobs } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { ingestBodySchema } from "@/lib/validation/records";
import { ingestRecords } from "./ingest";
import { countMatchingRecords } from "./preview";
import { seedSearch, seedWebhook } from "../../test/matching";

const NOW = new Date("2025-06-01T12:00:00Z");

type Case = { name: string; filters: Record<string, unknown>; match: Record<string, unknown>[]; miss: Record<string, unknown>[] };

const JOB_CASES: Case[] = [
  {
    name: "title_keywords (any, case-insensitive)",
    filters: { title_keywords: ["Data Engineer", "rust"] },
    match: [{ title: "Senior DATA ENGINEER" }, { title: "Rustacean wanted" }],
    miss: [{ title: "Data analyst" }],
  },
  {
    name: "title_keywords with LIKE metacharacters",
    filters: { title_keywords: ["c++", "100%"] },
    match: [{ title: "C++ developer" }, { title: "100% remote" }],
    miss: [{ title: "C developer" }, { title: "100 percent" }],
  },
  {
    name: "title_exclude_keywords",
    filters: { title_keywords: ["engineer"], title_exclude_keywords: ["Senior", "lead"] },
    match: [{ title: "Junior engineer" }],
    miss: [{ title: "senior engineer" }, { title: "Lead Engineer" }],
  },
  {
    name: "country_codes",
    filters: { country_codes: ["es", "FR"] },
    match: [{ country_code: "ES" }, { country_code: "fr" }],
    miss: [{ country_code: "DE" }, {}],
  },
  { name: "remote true", filters: { remote: true }, match: [{ remote: true }], miss: [{ remote: false }, {}] },
  { name: "remote false", filters: { remote: false }, match: [{ remote: false }], miss: [{ remote: true }, {}] },
  {
    name: "seniorities",
    filters: { seniorities: ["senior", "Staff"] },
    match: [{ seniority: "Senior" }, { seniority: "staff" }],
    miss: [{ seniority: "junior" }, {}],
  },
  {
    name: "min_salary_usd (the top of the range)",
    filters: { min_salary_usd: 100000 },
    match: [{ max_annual_salary_usd: 120000 }, { min_annual_salary_usd: 100000 }, { min_annual_salary_usd: 80000, max_annual_salary_usd: 100000 }],
    miss: [{ min_annual_salary_usd: 50000, max_annual_salary_usd: 99999 }, {}],
  },
  {
    name: "company_domains",
    filters: { company_domains: ["https://www.Acme.com/jobs", "globex.io"] },
    match: [{ company_domain: "acme.com" }, { company_domain: "www.GLOBEX.io" }],
    miss: [{ company_domain: "acme.co" }, {}],
  },
  {
    name: "posted_within_days (relative to now)",
    filters: { posted_within_days: 7 },
    match: [{ date_posted: "2025-05-30" }, { date_posted: "2025-05-25T12:00:00Z" }],
    miss: [{ date_posted: "2025-05-25T11:59:59Z" }, { date_posted: "2024-01-01" }],
  },
  // Counterexamples found by filters.property.test.ts, kept as fixed cases.
  {
    name: "min_salary_usd reads a reversed range by its top",
    filters: { min_salary_usd: 100001 },
    match: [{ min_annual_salary_usd: 100001, max_annual_salary_usd: 0 }],
    miss: [{ min_annual_salary_usd: 100000, max_annual_salary_usd: 0 }],
  },
  {
    name: "title_keywords: a Greek word in capitals matches itself (the final sigma is a sigma)",
    filters: { title_keywords: ["ΟΔΟΣ"] },
    match: [{ title: "ΟΔΟΣ" }, { title: "Οδος" }, { title: "οδοσ" }, { title: "ΠΡΟΓΡΑΜΜΑΤΙΣΤΗΣ ΟΔΟΣ" }],
    miss: [{ title: "ΟΔΟ" }],
  },
  {
    name: "title_keywords: İstanbul matches itself in any case",
    filters: { title_keywords: ["İstanbul"] },
    match: [{ title: "İstanbul office" }, { title: "İSTANBUL" }, { title: "istanbul" }],
    miss: [{ title: "Ankara" }],
  },
  {
    name: "title_exclude_keywords fold case the same way",
    filters: { title_exclude_keywords: ["οδος", "İSTANBUL"] },
    match: [{ title: "Ankara" }],
    miss: [{ title: "ΟΔΟΣ" }, { title: "İstanbul" }],
  },
];

const COMPANY_CASES: Case[] = [
  {
    name: "name_keywords",
    filters: { name_keywords: ["acme", "_labs"] },
    match: [{ name: "ACME Corp" }, { name: "Foo_Labs" }],
    miss: [{ name: "Globex" }, { name: "Foo Labs" }],
  },
  { name: "country_codes", filters: { country_codes: ["US"] }, match: [{ country_code: "us" }], miss: [{ country_code: "CA" }, {}] },
  {
    name: "industries",
    filters: { industries: ["Software", "fintech"] },
    match: [{ industry: "software" }, { industry: "FinTech" }],
    miss: [{ industry: "Retail" }, {}],
  },
  {
    name: "min_employees",
    filters: { min_employees: 50 },
    match: [{ employee_count: 50 }, { employee_count: 5000 }],
    miss: [{ employee_count: 49 }, {}],
  },
  {
    name: "max_employees",
    filters: { max_employees: 200 },
    match: [{ employee_count: 200 }, { employee_count: 0 }],
    miss: [{ employee_count: 201 }, {}],
  },
  {
    name: "technologies (any)",
    filters: { technologies: ["PostgreSQL", "kafka"] },
    match: [{ technologies: ["react", "postgresql"] }, { technologies: ["Kafka"] }],
    miss: [{ technologies: ["mysql"] }, {}],
  },
  // Counterexamples found by filters.property.test.ts, kept as fixed cases.
  {
    name: "name_keywords: a Greek word in capitals matches itself",
    filters: { name_keywords: ["ΟΔΟΣ", "d"] },
    match: [{ name: "ΟΔΟΣ" }, { name: "οδος" }],
    miss: [{ name: "Globex" }],
  },
  {
    name: "technologies fold the final sigma too",
    filters: { technologies: ["οδος"] },
    match: [{ technologies: ["ΟΔΟΣ"] }],
    miss: [{ technologies: ["ΟΔΟ"] }],
  },
];

async function runCase(type: "job" | "company", testCase: Case) {
  const { db, accountId } = await createTestAccount({ credits: 100 });
  const search = await seedSearch(db, accountId, type, testCase.filters);
  const { webhook } = await seedWebhook(db, accountId, search.id, { listening_start_time: null, now: NOW });
  const base = (i: number) => (type === "job" ? { external_id: `r${i}`, title: "Some job" } : { external_id: `r${i}`, name: "Some company" });
  const records = [...testCase.match, ...testCase.miss].map((fields, i) => ({ ...base(i), ...fields }));
  const parsed = ingestBodySchema(type).parse({ records });
  const result = await ingestRecords(db, accountId, type, parsed.records, { now: NOW });
  expect(result.new).toBe(records.length);
  expect(result.events_triggered).toBe(testCase.match.length);

  const table = type === "job" ? jobs : companies;
  const column = type === "job" ? events.jobId : events.companyId;
  const rows = await db
    .select({ externalId: table.externalId })
    .from(events)
    .innerJoin(table, eq(table.id, column))
    .where(and(eq(events.webhookId, webhook.id)));
  const matched = rows.map((row) => row.externalId).sort();
  expect(matched).toEqual(testCase.match.map((_, i) => `r${i}`).sort());
  // The live count uses the same predicate.
  expect(await countMatchingRecords(db, accountId, search, { now: NOW })).toBe(testCase.match.length);
}

describe("job filters", () => {
  for (const testCase of JOB_CASES) it(testCase.name, () => runCase("job", testCase));
});

describe("company filters", () => {
  for (const testCase of COMPANY_CASES) it(testCase.name, () => runCase("company", testCase));
});

describe("no filter", () => {
  it("matches every record of the search's type and none of the other", async () => {
    const { db, accountId } = await createTestAccount({ credits: 10 });
    const search = await seedSearch(db, accountId, "job");
    const { webhook } = await seedWebhook(db, accountId, search.id, { now: NOW });
    await ingestRecords(db, accountId, "company", ingestBodySchema("company").parse([{ external_id: "c", name: "C" }]).records, { now: NOW });
    const result = await ingestRecords(
      db,
      accountId,
      "job",
      ingestBodySchema("job").parse([{ external_id: "a", title: "A" }, { external_id: "b", title: "B" }]).records,
      { now: NOW },
    );
    expect(result).toEqual({ new: 2, duplicate: 0, events_triggered: 2, events_not_triggered: 0 });
    const rows = await db.select().from(events).where(eq(events.webhookId, webhook.id));
    expect(rows.map((r) => r.type)).toEqual(["job", "job"]);
  });
});

describe("trigger_once_per_company (a counterexample of filters.property.test.ts)", () => {
  it("reads company names case-insensitively, Greek capitals included", async () => {
    const { db, accountId } = await createTestAccount({ credits: 10 });
    const search = await seedSearch(db, accountId, "job");
    const { webhook } = await seedWebhook(db, accountId, search.id, { listening_start_time: null, trigger_once_per_company: true, now: NOW });
    const records = [
      { external_id: "r00", title: "A", company_name: "ΟΔΟΣ Ltd" },
      { external_id: "r01", title: "B", company_name: "οδος ltd" },
      { external_id: "r02", title: "C", company_name: "İnc" },
      { external_id: "r03", title: "D", company_name: "inc" },
    ];
    await ingestRecords(db, accountId, "job", ingestBodySchema("job").parse({ records }).records, { now: NOW });
    const rows = await db.select({ externalId: jobs.externalId }).from(events).innerJoin(jobs, eq(jobs.id, events.jobId)).where(eq(events.webhookId, webhook.id));
    expect(rows.map((r) => r.externalId).sort()).toEqual(["r00", "r02"]);
  });
});

describe("posted_within_days (a counterexample of filters.property.test.ts, on a PostgreSQL set to Paris time)", () => {
  it("counts 24-hour days whatever the database's TimeZone, across a clock change", async () => {
    const { db, accountId } = await createTestAccount();
    const records = [
      { external_id: "edge", title: "A", date_posted: "2025-03-28T12:00:00Z" },
      { external_id: "before", title: "B", date_posted: "2025-03-28T11:59:59Z" },
    ];
    await ingestRecords(db, accountId, "job", ingestBodySchema("job").parse({ records }).records, { now: NOW });
    // Five days before 2 April 14:00 Paris time is 28 March 14:00 Paris time, 13:00Z: one hour short.
    const count = await withPlannerSettings(db, { TimeZone: "Europe/Paris" }, (tx) =>
      countMatchingRecords(tx, accountId, { type: "job", filters: { posted_within_days: 5 } }, { now: new Date("2025-04-02T12:00:00Z") }),
    );
    expect(count).toBe(1);
  });
});
