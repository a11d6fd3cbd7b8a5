/* eslint-disable @typescript-eslint/no-explicit-any -- route and action modules are loaded by path */
// Every /api route and every server action, tried as a stranger, as a person of another team, as a
// viewer and as a member of the team that owns the objects. Refusals must write nothing. A route or
// action missing from the tables below fails the test: new ones must join the matrix. (Pages are
// walked the same way by e2e/authorization-pages.spec.ts, against the built app.)
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/db/client";
import { invitations, replayJobs } from "@/db/schema";
import { hashApiKey } from "@/lib/api-keys";
import { seedWebhookEvents } from "@/test/events";
import { seedSearch } from "@/test/matching";
import { withRequestHeaders } from "@/lib/auth/request-headers";
import { roleAllows, type Permission } from "@/lib/auth/roles";
import { callRoute } from "@/test/api";
import { addPersonToTeam, createApiKey, sessionHeaders, signUpPerson, type TestPerson } from "@/test/auth";
import { teamFingerprint } from "@/test/db-fingerprint";
import { loadAllRoutes, loadRoutes } from "@/test/routes";

const ROOT = process.cwd();

type Ids = {
  searchId: string;
  spareSearchId: string;
  webhookId: string;
  eventId: string;
  replayId: string;
  viewerMemberId: string;
  invitationId: string;
  teamName: string;
  accountId: string;
  apiKeyId: string;
};

type RouteCase = {
  path: (ids: Ids) => string;
  params?: (ids: Ids) => Record<string, string>;
  body?: (ids: Ids) => unknown;
  /** The request names the first team's objects: another team must get 404. */
  owned?: boolean;
  /** An id in the body rather than the path is answered like an unknown id: 400 naming the field. */
  foreignStatus?: number;
};

const webhookBody = (ids: Ids) => ({ name: "matrix", url: "https://hooks.example.invalid/matrix", search_id: ids.searchId });
const searchBody = { name: "matrix search", type: "job", filters: { title_keywords: ["matrix"] } };

// "file METHOD" → how to call it. The permission each needs comes from the route itself
// (withWorkspace's options) and is checked against every role.
const ROUTES: Record<string, RouteCase> = {
  "app/api/dashboard/usage/route.ts GET": { path: () => "/api/dashboard/usage?from=2026-01-01&to=2026-01-31" },
  "app/api/dashboard/events/[id]/route.ts GET": { path: (i) => `/api/dashboard/events/${i.eventId}`, params: (i) => ({ id: i.eventId }), owned: true },
  "app/api/dashboard/webhooks/[id]/events/route.ts GET": {
    path: (i) => `/api/dashboard/webhooks/${i.webhookId}/events`,
    params: (i) => ({ id: i.webhookId }),
    owned: true,
  },
  "app/api/dashboard/webhooks/preview/route.ts GET": {
    path: (i) => `/api/dashboard/webhooks/preview?search_id=${i.searchId}&listening_start=search_start`,
    owned: true,
  },
  "app/api/v1/credits/route.ts GET": { path: () => "/api/v1/credits" },
  "app/api/v1/credits/route.ts POST": { path: () => "/api/v1/credits", body: () => ({ amount: 7 }) },
  "app/api/v1/jobs/route.ts POST": { path: () => "/api/v1/jobs", body: () => ({ records: [{ external_id: `m-${randomUUID()}`, title: "Matrix job" }] }) },
  "app/api/v1/companies/route.ts POST": { path: () => "/api/v1/companies", body: () => ({ records: [{ external_id: `m-${randomUUID()}`, name: "Matrix Co" }] }) },
  "app/api/v1/events/route.ts GET": { path: (i) => `/api/v1/events?webhook_id=${i.webhookId}&q=Matrix`, owned: true },
  "app/api/v1/events/[id]/route.ts GET": { path: (i) => `/api/v1/events/${i.eventId}`, params: (i) => ({ id: i.eventId }), owned: true },
  "app/api/v1/searches/route.ts GET": { path: () => "/api/v1/searches" },
  "app/api/v1/searches/route.ts POST": { path: () => "/api/v1/searches", body: () => searchBody },
  "app/api/v1/searches/[id]/route.ts GET": { path: (i) => `/api/v1/searches/${i.searchId}`, params: (i) => ({ id: i.searchId }), owned: true },
  "app/api/v1/searches/[id]/route.ts PATCH": {
    path: (i) => `/api/v1/searches/${i.searchId}`,
    params: (i) => ({ id: i.searchId }),
    body: () => ({ name: "renamed by matrix" }),
    owned: true,
  },
  "app/api/v1/webhooks/route.ts GET": { path: () => "/api/v1/webhooks" },
  "app/api/v1/webhooks/route.ts POST": { path: () => "/api/v1/webhooks", body: webhookBody, owned: true, foreignStatus: 400 },
  "app/api/v1/webhooks/[id]/route.ts GET": { path: (i) => `/api/v1/webhooks/${i.webhookId}`, params: (i) => ({ id: i.webhookId }), owned: true },
  "app/api/v1/webhooks/[id]/route.ts PATCH": {
    path: (i) => `/api/v1/webhooks/${i.webhookId}`,
    params: (i) => ({ id: i.webhookId }),
    body: () => ({ url: "https://hooks.example.invalid/elsewhere", listening_start_time: null }),
    owned: true,
  },
  "app/api/v1/webhooks/[id]/events/route.ts GET": {
    path: (i) => `/api/v1/webhooks/${i.webhookId}/events`,
    params: (i) => ({ id: i.webhookId }),
    owned: true,
  },
  "app/api/v1/webhooks/[id]/events/count/route.ts GET": {
    path: (i) => `/api/v1/webhooks/${i.webhookId}/events/count?from=2026-01-01&to=2026-01-31`,
    params: (i) => ({ id: i.webhookId }),
    owned: true,
  },
  "app/api/v1/webhooks/events/count/route.ts GET": { path: () => "/api/v1/webhooks/events/count?from=2026-01-01&to=2026-01-31" },
  "app/api/v1/replays/[id]/route.ts GET": { path: (i) => `/api/v1/replays/${i.replayId}`, params: (i) => ({ id: i.replayId }), owned: true },
  "app/api/v1/replays/[id]/cancel/route.ts POST": { path: (i) => `/api/v1/replays/${i.replayId}/cancel`, params: (i) => ({ id: i.replayId }), owned: true },
  "app/api/dashboard/replays/route.ts GET": { path: () => "/api/dashboard/replays" },
  "app/api/v1/webhooks/events/retry/route.ts POST": { path: () => "/api/v1/webhooks/events/retry", body: (i) => ({ event_ids: [i.eventId] }), owned: true },
  "app/api/v1/webhooks/test/route.ts POST": {
    path: () => "/api/v1/webhooks/test",
    body: (i) => ({ url: "http://hooks.example.invalid/test", event_type: "job.new", webhook_id: i.webhookId }),
    owned: true,
  },
  "app/api/v1/webhooks/[id]/status/route.ts PATCH": {
    path: (i) => `/api/v1/webhooks/${i.webhookId}/status`,
    params: (i) => ({ id: i.webhookId }),
    body: () => ({ is_active: false }),
    owned: true,
  },
  "app/api/v1/webhooks/[id]/secret/rotate/route.ts POST": {
    path: (i) => `/api/v1/webhooks/${i.webhookId}/secret/rotate`,
    params: (i) => ({ id: i.webhookId }),
    owned: true,
  },
  "app/api/v1/webhooks/[id]/archive/route.ts PATCH": {
    path: (i) => `/api/v1/webhooks/${i.webhookId}/archive`,
    params: (i) => ({ id: i.webhookId }),
    body: () => ({ is_archived: true }),
    owned: true,
  },
  "app/api/v1/audit-log/route.ts GET": { path: () => "/api/v1/audit-log" },
  "app/api/v1/searches/[id]/route.ts DELETE": { path: (i) => `/api/v1/searches/${i.spareSearchId}`, params: (i) => ({ id: i.spareSearchId }), owned: true },
};

// Routes outside the team door, each with what a stranger gets and why.
const PUBLIC_ROUTES: Record<string, { path: string; strangerStatuses: number[]; why: string }> = {
  "app/api/health/route.ts GET": { path: "/api/health", strangerStatuses: [200], why: "load balancers" },
  // The page that runs it, /docs/api, is behind sign-in (proxy.ts and getPageWorkspace); the bundle is npm's public code.
  "app/docs/api/scalar.js/route.ts GET": { path: "/docs/api/scalar.js", strangerStatuses: [200], why: "the API reference's renderer, a public npm bundle" },
  "app/api/v1/openapi.json/route.ts GET": { path: "/api/v1/openapi.json", strangerStatuses: [200], why: "the public API's description" },
  // 503 when CRON_SECRET is unset (the route refuses to run), 401 without its bearer token.
  "app/api/cron/deliver/route.ts GET": { path: "/api/cron/deliver", strangerStatuses: [401, 503], why: "bearer CRON_SECRET" },
  "app/api/cron/deliver/route.ts POST": { path: "/api/cron/deliver", strangerStatuses: [401, 503], why: "bearer CRON_SECRET" },
  // 404 while METRICS_TOKEN is unset (an unconfigured server shows nothing), 401 without its bearer token.
  "app/api/metrics/route.ts GET": { path: "/api/metrics", strangerStatuses: [401, 404], why: "Prometheus scrapers: bearer METRICS_TOKEN" },
  "app/api/demo/receivers/[kind]/route.ts POST": { path: "/api/demo/receivers/ok", strangerStatuses: [404], why: "demo mode only" },
  "app/api/demo/session/route.ts POST": { path: "/api/demo/session", strangerStatuses: [404], why: "demo mode only" },
  "app/api/auth/[...all]/route.ts GET": { path: "/api/auth/get-session", strangerStatuses: [200], why: "better-auth (answers null)" },
  "app/api/auth/[...all]/route.ts POST": { path: "/api/auth/sign-out", strangerStatuses: [200, 400, 401, 403], why: "better-auth" },
  ...Object.fromEntries(
    ["GET", "POST", "PUT", "PATCH", "DELETE"].map((method) => [
      `app/api/v1/[...path]/route.ts ${method}`,
      { path: "/api/v1/no/such/endpoint", strangerStatuses: [404], why: "a JSON 404 for any path the API does not have" },
    ]),
  ),
};

type ActionCase = { input: (ids: Ids) => unknown; owned?: boolean; foreignResult?: (data: unknown) => boolean };

// Every server action, with a valid input naming the first team's objects.
const ACTIONS: Record<string, ActionCase> = {
  "add-credits addCreditsAction": { input: () => ({ amount: 5 }) },
  "count-search-matches countSearchMatchesAction": { input: () => ({ type: "job", title_keywords: "matrix" }) },
  "create-search createSearchAction": { input: () => ({ name: "matrix", type: "job", title_keywords: "matrix" }) },
  "create-webhook createWebhookAction": {
    input: (i) => ({ name: "matrix", url: "https://hooks.example.invalid/a", search_id: i.searchId, listening_start: "now" }),
    owned: true,
  },
  "update-search updateSearchAction": { input: (i) => ({ search_id: i.searchId, name: "renamed", type: "job" }), owned: true },
  "update-webhook updateWebhookAction": {
    input: (i) => ({ webhook_id: i.webhookId, name: "renamed", url: "https://hooks.example.invalid/b", search_id: i.searchId, listening_start: "keep" }),
    owned: true,
  },
  "reveal-webhook-secret revealWebhookSecretAction": { input: (i) => ({ webhook_id: i.webhookId }), owned: true },
  "send-test-event sendTestEventAction": {
    input: (i) => ({ url: "http://hooks.example.invalid/t", event_type: "job.new", webhook_id: i.webhookId }),
    owned: true,
  },
  "resend-events resendEventsAction": { input: (i) => ({ event_ids: [i.eventId] }), owned: true },
  "trigger-events triggerEventsAction": {
    input: (i) => ({ event_ids: [i.eventId] }),
    owned: true,
    // A bulk action skips ids that are not the team's, like ids that do not exist.
    foreignResult: (data) => (data as { triggered: unknown[] }).triggered.length === 0,
  },
  "set-webhook-active setWebhookActiveAction": { input: (i) => ({ webhook_id: i.webhookId, is_active: false }), owned: true },
  "rotate-webhook-secret rotateWebhookSecretAction": { input: (i) => ({ webhook_id: i.webhookId }), owned: true },
  "archive-webhook archiveWebhookAction": { input: (i) => ({ webhook_id: i.webhookId, is_archived: true }), owned: true },
  "delete-search deleteSearchAction": { input: (i) => ({ search_id: i.spareSearchId }), owned: true },
  "invite-member inviteMemberAction": { input: () => ({ email: `invitee-${randomUUID().slice(0, 6)}@hookline.example`, role: "viewer" }) },
  "update-member-role updateMemberRoleAction": { input: (i) => ({ member_id: i.viewerMemberId, role: "admin" }), owned: true },
  "remove-member removeMemberAction": { input: (i) => ({ member_id: i.viewerMemberId }), owned: true },
  "cancel-invitation cancelInvitationAction": { input: (i) => ({ invitation_id: i.invitationId }), owned: true },
  "create-api-key createApiKeyAction": { input: () => ({ name: "matrix key", expires_in_days: "30" }) },
  "revoke-api-key revokeApiKeyAction": { input: (i) => ({ key_id: i.apiKeyId }), owned: true },
  "update-notification-settings updateNotificationSettingsAction": {
    input: () => ({ email_user_ids: [], slack_url: "https://hooks.example.invalid/slack", ops_url: "" }),
  },
  "switch-team switchTeamAction": { input: (i) => ({ account_id: i.accountId }), owned: true },
  "delete-team deleteTeamAction": { input: (i) => ({ confirm_name: i.teamName }), owned: true },
  "create-team createTeamAction": { input: () => ({ name: "Matrix team" }) },
  "accept-invitation acceptInvitationAction": { input: (i) => ({ invitation_id: i.invitationId }), owned: true },
};

async function loadActions() {
  const out: { key: string; action: any; permission: Permission | "person" }[] = [];
  const dir = path.join(ROOT, "lib", "actions");
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts")).sort()) {
    if (!readFileSync(path.join(dir, file), "utf8").startsWith('"use server"')) continue;
    const actionModule = await import(path.join(dir, file));
    for (const [name, value] of Object.entries(actionModule)) {
      if (typeof value === "function") out.push({ key: `${file.replace(/\.ts$/, "")} ${name}`, action: value, permission: (value as any).permission });
    }
  }
  return out;
}

let db: Db;
let owner: TestPerson;
let viewer: TestPerson;
let member: TestPerson;
let outsider: TestPerson;
let outsiderKey: string;
let ids: Ids;
let everyone: string[];

beforeAll(async () => {
  db = await getDb();
  owner = await signUpPerson("Owner");
  viewer = await addPersonToTeam(owner.accountId, "viewer");
  member = await addPersonToTeam(owner.accountId, "member");
  outsider = await signUpPerson("Outsider");
  outsiderKey = await createApiKey(outsider.accountId);
  const search = await seedSearch(db, owner.accountId, "job", { title_keywords: ["matrix"] });
  const spare = await seedSearch(db, owner.accountId, "job", { title_keywords: ["spare"] });
  const { webhook, eventRows } = await seedWebhookEvents(db, owner.accountId, ["failed", "success"]);
  const viewerMember = await db.query.members.findFirst({ where: (m, { and, eq }) => and(eq(m.userId, viewer.userId), eq(m.organizationId, owner.accountId)) });
  const [invitation] = await db
    .insert(invitations)
    .values({ id: randomUUID(), organizationId: owner.accountId, email: "pending@hookline.example", role: "viewer", expiresAt: new Date(Date.now() + 86_400_000), inviterId: owner.userId })
    .returning();
  const team = await db.query.accounts.findFirst({ where: (a, { eq }) => eq(a.id, owner.accountId) });
  const [replay] = await db
    .insert(replayJobs)
    .values({ accountId: owner.accountId, kind: "filter", filter: {}, total: 0, createdByType: "user", createdById: owner.userId, createdByName: "Owner" })
    .returning();
  const ownerKeyHash = hashApiKey(await createApiKey(owner.accountId));
  const ownerKey = await db.query.apiKeys.findFirst({ where: (k, { eq }) => eq(k.keyHash, ownerKeyHash) });
  ids = {
    searchId: search.id,
    spareSearchId: spare.id,
    webhookId: webhook.id,
    eventId: eventRows[0].id,
    replayId: replay.id,
    viewerMemberId: viewerMember!.id,
    invitationId: invitation.id,
    teamName: team!.name,
    accountId: owner.accountId,
    apiKeyId: ownerKey!.id,
  };
  everyone = [owner.userId, viewer.userId, member.userId, outsider.userId];
});

const fingerprint = () => teamFingerprint(db, [owner.accountId, outsider.accountId], everyone);

describe("authorization matrix: routes", () => {
  it("every route is either behind the team door (and in ROUTES) or listed as public with its reason", async () => {
    const routes = await loadRoutes();
    const unlisted = routes.filter((route) => (route.options ? !ROUTES[route.key] : !PUBLIC_ROUTES[route.key])).map((route) => route.key);
    expect(unlisted, "add these to ROUTES (team routes) or PUBLIC_ROUTES").toEqual([]);
    const stale = [...Object.keys(ROUTES), ...Object.keys(PUBLIC_ROUTES)].filter((key) => !routes.some((route) => route.key === key));
    expect(stale, "these matrix entries name no route").toEqual([]);
    for (const route of routes) {
      if (!route.key.startsWith("app/api/v1/") || route.key.includes("openapi") || route.key.includes("[...path]")) continue;
      expect(route.options?.via, route.key).toBe("api");
    }
  });

  it("a method a route does not have answers anyone a JSON 405 with an Allow header, and writes nothing", async () => {
    const { refusals } = await loadAllRoutes();
    expect(refusals.length).toBeGreaterThan(0);
    for (const refusal of refusals) {
      const [file, method] = refusal.key.split(" ");
      const before = await fingerprint();
      const response: Response = await refusal.handler(
        new Request(`http://localhost/${file}`, { method, headers: { authorization: `Bearer ${outsiderKey}` }, body: method === "GET" ? undefined : "{}" }),
        { params: Promise.resolve({}) },
      );
      expect(response.status, refusal.key).toBe(405);
      expect(response.headers.get("allow"), refusal.key).toBe(refusal.allowedMethods.join(", "));
      expect((await response.json()).error.code, refusal.key).toBe("method_not_allowed");
      expect(await fingerprint(), `${refusal.key} wrote`).toBe(before);
    }
  });

  it("a stranger gets 401 from every team route and writes nothing; public routes answer as listed", async () => {
    for (const route of await loadRoutes()) {
      const before = await fingerprint();
      if (!route.options) {
        const listed = PUBLIC_ROUTES[route.key];
        const res = await callRoute(route.handler, { method: route.key.split(" ")[1], path: listed.path, params: { kind: "ok", all: listed.path.split("/").slice(3) as any } });
        expect(listed.strangerStatuses, `${route.key} answered ${res.status}`).toContain(res.status);
      } else {
        const c = ROUTES[route.key];
        const res = await callRoute(route.handler, { method: route.key.split(" ")[1], path: c.path(ids), params: c.params?.(ids), body: c.body?.(ids) });
        expect(res.status, route.key).toBe(401);
        expect(res.body?.error?.code, route.key).toBe("unauthorized");
      }
      expect(await fingerprint(), `${route.key} wrote as a stranger`).toBe(before);
    }
  });

  it("another team's person (session or API key) gets 404 for this team's objects and writes nothing here", async () => {
    for (const route of (await loadRoutes()).filter((r) => r.options && ROUTES[r.key].owned)) {
      const c = ROUTES[route.key];
      const credentials = route.options!.via === "api" ? [{ apiKey: outsiderKey }, { cookie: outsider.cookie }] : [{ cookie: outsider.cookie }];
      for (const credential of credentials) {
        const before = await fingerprint();
        const res = await callRoute(route.handler, { method: route.key.split(" ")[1], path: c.path(ids), params: c.params?.(ids), body: c.body?.(ids), ...credential });
        expect(res.status, `${route.key} ${Object.keys(credential)[0]}`).toBe(c.foreignStatus ?? 404);
        expect(await fingerprint(), `${route.key} wrote for another team`).toBe(before);
      }
    }
  });

  it("another team's lists never show this team's objects", async () => {
    for (const route of (await loadRoutes()).filter((r) => r.options && !ROUTES[r.key].owned && r.key.endsWith(" GET"))) {
      const c = ROUTES[route.key];
      const res = await callRoute(route.handler, { path: c.path(ids), params: c.params?.(ids), cookie: outsider.cookie });
      expect(res.status, route.key).toBe(200);
      const text = JSON.stringify(res.body);
      for (const id of [ids.searchId, ids.webhookId, ids.eventId]) expect(text.includes(id), `${route.key} leaks ${id}`).toBe(false);
    }
  });

  for (const [roleName, person] of [["viewer", () => viewer], ["member", () => member]] as const) {
    it(`a ${roleName} gets what the role allows, and 403 with nothing written for the rest`, async () => {
      for (const route of (await loadRoutes()).filter((r) => r.options)) {
        const c = ROUTES[route.key];
        const before = await fingerprint();
        const res = await callRoute(route.handler, { method: route.key.split(" ")[1], path: c.path(ids), params: c.params?.(ids), body: c.body?.(ids), cookie: person().cookie });
        if (roleAllows(roleName, route.options!.permission)) {
          expect([401, 403, 404], `${route.key} as ${roleName}: ${JSON.stringify(res.body)}`).not.toContain(res.status);
          expect(res.status, `${route.key} as ${roleName}`).toBeLessThan(500);
        } else {
          expect(res.status, `${route.key} as ${roleName}`).toBe(403);
          expect(res.body.error.code).toBe("forbidden");
          expect(await fingerprint(), `${route.key} wrote as ${roleName}`).toBe(before);
        }
      }
    });
  }
});

describe("authorization matrix: server actions", () => {
  it("every server action is in ACTIONS and declares its permission", async () => {
    const actions = await loadActions();
    expect(actions.filter((a) => !ACTIONS[a.key]).map((a) => a.key), "add these to ACTIONS").toEqual([]);
    expect(Object.keys(ACTIONS).filter((key) => !actions.some((a) => a.key === key)), "stale ACTIONS entries").toEqual([]);
    for (const action of actions) expect(action.permission, action.key).toBeTruthy();
  });

  it("a stranger is refused by every action and writes nothing", async () => {
    for (const { key, action } of await loadActions()) {
      const before = await fingerprint();
      const result = await withRequestHeaders({}, () => action(ACTIONS[key].input(ids)));
      expect(result, key).toMatchObject({ ok: false, code: "unauthorized" });
      expect(await fingerprint(), `${key} wrote as a stranger`).toBe(before);
    }
  });

  it("another team's person cannot touch this team's objects through any action", async () => {
    for (const { key, action } of (await loadActions()).filter((a) => ACTIONS[a.key].owned)) {
      const before = await fingerprint();
      const result = (await withRequestHeaders(sessionHeaders(outsider), () => action(ACTIONS[key].input(ids)))) as { ok: boolean; data?: unknown };
      const refused = !result.ok || ACTIONS[key].foreignResult?.(result.data) === true;
      expect(refused, `${key}: ${JSON.stringify(result)}`).toBe(true);
      expect(await fingerprint(), `${key} wrote for another team`).toBe(before);
    }
  });

  for (const [roleName, person] of [["viewer", () => viewer], ["member", () => member]] as const) {
    it(`a ${roleName} passes the door where the role allows, and is refused with nothing written elsewhere`, async () => {
      for (const { key, action, permission } of await loadActions()) {
        if (permission === "person") continue;
        const before = await fingerprint();
        if (roleAllows(roleName, permission)) {
          // An empty input: past the door, validation refuses it, so nothing runs that needs a Next request.
          const result = await withRequestHeaders(sessionHeaders(person()), () => action({}));
          expect(result, key).toMatchObject({ ok: false, code: "invalid_request" });
        } else {
          const result = await withRequestHeaders(sessionHeaders(person()), () => action(ACTIONS[key].input(ids)));
          expect(result, key).toMatchObject({ ok: false, code: "forbidden" });
          expect(await fingerprint(), `${key} wrote as ${roleName}`).toBe(before);
        }
      }
    });
  }
});
