// The saved-search filters of SPEC §1 against a plain reference written from the SPEC alone:
// fast-check makes random filters (awkward values included: unicode, LIKE metacharacters, padding,
// duplicates, empty lists, lengths at the limits) and a few dozen random records in a fresh team per
// run, and checks that
// - the filters schema accepts or refuses any JSON quickly, naming the field it refuses;
// - the live count (countMatchingRecords, countMatchingRecordsBySearch) is the reference's count,
//   also in a session on Paris time;
// - ingesting the records creates events for exactly the records the reference matches, once per
//   company for a trigger_once_per_company webhook; so does a webhook created over them afterwards;
//   and each event costs one credit while credits last.
// Counterexamples it found are kept as fixed cases in filters.test.ts and lib/validation/search.test.ts.
import fc from "fast-check";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { query, withPlannerSettings } from "@/db/client";
import { accounts, companies, events, jobs, webhooks } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { ingestBodySchema, type RecordType } from "@/lib/validation/records";
import { searchFormCountSchema } from "@/lib/actions/search-form";
import { parseSearchFilters, searchFormValuesOf, searchInputFromForm } from "@/lib/validation/search";
import { ingestRecords } from "./ingest";
import { countMatchingRecords, countMatchingRecordsBySearch } from "./preview";
import { day, seedSearch, seedWebhook } from "../../test/matching";

const HOUR = 60 * 60 * 1000;
/**
 * The clock of the DB properties: three days after Europe's 2025 spring clock change, so "posted
 * within N days" windows cross it (a database whose TimeZone is Europe/Paris must still count 24 h days).
 */
const NOW = new Date("2025-04-02T12:00:00Z");
/** Records are ingested in three batches, at these times. */
const BATCH_TIMES = [new Date(NOW.getTime() - day(5)), new Date(NOW.getTime() - day(2)), NOW];

// ---------------------------------------------------------------------------------------------
// The reference: SPEC §1 read literally, one record at a time, in plain TypeScript.

type Json = Record<string, unknown>;

/**
 * Case-insensitive: lower case letter by letter with Unicode's simple mapping (İ → i, where
 * toLowerCase gives i + U+0307), and the final sigma ς read as σ (ΟΔΟΣ, οδος and οδοσ are one word).
 */
function fold(text: string): string {
  return Array.from(text, (c) => String.fromCodePoint(c.toLowerCase().codePointAt(0)!)).join("").replaceAll("ς", "σ");
}

/** A list filter's values as the user meant them (trimmed, blanks ignored); null when it filters nothing. */
function listOf(value: unknown, normalize: (text: string) => string): string[] | null {
  if (!Array.isArray(value)) return null;
  const items = value.map((v) => normalize(String(v).trim())).filter((v) => v !== "");
  return items.length > 0 ? items : null;
}
const numberOf = (value: unknown) => (typeof value === "number" ? value : null);
const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);

/** A domain as users type it: no scheme, no www., no path, lower case. */
function domainOf(value: string): string {
  return value.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/^www\./, "").split("/")[0];
}

/** The company a job belongs to, for trigger_once_per_company: its domain, else its name. */
function companyKeyOf(job: Json): string | null {
  const domain = typeof job.company_domain === "string" ? domainOf(job.company_domain) : "";
  if (domain) return domain;
  const name = text(job.company_name);
  return name ? fold(name) : null;
}

const containsAny = (haystack: string, keywords: string[]) => keywords.some((k) => fold(haystack).includes(k));

function jobMatches(filters: Json, job: Json, discoveredAt: Date, now: Date): boolean {
  const title = String(job.title).trim();
  const include = listOf(filters.title_keywords, fold);
  if (include && !containsAny(title, include)) return false;
  const exclude = listOf(filters.title_exclude_keywords, fold);
  if (exclude && containsAny(title, exclude)) return false;
  const countries = listOf(filters.country_codes, (c) => c.toUpperCase());
  if (countries && !(text(job.country_code) && countries.includes(text(job.country_code)!.toUpperCase()))) return false;
  if (typeof filters.remote === "boolean" && job.remote !== filters.remote) return false;
  const seniorities = listOf(filters.seniorities, fold);
  if (seniorities && !(text(job.seniority) && seniorities.includes(fold(text(job.seniority)!)))) return false;
  const minSalary = numberOf(filters.min_salary_usd);
  if (minSalary !== null) {
    // The top of the job's range: the larger of the two amounts it gives.
    const amounts = [job.min_annual_salary_usd, job.max_annual_salary_usd].filter((v): v is number => typeof v === "number");
    if (amounts.length === 0 || Math.max(...amounts) < minSalary) return false;
  }
  const domains = listOf(filters.company_domains, domainOf);
  if (domains) {
    const domain = typeof job.company_domain === "string" ? domainOf(job.company_domain) : "";
    if (!domain || !domains.includes(domain)) return false;
  }
  const withinDays = numberOf(filters.posted_within_days);
  if (withinDays !== null) {
    const posted = typeof job.date_posted === "string" ? Date.parse(job.date_posted) : discoveredAt.getTime();
    if (posted < now.getTime() - withinDays * 24 * HOUR) return false;
  }
  return true;
}

function companyMatches(filters: Json, company: Json): boolean {
  const names = listOf(filters.name_keywords, fold);
  if (names && !containsAny(String(company.name).trim(), names)) return false;
  const countries = listOf(filters.country_codes, (c) => c.toUpperCase());
  if (countries && !(text(company.country_code) && countries.includes(text(company.country_code)!.toUpperCase()))) return false;
  const industries = listOf(filters.industries, fold);
  if (industries && !(text(company.industry) && industries.includes(fold(text(company.industry)!)))) return false;
  const employees = numberOf(company.employee_count);
  const min = numberOf(filters.min_employees);
  if (min !== null && (employees === null || employees < min)) return false;
  const max = numberOf(filters.max_employees);
  if (max !== null && (employees === null || employees > max)) return false;
  const technologies = listOf(filters.technologies, fold);
  if (technologies) {
    const own = Array.isArray(company.technologies) ? company.technologies.map((t) => fold(String(t).trim())) : [];
    if (!own.some((t) => technologies.includes(t))) return false;
  }
  return true;
}

const matches = (type: RecordType, filters: Json, record: Json, discoveredAt: Date, now: Date) =>
  type === "job" ? jobMatches(filters, record, discoveredAt, now) : companyMatches(filters, record);

/** The records a team holds after the batches: the first ingest of an external id wins, for good. */
function storedRecords(batches: Json[][]): { record: Json; discoveredAt: Date; batch: number }[] {
  const seen = new Map<string, { record: Json; discoveredAt: Date; batch: number }>();
  batches.forEach((batch, i) => {
    for (const record of batch) {
      const id = String(record.external_id);
      if (!seen.has(id)) seen.set(id, { record, discoveredAt: BATCH_TIMES[i], batch: i });
    }
  });
  return [...seen.values()];
}

/**
 * External ids that get an event (SPEC §3) for a webhook listening since the start: as the batches
 * arrive (each matched at its ingest time), or, for a webhook created at `detectedAt` over the stored
 * records, all at once then. Oldest first: by batch, then by external id (the order records are
 * inserted in within a batch, all with one discovery time).
 */
function expectedEvents(type: RecordType, filters: Json, batches: Json[][], oncePerCompany: boolean, detectedAt?: Date): string[] {
  const oldestFirst = storedRecords(batches).sort((x, y) =>
    x.batch !== y.batch ? x.batch - y.batch : String(x.record.external_id) < String(y.record.external_id) ? -1 : 1,
  );
  const companiesWithEvent = new Set<string>();
  const out: string[] = [];
  for (const { record, discoveredAt } of oldestFirst) {
    if (!matches(type, filters, record, discoveredAt, detectedAt ?? discoveredAt)) continue;
    const key = oncePerCompany ? companyKeyOf(record) : null;
    if (key !== null) {
      if (companiesWithEvent.has(key)) continue;
      companiesWithEvent.add(key);
    }
    out.push(String(record.external_id));
  }
  return out.sort();
}

// ---------------------------------------------------------------------------------------------
// Random data.

/** Words for titles, names and keywords: LIKE metacharacters, quotes, accents, Greek final sigma, Turkish İ/ı, ß, CJK, emoji. */
const WORDS = [
  "data", "Data", "ENGINEER", "engineer", "Rust", "c++", "C#", "100%", "50%", "a_b", "a%b", "back\\slash", "\\", "%", "_",
  "'", "\"", "Ärztin", "ÄRZTIN", "ΟΔΟΣ", "οδος", "Προγραμματιστής", "ΠΡΟΓΡΑΜΜΑΤΙΣΤΗΣ", "İstanbul", "ISTANBUL", "ıi",
  "straße", "STRASSE", "Café", "cafe\u0301", "日本語", "🦀", "senior", "Sr.", "lead", "dev-ops", "DevOps", "\u212Aelvin",
];
const SEPARATORS = [" ", "  ", "-", "", "\u00a0", "\t", " / "];
const word = fc.constantFrom(...WORDS);
const caseOf = (w: string, mode: number) => (mode === 1 ? w.toUpperCase() : mode === 2 ? w.toLowerCase() : w);

const phrase = fc
  .tuple(fc.array(fc.tuple(word, fc.nat(2)), { minLength: 1, maxLength: 4 }), fc.constantFrom(...SEPARATORS))
  .map(([parts, sep]) => parts.map(([w, mode]) => caseOf(w, mode)).join(sep));
/** A title or a name: a phrase, sometimes padded to near the 1,000-character limit. */
const title = fc.oneof({ withCrossShrink: true }, { weight: 5, arbitrary: phrase }, { weight: 1, arbitrary: phrase.map((p) => `${"x".repeat(990 - Math.min(p.length, 400))}${p}`.slice(0, 1000)) });

const padded = (arb: fc.Arbitrary<string>) =>
  fc.tuple(arb, fc.constantFrom("", " ", "\t", "\u00a0", "\n"), fc.constantFrom("", " ", "\u3000")).map(([v, a, b]) => `${a}${v}${b}`);
/** A keyword the schema accepts: a word in any case, part of one, a short phrase, or 200 characters. */
const keyword = padded(
  fc.oneof(
    fc.tuple(word, fc.nat(2)).map(([w, mode]) => caseOf(w, mode)),
    fc.tuple(word, fc.nat(8), fc.nat(8)).map(([w, from, len]) => Array.from(w).slice(from % Array.from(w).length).slice(0, len + 1).join("")),
    phrase,
    fc.constantFrom("x".repeat(200), "X".repeat(199) + "ß"),
  ),
);
/** A list filter: absent, null, empty, or a few values with duplicates likely. */
const listFilter = (item: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(null, [] as string[]) },
    { weight: 4, arbitrary: fc.array(item, { minLength: 1, maxLength: 4 }) },
  );
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const countryFilter = fc.constantFrom("ES", "es", " fr ", "DE", "us", "Es");
const seniorityFilter = fc.constantFrom("senior", "Senior", " SENIOR ", "junior", "Staff", "lead", "Über", "über", "ÜBER");
const domainFilter = fc.constantFrom(
  "acme.com", "ACME.COM", "https://www.acme.com/jobs", "http://globex.io/", "www.globex.io", "initech.co.uk", "sub.acme.com", "acme.com/a/b", "HTTPS://WWW.ACME.COM",
);

const jobFilters = fc
  .record({
    title_keywords: listFilter(keyword),
    title_exclude_keywords: listFilter(keyword),
    country_codes: listFilter(countryFilter),
    remote: fc.constantFrom(undefined, undefined, null, true, false),
    seniorities: listFilter(seniorityFilter),
    min_salary_usd: optional(fc.constantFrom(null, 0, 1, 50_000, 100_000, 100_001, 2_147_483_647)),
    company_domains: listFilter(domainFilter),
    posted_within_days: optional(fc.constantFrom(null, 1, 2, 3, 4, 5, 7, 30, 365)),
  })
  .map(withoutUndefined);

const companyFilters = fc
  .record({
    name_keywords: listFilter(keyword),
    country_codes: listFilter(countryFilter),
    industries: listFilter(fc.constantFrom("software", " Software ", "FINTECH", "Ärzte", "ärzte", "retail")),
    employees: fc.tuple(optional(fc.constantFrom(null, 0, 1, 50, 200, 100_000_000)), optional(fc.constantFrom(null, 0, 50, 51, 200, 100_000_000))),
    technologies: listFilter(fc.constantFrom(" postgresql ", "KAFKA", "rust", "c++", "Node.js", "οδος", "ΟΔΟΣ")),
  })
  .map(({ employees: [a, b], ...rest }) => {
    // Keep min ≤ max so the search is accepted (the refusal is checked by the schema properties).
    const [min, max] = typeof a === "number" && typeof b === "number" && a > b ? [b, a] : [a, b];
    return withoutUndefined({ ...rest, min_employees: min, max_employees: max });
  });

function withoutUndefined<T extends Json>(value: T): Json {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

const JITTERS = [0, 1000, -1000, HOUR, -HOUR, HOUR + 1000, -HOUR - 1000, HOUR / 2, -HOUR / 2];
/** A posting date a whole number of days before NOW give or take an hour (where day lengths differ across DST), or a date only. */
const datePosted = fc.oneof(
  fc.tuple(fc.nat(8), fc.constantFrom(...JITTERS)).map(([days, jitter]) => new Date(NOW.getTime() - day(days) + jitter).toISOString()),
  fc.constantFrom("2025-03-28", "2025-03-29", "2025-03-30", "2025-04-01", "2024-04-02"),
);
const externalId = fc.nat(24).map((n) => `r${String(n).padStart(2, "0")}`);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 3 });

const jobRecord = fc.record({
  external_id: externalId,
  title,
  company_name: maybe(fc.constantFrom("Acme", "ACME", " acme ", "Globex", "ΟΔΟΣ Ltd", "οδος ltd", "İnc", "inc")),
  company_domain: maybe(
    fc.constantFrom("acme.com", "Acme.com", "https://www.ACME.com/careers", "www.acme.com", "globex.io", "http://globex.io", "acme.co", "sub.acme.com", "initech.co.uk", "https://", "www.", "/"),
  ),
  country_code: maybe(fc.constantFrom("ES", "es", "FR", "de", "US")),
  remote: maybe(fc.boolean()),
  seniority: maybe(fc.constantFrom("Senior", "senior", "junior", "staff", "Lead", "über", "ÜBER ", "Principal")),
  min_annual_salary_usd: maybe(fc.constantFrom(0, 49_999, 50_000, 99_999, 100_000, 100_001, 2_147_483_647)),
  max_annual_salary_usd: maybe(fc.constantFrom(0, 49_999, 50_000, 99_999, 100_000, 100_001, 2_147_483_647)),
  date_posted: maybe(datePosted),
});

const companyRecord = fc.record({
  external_id: externalId,
  name: title.map((t) => t.slice(0, 500)),
  domain: maybe(fc.constantFrom("acme.com", "globex.io", "https://www.acme.com/")),
  country_code: maybe(fc.constantFrom("ES", "es", "FR", "de", "US")),
  industry: maybe(fc.constantFrom("Software", "software", " SOFTWARE", "FinTech", "fintech", "Ärzte", "ÄRZTE", "Retail")),
  employee_count: maybe(fc.constantFrom(0, 1, 49, 50, 51, 200, 201, 100_000_000, 2_147_483_647)),
  technologies: maybe(fc.array(fc.constantFrom("PostgreSQL", "postgresql", "Kafka", "react", "Rust", "C++", "c#", "Node.js", "ΟΔΟΣ", "οδος"), { maxLength: 4 })),
});

const batchesOf = (record: fc.Arbitrary<Json>) => fc.tuple(...BATCH_TIMES.map(() => fc.array(record, { maxLength: 12 })));

// ---------------------------------------------------------------------------------------------
// Helpers.

/**
 * Runs `work` and checks it returns within `boundMs`. A slow run is measured again, up to three
 * times in all: the cores are shared, and a GC pause or a busy neighbour is not a hang.
 */
function expectFast<T>(work: () => T, boundMs: number): T {
  let fastest = Infinity;
  let result!: T;
  for (let attempt = 0; attempt < 3 && fastest > boundMs; attempt++) {
    const started = performance.now();
    result = work();
    fastest = Math.min(fastest, performance.now() - started);
  }
  expect(fastest, `took longer than ${boundMs} ms three times`).toBeLessThanOrEqual(boundMs);
  return result;
}

/** Megabytes of input: linear work takes a few milliseconds; a quadratic pattern took seconds to hours. */
const HUGE_INPUT_BOUND_MS = 250;

const FILTER_KEYS = {
  job: ["title_keywords", "title_exclude_keywords", "country_codes", "remote", "seniorities", "min_salary_usd", "company_domains", "posted_within_days"],
  company: ["name_keywords", "country_codes", "industries", "min_employees", "max_employees", "technologies"],
} as const;

/** Parses filters and checks the answer's shape: accepted, or refused with every issue naming the field. */
function checkedParse(type: RecordType, input: unknown, boundMs = 50) {
  const parsed = expectFast(() => parseSearchFilters(type, input), boundMs);
  if (parsed.success) return parsed;
  const isObject = input !== null && typeof input === "object" && !Array.isArray(input);
  for (const issue of parsed.error.issues) {
    expect(issue.path[0], JSON.stringify(issue)).toBe("filters");
    if (!isObject) continue;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) expect(Object.keys(input as object)).toContain(key);
      continue;
    }
    // An issue inside the object names one of its known filters.
    expect(issue.path.length, JSON.stringify(issue)).toBeGreaterThanOrEqual(2);
    expect(FILTER_KEYS[type] as readonly unknown[]).toContain(issue.path[1]);
  }
  return parsed;
}

async function ingestBatches(db: Db, accountId: string, type: RecordType, batches: Json[][]) {
  for (const [i, batch] of batches.entries()) {
    if (batch.length === 0) continue;
    const parsed = ingestBodySchema(type).parse({ records: batch });
    await ingestRecords(db, accountId, type, parsed.records, { now: BATCH_TIMES[i] });
  }
}

/** External ids with an event for the webhook. */
async function eventsOf(db: Db, type: RecordType, webhookId: string): Promise<string[]> {
  const table = type === "job" ? jobs : companies;
  const column = type === "job" ? events.jobId : events.companyId;
  const rows = await db
    .select({ externalId: table.externalId })
    .from(events)
    .innerJoin(table, eq(table.id, column))
    .where(and(eq(events.webhookId, webhookId)));
  return rows.map((r) => r.externalId).sort();
}

// ---------------------------------------------------------------------------------------------
// Properties.

describe("the filters schema", () => {
  for (const type of ["job", "company"] as const) {
    it(`accepts or refuses any JSON as ${type} filters within 50 ms, naming the field`, () => {
      fc.assert(
        fc.property(fc.jsonValue(), (input) => {
          checkedParse(type, input);
        }),
        { numRuns: 300 },
      );
    });

    it(`accepts or refuses hostile ${type} filter values within 50 ms, naming the field`, () => {
      const hostile = fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.string({ unit: "binary", maxLength: 300 }),
        fc.array(fc.string({ unit: "binary", maxLength: 210 }), { maxLength: 6 }),
        fc.array(keyword, { maxLength: 110 }),
        fc.constantFrom(-1, 0, 1.5, 366, 1e308, -0, Number.MAX_SAFE_INTEGER, 2_147_483_648, "12", "true", "", "\u0000", "\ud800", "%_\\"),
        fc.array(fc.constantFrom("\u0000", "a\u0000b", "\ud800", "x\udfffy", "\u0001", "%", "_", "\\", "ES", "acme.com", " ", "\u200b", "\ufeff"), { minLength: 1, maxLength: 3 }),
      );
      const input = fc.dictionary(fc.constantFrom(...FILTER_KEYS[type], "x", "__proto__", "constructor", "TITLE_KEYWORDS"), hostile, { maxKeys: 4 });
      fc.assert(
        fc.property(input, (filters) => {
          const parsed = checkedParse(type, filters);
          if (!parsed.success) return;
          // What is stored parses to itself: saving a search twice changes nothing.
          const again = checkedParse(type, parsed.data.filters);
          expect(again.success && again.data.filters).toEqual(parsed.data.filters);
          // Nothing the database cannot store gets through (a NUL or a lone surrogate would be a 500 there).
          expect(JSON.stringify(parsed.data.filters)).not.toMatch(/\\u0000|\\ud[89a-f][0-9a-f]{2}/i);
        }),
        { numRuns: 400 },
      );
    });
  }

  it("reads any typed form values (the /searches form's server actions) within 50 ms, naming the field", () => {
    const typed = fc.oneof(
      fc.string({ unit: "binary", maxLength: 80 }),
      fc
        .tuple(fc.array(fc.oneof(keyword, fc.constantFrom("", " ", "1,000", "-5", "1e9", "0x10", "true", "False", "\u0000", "acme.com/x")), { maxLength: 5 }), fc.constantFrom(",", "\n", ", "))
        .map(([items, separator]) => items.join(separator)),
    );
    const fields = [...new Set([...FILTER_KEYS.job, ...FILTER_KEYS.company])];
    const values = fc.record({ type: fc.constantFrom("job", "company", "", "JOB"), ...Object.fromEntries(fields.map((f) => [f, fc.option(typed, { nil: undefined })])) });
    fc.assert(
      fc.property(values, (input) => {
        const parsed = expectFast(() => searchFormCountSchema.safeParse(input), 50);
        for (const issue of parsed.error?.issues ?? []) {
          const isFilter = issue.path[0] === "filters" && fields.includes(issue.path[1] as (typeof fields)[number]);
          expect(isFilter || issue.path[0] === "type", JSON.stringify(issue)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    // A megabyte in one field (a server action body) is read in linear time.
    for (const field of fields) expectFast(() => searchFormCountSchema.safeParse({ type: "job", [field]: "/,".repeat(500_000) + "\n" }), HUGE_INPUT_BOUND_MS);
  });

  it(`refuses inputs as large as a 5 MB body allows, within ${HUGE_INPUT_BOUND_MS} ms each`, () => {
    const huge: [RecordType, unknown][] = [
      ["job", { title_keywords: Array.from({ length: 1_000_000 }, () => "k") }],
      ["job", { title_keywords: ["x".repeat(5_000_000)] }],
      ["job", { company_domains: ["/".repeat(1_000_000) + "\nx"] }],
      ["job", { company_domains: ["a" + ".".repeat(1_000_000)] }],
      ["job", { company_domains: ["a-".repeat(1_000_000) + "!"] }],
      ["job", { company_domains: [("a.".repeat(500_000) + "!")] }],
      ["company", { technologies: Array.from({ length: 100_000 }, (_, i) => `t${i}`) }],
      ["company", { name_keywords: Array.from({ length: 1000 }, () => "y".repeat(5000)) }],
    ];
    for (const [type, input] of huge) expect(checkedParse(type, input, HUGE_INPUT_BOUND_MS).success).toBe(false);
    // Padding is trimmed, however long.
    expect(checkedParse("job", { country_codes: [" ".repeat(5_000_000) + "es"] }, HUGE_INPUT_BOUND_MS).data?.filters).toEqual({ country_codes: ["ES"] });
  });

  for (const type of ["job", "company"] as const) {
    it(`${type} filters survive the edit form: shown as text and read back, they are the same filters`, () => {
      fc.assert(
        fc.property(type === "job" ? jobFilters : companyFilters, fc.array(fc.constantFrom("Acme, Inc.", "a\nb", "x,y", "r\u2028d", "data"), { maxLength: 3 }), (generated, typed) => {
          // Typed through the API, a keyword may hold what the form uses to separate them.
          const filters = typed.length > 0 ? { ...generated, [type === "job" ? "title_keywords" : "technologies"]: typed } : generated;
          const parsed = checkedParse(type, filters);
          if (!parsed.success) return;
          const stored = parsed.data.filters as Json;
          const values = searchFormValuesOf({ name: "s", type, filters: stored });
          const again = checkedParse(type, searchInputFromForm(values).filters);
          expect(again.success && again.data.filters).toEqual(stored);
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe("matching against the reference", () => {
  const cases = [
    { type: "job" as const, filters: jobFilters as fc.Arbitrary<Json>, records: jobRecord as fc.Arbitrary<Json> },
    { type: "company" as const, filters: companyFilters as fc.Arbitrary<Json>, records: companyRecord as fc.Arbitrary<Json> },
  ];
  for (const { type, filters: filtersArb, records } of cases) {
    it(`${type === "job" ? "jobs" : "companies"}: the live count and the events of an ingest are the reference's, for the filters together and each alone`, async () => {
      await fc.assert(
        fc.asyncProperty(filtersArb, batchesOf(records), fc.nat(60), async (filters, batches, credits) => {
          expect(checkedParse(type, filters).success).toBe(true);
          const { db, accountId } = await createTestAccount({ credits });
          // The filters together rarely match anything in a few dozen records; each one alone does, and
          // no filter at all matches every record (where once-per-company has the most to do).
          const variants = [filters, {}, ...Object.entries(filters).map(([key, value]) => ({ [key]: value }))];
          const watched = [];
          for (const [i, variant] of variants.entries()) {
            const search = await seedSearch(db, accountId, type, variant);
            watched.push({ filters: variant, search, hasOnce: type === "job" && i < 2, sinces: i < 2 ? [null, BATCH_TIMES[1], NOW] : [null] });
          }
          // Webhooks listening since the start, inserted in one statement (there is nothing to detect yet);
          // trigger_once_per_company is for job webhooks only.
          const hooks = await db
            .insert(webhooks)
            .values(
              watched.flatMap((w) =>
                [false, ...(w.hasOnce ? [true] : [])].map((once) => ({
                  accountId,
                  searchId: w.search.id,
                  name: once ? "once" : "every",
                  url: "http://127.0.0.1:9/hook",
                  secret: "whsec_test",
                  listeningStartTime: null,
                  triggerOncePerCompany: once,
                })),
              ),
            )
            .returning();
          const hookOf = (searchId: string, once: boolean) => hooks.find((h) => h.searchId === searchId && h.triggerOncePerCompany === once)?.id;

          await ingestBatches(db, accountId, type, batches);

          // Webhooks created now over what is stored (detection on create), for the first two searches.
          const late = [];
          for (const { filters: variant, search, hasOnce } of watched.slice(0, 2)) {
            for (const once of hasOnce ? [false, true] : [false]) {
              const { webhook } = await seedWebhook(db, accountId, search.id, { listening_start_time: null, trigger_once_per_company: once, now: NOW });
              late.push({ variant, once, id: webhook.id });
            }
          }

          const stored = storedRecords(batches);
          for (const { variant, once, id } of late) {
            expect(await eventsOf(db, type, id), `${JSON.stringify(variant)} created at NOW${once ? ", once per company" : ""}`).toEqual(
              expectedEvents(type, variant, batches, once, NOW),
            );
          }
          // One credit per event while they last, whatever the webhook (SPEC §3).
          const [{ total, in_progress: inProgress }] = await query<{ total: number; in_progress: number }>(
            db,
            sql`SELECT count(*)::int AS total, (count(*) FILTER (WHERE status = 'in_progress'))::int AS in_progress FROM events WHERE account_id = ${accountId}`,
          );
          expect(inProgress).toBe(Math.min(credits, total));
          const [account] = await db.select({ credits: accounts.credits }).from(accounts).where(eq(accounts.id, accountId));
          expect(account.credits).toBe(credits - inProgress);

          const bySearch = await countMatchingRecordsBySearch(db, accountId, watched.map((w) => w.search.id), { now: NOW });
          for (const { filters: variant, search, sinces } of watched) {
            const label = JSON.stringify(variant);
            const [every, once] = [hookOf(search.id, false)!, hookOf(search.id, true)];
            expect(await eventsOf(db, type, every), label).toEqual(expectedEvents(type, variant, batches, false));
            if (once) expect(await eventsOf(db, type, once), `${label} once per company`).toEqual(expectedEvents(type, variant, batches, true));
            for (const since of sinces) {
              const expected = stored.filter((s) => (since === null || s.discoveredAt >= since) && matches(type, variant, s.record, s.discoveredAt, NOW));
              expect(await countMatchingRecords(db, accountId, search, { since, now: NOW }), `${label} since ${since?.toISOString()}`).toBe(expected.length);
              // The same in a session on Paris time: days are 24 hours across the clock change.
              const inParis = await withPlannerSettings(db, { TimeZone: "Europe/Paris" }, (tx) => countMatchingRecords(tx, accountId, search, { since, now: NOW }));
              expect(inParis, `${label} since ${since?.toISOString()} in Europe/Paris`).toBe(expected.length);
            }
            expect(bySearch.get(search.id), label).toBe(stored.filter((s) => matches(type, variant, s.record, s.discoveredAt, NOW)).length);
          }
        }),
        { numRuns: Number(process.env.FILTERS_PROPERTY_RUNS ?? 30) },
      );
    }, 60_000);
  }

  it("the reference's own sanity: its records are what the database holds", async () => {
    const { db, accountId } = await createTestAccount();
    const batches = [[{ external_id: "r01", title: "A" }, { external_id: "r01", title: "B" }], [{ external_id: "r01", title: "C" }, { external_id: "r02", title: "D" }], []];
    await ingestBatches(db, accountId, "job", batches);
    const rows = await query<{ external_id: string; title: string }>(db, sql`SELECT external_id, title FROM jobs WHERE account_id = ${accountId} ORDER BY external_id`);
    expect(rows).toEqual(storedRecords(batches).map((s) => ({ external_id: s.record.external_id, title: s.record.title })));
  });
});
