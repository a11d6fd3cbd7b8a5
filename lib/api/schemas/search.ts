// A saved search as the API answers it (lib/matching/searches.ts serializeSearch). Filters are stored
// normalized (lib/validation/search.ts): lists are never empty, absent ones are left out.
import { z } from "zod";
import { isoDateTime } from "./common";

const list = z.array(z.string()).optional();
const number = z.number().optional();

export const jobSearchFiltersResponseSchema = z.strictObject({
  title_keywords: list,
  title_exclude_keywords: list,
  country_codes: list,
  remote: z.boolean().optional(),
  seniorities: list,
  min_salary_usd: number,
  company_domains: list,
  posted_within_days: number,
});

export const companySearchFiltersResponseSchema = z.strictObject({
  name_keywords: list,
  country_codes: list,
  industries: list,
  min_employees: number,
  max_employees: number,
  technologies: list,
});

export const searchResponseSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(["job", "company"]),
  filters: z.union([jobSearchFiltersResponseSchema, companySearchFiltersResponseSchema]).meta({ description: "The filters of the search's type" }),
  created_at: isoDateTime,
  updated_at: isoDateTime,
});

export const searchListResponseSchema = z.strictObject({ data: z.array(searchResponseSchema) });
