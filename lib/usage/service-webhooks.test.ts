// The Usage page by webhook reads every webhook's total from the weekly and daily rollups and only the
// shown webhooks per day (daily rows and their hour vectors); its answer must be the series a GROUP BY
// over every event gives.
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { countEventsByDayFromEvents } from "@/db/queries/usage";
import { events, jobs, searches, webhooks, type EventStatus } from "@/db/schema";
import type { Db } from "@/db/client";
import { createTestAccount } from "@/test/fixtures";
import { resolveDayRange } from "./range";
import { buildUsageSeries } from "./series";
import { getUsageSummary } from "./service";

const STATUSES: EventStatus[] = ["in_progress", "success", "failed", "not_triggered"];

async function seedHooks(db: Db, accountId: string, count: number) {
  const [search] = await db.insert(searches).values({ accountId, name: "All jobs", type: "job" }).returning();
  return db
    .insert(webhooks)
    .values(Array.from({ length: count }, (_, i) => ({ accountId, searchId: search.id, name: `hook ${String(i).padStart(2, "0")}`, url: `http://127.0.0.1:9/${i}`, secret: "whsec_test" })))
    .returning();
}

async function insertEvents(db: Db, accountId: string, specs: { webhookId: string; detectedAt: Date; status: EventStatus; attempts: number }[]) {
  const prefix = Math.random().toString(36).slice(2);
  const jobRows = await db
    .insert(jobs)
    .values(specs.map((_, i) => ({ accountId, externalId: `${prefix}-${i}`, title: `Job ${i}`, data: {} })))
    .returning({ id: jobs.id });
  await db.insert(events).values(
    specs.map((s, i) => ({ accountId, webhookId: s.webhookId, type: "job" as const, jobId: jobRows[i].id, status: s.status, detectedAt: s.detectedAt, attemptCount: s.attempts })),
  );
}

async function expectSameAsGroupBy(db: Db, accountId: string, from: string, to: string, timeZone: string, names: Map<string, string>) {
  const summary = await getUsageSummary(db, accountId, { from, to, timeZone, groupBy: "webhook" });
  const range = resolveDayRange({ from, to }, timeZone);
  const raw = await countEventsByDayFromEvents(db, accountId, { start: range.start, end: range.end, timeZone, groupBy: "webhook_id" });
  const context = `${timeZone} ${from}…${to}`;
  expect(summary.series, context).toEqual(buildUsageSeries(raw, range.days, "webhook", names));
  expect(summary.executions, context).toBe(raw.reduce((sum, r) => sum + r.executions, 0));
  return summary;
}

describe("usage summary by webhook over many webhooks", () => {
  it("shows the exact top 8 and Other per day in UTC, New York, Paris and Kolkata", async () => {
    const { db, accountId } = await createTestAccount();
    const hooks = await seedHooks(db, accountId, 14);
    const names = new Map(hooks.map((h) => [h.id, h.name]));
    let seed = 7;
    const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const origin = Date.parse("2026-03-01T00:00:00Z");
    const specs = [];
    for (let i = 0; i < 900; i++) {
      // Skewed across webhooks, dense around UTC and New York midnights and the 2026-03-08 DST change.
      const hook = hooks[Math.min(13, Math.floor(-Math.log(1 - random()) * 4))];
      const day = Math.floor(random() * 16);
      const minute = random() < 0.6 ? (random() < 0.5 ? 0 : 4 * 60) + Math.floor(random() * 180) - 90 : Math.floor(random() * 1440);
      const status = STATUSES[Math.floor(random() * 4)];
      specs.push({ webhookId: hook.id, detectedAt: new Date(origin + day * 86_400_000 + minute * 60_000), status, attempts: status === "not_triggered" ? 0 : 1 + Math.floor(random() * 3) });
    }
    await insertEvents(db, accountId, specs);
    // Deliveries through the triggers, so the rollups see updates too.
    await db.execute(sql`update events set status = 'success', attempt_count = attempt_count + 1
                         where account_id = ${accountId} and status = 'failed' and attempt_count = 1`);

    for (const timeZone of ["UTC", "America/New_York", "Europe/Paris", "Asia/Kolkata"]) {
      const summary = await expectSameAsGroupBy(db, accountId, "2026-03-02", "2026-03-13", timeZone, names);
      expect(summary.series.keys).toHaveLength(9);
      expect(summary.series.keys[8].kind).toBe("other");
      await expectSameAsGroupBy(db, accountId, "2026-03-08", "2026-03-08", timeZone, names);
      // Two whole UTC weeks from the weekly rollup (Mondays 03-02 and 03-09) and days at both ends.
      await expectSameAsGroupBy(db, accountId, "2026-02-28", "2026-03-17", timeZone, names);
    }
  });

  it("ranks by the local days' totals, not the UTC days'", async () => {
    const { db, accountId } = await createTestAccount();
    const hooks = await seedHooks(db, accountId, 10);
    const names = new Map(hooks.map((h) => [h.id, h.name]));
    const mid = new Date("2026-06-10T15:00:00Z");
    // New York day 2026-06-12 runs to 2026-06-13T04:00Z: hook 08's three late events count there,
    // so it beats hook 07 (6 vs 8) though its UTC days within the range hold only 5.
    const late = new Date("2026-06-13T02:00:00Z");
    const perHook = [10, 10, 10, 10, 10, 10, 10, 6, 5, 4];
    const specs = hooks.flatMap((h, i) => Array.from({ length: perHook[i] }, () => ({ webhookId: h.id, detectedAt: mid, status: "success" as EventStatus, attempts: 1 })));
    specs.push(...[0, 1, 2].map(() => ({ webhookId: hooks[8].id, detectedAt: late, status: "failed" as EventStatus, attempts: 2 })));
    await insertEvents(db, accountId, specs);
    const summary = await expectSameAsGroupBy(db, accountId, "2026-06-08", "2026-06-12", "America/New_York", names);
    expect(summary.series.keys.map((k) => `${k.label} ${k.total}`)).toEqual([
      "hook 00 10", "hook 01 10", "hook 02 10", "hook 03 10", "hook 04 10", "hook 05 10", "hook 06 10",
      "hook 08 8",
      "Other (2 webhooks) 10", // hooks 07 and 09: 6 + 4
    ]);
    // With nine webhooks that have events there is no "Other".
    await db.delete(events).where(sql`${events.webhookId} = ${hooks[9].id}`);
    const nine = await expectSameAsGroupBy(db, accountId, "2026-06-08", "2026-06-12", "America/New_York", names);
    expect(nine.series.keys.map((k) => k.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 7].map((i) => `hook 0${i}`));
  });
});
