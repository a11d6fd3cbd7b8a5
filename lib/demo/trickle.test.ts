import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, query } from "@/db/client";
import { seedDemoAccount } from "@/lib/demo/seed";
import { createTestAccount } from "@/test/fixtures";
import { createRng } from "./generator";
import { startDemoTrickle, trickleOnce } from "./trickle";

async function counts(accountId: string) {
  const db = await getDb();
  const [row] = await query<{ records: number; in_progress: number; webhooks: number }>(
    db,
    sql`SELECT
        (SELECT count(*)::int FROM jobs WHERE account_id = ${accountId}::uuid)
          + (SELECT count(*)::int FROM companies WHERE account_id = ${accountId}::uuid) AS records,
        (SELECT count(*)::int FROM events WHERE account_id = ${accountId}::uuid AND status = 'in_progress'
          AND detected_at > now() - interval '1 minute') AS in_progress,
        (SELECT count(DISTINCT webhook_id)::int FROM events WHERE account_id = ${accountId}::uuid
          AND detected_at > now() - interval '1 minute') AS webhooks`,
  );
  return row;
}

describe("demo trickle", () => {
  it("ingests a few new records at a time through the real ingest, so every demo webhook gets events", async () => {
    const { db, accountId } = await createTestAccount();
    await seedDemoAccount(db, { accountId, receiverBaseUrl: "http://localhost:3999", days: 1, volume: 0.05, now: new Date(Date.now() - 120_000) });
    const before = await counts(accountId);
    const rng = createRng(7);
    let added = 0;
    for (let i = 0; i < 12; i++) {
      const results = await trickleOnce(db, accountId, rng);
      const batch = results.reduce((sum, r) => sum + r.new, 0);
      expect(batch).toBeGreaterThanOrEqual(1);
      expect(batch).toBeLessThanOrEqual(4);
      added += batch;
      for (const result of results) expect(result.events_not_triggered).toBe(0);
    }
    const after = await counts(accountId);
    expect(after.records - before.records).toBe(added);
    expect(after.in_progress).toBeGreaterThan(0);
    // ok, flaky and slow every few ticks; "down" only for the rarer large software companies.
    expect(after.webhooks).toBeGreaterThanOrEqual(3);
  });

  it("runs on a timer until stopped, once per process", async () => {
    const { db, accountId } = await createTestAccount();
    await seedDemoAccount(db, { accountId, receiverBaseUrl: "http://localhost:3999", days: 1, volume: 0.05 });
    const before = await counts(accountId);
    const trickle = startDemoTrickle({ getDb, accountId, intervalMs: 40 });
    expect(startDemoTrickle({ getDb, accountId, intervalMs: 40 })).toBe(trickle);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await trickle.stop();
    const stopped = await counts(accountId);
    expect(stopped.records).toBeGreaterThan(before.records);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await counts(accountId)).records).toBe(stopped.records);
  });
});
