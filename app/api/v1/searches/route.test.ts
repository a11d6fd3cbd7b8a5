// /api/v1/searches: CRUD, filter validation with field paths, type immutability, other accounts' ids.
import { describe, expect, it } from "vitest";
import { createTestAccount } from "@/test/fixtures";
import { callRoute } from "@/test/api";
import { GET as listSearches, POST as postSearch } from "./route";
import { DELETE as deleteSearch, GET as getSearch, PATCH as patchSearch } from "./[id]/route";
import { POST as postWebhook } from "../webhooks/route";

describe("/api/v1/searches", () => {
  it("answers 401 without or with a wrong key on every method", async () => {
    const { apiKey } = await createTestAccount();
    const created = await callRoute(postSearch, { method: "POST", apiKey, body: { name: "s", type: "job" } });
    const params = { id: created.body.id };
    for (const key of [undefined, "hk_nope"]) {
      for (const [handler, method] of [
        [listSearches, "GET"],
        [postSearch, "POST"],
        [getSearch, "GET"],
        [patchSearch, "PATCH"],
        [deleteSearch, "DELETE"],
      ] as const) {
        const body = method === "GET" ? undefined : { name: "x", type: "job" };
        const response = await callRoute(handler, { method, apiKey: key, params, body });
        expect(response.status, `${method} with ${key}`).toBe(401);
        expect(response.body.error.code).toBe("unauthorized");
      }
    }
    expect((await callRoute(getSearch, { apiKey, params })).body.name).toBe("s");
  });

  it("creates, lists, reads, edits and deletes, with normalized filters", async () => {
    const { apiKey } = await createTestAccount();
    const created = await callRoute(postSearch, {
      method: "POST",
      apiKey,
      body: {
        name: " Remote data jobs in Spain ",
        type: "job",
        filters: { title_keywords: ["Data", "data", "ETL"], country_codes: ["es"], remote: true, posted_within_days: 30, seniorities: [] },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Remote data jobs in Spain",
      type: "job",
      filters: { title_keywords: ["data", "etl"], country_codes: ["ES"], remote: true, posted_within_days: 30 },
    });
    expect(created.body.filters).not.toHaveProperty("seniorities");
    const id = created.body.id;

    const list = await callRoute(listSearches, { apiKey });
    expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([id]);

    const patched = await callRoute(patchSearch, { method: "PATCH", apiKey, params: { id }, body: { name: "Renamed", filters: { min_salary_usd: 90000 } } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Renamed", type: "job", filters: { min_salary_usd: 90000 } });
    expect(patched.body.filters).not.toHaveProperty("title_keywords");

    const renamed = await callRoute(patchSearch, { method: "PATCH", apiKey, params: { id }, body: { name: "Only the name" } });
    expect(renamed.body.filters).toEqual({ min_salary_usd: 90000 });

    const typeChange = await callRoute(patchSearch, { method: "PATCH", apiKey, params: { id }, body: { type: "company" } });
    expect(typeChange.status).toBe(409);
    expect((await callRoute(patchSearch, { method: "PATCH", apiKey, params: { id }, body: { type: "job" } })).status).toBe(200);

    const deleted = await callRoute(deleteSearch, { method: "DELETE", apiKey, params: { id } });
    expect(deleted.status).toBe(204);
    expect((await callRoute(getSearch, { apiKey, params: { id } })).status).toBe(404);
  });

  it("answers 400 with the field path for invalid filters, and creates nothing", async () => {
    const { apiKey } = await createTestAccount();
    const cases: [unknown, string][] = [
      [{ type: "job" }, "name"],
      [{ name: "x", type: "person" }, "type"],
      [{ name: "x", type: "job", filters: { country_codes: ["ES", "Spain"] } }, "filters.country_codes[1]"],
      [{ name: "x", type: "job", filters: { posted_within_days: 0 } }, "filters.posted_within_days"],
      [{ name: "x", type: "job", filters: { posted_within_days: 366 } }, "filters.posted_within_days"],
      [{ name: "x", type: "job", filters: { min_salary_usd: -5 } }, "filters.min_salary_usd"],
      [{ name: "x", type: "job", filters: { remote: "yes" } }, "filters.remote"],
      [{ name: "x", type: "job", filters: { company_domains: ["not a domain"] } }, "filters.company_domains[0]"],
      [{ name: "x", type: "job", filters: { title_keywords: [""] } }, "filters.title_keywords[0]"],
      [{ name: "x", type: "company", filters: { min_employees: 10, max_employees: 5 } }, "filters.max_employees"],
      [{ name: "x", type: "company", filters: { title_keywords: ["x"] } }, "filters"],
    ];
    for (const [body, path] of cases) {
      const response = await callRoute(postSearch, { method: "POST", apiKey, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.details.map((d: { path: string }) => d.path), JSON.stringify(body)).toContain(path);
    }
    expect((await callRoute(listSearches, { apiKey })).body.data).toEqual([]);
  });

  it("answers 404 for another account's search and for malformed ids, and refuses to delete a search in use", async () => {
    const owner = await createTestAccount();
    const stranger = await createTestAccount();
    const created = await callRoute(postSearch, { method: "POST", apiKey: owner.apiKey, body: { name: "mine", type: "company" } });
    const params = { id: created.body.id };
    expect((await callRoute(getSearch, { apiKey: stranger.apiKey, params })).status).toBe(404);
    expect((await callRoute(patchSearch, { method: "PATCH", apiKey: stranger.apiKey, params, body: { name: "stolen" } })).status).toBe(404);
    expect((await callRoute(deleteSearch, { method: "DELETE", apiKey: stranger.apiKey, params })).status).toBe(404);
    expect((await callRoute(getSearch, { apiKey: owner.apiKey, params: { id: "not-a-uuid" } })).status).toBe(404);
    expect((await callRoute(listSearches, { apiKey: stranger.apiKey })).body.data).toEqual([]);

    const webhook = await callRoute(postWebhook, {
      method: "POST",
      apiKey: owner.apiKey,
      body: { name: "h", url: "https://example.com/h", search_id: params.id },
    });
    expect(webhook.status).toBe(201);
    const refused = await callRoute(deleteSearch, { method: "DELETE", apiKey: owner.apiKey, params });
    expect(refused.status).toBe(409);
    expect((await callRoute(getSearch, { apiKey: owner.apiKey, params })).body.name).toBe("mine");
  });
});
