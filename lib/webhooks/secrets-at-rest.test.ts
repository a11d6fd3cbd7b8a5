// Signing secrets at rest, end to end on a real database: the table holds no secret, deliveries are
// still signed with the secret the owner sees, the start-up step encrypts old plaintext secrets once
// whoever runs it, and `npm run secrets:reencrypt` moves every secret to a new key.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { POST as postCredits } from "@/app/api/v1/credits/route";
import { POST as postJobs } from "@/app/api/v1/jobs/route";
import { POST as postSearch } from "@/app/api/v1/searches/route";
import { POST as rotateSecret } from "@/app/api/v1/webhooks/[id]/secret/rotate/route";
import { POST as postWebhook } from "@/app/api/v1/webhooks/route";
import { openDatabase, query, type Db } from "@/db/client";
import { accounts, searches, webhooks } from "@/db/schema";
import { runDeliveryCycle } from "@/lib/delivery/run-cycle";
import { encryptionKeys } from "@/lib/security/encryption-key";
import { callRoute } from "@/test/api";
import { createTestAccount } from "@/test/fixtures";
import { startReceiver, type Receiver } from "@/test/receiver";
import { generateWebhookSecret } from "./secret";
import { isSealed, openWebhookSecret, sealWebhookSecret } from "./secret-box";
import { countUnreadableSecrets, encryptPlaintextSecrets, reencryptSecrets } from "./secret-migration";
import { revealWebhookSecret } from "./service";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const receivers: Receiver[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** Every form a secret's key material could take in a dump. */
function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret.slice("whsec_".length), "base64");
  return [secret, secret.slice("whsec_".length), bytes.toString("hex"), bytes.toString("base64url")];
}

async function dumpWebhooks(db: Db, accountId: string): Promise<string> {
  const rows = await query<{ row: string }>(db, sql`select w::text as row from webhooks w where w.account_id = ${accountId}::uuid`);
  return rows.map((row) => row.row).join("\n");
}

describe("signing secrets at rest", () => {
  it("keeps no secret in the webhooks table: a dump shows neither whsec_ values nor their bytes", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const search = await callRoute(postSearch, { method: "POST", apiKey, body: { name: "all jobs", type: "job" } });
    const secrets: string[] = [];
    for (const name of ["one", "two"]) {
      const created = await callRoute(postWebhook, { method: "POST", apiKey, body: { name, url: "https://hooks.example.invalid/in", search_id: search.body.id } });
      expect(created.status).toBe(201);
      secrets.push(created.body.secret);
      const rotated = await callRoute(rotateSecret, { method: "POST", apiKey, params: { id: created.body.id } });
      expect(rotated.status).toBe(200);
      secrets.push(rotated.body.secret);
      expect((await revealWebhookSecret(db, accountId, created.body.id)).secret).toBe(rotated.body.secret);
    }
    const dump = await dumpWebhooks(db, accountId);
    expect(dump.split("\n")).toHaveLength(2);
    expect(dump).not.toContain("whsec_");
    expect(dump).toContain("enc:v1:");
    for (const secret of secrets) for (const form of secretForms(secret)) expect(dump).not.toContain(form);
  });

  it("signs deliveries with the secret the owner reveals, verifiable with standardwebhooks", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const receiver = await startReceiver();
    receivers.push(receiver);
    await callRoute(postCredits, { method: "POST", apiKey, body: { amount: 10 } });
    const tag = randomUUID().slice(0, 8);
    const search = await callRoute(postSearch, { method: "POST", apiKey, body: { name: "tagged", type: "job", filters: { title_keywords: [tag] } } });
    const ids: string[] = [];
    for (const name of ["a", "b"]) {
      const created = await callRoute(postWebhook, { method: "POST", apiKey, body: { name, url: `${receiver.url}/${name}`, search_id: search.body.id } });
      ids.push(created.body.id);
    }
    const records = [1, 2, 3].map((n) => ({ external_id: `${tag}-${n}`, title: `Engineer ${tag} ${n}` }));
    expect((await callRoute(postJobs, { method: "POST", apiKey, body: { records } })).status).toBe(200);

    const summary = await runDeliveryCycle(db, { accountId, budgetMs: 10_000, pollIntervalMs: 20 });
    expect(summary).toMatchObject({ claimed: 6, succeeded: 6, failed: 0 });
    for (const [index, id] of ids.entries()) {
      const { secret } = await revealWebhookSecret(db, accountId, id);
      const received = receiver.requests.filter((request) => request.path === `/hook/${["a", "b"][index]}`);
      expect(received).toHaveLength(3);
      for (const request of received) {
        expect(() => new StandardWebhook(secret).verify(request.body, request.headers)).not.toThrow();
        for (const form of secretForms(secret)) expect(JSON.stringify(request.headers)).not.toContain(form);
      }
    }
  });

  it("encrypts plaintext secrets at start-up once, even with two instances starting at once", async () => {
    const { db, accountId } = await createTestAccount();
    const [search] = await db.insert(searches).values({ accountId, name: "old", type: "job" }).returning();
    // More than one page of the step (500), as a database from before encryption would hold.
    const plaintext = Array.from({ length: 520 }, () => ({ id: randomUUID(), secret: generateWebhookSecret() }));
    await db.insert(webhooks).values(plaintext.map(({ id, secret }, i) => ({ id, accountId, searchId: search.id, name: `old ${i}`, url: "https://hooks.example.invalid/old", secret })));
    expect(await dumpWebhooks(db, accountId)).toContain("whsec_");

    await Promise.all([encryptPlaintextSecrets(db), encryptPlaintextSecrets(db)]);
    const rows = await db.select({ id: webhooks.id, secret: webhooks.secret }).from(webhooks).where(sql`${webhooks.accountId} = ${accountId}::uuid`);
    const stored = new Map(rows.map((row) => [row.id, row.secret]));
    for (const { id, secret } of plaintext) {
      expect(isSealed(stored.get(id)!)).toBe(true);
      expect(openWebhookSecret(stored.get(id)!, id)).toBe(secret);
    }
    expect(await dumpWebhooks(db, accountId)).not.toContain("whsec_");
    // Run again: nothing left to do, nothing changed.
    await encryptPlaintextSecrets(db);
    const again = await db.select({ id: webhooks.id, secret: webhooks.secret }).from(webhooks).where(sql`${webhooks.accountId} = ${accountId}::uuid`);
    for (const row of again) expect(row.secret).toBe(stored.get(row.id));
  });
});

// Re-encryption rewrites every secret of a database, so these run on databases of their own.
describe("re-encrypting under a new key", () => {
  const keyA = Buffer.alloc(32, 0xa1).toString("base64");
  const keyB = Buffer.alloc(32, 0xb2).toString("hex");

  async function seedOwnDatabase(db: Db, count: number) {
    const [account] = await db.insert(accounts).values({ name: "rotation" }).returning();
    const [search] = await db.insert(searches).values({ accountId: account.id, name: "s", type: "job" }).returning();
    const underA = encryptionKeys({ HOOKLINE_ENCRYPTION_KEY: keyA });
    const seeded = Array.from({ length: count }, (_, i) => ({ id: randomUUID(), secret: generateWebhookSecret(), isPlaintext: i === 0 }));
    await db.insert(webhooks).values(
      seeded.map(({ id, secret, isPlaintext }, i) => ({
        id,
        accountId: account.id,
        searchId: search.id,
        name: `hook ${i}`,
        url: "https://hooks.example.invalid/x",
        secret: isPlaintext ? secret : sealWebhookSecret(secret, id, underA),
      })),
    );
    return seeded;
  }

  async function expectAllUnder(db: Db, seeded: Array<{ id: string; secret: string }>, key: string) {
    const onlyKey = encryptionKeys({ HOOKLINE_ENCRYPTION_KEY: key });
    const rows = await db.select({ id: webhooks.id, secret: webhooks.secret }).from(webhooks);
    const stored = new Map(rows.map((row) => [row.id, row.secret]));
    for (const { id, secret } of seeded) expect(openWebhookSecret(stored.get(id)!, id, onlyKey)).toBe(secret);
    expect(await countUnreadableSecrets(db, onlyKey)).toBe(0);
  }

  it("moves every secret (plaintext ones too) to the new key, reading the old one, and can run again", async () => {
    const handle = await openDatabase({ url: "", dataDir: "memory://" });
    try {
      const seeded = await seedOwnDatabase(handle.db, 7);
      const rotation = encryptionKeys({ HOOKLINE_ENCRYPTION_KEY: keyB, HOOKLINE_ENCRYPTION_KEY_PREVIOUS: keyA });
      expect(await countUnreadableSecrets(handle.db, encryptionKeys({ HOOKLINE_ENCRYPTION_KEY: keyB }))).toBe(6);
      expect(await reencryptSecrets(handle.db, rotation)).toEqual({ scanned: 7, rewritten: 7, unreadable: [] });
      await expectAllUnder(handle.db, seeded, keyB);
      expect(await reencryptSecrets(handle.db, rotation)).toEqual({ scanned: 7, rewritten: 0, unreadable: [] });
      // Without the old key, nothing can be read: reported, left as it is.
      const lost = await reencryptSecrets(handle.db, encryptionKeys({ HOOKLINE_ENCRYPTION_KEY: keyA }));
      expect(lost.unreadable.sort()).toEqual(seeded.map((row) => row.id).sort());
      await expectAllUnder(handle.db, seeded, keyB);
    } finally {
      await handle.close();
    }
  });

  it("moves a rotation's previous secret too while receivers may still verify with it; an expired one is left alone", async () => {
    const handle = await openDatabase({ url: "", dataDir: "memory://" });
    try {
      const [live, expired] = await seedOwnDatabase(handle.db, 2);
      const underA = encryptionKeys({ HOOKLINE_ENCRYPTION_KEY: keyA });
      const previousLive = generateWebhookSecret();
      const previousExpired = generateWebhookSecret();
      await handle.db
        .update(webhooks)
        .set({ previousSecret: sealWebhookSecret(previousLive, live.id, underA), previousSecretExpiresAt: new Date(Date.now() + 3_600_000) })
        .where(eq(webhooks.id, live.id));
      await handle.db
        .update(webhooks)
        .set({ previousSecret: sealWebhookSecret(previousExpired, expired.id, underA), previousSecretExpiresAt: new Date(Date.now() - 1_000) })
        .where(eq(webhooks.id, expired.id));
      const onlyB = encryptionKeys({ HOOKLINE_ENCRYPTION_KEY: keyB });
      // One current secret is plaintext (readable by any key): the other, and the live previous one, need key A.
      expect(await countUnreadableSecrets(handle.db, onlyB)).toBe(2);

      const rotation = encryptionKeys({ HOOKLINE_ENCRYPTION_KEY: keyB, HOOKLINE_ENCRYPTION_KEY_PREVIOUS: keyA });
      expect(await reencryptSecrets(handle.db, rotation)).toEqual({ scanned: 3, rewritten: 3, unreadable: [] });
      expect(await countUnreadableSecrets(handle.db, onlyB)).toBe(0);
      const [row] = await handle.db.select().from(webhooks).where(eq(webhooks.id, live.id));
      expect(openWebhookSecret(row.previousSecret!, live.id, onlyB)).toBe(previousLive);
      const [old] = await handle.db.select().from(webhooks).where(eq(webhooks.id, expired.id));
      // Left under key A: it is never read again.
      expect(openWebhookSecret(old.previousSecret!, expired.id, underA)).toBe(previousExpired);
    } finally {
      await handle.close();
    }
  });

  it("does the same as the documented command, `npm run secrets:reencrypt -- --from-key <old>`", async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "hookline-reencrypt-"));
    folders.push(folder);
    const dataDir = path.join(folder, "pglite");
    let handle = await openDatabase({ url: "", dataDir });
    const seeded = await seedOwnDatabase(handle.db, 3);
    await handle.close();

    const run = (args: string[], key: string) => {
      const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: dataDir, HOOKLINE_ENCRYPTION_KEY: key };
      delete env.DATABASE_URL;
      delete env.HOOKLINE_ENCRYPTION_KEY_PREVIOUS;
      const result = spawnSync("npm", ["run", "--silent", "secrets:reencrypt", "--", ...args], { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    };
    const missingOldKey = run([], keyB);
    expect(missingOldKey.status, missingOldKey.output).toBe(1);
    expect(missingOldKey.output).toContain("2 secret(s) could not be decrypted");
    const rotated = run(["--from-key", keyA], keyB);
    expect(rotated.status, rotated.output).toBe(0);
    expect(rotated.output).toContain("Re-encrypted 2 of 3 signing secrets");

    handle = await openDatabase({ url: "", dataDir });
    try {
      await expectAllUnder(handle.db, seeded, keyB);
    } finally {
      await handle.close();
    }
  }, 120_000);
});
