// The delivery claim path behind PgBouncer in transaction mode (docs/scaling.md): two instances'
// pools, each through PgBouncer, drain the same due events at once — each delivered once, failures
// scheduled for retry with their leases released — and a retention pass (a transaction-local flag)
// deletes through it with the rollups intact. Needs PostgreSQL and a pgbouncer binary (Debian's
// `pgbouncer` package); skipped otherwise.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { attempts, eventRollupsDaily, events } from "@/db/schema";
import { runRetention } from "@/lib/retention/retention";
import { seedDueEvents } from "@/test/delivery";
import { createTestAccount } from "@/test/fixtures";
import { findPgbouncer, startPgbouncer, type Pgbouncer } from "@/test/pgbouncer";
import { startReceiver, type Receiver } from "@/test/receiver";
import { runDeliveryCycle } from "./run-cycle";

const serverUrl = process.env.DATABASE_URL;
const isRunnable = Boolean(serverUrl && findPgbouncer());
const DAY_MS = 86_400_000;

let bouncer: Pgbouncer | undefined;
const receivers: Receiver[] = [];
beforeAll(async () => {
  if (isRunnable) bouncer = await startPgbouncer(serverUrl!, { poolSize: 8 });
});
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await bouncer?.stop();
});

describe.skipIf(!isRunnable)("behind PgBouncer in transaction mode", () => {
  it("two instances claim and deliver each due event once; failures are scheduled for retry; retention deletes through it", { timeout: 90_000 }, async () => {
    const { db, accountId } = await createTestAccount();
    const ok = await startReceiver();
    const failing = await startReceiver({ mode: { kind: "status", status: 500 } });
    receivers.push(ok, failing);
    const delivered = await seedDueEvents(db, accountId, { url: `${ok.url}/hook`, count: 240 });
    const retried = await seedDueEvents(db, accountId, { url: `${failing.url}/hook`, count: 60 });

    // Two "instances": pools of their own, both through PgBouncer (8 server connections in all).
    const database = new URL(serverUrl!).pathname.slice(1);
    const instances = await Promise.all([0, 1].map(() => openDatabase({ url: bouncer!.url(database) })));
    try {
      const runs = await Promise.all(
        instances.map((instance) => runDeliveryCycle(instance.db, { accountId, batchSize: 25, budgetMs: 30_000, timeoutMs: 5_000, perHostConcurrency: 16, perWebhookConcurrency: 16 })),
      );
      expect(runs.reduce((sum, run) => sum + run.claimed, 0)).toBe(300);
      expect(runs.reduce((sum, run) => sum + run.succeeded, 0)).toBe(240);
      expect(runs.reduce((sum, run) => sum + run.failed, 0)).toBe(60);
      expect(runs.every((run) => run.claimed > 0)).toBe(true);

      const hits = ok.countsById();
      expect(delivered.eventIds.map((id) => hits.get(id))).toEqual(Array(240).fill(1));
      const misses = failing.countsById();
      expect(retried.eventIds.map((id) => misses.get(id))).toEqual(Array(60).fill(1));
      const [state] = await db
        .select({
          success: sql<number>`count(*) filter (where ${events.status} = 'success')`.mapWith(Number),
          retrying: sql<number>`count(*) filter (where ${events.status} = 'failed' and ${events.nextAttemptAt} > now() + interval '50 minutes')`.mapWith(Number),
          leased: sql<number>`count(*) filter (where ${events.leaseId} is not null)`.mapWith(Number),
        })
        .from(events)
        .where(eq(events.accountId, accountId));
      expect(state).toEqual({ success: 240, retrying: 60, leased: 0 });
      const [recorded] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(attempts).where(eq(attempts.accountId, accountId));
      expect(recorded.n).toBe(300);

      // 91 days on, through PgBouncer: the delivered events go, their counts stay in the rollups.
      const rollupsBefore = await db.select().from(eventRollupsDaily).where(eq(eventRollupsDaily.accountId, accountId));
      const pass = await runRetention(instances[0].db, { now: new Date(Date.now() + 91 * DAY_MS), accountId, batchSize: 50, pauseMs: 0 });
      expect(pass).toMatchObject({ events: 240, attempts: 240 });
      const left = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(events).where(and(eq(events.accountId, accountId)));
      expect(left[0].n).toBe(60);
      expect(await db.select().from(eventRollupsDaily).where(eq(eventRollupsDaily.accountId, accountId))).toEqual(rollupsBefore);
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  });
});
