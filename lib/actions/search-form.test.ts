// The /searches form values → the API's search input, and the field paths its errors carry.
import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "./safe-action";
import { searchFormCountSchema, searchFormCreateSchema, searchFormUpdateSchema } from "./search-form";

describe("search form values", () => {
  it("parses typed lists, numbers and the remote choice into normalized filters", () => {
    const parsed = searchFormCreateSchema.parse({
      name: " Data in Iberia ",
      type: "job",
      title_keywords: "Data engineer,  analytics\nETL, ",
      country_codes: "es, pt",
      remote: "true",
      min_salary_usd: "100,000",
      posted_within_days: "",
      name_keywords: "ignored for a job search",
    });
    expect(parsed).toEqual({
      name: "Data in Iberia",
      type: "job",
      filters: { title_keywords: ["data engineer", "analytics", "etl"], country_codes: ["ES", "PT"], remote: true, min_salary_usd: 100000 },
    });
  });

  it("reports bad values on the field they were typed in", () => {
    const result = searchFormCreateSchema.safeParse({ name: "", type: "company", country_codes: "US, Germany", min_employees: "lots", max_employees: "10" });
    expect(result.success).toBe(false);
    const errors = fieldErrorsOf(result.error!);
    expect(Object.keys(errors).sort()).toEqual(["filters.country_codes[1]", "filters.min_employees", "name"]);
  });

  it("counts without a name, and edits carry the search id", () => {
    expect(searchFormCountSchema.parse({ name: "", type: "company" })).toMatchObject({ type: "company", filters: {} });
    const update = searchFormUpdateSchema.safeParse({ search_id: "nope", name: "x", type: "job" });
    expect(update.success).toBe(false);
    expect(Object.keys(fieldErrorsOf(update.error!))).toEqual(["search_id"]);
  });
});
