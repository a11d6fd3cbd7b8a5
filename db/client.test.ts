import { describe, expect, it } from "vitest";
import { getDatabase, DEFAULT_ACCOUNT_ID } from "./client";
import { getAccount } from "./queries/accounts";

describe("database client", () => {
  it("returns one instance per process with migrations applied and the default account created", async () => {
    const [first, second] = await Promise.all([getDatabase(), getDatabase()]);
    expect(first).toBe(second);
    expect(first.driver).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
    const account = await getAccount(first.db, DEFAULT_ACCOUNT_ID);
    expect(account?.slug).toBe("default");
  });
});

describe("embedded database on disk", () => {
  it("keeps its data across a restart", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { openDatabase } = await import("./client");
    const { accounts } = await import("./schema");
    const { eq } = await import("drizzle-orm");
    const dataDir = mkdtempSync(join(tmpdir(), "hookline-pglite-"));
    try {
      const first = await openDatabase({ url: "", dataDir });
      const [created] = await first.db.insert(accounts).values({ name: "survivor", credits: 7 }).returning();
      await first.close();
      const second = await openDatabase({ url: "", dataDir });
      const [reloaded] = await second.db.select().from(accounts).where(eq(accounts.id, created.id));
      await second.close();
      expect(reloaded?.credits).toBe(7);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("API_KEY of the environment", () => {
  it("is a key of the default team when at least 32 characters long, and a changed or removed API_KEY revokes the previous one", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { openDatabase } = await import("./client");
    const { findApiKeyByHash } = await import("./queries/api-keys");
    const { hashApiKey } = await import("../lib/api-keys");
    const dataDir = mkdtempSync(join(tmpdir(), "hookline-apikey-"));
    const saved = process.env.API_KEY;
    const first = "first-key-".padEnd(40, "1");
    const second = "second-key-".padEnd(40, "2");
    const keyIn = async (key: string | undefined) => {
      if (key === undefined) delete process.env.API_KEY;
      else process.env.API_KEY = key;
      const handle = await openDatabase({ url: "", dataDir });
      try {
        return {
          first: (await findApiKeyByHash(handle.db, hashApiKey(first)))?.accountId,
          second: (await findApiKeyByHash(handle.db, hashApiKey(second)))?.accountId,
          short: (await findApiKeyByHash(handle.db, hashApiKey("too-short")))?.accountId,
        };
      } finally {
        await handle.close();
      }
    };
    try {
      expect(await keyIn(first)).toEqual({ first: DEFAULT_ACCOUNT_ID, second: undefined, short: undefined });
      expect(await keyIn(second)).toEqual({ first: undefined, second: DEFAULT_ACCOUNT_ID, short: undefined });
      expect(await keyIn("too-short")).toEqual({ first: undefined, second: undefined, short: undefined });
      expect(await keyIn(first)).toEqual({ first: DEFAULT_ACCOUNT_ID, second: undefined, short: undefined });
      expect(await keyIn(undefined)).toEqual({ first: undefined, second: undefined, short: undefined });
    } finally {
      if (saved === undefined) delete process.env.API_KEY;
      else process.env.API_KEY = saved;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
