// Overlapping runs (four cron runs at once) deliver each due event exactly once. On PostgreSQL the
// runs' claims really interleave (SKIP LOCKED over several connections); PGlite runs them serially,
// so it gets a smaller load.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { attempts, events } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { startReceiver, type Receiver } from "@/test/receiver";
import { runDeliveryCycle } from "./run-cycle";
import { seedDueEvents } from "../../test/delivery";

const isPostgres = Boolean(process.env.DATABASE_URL);
const EVENTS = isPostgres ? 5_000 : 200;
const RECEIVERS = 10;
const receivers: Receiver[] = [];

beforeAll(async () => {
  for (let i = 0; i < RECEIVERS; i += 1) receivers.push(await startReceiver());
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

describe("overlapping delivery runs", () => {
  it(`deliver each of ${EVENTS} due events exactly once`, async () => {
    const { db, accountId } = await createTestAccount();
    const eventIds: string[] = [];
    for (const target of receivers) {
      const seeded = await seedDueEvents(db, accountId, { url: target.url, count: EVENTS / RECEIVERS });
      eventIds.push(...seeded.eventIds);
    }
    const runs = await Promise.all(
      [0, 1, 2, 3].map(() => runDeliveryCycle(db, { accountId, batchSize: 100, budgetMs: 30_000 })),
    );
    const claimed = runs.map((run) => run.claimed);
    expect(claimed.reduce((a, b) => a + b, 0)).toBe(EVENTS);
    if (isPostgres) expect(claimed.filter((n) => n > 0).length).toBeGreaterThan(1);

    const hits = new Map<string, number>();
    for (const target of receivers) for (const [id, n] of target.countsById()) hits.set(id, (hits.get(id) ?? 0) + n);
    expect(hits.size).toBe(EVENTS);
    expect([...hits.values()].every((n) => n === 1)).toBe(true);
    expect(eventIds.every((id) => hits.get(id) === 1)).toBe(true);

    const [stats] = await db
      .select({
        success: sql<number>`count(*) filter (where ${events.status} = 'success')`.mapWith(Number),
        attempts: sql<number>`sum(${events.attemptCount})`.mapWith(Number),
      })
      .from(events)
      .where(eq(events.accountId, accountId));
    expect(stats).toEqual({ success: EVENTS, attempts: EVENTS });
    const [recorded] = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(attempts)
      .where(and(eq(attempts.accountId, accountId), eq(attempts.trigger, "scheduled")));
    expect(recorded.n).toBe(EVENTS);
  }, 60_000);
});
