// Fuzzed input for the detection routes (SPEC §10): odd values in every field answer 4xx, never 500.
import { it, expect } from "vitest";
import { createTestAccount } from "@/test/fixtures";
import { callRoute } from "@/test/api";
import { POST as postJobs } from "@/app/api/v1/jobs/route";
import { POST as postCompanies } from "@/app/api/v1/companies/route";
import { POST as postSearch, GET as listSearches } from "@/app/api/v1/searches/route";
import { PATCH as patchSearch } from "@/app/api/v1/searches/[id]/route";
import { POST as postWebhook } from "@/app/api/v1/webhooks/route";
import { PATCH as patchWebhook } from "@/app/api/v1/webhooks/[id]/route";
import { POST as postCredits } from "@/app/api/v1/credits/route";

const WEIRD: unknown[] = [null, true, -1, 1.5, 1e308, "", "x".repeat(5000), "0000-01-01", [null], { a: 1 }];

it("answers odd values in every field with a 4xx or a success, never a 500", async () => {
  const { apiKey } = await createTestAccount({ credits: 3 });
  const search = await callRoute(postSearch, { method: "POST", apiKey, body: { name: "s", type: "job" } });
  const hook = await callRoute(postWebhook, { method: "POST", apiKey, body: { name: "h", url: "https://e.com", search_id: search.body.id } });
  const bad: string[] = [];
  const check = async (label: string, p: Promise<{ status: number; body: unknown }>) => {
    const r = await p;
    if (r.status >= 500) bad.push(`${label} → ${r.status} ${JSON.stringify(r.body)}`);
  };
  const jobFields = ["external_id", "title", "company_name", "company_domain", "country_code", "location", "remote", "seniority", "min_annual_salary_usd", "max_annual_salary_usd", "date_posted", "url"];
  const companyFields = ["external_id", "name", "domain", "country_code", "industry", "employee_count", "technologies"];
  const jobFilters = ["title_keywords", "title_exclude_keywords", "country_codes", "remote", "seniorities", "min_salary_usd", "company_domains", "posted_within_days"];
  const companyFilters = ["name_keywords", "country_codes", "industries", "min_employees", "max_employees", "technologies"];
  let n = 0;
  for (const w of WEIRD) {
    for (const f of jobFields) await check(`job ${f}=${JSON.stringify(w)}`, callRoute(postJobs, { method: "POST", apiKey, body: [{ external_id: `f${n++}`, title: "t", [f]: w }] }));
    for (const f of companyFields) await check(`company ${f}=${JSON.stringify(w)}`, callRoute(postCompanies, { method: "POST", apiKey, body: [{ external_id: `f${n++}`, name: "t", [f]: w }] }));
    for (const f of jobFilters) await check(`job filter ${f}=${JSON.stringify(w)}`, callRoute(postSearch, { method: "POST", apiKey, body: { name: "x", type: "job", filters: { [f]: w } } }));
    for (const f of companyFilters) await check(`company filter ${f}=${JSON.stringify(w)}`, callRoute(postSearch, { method: "POST", apiKey, body: { name: "x", type: "company", filters: { [f]: w } } }));
    for (const f of ["name", "type", "filters"]) await check(`search ${f}`, callRoute(patchSearch, { method: "PATCH", apiKey, params: { id: search.body.id }, body: { [f]: w } }));
    for (const f of ["name", "url", "search_id", "description", "is_active", "listening_start_time", "trigger_once_per_company"]) {
      await check(`webhook create ${f}=${JSON.stringify(w)}`, callRoute(postWebhook, { method: "POST", apiKey, body: { name: "h", url: "https://e.com", search_id: search.body.id, is_active: false, [f]: w } }));
      await check(`webhook patch ${f}=${JSON.stringify(w)}`, callRoute(patchWebhook, { method: "PATCH", apiKey, params: { id: hook.body.id }, body: { [f]: w } }));
    }
    await check(`credits ${JSON.stringify(w)}`, callRoute(postCredits, { method: "POST", apiKey, body: { amount: w } }));
    await check(`body ${JSON.stringify(w)}`, callRoute(postJobs, { method: "POST", apiKey, body: w }));
    await check(`search body ${JSON.stringify(w)}`, callRoute(postSearch, { method: "POST", apiKey, body: w }));
  }
  await check("list", callRoute(listSearches, { apiKey }));
  expect(bad).toEqual([]);
}, 300_000);
