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

describe("PostgreSQL connections", () => {
  it.skipIf(!process.env.DATABASE_URL)("run without JIT on every pooled connection, set before the pool hands one out", async () => {
    const { openDatabase, query } = await import("./client");
    const { sql } = await import("drizzle-orm");
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", onWarning);
    const handle = await openDatabase();
    try {
      // Ten at once: the pool opens new connections, and each one's first statement already sees it.
      const rows = await Promise.all(
        Array.from({ length: 10 }, () => query<{ pid: number; jit: string }>(handle.db, sql`select pg_backend_pid() as pid, current_setting('jit') as jit, pg_sleep(0.05)`)),
      );
      expect(new Set(rows.map(([row]) => row.pid)).size).toBeGreaterThan(1);
      expect(rows.map(([row]) => row.jit)).toEqual(Array(10).fill("off"));
    } finally {
      await handle.close();
      process.off("warning", onWarning);
    }
    // No statement queued behind the SET on a connection already busy (pg deprecates that).
    expect(warnings.filter((message) => message.includes("already executing a query"))).toEqual([]);
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
