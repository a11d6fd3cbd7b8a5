import { describe, expect, it } from "vitest";
import { getDatabase, DEFAULT_ACCOUNT_ID } from "./client";
import { getAccount } from "./queries/accounts";

describe("database client", () => {
  it("returns one instance per process with migrations applied and the default account created", async () => {
    const [first, second] = await Promise.all([getDatabase(), getDatabase()]);
    expect(first).toBe(second);
    expect(first.driver).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
    const account = await getAccount(first.db, DEFAULT_ACCOUNT_ID);
    expect(account?.name).toBe("Default account");
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
