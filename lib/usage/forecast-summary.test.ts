// The Usage summary's credits forecast from the team's real ledger.
import { describe, expect, it } from "vitest";
import { creditTransactions } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { getUsageSummary } from "./service";

describe("Usage credits forecast", () => {
  it("reads the last 7 days' debits (not older ones, not top-ups) against the balance", async () => {
    const { db, accountId } = await createTestAccount({ credits: 100 });
    const day = 86_400_000;
    await db.insert(creditTransactions).values([
      { accountId, amount: -8, reason: "events", createdAt: new Date(Date.now() - 2 * day) },
      { accountId, amount: -6, reason: "events", createdAt: new Date(Date.now() - 6 * day) },
      { accountId, amount: -500, reason: "events", createdAt: new Date(Date.now() - 9 * day) },
      { accountId, amount: 1000, reason: "top-up", createdAt: new Date(Date.now() - day) },
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const summary = await getUsageSummary(db, accountId, { from: today, to: today, timeZone: "UTC", groupBy: "status" });
    expect(summary.credits.usedLast7Days).toBe(14);
    expect(summary.credits.forecast).toBe("At the last 7 days' pace (2 a day), your credits last about 50 days.");
  });
});
