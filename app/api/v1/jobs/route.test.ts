// POST /api/v1/jobs and /companies through the route handlers: auth, all-or-nothing validation,
// size limits, duplicates and the counts in the answer.
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { query } from "@/db/client";
import { createTestAccount } from "@/test/fixtures";
import { callRoute } from "@/test/api";
import { POST as postJobs } from "./route";
import { POST as postCompanies } from "../companies/route";

async function countRows(accountId: string) {
  const { db } = await createTestAccount();
  const [row] = await query<{ jobs: number; companies: number; events: number; ledger: number }>(
    db,
    sql`SELECT (SELECT count(*)::int FROM jobs WHERE account_id = ${accountId}) AS jobs,
               (SELECT count(*)::int FROM companies WHERE account_id = ${accountId}) AS companies,
               (SELECT count(*)::int FROM events WHERE account_id = ${accountId}) AS events,
               (SELECT count(*)::int FROM credit_transactions WHERE account_id = ${accountId}) AS ledger`,
  );
  return row;
}

async function seedAllJobsWebhook(apiKey: string) {
  const { POST: postSearch } = await import("../searches/route");
  const { POST: postWebhook } = await import("../webhooks/route");
  const search = await callRoute(postSearch, { method: "POST", apiKey, body: { name: "All jobs", type: "job" } });
  expect(search.status).toBe(201);
  const webhook = await callRoute(postWebhook, {
    method: "POST",
    apiKey,
    body: { name: "hook", url: "https://example.com/hook", search_id: search.body.id },
  });
  expect(webhook.status).toBe(201);
  return webhook.body;
}

describe("POST /api/v1/jobs", () => {
  it("answers 401 in the error shape without a key or with a wrong one, and writes nothing", async () => {
    const { accountId, apiKey } = await createTestAccount();
    for (const handler of [postJobs, postCompanies]) {
      for (const key of [undefined, "hk_wrong", `${apiKey}x`]) {
        const response = await callRoute(handler, { method: "POST", apiKey: key, body: { records: [{ external_id: "1", title: "t", name: "n" }] } });
        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe("unauthorized");
      }
      const basic = await callRoute(handler, { method: "POST", headers: { authorization: `Basic ${apiKey}` }, body: [] });
      expect(basic.status).toBe(401);
    }
    expect(await countRows(accountId)).toEqual({ jobs: 0, companies: 0, events: 0, ledger: 0 });
  });

  it("ingests a batch, counts new, duplicates and events, and keeps the full object", async () => {
    const { db, accountId, apiKey } = await createTestAccount({ credits: 2 });
    await seedAllJobsWebhook(apiKey);
    const records = [
      { external_id: "j-1", title: "Data engineer", country_code: "es", extra: { nested: true } },
      { external_id: "j-2", title: "Analyst", date_posted: "2025-05-01", remote: true, url: "https://jobs.example.com/2" },
      { external_id: "j-3", title: "Designer", min_annual_salary_usd: 50000 },
      { external_id: "j-1", title: "Repeated inside the batch" },
    ];
    const first = await callRoute(postJobs, { method: "POST", apiKey, body: { records } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ new: 3, duplicate: 1, events_triggered: 2, events_not_triggered: 1 });

    const again = await callRoute(postJobs, { method: "POST", apiKey, body: [records[0], { external_id: 4, title: "Bare array, numeric id" }] });
    expect(again.body).toEqual({ new: 1, duplicate: 1, events_triggered: 0, events_not_triggered: 1 });

    const [stored] = await query<{ title: string; country_code: string; data: Record<string, unknown> }>(
      db,
      sql`SELECT title, country_code, data FROM jobs WHERE account_id = ${accountId} AND external_id = 'j-1'`,
    );
    expect(stored.title).toBe("Data engineer");
    expect(stored.country_code).toBe("ES");
    expect(stored.data).toMatchObject({ external_id: "j-1", extra: { nested: true } });
  });

  it("rejects an invalid batch with 400 naming the field path, and writes nothing of it", async () => {
    const { accountId, apiKey } = await createTestAccount({ credits: 5 });
    await seedAllJobsWebhook(apiKey);
    const before = await countRows(accountId);
    const records = Array.from({ length: 5 }, (_, i) => ({ external_id: `ok-${i}`, title: "Fine" }));
    records[3] = { ...records[3], country_code: "Spain" } as (typeof records)[number];
    const response = await callRoute(postJobs, { method: "POST", apiKey, body: { records } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_request");
    expect(response.body.error.message).toMatch(/^records\[3\]\.country_code: /);
    expect(response.body.error.details).toContainEqual(expect.objectContaining({ path: "records[3].country_code" }));
    expect(await countRows(accountId)).toEqual(before);

    const cases: [unknown, RegExp][] = [
      [{ records: [{ title: "no id" }] }, /^records\[0\]\.external_id/],
      [{ records: [{ external_id: "x" }] }, /^records\[0\]\.title/],
      [{ records: [{ external_id: "x", title: "t", url: "ftp://x" }] }, /^records\[0\]\.url/],
      [{ records: [{ external_id: "x", title: "t", min_annual_salary_usd: -1 }] }, /^records\[0\]\.min_annual_salary_usd/],
      [{ records: [{ external_id: "x", title: "t", date_posted: "yesterday" }] }, /^records\[0\]\.date_posted/],
      [{ records: [{ external_id: "x", title: "t", date_posted: "0000-01-01" }] }, /^records\[0\]\.date_posted/],
      [{ records: [{ external_id: "x", title: "t", remote: "yes" }] }, /^records\[0\]\.remote/],
      [{ records: "nope" }, /^records/],
      [{}, /^records/],
      [null, /^body|records/],
      [[null], /^records\[0\]/],
    ];
    for (const [body, message] of cases) {
      const bad = await callRoute(postJobs, { method: "POST", apiKey, body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.message).toMatch(message);
    }
    // What PostgreSQL cannot store is refused up front, never a 500.
    const unstorable: [unknown, RegExp][] = [
      [{ records: [{ external_id: "x", title: "nul\u0000inside" }] }, /^records\[0\]\.title/],
      [{ records: [{ external_id: "x", title: "t", extra: { "k\u0000": 1 } }] }, /^records\[0\]\.extra/],
      [{ records: [{ external_id: "x", title: "lone \ud800 surrogate" }] }, /^records\[0\]\.title/],
    ];
    for (const [body, message] of unstorable) {
      const bad = await callRoute(postJobs, { method: "POST", apiKey, body });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(message);
    }
    const deep = `{"records":[{"external_id":"x","title":"t","extra":${"[".repeat(100_000)}1${"]".repeat(100_000)}}]}`;
    const tooDeep = await callRoute(postJobs, { method: "POST", apiKey, rawBody: deep });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error.message).toMatch(/Nested deeper/);
    const notJson = await callRoute(postJobs, { method: "POST", apiKey, rawBody: "{not json" });
    expect(notJson.status).toBe(400);
    const companies = await callRoute(postCompanies, {
      method: "POST",
      apiKey,
      body: { records: [{ external_id: "c", name: "C" }, { external_id: "d", name: "D", technologies: "react" }] },
    });
    expect(companies.status).toBe(400);
    expect(companies.body.error.message).toMatch(/^records\[1\]\.technologies/);
    expect(await countRows(accountId)).toEqual(before);
  });

  it("answers 413 over 1,000 records or 5 MB, and writes nothing", async () => {
    const { accountId, apiKey } = await createTestAccount({ credits: 5 });
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ external_id: `r${i}`, title: "t" }));
    const many = await callRoute(postJobs, { method: "POST", apiKey, body: { records: tooMany } });
    expect(many.status).toBe(413);
    expect(many.body.error.code).toBe("payload_too_large");
    const bare = await callRoute(postJobs, { method: "POST", apiKey, body: tooMany });
    expect(bare.status).toBe(413);

    const big = [{ external_id: "big", title: "t", blob: "x".repeat(5 * 1024 * 1024) }];
    const large = await callRoute(postJobs, { method: "POST", apiKey, body: { records: big } });
    expect(large.status).toBe(413);
    expect(await countRows(accountId)).toEqual({ jobs: 0, companies: 0, events: 0, ledger: 0 });

    const exactlyMax = await callRoute(postJobs, { method: "POST", apiKey, body: { records: tooMany.slice(0, 1000) } });
    expect(exactlyMax.status).toBe(200);
    expect(exactlyMax.body.new).toBe(1000);
  });
});
