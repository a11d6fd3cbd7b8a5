// /api/v1/webhooks (create, list, read, edit) and /{id}/status, /archive, /secret/rotate: the secret
// only on create and rotate, detection on create/enable/edit, 404 across accounts, 401 everywhere.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { events } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { callRoute } from "@/test/api";
import { GET as listWebhooks, POST as postWebhook } from "./route";
import { GET as getWebhook, PATCH as patchWebhook } from "./[id]/route";
import { PATCH as patchStatus } from "./[id]/status/route";
import { PATCH as patchArchive } from "./[id]/archive/route";
import { POST as rotateSecret } from "./[id]/secret/rotate/route";
import { POST as postSearch } from "../searches/route";
import { POST as postJobs } from "../jobs/route";

async function seed(credits = 10) {
  const account = await createTestAccount({ credits });
  const search = await callRoute(postSearch, { method: "POST", apiKey: account.apiKey, body: { name: "Jobs", type: "job" } });
  const company = await callRoute(postSearch, { method: "POST", apiKey: account.apiKey, body: { name: "Companies", type: "company" } });
  return { ...account, searchId: search.body.id as string, companySearchId: company.body.id as string };
}

const SECRET_FORMAT = /^whsec_[A-Za-z0-9+/]{32}$/;

describe("/api/v1/webhooks", () => {
  it("answers 401 without or with a wrong key on every route", async () => {
    const { apiKey, searchId } = await seed();
    const created = await callRoute(postWebhook, { method: "POST", apiKey, body: { name: "h", url: "https://example.com/h", search_id: searchId } });
    const params = { id: created.body.id };
    const routes = [
      [listWebhooks, "GET"],
      [postWebhook, "POST"],
      [getWebhook, "GET"],
      [patchWebhook, "PATCH"],
      [patchStatus, "PATCH"],
      [patchArchive, "PATCH"],
      [rotateSecret, "POST"],
    ] as const;
    for (const key of [undefined, "hk_nope"]) {
      for (const [handler, method] of routes) {
        const body = method === "GET" ? undefined : { is_active: false, name: "x" };
        const response = await callRoute(handler, { method, apiKey: key, params, body });
        expect(response.status, `${method} with ${key}`).toBe(401);
        expect(response.body.error.code).toBe("unauthorized");
      }
    }
    const unchanged = await callRoute(getWebhook, { apiKey, params });
    expect(unchanged.body).toMatchObject({ name: "h", is_active: true });
  });

  it("creates a webhook with a secret shown once, lists and reads it without the secret", async () => {
    const { apiKey, searchId, companySearchId } = await seed();
    const created = await callRoute(postWebhook, {
      method: "POST",
      apiKey,
      body: { name: "CRM", url: "https://crm.example.com/hooks", search_id: searchId, description: "to the CRM", trigger_once_per_company: true },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "CRM",
      url: "https://crm.example.com/hooks",
      search_id: searchId,
      event_type: "job.new",
      description: "to the CRM",
      is_active: true,
      is_archived: false,
      trigger_once_per_company: true,
    });
    expect(created.body.secret).toMatch(SECRET_FORMAT);
    expect(Date.parse(created.body.listening_start_time)).toBeGreaterThan(Date.now() - 60_000);

    const read = await callRoute(getWebhook, { apiKey, params: { id: created.body.id } });
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty("secret");
    expect(read.body).toEqual(Object.fromEntries(Object.entries(created.body).filter(([k]) => k !== "secret")));

    const company = await callRoute(postWebhook, {
      method: "POST",
      apiKey,
      body: { name: "Companies", url: "http://example.com/c", search_id: companySearchId, listening_start_time: null, is_active: false },
    });
    expect(company.body).toMatchObject({ event_type: "company.new", listening_start_time: null, is_active: false });

    const list = await callRoute(listWebhooks, { apiKey });
    expect(list.body.data.map((w: { id: string }) => w.id).sort()).toEqual([created.body.id, company.body.id].sort());
    for (const webhook of list.body.data) expect(webhook).not.toHaveProperty("secret");
  });

  it("refuses invalid input with field paths and creates nothing", async () => {
    const { apiKey, searchId, companySearchId } = await seed();
    const other = await seed();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "h", url: "ftp://example.com/h", search_id: searchId }, "url"],
      [{ name: "h", url: "not a url", search_id: searchId }, "url"],
      [{ name: "", url: "https://example.com", search_id: searchId }, "name"],
      [{ name: "h", url: "https://example.com", search_id: "nope" }, "search_id"],
      [{ name: "h", url: "https://example.com", search_id: other.searchId }, "search_id"],
      [{ name: "h", url: "https://example.com", search_id: searchId, listening_start_time: "soon" }, "listening_start_time"],
      [{ name: "h", url: "https://example.com", search_id: searchId, listening_start_time: "0000-01-01T00:00:00Z" }, "listening_start_time"],
      [{ name: "h", url: "https://example.com", search_id: companySearchId, trigger_once_per_company: true }, "trigger_once_per_company"],
    ];
    for (const [body, path] of cases) {
      const response = await callRoute(postWebhook, { method: "POST", apiKey, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const ftp = await callRoute(postWebhook, { method: "POST", apiKey, body: cases[0][0] });
    expect(ftp.body.error.message).toMatch(/^url: .*http/);
    expect((await callRoute(listWebhooks, { apiKey })).body.data).toEqual([]);
  });

  it("edits, pauses, enables (catching up), archives and rotates; other accounts get 404", async () => {
    const { db, apiKey, searchId } = await seed(1);
    const created = await callRoute(postWebhook, { method: "POST", apiKey, body: { name: "h", url: "https://example.com/h", search_id: searchId } });
    const params = { id: created.body.id };

    const edited = await callRoute(patchWebhook, { method: "PATCH", apiKey, params, body: { name: "renamed", url: "https://example.com/new" } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: "renamed", url: "https://example.com/new" });
    expect(edited.body).not.toHaveProperty("secret");
    expect((await callRoute(patchWebhook, { method: "PATCH", apiKey, params, body: { url: "javascript:alert(1)" } })).status).toBe(400);
    expect((await callRoute(patchWebhook, { method: "PATCH", apiKey, params, body: { secret: "whsec_mine" } })).status).toBe(400);

    const paused = await callRoute(patchStatus, { method: "PATCH", apiKey, params, body: { is_active: false } });
    expect(paused.body.is_active).toBe(false);
    await callRoute(postJobs, { method: "POST", apiKey, body: { records: [{ external_id: "missed", title: "t" }] } });
    expect(await db.select().from(events).where(eq(events.webhookId, params.id))).toHaveLength(0);
    const enabled = await callRoute(patchStatus, { method: "PATCH", apiKey, params, body: { is_active: true } });
    expect(enabled.body.is_active).toBe(true);
    const caughtUp = await db.select().from(events).where(eq(events.webhookId, params.id));
    expect(caughtUp.map((e) => e.status)).toEqual(["in_progress"]);
    expect((await callRoute(patchStatus, { method: "PATCH", apiKey, params, body: { is_active: "no" } })).status).toBe(400);

    const rotated = await callRoute(rotateSecret, { method: "POST", apiKey, params });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(SECRET_FORMAT);
    expect(rotated.body.secret).not.toBe(created.body.secret);

    const archived = await callRoute(patchArchive, { method: "PATCH", apiKey, params });
    expect(archived.body.is_archived).toBe(true);
    expect((await callRoute(listWebhooks, { apiKey, path: "/?archived=false" })).body.data).toEqual([]);
    expect((await callRoute(listWebhooks, { apiKey, path: "/?archived=true" })).body.data).toHaveLength(1);
    // Archived is read-only: no edit, no enabling, until it is restored.
    const refusedEdit = await callRoute(patchWebhook, { method: "PATCH", apiKey, params, body: { name: "Renamed while archived" } });
    expect(refusedEdit.status).toBe(409);
    expect(refusedEdit.body.error.code).toBe("conflict");
    expect((await callRoute(patchStatus, { method: "PATCH", apiKey, params, body: { is_active: false } })).status).toBe(409);
    expect((await callRoute(getWebhook, { apiKey, params })).body.name).not.toBe("Renamed while archived");

    const stranger = await createTestAccount();
    const routes = [
      [getWebhook, "GET"],
      [patchWebhook, "PATCH"],
      [patchStatus, "PATCH"],
      [patchArchive, "PATCH"],
      [rotateSecret, "POST"],
    ] as const;
    for (const id of [params.id, "not-a-uuid", "00000000-0000-4000-8000-00000000beef"]) {
      for (const [handler, method] of routes) {
        const body = method === "GET" ? undefined : { is_active: false };
        const response = await callRoute(handler, { method, apiKey: id === params.id ? stranger.apiKey : apiKey, params: { id }, body });
        expect(response.status, `${method} ${id}`).toBe(404);
        expect(response.body.error.code).toBe("not_found");
      }
    }
    const after = await callRoute(getWebhook, { apiKey, params });
    expect(after.body).toMatchObject({ name: "renamed", is_active: true, is_archived: true });
  });
});
