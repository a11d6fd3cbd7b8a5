// Saved searches (SPEC §1): a name, a type that never changes after creation, and optional filters.
// Filters are stored normalized (lower-cased keywords, upper-cased country codes, no empty lists), in
// the API's snake_case names, and matching reads them in SQL (db/queries/matching.ts).
import { z } from "zod";

export const SEARCH_TYPES = ["job", "company"] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

const MAX_LIST = 100;
/** A URL with a path, as users paste it (records keep up to 255 characters of domain). */
const MAX_DOMAIN_LENGTH = 2048;

const list = (item: z.ZodType<string>) =>
  z
    .array(item, "Expected a list")
    .max(MAX_LIST, `At most ${MAX_LIST} values`)
    .nullish()
    .transform((values) => {
      const unique = [...new Set(values ?? [])];
      return unique.length > 0 ? unique : undefined;
    });

// Server actions reach these schemas without the API's body check (lib/api/route.ts): text PostgreSQL
// cannot store (NUL, a lone surrogate) is refused here, on its field, rather than failing the query.
const isStorable = (v: string) => !v.includes("\u0000") && v.isWellFormed();
const UNSTORABLE_MESSAGE = "Must not contain NUL characters or invalid Unicode";

// Matching folds case in SQL (db/queries/matching.ts); the stored keyword must fold to what the typed
// one does. toLowerCase turns İ into i + U+0307, which the database's lower() (İ → i) never finds.
const lowerCase = (v: string) => v.replaceAll("\u0130", "i").toLowerCase();

// The form separates keywords with commas and line breaks (splitFormList); a keyword holding one
// would come back from the edit form as two, and even a rename would widen the search.
const SEPARATOR = /[,\n]/;

const keyword = z
  .string("Expected text")
  .trim()
  .min(1, "Must not be empty")
  .max(200, "At most 200 characters")
  .refine(isStorable, UNSTORABLE_MESSAGE)
  .refine((v) => !SEPARATOR.test(v), "Commas and line breaks separate keywords: give each keyword on its own")
  .transform(lowerCase);

const countryCode = z
  .string("Expected text")
  .trim()
  .regex(/^[A-Za-z]{2}$/, "Expected 2-letter ISO country codes such as ES")
  .transform((v) => v.toUpperCase());

// The length is checked before any pattern runs: `/\/.*$/` once took quadratic time on a megabyte of
// slashes and a newline (8 s for 100 KB), and a 5 MB body held the server for hours.
const domain = z
  .string("Expected text")
  .trim()
  .max(MAX_DOMAIN_LENGTH, `At most ${MAX_DOMAIN_LENGTH} characters`)
  .transform((v) => v.toLowerCase().replace(/^https?:\/\//, "").replace(/^www\./, "").split("/")[0])
  .pipe(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "Expected a domain such as example.com"));

const count = (max: number) =>
  z
    .number("Expected a number")
    .int("Expected a whole number")
    .min(0, "Must not be negative")
    .max(max, `At most ${max}`)
    .nullish()
    .transform((v) => v ?? undefined);

export const jobSearchFiltersSchema = z
  .strictObject({
    title_keywords: list(keyword),
    title_exclude_keywords: list(keyword),
    country_codes: list(countryCode),
    remote: z
      .boolean("Expected true or false")
      .nullish()
      .transform((v) => v ?? undefined),
    seniorities: list(keyword),
    min_salary_usd: count(2_147_483_647),
    company_domains: list(domain),
    posted_within_days: z
      .number("Expected a number of days")
      .int("Expected a whole number of days")
      .min(1, "At least 1 day")
      .max(365, "At most 365 days")
      .nullish()
      .transform((v) => v ?? undefined),
  })
  .transform(dropUndefined);
export type JobSearchFilters = z.output<typeof jobSearchFiltersSchema>;

export const companySearchFiltersSchema = z
  .strictObject({
    name_keywords: list(keyword),
    country_codes: list(countryCode),
    industries: list(keyword),
    min_employees: count(100_000_000),
    max_employees: count(100_000_000),
    technologies: list(keyword),
  })
  .refine((f) => f.min_employees === undefined || f.max_employees === undefined || f.min_employees <= f.max_employees, {
    message: "Must be at least the minimum",
    path: ["max_employees"],
  })
  .transform(dropUndefined);
export type CompanySearchFilters = z.output<typeof companySearchFiltersSchema>;

export type SearchFilters = JobSearchFilters | CompanySearchFilters;

function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function filtersSchemaFor(type: SearchType) {
  return type === "job" ? jobSearchFiltersSchema : companySearchFiltersSchema;
}

const name = z
  .string("Expected text")
  .trim()
  .min(1, "Give the search a name")
  .max(200, "At most 200 characters")
  .refine(isStorable, UNSTORABLE_MESSAGE);
const filtersInput = (schema: z.ZodType) => z.preprocess((v) => v ?? {}, schema);

export const searchCreateSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ name, type: z.literal("job"), filters: filtersInput(jobSearchFiltersSchema) as z.ZodType<JobSearchFilters> }),
    z.object({ name, type: z.literal("company"), filters: filtersInput(companySearchFiltersSchema) as z.ZodType<CompanySearchFilters> }),
  ],
  { error: "Expected type \"job\" or \"company\"" },
);
export type SearchCreateInput = z.output<typeof searchCreateSchema>;

/** Filters are checked against the search's own type once it is known (see `parseSearchFilters`). */
export const searchUpdateSchema = z.strictObject({
  name: name.optional(),
  type: z.enum(SEARCH_TYPES, "Expected type \"job\" or \"company\"").optional(),
  filters: z.record(z.string(), z.unknown(), "Expected an object of filters").nullish(),
});
export type SearchUpdateInput = z.output<typeof searchUpdateSchema>;

/** Validates filters for a search type; issue paths start with `filters`, as in the request body. */
export function parseSearchFilters(type: SearchType, filters: unknown) {
  return z.object({ filters: filtersInput(filtersSchemaFor(type)) }).safeParse({ filters });
}

/** The /searches form: every filter as typed (lists comma- or newline-separated, numbers as text). */
export const SEARCH_FORM_FIELDS = {
  job: ["title_keywords", "title_exclude_keywords", "country_codes", "remote", "seniorities", "min_salary_usd", "company_domains", "posted_within_days"],
  company: ["name_keywords", "country_codes", "industries", "min_employees", "max_employees", "technologies"],
} as const;
export type SearchFormField = (typeof SEARCH_FORM_FIELDS)[SearchType][number];
export type SearchFormValues = { name: string; type: string } & Partial<Record<SearchFormField, string>>;

const NUMBER_FIELDS = new Set<string>(["min_salary_usd", "posted_within_days", "min_employees", "max_employees"]);

/** Splits a typed list the way the form shows it back: commas or new lines, blanks dropped. */
export function splitFormList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Turns form values into the API's search input, leaving anything unparsable as typed so the
 * schema reports it on the right field ("Expected a number" for "abc").
 */
export function searchInputFromForm(values: SearchFormValues): { name: string; type: string; filters: Record<string, unknown> } {
  const type: SearchType = values.type === "company" ? "company" : "job";
  const filters: Record<string, unknown> = {};
  for (const field of SEARCH_FORM_FIELDS[type]) {
    const raw = (values[field] ?? "").trim();
    if (raw === "") continue;
    if (field === "remote") filters.remote = raw === "true" ? true : raw === "false" ? false : raw;
    else if (NUMBER_FIELDS.has(field)) filters[field] = /^-?\d+(\.\d+)?$/.test(raw.replace(/[_\s,]/g, "")) ? Number(raw.replace(/[_\s,]/g, "")) : raw;
    else filters[field] = splitFormList(raw);
  }
  return { name: values.name ?? "", type: values.type, filters };
}

/** The form values of a saved search (for the edit form). */
export function searchFormValuesOf(search: { name: string; type: SearchType; filters: unknown }): SearchFormValues {
  const values: SearchFormValues = { name: search.name, type: search.type };
  const filters = (search.filters ?? {}) as Record<string, unknown>;
  for (const field of SEARCH_FORM_FIELDS[search.type]) {
    const value = filters[field];
    if (value === undefined || value === null) continue;
    values[field] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return values;
}
