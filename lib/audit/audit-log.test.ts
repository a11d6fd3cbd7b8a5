// The audit log end to end on a real database: every sensitive action of SPEC's journey, made
// through the real routes, actions and better-auth endpoints, is recorded once with who did it (a
// person, or a key by name) and from which IP; refused requests record nothing; the v1 route pages
// a team's entries and never another team's; entries are append-only and kept 365 days.
import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/db/client";
import { listMemberships } from "@/db/queries/teams";
import { auditLog, type AuditLogEntry } from "@/db/schema";
import * as auditRoute from "@/app/api/v1/audit-log/route";
import * as creditsRoute from "@/app/api/v1/credits/route";
import * as webhooksRoute from "@/app/api/v1/webhooks/route";
import * as webhookRoute from "@/app/api/v1/webhooks/[id]/route";
import * as statusRoute from "@/app/api/v1/webhooks/[id]/status/route";
import * as archiveRoute from "@/app/api/v1/webhooks/[id]/archive/route";
import * as rotateRoute from "@/app/api/v1/webhooks/[id]/secret/rotate/route";
import * as testRoute from "@/app/api/v1/webhooks/test/route";
import * as retryRoute from "@/app/api/v1/webhooks/events/retry/route";
import { createApiKeyAction } from "@/lib/actions/create-api-key";
import { revealWebhookSecretAction } from "@/lib/actions/reveal-webhook-secret";
import { revokeApiKeyAction } from "@/lib/actions/revoke-api-key";
import { getAuth } from "@/lib/auth/auth";
import { withRequestHeaders } from "@/lib/auth/request-headers";
import { seedWebhookEvents } from "@/test/events";
import { seedSearch } from "@/test/matching";
import { callRoute } from "@/test/api";
import { addPersonToTeam, sessionHeaders, signUpPerson, TEST_PASSWORD, type TestPerson } from "@/test/auth";
import { receiversClosedAfterEach } from "@/test/receiver";
import { pruneAuditLog } from "./retention";

const startTestReceiver = receiversClosedAfterEach();
const PERSON_IP = "203.0.113.10";
const SCRIPT_IP = "198.51.100.20";

let db: Db;

beforeAll(async () => {
  db = await getDb();
});

const entriesOf = (accountId: string): Promise<AuditLogEntry[]> =>
  db.select().from(auditLog).where(eq(auditLog.accountId, accountId)).orderBy(asc(auditLog.id));

const countOf = async (accountId: string) => (await entriesOf(accountId)).length;

function personHeaders(person: TestPerson, ip = PERSON_IP): Headers {
  const headers = sessionHeaders(person);
  headers.set("x-forwarded-for", ip);
  return headers;
}

async function newKey(person: TestPerson, name: string): Promise<{ id: string; key: string }> {
  const result = await withRequestHeaders(personHeaders(person), () => createApiKeyAction({ name }));
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.data;
}

/** The team's entries of one action, after `sinceId`. */
async function recorded(accountId: string, action: string, sinceId = 0) {
  return (await entriesOf(accountId)).filter((entry) => entry.action === action && entry.id > sinceId);
}

describe("audit log: what is recorded", () => {
  it("records every sensitive change with the person or key that made it and the client IP", async () => {
    const owner = await signUpPerson("Olive Owner");
    const team = owner.accountId;
    const receiver = await startTestReceiver();
    const script = await newKey(owner, "Deploy script");
    const asScript = { apiKey: script.key, headers: { "x-forwarded-for": `10.0.0.1, ${SCRIPT_IP}` } };
    const asOwner = { cookie: owner.cookie, headers: { "x-forwarded-for": PERSON_IP } };
    const search = await seedSearch(db, team, "job");

    // Webhooks: created by the key, re-pointed, paused, archived by the person; secret rotated and revealed.
    const created = await callRoute(webhooksRoute.POST, {
      method: "POST",
      path: "/api/v1/webhooks",
      body: { name: "CRM", url: "https://hooks.example.invalid/crm", search_id: search.id },
      ...asScript,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const params = { id };
    expect(
      (await callRoute(webhookRoute.PATCH, { method: "PATCH", path: `/api/v1/webhooks/${id}`, params, body: { url: "https://hooks.example.invalid/crm-v2", name: "CRM v2" }, ...asOwner })).status,
    ).toBe(200);
    expect((await callRoute(statusRoute.PATCH, { method: "PATCH", path: `/api/v1/webhooks/${id}/status`, params, body: { is_active: false }, ...asOwner })).status).toBe(200);
    expect((await callRoute(rotateRoute.POST, { method: "POST", path: `/api/v1/webhooks/${id}/secret/rotate`, params, ...asScript })).status).toBe(200);
    expect(await withRequestHeaders(personHeaders(owner), () => revealWebhookSecretAction({ webhook_id: id }))).toMatchObject({ ok: true });
    expect((await callRoute(archiveRoute.PATCH, { method: "PATCH", path: `/api/v1/webhooks/${id}/archive`, params, ...asOwner })).status).toBe(200);

    // A test send, a resend of two events, credits.
    const test = await callRoute(testRoute.POST, { method: "POST", path: "/api/v1/webhooks/test", body: { url: receiver.url, event_type: "job.new" }, ...asScript });
    expect(test.body).toMatchObject({ ok: true, status_code: 200 });
    const { eventRows } = await seedWebhookEvents(db, team, ["failed", "failed"], { url: receiver.url });
    const resent = await callRoute(retryRoute.POST, { method: "POST", path: "/api/v1/webhooks/events/retry", body: { event_ids: eventRows.map((e) => e.id) }, ...asOwner });
    expect(resent.status).toBe(200);
    expect((await callRoute(creditsRoute.POST, { method: "POST", path: "/api/v1/credits", body: { amount: 250 }, ...asScript })).status).toBe(200);

    // Members (through better-auth's own endpoints, as the Team page's actions call them), keys, sign-in.
    const auth = await getAuth();
    const colleague = await addPersonToTeam(team, "viewer");
    const membership = await db.query.members.findFirst({ where: (m, { and, eq }) => and(eq(m.userId, colleague.userId), eq(m.organizationId, team)) });
    await auth.api.createInvitation({ headers: personHeaders(owner), body: { email: "newcomer@hookline.example", role: "member", organizationId: team } });
    await auth.api.updateMemberRole({ headers: personHeaders(owner), body: { memberId: membership!.id, role: "admin", organizationId: team } });
    await auth.api.removeMember({ headers: personHeaders(owner), body: { memberIdOrEmail: membership!.id, organizationId: team } });
    expect(await withRequestHeaders(personHeaders(owner), () => revokeApiKeyAction({ key_id: script.id }))).toMatchObject({ ok: true });
    const signIn = await auth.api.signInEmail({ body: { email: owner.email, password: TEST_PASSWORD }, headers: new Headers({ "x-forwarded-for": "192.0.2.77" }), asResponse: true });
    expect(signIn.status).toBe(200);

    const entries = await entriesOf(team);
    const person = { actorType: "user", actorId: owner.userId, actorName: "Olive Owner", actorEmail: owner.email, ip: PERSON_IP };
    const key = { actorType: "api_key", actorId: script.id, actorName: "Deploy script", actorEmail: null, ip: SCRIPT_IP };
    const webhook = { targetType: "webhook", targetId: id };
    const expected = [
      { action: "person.signed_in", actorId: owner.userId, ip: null, details: { method: "sign_up" } },
      { action: "api_key.created", ...person, targetType: "api_key", targetId: script.id, targetName: "Deploy script" },
      { action: "webhook.created", ...key, ...webhook, targetName: "CRM", details: { url: "https://hooks.example.invalid/crm", search_id: search.id, is_active: true } },
      {
        action: "webhook.updated",
        ...person,
        ...webhook,
        targetName: "CRM v2",
        details: { changes: { url: { from: "https://hooks.example.invalid/crm", to: "https://hooks.example.invalid/crm-v2" }, name: { from: "CRM", to: "CRM v2" } } },
      },
      { action: "webhook.paused", ...person, ...webhook },
      { action: "webhook.secret_rotated", ...key, ...webhook },
      { action: "webhook.secret_revealed", ...person, ...webhook },
      { action: "webhook.archived", ...person, ...webhook },
      { action: "webhook.test_sent", ...key, details: { url: receiver.url, event_type: "job.new", ok: true, status_code: 200, error_code: null } },
      { action: "events.resent", ...person, details: { count: 2, resent: 2, succeeded: 2 } },
      { action: "credits.added", ...key, details: { amount: 250, balance: 250, events_triggered: 0 } },
      { action: "member.invited", ...person, targetType: "invitation", targetName: "newcomer@hookline.example", details: { email: "newcomer@hookline.example", role: "member" } },
      { action: "member.role_changed", ...person, targetType: "member", targetId: colleague.userId, details: { email: colleague.email, from: "viewer", to: "admin" } },
      { action: "member.removed", ...person, targetType: "member", targetId: colleague.userId, details: { email: colleague.email, role: "admin" } },
      { action: "api_key.revoked", ...person, targetType: "api_key", targetId: script.id },
      { action: "person.signed_in", actorId: owner.userId, ip: "192.0.2.77", details: { method: "password" } },
    ];
    expect(entries.map((entry) => entry.action)).toEqual(expected.map((entry) => entry.action));
    entries.forEach((entry, i) => expect(entry, expected[i].action).toMatchObject(expected[i]));
    // Nothing secret is written: no signing secret, no key.
    const text = JSON.stringify(entries);
    expect(text).not.toMatch(/whsec_/);
    expect(text.includes(script.key)).toBe(false);
  });

  it("records a person's sign-in in each of their teams, and the colleague's sign-in only in theirs", async () => {
    const owner = await signUpPerson("Team one");
    const other = await signUpPerson("Team two");
    const both = await addPersonToTeam(owner.accountId, "member");
    const auth = await getAuth();
    await auth.api.signInEmail({ body: { email: both.email, password: TEST_PASSWORD }, headers: new Headers({ "x-forwarded-for": "192.0.2.5" }) });
    const signIns = (rows: AuditLogEntry[]) => rows.filter((r) => r.action === "person.signed_in" && r.actorId === both.userId && r.ip === "192.0.2.5");
    const teams = await listMemberships(db, both.userId);
    expect(teams.map((t) => t.accountId)).toContain(owner.accountId);
    expect(teams).toHaveLength(2);
    for (const team of teams) expect(signIns(await entriesOf(team.accountId)), team.name).toHaveLength(1);
    expect(signIns(await entriesOf(other.accountId))).toHaveLength(0);
  });

  it("records nothing for refused requests", async () => {
    const owner = await signUpPerson("Refusals");
    const team = owner.accountId;
    const viewer = await addPersonToTeam(team, "viewer");
    const stranger = await signUpPerson("Stranger");
    const ownKey = await newKey(owner, "own key");
    const strangerKey = await newKey(stranger, "stranger key");
    const { webhook, eventRows } = await seedWebhookEvents(db, team, ["not_triggered"]);
    const auth = await getAuth();
    const before = await countOf(team);
    const beforeStranger = await countOf(stranger.accountId);

    // 403 (a viewer), 401 (no key), 400 (bad input), 404 (another team's webhook), 409 (resend of an untriggered event).
    expect((await callRoute(creditsRoute.POST, { method: "POST", path: "/api/v1/credits", body: { amount: 5 }, cookie: viewer.cookie })).status).toBe(403);
    expect((await callRoute(creditsRoute.POST, { method: "POST", path: "/api/v1/credits", body: { amount: 5 } })).status).toBe(401);
    expect((await callRoute(creditsRoute.POST, { method: "POST", path: "/api/v1/credits", body: { amount: -5 }, apiKey: ownKey.key })).status).toBe(400);
    const foreign = await callRoute(statusRoute.PATCH, { method: "PATCH", path: `/api/v1/webhooks/${webhook.id}/status`, params: { id: webhook.id }, body: { is_active: false }, apiKey: strangerKey.key });
    expect(foreign.status).toBe(404);
    expect((await callRoute(rotateRoute.POST, { method: "POST", path: `/api/v1/webhooks/${webhook.id}/secret/rotate`, params: { id: webhook.id }, apiKey: strangerKey.key })).status).toBe(404);
    expect((await callRoute(retryRoute.POST, { method: "POST", path: "/api/v1/webhooks/events/retry", body: { event_ids: [eventRows[0].id] }, apiKey: ownKey.key })).status).toBe(409);
    // A viewer cannot reveal secrets, invite or revoke; a stale sign-in cannot reveal either.
    expect(await withRequestHeaders(personHeaders(viewer), () => revealWebhookSecretAction({ webhook_id: webhook.id }))).toMatchObject({ ok: false, code: "forbidden" });
    expect(await withRequestHeaders(personHeaders(viewer), () => revokeApiKeyAction({ key_id: ownKey.id }))).toMatchObject({ ok: false, code: "forbidden" });
    await expect(auth.api.createInvitation({ headers: personHeaders(viewer), body: { email: "nope@hookline.example", role: "member", organizationId: team } })).rejects.toThrow();
    await db.execute(sql`update sessions set created_at = now() - interval '1 hour' where user_id = ${owner.userId}`);
    expect(await withRequestHeaders(personHeaders(owner), () => revealWebhookSecretAction({ webhook_id: webhook.id }))).toMatchObject({ ok: false, code: "reauthentication_required" });
    // A wrong password is no sign-in.
    expect((await auth.api.signInEmail({ body: { email: owner.email, password: "wrong password" }, asResponse: true })).status).toBe(401);

    expect(await countOf(team)).toBe(before);
    expect(await countOf(stranger.accountId)).toBe(beforeStranger);
  });

  it("records a webhook edit that changes nothing as nothing", async () => {
    const owner = await signUpPerson("No-op");
    const { webhook } = await seedWebhookEvents(db, owner.accountId, []);
    const last = (await entriesOf(owner.accountId)).at(-1)?.id ?? 0;
    const res = await callRoute(webhookRoute.PATCH, {
      method: "PATCH",
      path: `/api/v1/webhooks/${webhook.id}`,
      params: { id: webhook.id },
      body: { name: webhook.name, url: webhook.url },
      cookie: owner.cookie,
    });
    expect(res.status).toBe(200);
    expect(await recorded(owner.accountId, "webhook.updated", last)).toEqual([]);
  });
});

describe("GET /api/v1/audit-log", () => {
  async function seedEntries(accountId: string, count: number, action = "credits.added") {
    const actor = { actorType: "user" as const, actorId: randomUUID(), actorName: "Seeder", actorEmail: "seed@hookline.example" };
    await db.insert(auditLog).values(Array.from({ length: count }, (_, i) => ({ accountId, ...actor, action, details: { amount: i + 1 } })));
    return actor;
  }

  const read = (credentials: { apiKey?: string; cookie?: string }, query = "") =>
    callRoute(auditRoute.GET, { path: `/api/v1/audit-log${query}`, ...credentials });

  it("pages a team's entries newest first with a cursor, limit at most 100", async () => {
    const owner = await signUpPerson("Pager");
    const key = await newKey(owner, "Exporter");
    await seedEntries(owner.accountId, 6);
    const all = await entriesOf(owner.accountId);
    const seen: string[] = [];
    let cursor = "";
    for (let page = 0; page < 10; page += 1) {
      const res = await read({ apiKey: key.key }, `?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((entry: { id: string }) => entry.id));
      if (!res.body.next_cursor) break;
      cursor = res.body.next_cursor;
    }
    expect(seen).toEqual(all.map((entry) => String(entry.id)).reverse());
    const first = await read({ cookie: owner.cookie }, "?limit=1");
    expect(first.body.data[0]).toMatchObject({ action: "credits.added", actor: { type: "user", name: "Seeder", email: "seed@hookline.example" }, details: { amount: 6 } });
    expect(first.body.data[0].created_at).toMatch(/^\d{4}-\d\d-\d\dT/);

    const tooMany = await read({ apiKey: key.key }, "?limit=101");
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].path).toBe("limit");
  });

  it("filters by person or key, action and UTC dates", async () => {
    const owner = await signUpPerson("Filterer");
    const key = await newKey(owner, "Filter key");
    const seeder = await seedEntries(owner.accountId, 2, "webhook.paused");
    const byAction = await read({ apiKey: key.key }, "?action=webhook.paused");
    expect(byAction.body.data).toHaveLength(2);
    const byActor = await read({ apiKey: key.key }, `?actor_id=${owner.userId}`);
    expect(byActor.body.data.map((entry: { action: string }) => entry.action).sort()).toEqual(["api_key.created", "person.signed_in"]);
    expect((await read({ apiKey: key.key }, `?actor_id=${seeder.actorId}&action=webhook.paused`)).body.data).toHaveLength(2);

    const today = new Date().toISOString().slice(0, 10);
    expect((await read({ apiKey: key.key }, `?from=${today}&to=${today}`)).body.data.length).toBeGreaterThanOrEqual(4);
    expect((await read({ apiKey: key.key }, "?to=2024-12-31")).body.data).toHaveLength(0);
    expect((await read({ apiKey: key.key }, "?from=2099-01-01T00:00:00Z")).body.data).toHaveLength(0);
  });

  it("refuses absurd filters with a 400 naming the field", async () => {
    const owner = await signUpPerson("Absurd");
    const key = await newKey(owner, "k");
    for (const [query, field] of [
      ["?from=1999-12-31", "from"],
      ["?to=2101-01-01", "to"],
      ["?from=2026-02-30", "from"],
      ["?from=20260-01-01", "from"],
      ["?from=yesterday", "from"],
      ["?from=2026-05-02&to=2026-05-01", "to"],
      ["?action=webhook.exploded", "action"],
      ["?cursor=-1", "cursor"],
    ] as const) {
      const res = await read({ apiKey: key.key }, query);
      expect(res.status, query).toBe(400);
      expect(res.body.error.details[0].path, query).toBe(field);
    }
  });

  it("shows one team only, and only to admins, owners and keys", async () => {
    const a = await signUpPerson("Team A");
    const b = await signUpPerson("Team B");
    const keyA = await newKey(a, "A key");
    const keyB = await newKey(b, "B key");
    await seedEntries(a.accountId, 3, "events.resent");
    const fromB = await read({ apiKey: keyB.key }, "?limit=100");
    expect(fromB.status).toBe(200);
    expect(fromB.body.data.every((entry: { actor: { id: string } }) => [b.userId, keyB.id].includes(entry.actor.id))).toBe(true);
    expect(JSON.stringify(fromB.body)).not.toContain(a.userId);
    expect((await read({ apiKey: keyA.key }, "?action=events.resent")).body.data).toHaveLength(3);
    // A cursor from team A's pages shows team B nothing of A.
    const pageA = await read({ apiKey: keyA.key }, "?limit=1");
    const crossed = await read({ apiKey: keyB.key }, `?cursor=${Number(pageA.body.data[0].id) + 1}`);
    expect(JSON.stringify(crossed.body)).not.toContain(a.userId);

    const member = await addPersonToTeam(a.accountId, "member");
    expect((await read({ cookie: member.cookie })).status).toBe(403);
    expect((await read({})).status).toBe(401);
  });
});

describe("audit log storage", () => {
  it("is append-only: entries cannot be changed or deleted, except with their team", async () => {
    const owner = await signUpPerson("Append only");
    const [entry] = await entriesOf(owner.accountId);
    await expect(db.execute(sql`update audit_log set action = 'forged' where id = ${entry.id}`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_log where id = ${entry.id}`)).rejects.toThrow();
    expect(await countOf(owner.accountId)).toBeGreaterThan(0);
    await db.execute(sql`delete from accounts where id = ${owner.accountId}`);
    expect(await countOf(owner.accountId)).toBe(0);
  });

  it("prunes entries older than 365 days, in bounded batches, and keeps younger ones", async () => {
    const owner = await signUpPerson("Retention");
    const now = new Date();
    const at = (days: number) => new Date(now.getTime() - days * 86_400_000);
    const base = { accountId: owner.accountId, actorType: "user" as const, actorId: owner.userId, actorName: "Retention", action: "credits.added" };
    await db.insert(auditLog).values([
      ...Array.from({ length: 5 }, () => ({ ...base, createdAt: at(400) })),
      { ...base, createdAt: at(366) },
      { ...base, createdAt: at(364) },
    ]);
    const kept = (await entriesOf(owner.accountId)).length - 6;
    // Two batches of two: four of the six old entries go, the oldest first.
    expect(await pruneAuditLog(db, { now, batchSize: 2, maxBatches: 2 })).toBe(4);
    expect(await pruneAuditLog(db, { now, batchSize: 100 })).toBeGreaterThanOrEqual(2);
    const left = await db.select().from(auditLog).where(and(eq(auditLog.accountId, owner.accountId)));
    expect(left).toHaveLength(kept);
    expect(left.every((entry) => entry.createdAt.getTime() > at(365).getTime())).toBe(true);
  });
});
