// The saved-search schema on the inputs filters.property.test.ts found refused wrongly, accepted
// wrongly, or slow: kept as fixed cases.
import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/actions/safe-action";
import { searchFormCountSchema } from "@/lib/actions/search-form";
import { parseSearchFilters, searchCreateSchema, searchFormValuesOf, searchInputFromForm } from "./search";

const issuePaths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((issue) => issue.path.join("."));

describe("search filters", () => {
  it("refuse text PostgreSQL cannot store, on its field (server actions have no body check before them)", () => {
    expect(issuePaths(parseSearchFilters("company", { name_keywords: ["\u0000"] }))).toEqual(["filters.name_keywords.0"]);
    expect(issuePaths(parseSearchFilters("job", { title_keywords: ["ok", "lone \ud800"] }))).toEqual(["filters.title_keywords.1"]);
    expect(issuePaths(searchCreateSchema.safeParse({ name: "a\u0000b", type: "job" }))).toEqual(["name"]);
    const typed = searchFormCountSchema.safeParse({ type: "job", title_keywords: "data, nul\u0000" });
    expect(Object.keys(fieldErrorsOf(typed.error!))).toEqual(["filters.title_keywords[1]"]);
  });

  it("read a domain filter in time however long the input (a regular expression was quadratic)", () => {
    const started = performance.now();
    const result = parseSearchFilters("job", { company_domains: ["/".repeat(1_000_000) + "\nx"] });
    expect(performance.now() - started).toBeLessThan(250); // before the fix: hours
    expect(issuePaths(result)).toEqual(["filters.company_domains.0"]);
    // A path is dropped at its first slash, line breaks in it or not.
    expect(parseSearchFilters("job", { company_domains: ["https://www.Acme.com/a\nb"] }).data?.filters).toEqual({ company_domains: ["acme.com"] });
  });

  it("refuse a keyword holding a comma or a line break: the edit form would split it in two", () => {
    expect(issuePaths(parseSearchFilters("job", { title_keywords: ["Acme, Inc."] }))).toEqual(["filters.title_keywords.0"]);
    expect(issuePaths(parseSearchFilters("company", { technologies: ["a\nb"] }))).toEqual(["filters.technologies.0"]);
    const stored = parseSearchFilters("job", { title_keywords: ["Acme Inc.", "c++"], seniorities: ["Senior"] }).data!.filters;
    const values = searchFormValuesOf({ name: "s", type: "job", filters: stored });
    expect(parseSearchFilters("job", searchInputFromForm(values).filters).data?.filters).toEqual(stored);
  });

  it("store keywords lower-cased as the database lower-cases them (İ is i, not i + a combining dot)", () => {
    expect(parseSearchFilters("job", { title_keywords: ["İSTANBUL", "ΟΔΟΣ"] }).data?.filters).toEqual({ title_keywords: ["istanbul", "οδος"] });
  });
});
