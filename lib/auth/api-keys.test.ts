// API keys through the Settings page's actions and the public API, on a real database: shown once,
// stored as a hash, refused at once when revoked or expired, "last used" written at most once a
// minute, and a key of one team never reaching another's objects.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, openDatabase, query, type Db } from "@/db/client";
import { listApiKeys } from "@/db/queries/api-keys";
import { apiKeys } from "@/db/schema";
import * as creditsRoute from "@/app/api/v1/credits/route";
import * as webhookRoute from "@/app/api/v1/webhooks/[id]/route";
import { createApiKeyAction } from "@/lib/actions/create-api-key";
import { revokeApiKeyAction } from "@/lib/actions/revoke-api-key";
import { hashApiKey } from "@/lib/api-keys";
import { authenticateApiKey } from "@/lib/auth/api-keys";
import { withRequestHeaders } from "@/lib/auth/request-headers";
import { seedWebhookEvents } from "@/test/events";
import { callRoute } from "@/test/api";
import { addPersonToTeam, sessionHeaders, signUpPerson, type TestPerson } from "@/test/auth";

let db: Db;
let owner: TestPerson;
let admin: TestPerson;

beforeAll(async () => {
  db = await getDb();
  owner = await signUpPerson("Key owner");
  admin = await addPersonToTeam(owner.accountId, "admin");
});

async function createKey(person: TestPerson, input: Record<string, unknown>) {
  const result = await withRequestHeaders(sessionHeaders(person), () => createApiKeyAction(input));
  if (!result.ok) throw new Error(`create refused: ${JSON.stringify(result)}`);
  return result.data;
}

const balanceWith = (apiKey: string) => callRoute(creditsRoute.GET, { path: "/api/v1/credits", apiKey });

async function lastUsedOf(id: string): Promise<string | null> {
  const [row] = await query<{ last_used_at: string | null }>(db, sql`select last_used_at::text from api_keys where id = ${id}`);
  return row.last_used_at;
}

describe("API keys", () => {
  it("shows a new key once, prefixed hk_, and keeps only its hash, prefix and last four", async () => {
    const created = await createKey(admin, { name: "CRM sync", expires_in_days: "" });
    expect(created.key).toMatch(/^hk_[A-Za-z0-9_-]{43}$/);
    expect(created.masked).toBe(`${created.key.slice(0, 8)}…${created.key.slice(-4)}`);

    const [row] = await db.select().from(apiKeys).where(sql`${apiKeys.id} = ${created.id}`);
    expect(row).toMatchObject({ accountId: owner.accountId, name: "CRM sync", keyHash: hashApiKey(created.key), createdByUserId: admin.userId, expiresAt: null });
    expect(row.prefix + "…" + row.last4).toBe(created.masked);
    // Nowhere in the row is the key itself (nor any 12-character piece of its random part).
    const stored = JSON.stringify(await query(db, sql`select * from api_keys where id = ${created.id}`));
    expect(stored.includes(created.key)).toBe(false);
    expect(stored.includes(created.key.slice(8, 20))).toBe(false);

    // The list answers what the page shows, never the hash.
    const listed = (await listApiKeys(db, owner.accountId)).find((key) => key.id === created.id)!;
    expect(listed).toMatchObject({ name: "CRM sync", createdByEmail: admin.email, isExpired: false, revokedAt: null });
    expect(Object.keys(listed)).not.toContain("keyHash");

    expect((await balanceWith(created.key)).status).toBe(200);
  });

  it("refuses a revoked key at once, and a second revoke", async () => {
    const created = await createKey(owner, { name: "to revoke" });
    expect((await balanceWith(created.key)).status).toBe(200);
    const revoked = await withRequestHeaders(sessionHeaders(owner), () => revokeApiKeyAction({ key_id: created.id }));
    expect(revoked).toMatchObject({ ok: true, data: { id: created.id } });
    const refused = await balanceWith(created.key);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("unauthorized");
    const again = await withRequestHeaders(sessionHeaders(owner), () => revokeApiKeyAction({ key_id: created.id }));
    expect(again).toMatchObject({ ok: false, code: "conflict" });
  });

  it.skipIf(!process.env.DATABASE_URL)("is refused by another instance the moment one instance revokes it", async () => {
    const created = await createKey(owner, { name: "two instances" });
    const other = await openDatabase({ url: process.env.DATABASE_URL });
    try {
      expect(await authenticateApiKey(other.db, created.key)).toMatchObject({ id: created.id });
      await withRequestHeaders(sessionHeaders(owner), () => revokeApiKeyAction({ key_id: created.id }));
      expect(await authenticateApiKey(other.db, created.key)).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it("works until its expiry and is refused from then on", async () => {
    const created = await createKey(owner, { name: "short-lived", expires_in_days: "7" });
    const [row] = await db.select().from(apiKeys).where(sql`${apiKeys.id} = ${created.id}`);
    expect(row.expiresAt!.getTime() - row.createdAt.getTime()).toBeGreaterThan(7 * 86_400_000 - 5_000);
    expect((await balanceWith(created.key)).status).toBe(200);
    // The week has passed.
    await db.execute(sql`update api_keys set expires_at = now() - interval '1 second' where id = ${created.id}`);
    expect((await balanceWith(created.key)).status).toBe(401);
    expect((await listApiKeys(db, owner.accountId)).find((key) => key.id === created.id)?.isExpired).toBe(true);
  });

  it("validates the form: a name, and a lifetime of whole days", async () => {
    const result = await withRequestHeaders(sessionHeaders(owner), () => createApiKeyAction({ name: "  ", expires_in_days: "-3" }));
    expect(result).toMatchObject({ ok: false, code: "invalid_request" });
    if (!result.ok) expect(Object.keys(result.fieldErrors).sort()).toEqual(["expires_in_days", "name"]);
    const revoke = await withRequestHeaders(sessionHeaders(owner), () => revokeApiKeyAction({ key_id: "not-a-key" }));
    expect(revoke).toMatchObject({ ok: false, fieldErrors: { key_id: ["Unknown key"] } });
  });

  it("writes last used at most once a minute per key", async () => {
    const created = await createKey(owner, { name: "busy" });
    expect(await lastUsedOf(created.id)).toBeNull();
    expect((await balanceWith(created.key)).status).toBe(200);
    const first = await lastUsedOf(created.id);
    expect(first).not.toBeNull();
    // Concurrent and later calls within the minute leave it as it was.
    await Promise.all([balanceWith(created.key), balanceWith(created.key), balanceWith(created.key)]);
    expect(await lastUsedOf(created.id)).toBe(first);
    // A minute later the next call writes again.
    await db.execute(sql`update api_keys set last_used_at = last_used_at - interval '61 seconds' where id = ${created.id}`);
    const aged = await lastUsedOf(created.id);
    await balanceWith(created.key);
    const second = await lastUsedOf(created.id);
    expect(second).not.toBe(aged);
    expect(new Date(second!).getTime()).toBeGreaterThan(new Date(aged!).getTime());
  });

  it("belongs to one team: another team's key gets 404 for this team's webhook and cannot revoke this team's keys", async () => {
    const { webhook } = await seedWebhookEvents(db, owner.accountId, []);
    const ownKey = await createKey(owner, { name: "own" });
    const stranger = await signUpPerson("Other team");
    const strangerKey = await createKey(stranger, { name: "theirs" });
    const mine = await callRoute(webhookRoute.GET, { path: `/api/v1/webhooks/${webhook.id}`, params: { id: webhook.id }, apiKey: ownKey.key });
    expect(mine.status).toBe(200);
    const theirs = await callRoute(webhookRoute.GET, { path: `/api/v1/webhooks/${webhook.id}`, params: { id: webhook.id }, apiKey: strangerKey.key });
    expect(theirs.status).toBe(404);
    const revoke = await withRequestHeaders(sessionHeaders(stranger), () => revokeApiKeyAction({ key_id: ownKey.id }));
    expect(revoke).toMatchObject({ ok: false, code: "not_found" });
    expect((await balanceWith(ownKey.key)).status).toBe(200);
  });

  it("is for admins and owners: members and viewers are refused and nothing is made", async () => {
    const member = await addPersonToTeam(owner.accountId, "member");
    const before = (await listApiKeys(db, owner.accountId)).length;
    const result = await withRequestHeaders(sessionHeaders(member), () => createApiKeyAction({ name: "sneaky" }));
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    expect((await listApiKeys(db, owner.accountId)).length).toBe(before);
  });

  it("asks for a recent sign-in before making a key", async () => {
    await db.execute(sql`update sessions set created_at = now() - interval '20 minutes' where user_id = ${owner.userId}`);
    try {
      const result = await withRequestHeaders(sessionHeaders(owner), () => createApiKeyAction({ name: "stale" }));
      expect(result).toMatchObject({ ok: false, code: "reauthentication_required" });
      expect((await listApiKeys(db, owner.accountId)).some((key) => key.name === "stale")).toBe(false);
    } finally {
      await db.execute(sql`update sessions set created_at = now() where user_id = ${owner.userId}`);
    }
  });
});
