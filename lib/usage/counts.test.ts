// The rollup-based counts must equal a GROUP BY over events, in every zone and for any range.
import { describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { createTestAccount } from "@/test/fixtures";
import type { Db } from "@/db/client";
import { creditTransactions, events, jobs, searches, webhooks, type EventStatus } from "@/db/schema";
import { countEventsByDayFromEvents, creditsUsedByDay, listAccountEvents } from "@/db/queries/usage";
import { countEventsByDay, type CountFilter } from "./counts";

const STATUSES: EventStatus[] = ["in_progress", "success", "failed", "not_triggered"];

async function seedWebhooks(db: Db, accountId: string, count: number) {
  const [search] = await db.insert(searches).values({ accountId, name: "All jobs", type: "job" }).returning();
  return db
    .insert(webhooks)
    .values(
      Array.from({ length: count }, (_, i) => ({
        accountId,
        searchId: search.id,
        name: `hook ${i + 1}`,
        url: `http://127.0.0.1:9/hook-${i}`,
        secret: "whsec_test",
      })),
    )
    .returning();
}

type EventSpec = { webhookId: string; detectedAt: Date; status: EventStatus; attemptCount?: number; title?: string };

async function insertEvents(db: Db, accountId: string, specs: EventSpec[]) {
  if (specs.length === 0) return [];
  const prefix = Math.random().toString(36).slice(2);
  const jobRows = await db
    .insert(jobs)
    .values(specs.map((s, i) => ({ accountId, externalId: `${prefix}-${i}`, title: s.title ?? `Job ${i}`, data: {} })))
    .returning({ id: jobs.id });
  return db
    .insert(events)
    .values(
      specs.map((s, i) => ({
        accountId,
        webhookId: s.webhookId,
        type: "job" as const,
        jobId: jobRows[i].id,
        status: s.status,
        detectedAt: s.detectedAt,
        attemptCount: s.attemptCount ?? (s.status === "not_triggered" ? 0 : 1),
      })),
    )
    .returning();
}

async function expectEqualToRaw(db: Db, accountId: string, filter: CountFilter) {
  const fromRollups = await countEventsByDay(db, accountId, filter);
  const fromEvents = await countEventsByDayFromEvents(db, accountId, filter);
  expect(fromRollups, JSON.stringify(filter)).toEqual(fromEvents);
  return fromRollups;
}

const at = (iso: string) => new Date(iso);

describe("usage counts", () => {
  it("puts events minutes either side of New York midnight on the right local day", async () => {
    const { db, accountId } = await createTestAccount();
    const [hook] = await seedWebhooks(db, accountId, 1);
    // 2026-11-01 00:00 EDT = 04:00Z; 2026-11-02 00:00 EST = 05:00Z (DST ends in between).
    await insertEvents(db, accountId, [
      { webhookId: hook.id, detectedAt: at("2026-11-01T03:58:00Z"), status: "success", attemptCount: 2 },
      { webhookId: hook.id, detectedAt: at("2026-11-01T04:02:00Z"), status: "success" },
      { webhookId: hook.id, detectedAt: at("2026-11-01T04:03:00Z"), status: "failed", attemptCount: 3 },
      { webhookId: hook.id, detectedAt: at("2026-11-02T04:55:00Z"), status: "failed" },
      { webhookId: hook.id, detectedAt: at("2026-11-02T05:05:00Z"), status: "not_triggered" },
    ]);
    const base = { start: at("2026-10-30T00:00:00Z"), end: at("2026-11-04T00:00:00Z"), groupBy: "status" as const };
    const ny = await expectEqualToRaw(db, accountId, { ...base, timeZone: "America/New_York" });
    expect(ny).toEqual([
      { day: "2026-10-31", key: "success", events: 1, executions: 2 },
      { day: "2026-11-01", key: "success", events: 1, executions: 1 },
      { day: "2026-11-01", key: "failed", events: 2, executions: 4 },
      { day: "2026-11-02", key: "not_triggered", events: 1, executions: 0 },
    ].sort((a, b) => (a.day + a.key).localeCompare(b.day + b.key)));
    const utc = await expectEqualToRaw(db, accountId, { ...base, timeZone: "UTC" });
    expect(utc.map((r) => [r.day, r.key, r.events])).toEqual([
      ["2026-11-01", "failed", 1],
      ["2026-11-01", "success", 2],
      ["2026-11-02", "failed", 1],
      ["2026-11-02", "not_triggered", 1],
    ]);
  });

  it("equals a GROUP BY over events by status and by webhook after status changes, in UTC and New York", async () => {
    const { db, accountId } = await createTestAccount();
    const hooks = await seedWebhooks(db, accountId, 4);
    const origin = Date.parse("2026-03-01T00:00:00Z");
    const specs: EventSpec[] = [];
    for (let i = 0; i < 300; i++) {
      // Dense around New York midnights (04:00Z/05:00Z) and the DST change of 2026-03-08.
      const day = Math.floor(Math.random() * 14);
      const minutes = Math.random() < 0.5 ? 4 * 60 + Math.floor(Math.random() * 120) - 60 : Math.floor(Math.random() * 1440);
      specs.push({
        webhookId: hooks[i % hooks.length].id,
        detectedAt: new Date(origin + day * 86_400_000 + minutes * 60_000 + Math.floor(Math.random() * 60_000)),
        status: STATUSES[Math.floor(Math.random() * 4)],
      });
    }
    const inserted = await insertEvents(db, accountId, specs);
    const failed = inserted.filter((e) => e.status === "failed").map((e) => e.id);
    await db
      .update(events)
      .set({ status: "success", attemptCount: sql`${events.attemptCount} + 1` })
      .where(inArray(events.id, failed.slice(0, Math.ceil(failed.length / 2))));
    await db
      .update(events)
      .set({ status: "failed", attemptCount: 1 })
      .where(and(eq(events.accountId, accountId), eq(events.status, "in_progress"), eq(events.webhookId, hooks[0].id)));

    for (const timeZone of ["UTC", "America/New_York"]) {
      for (const groupBy of ["status", "webhook_id"] as const) {
        // Aligned local days, and an unaligned range whose ends cut through hours.
        await expectEqualToRaw(db, accountId, { start: at("2026-03-01T05:00:00Z"), end: at("2026-03-13T04:00:00Z"), timeZone, groupBy });
        await expectEqualToRaw(db, accountId, { start: at("2026-03-02T04:17:31Z"), end: at("2026-03-09T03:44:02Z"), timeZone, groupBy });
        await expectEqualToRaw(db, accountId, { start: at("2026-03-01T00:00:00Z"), end: at("2026-03-20T00:00:00Z"), timeZone, groupBy, webhookId: hooks[1].id });
      }
    }
    const all = await countEventsByDay(db, accountId, {
      start: at("2026-02-01T00:00:00Z"),
      end: at("2026-04-01T00:00:00Z"),
      timeZone: "America/New_York",
      groupBy: "status",
    });
    expect(all.reduce((sum, r) => sum + r.events, 0)).toBe(300);
  });

  it("stays exact in zones whose midnight is not a whole UTC hour", async () => {
    const { db, accountId } = await createTestAccount();
    const hooks = await seedWebhooks(db, accountId, 2);
    // Kolkata midnight = 18:30Z, Kathmandu = 18:15Z, Adelaide (ACST, +09:30) = 14:30Z.
    const specs: EventSpec[] = [];
    for (const [iso, status] of [
      ["2026-07-01T18:20:00Z", "success"],
      ["2026-07-01T18:40:00Z", "success"],
      ["2026-07-01T18:10:00Z", "failed"],
      ["2026-07-01T14:20:00Z", "success"],
      ["2026-07-01T14:40:00Z", "in_progress"],
      ["2026-07-02T09:00:00Z", "not_triggered"],
    ] as const) {
      specs.push({ webhookId: hooks[specs.length % 2].id, detectedAt: at(iso), status });
    }
    await insertEvents(db, accountId, specs);
    const range = { start: at("2026-06-29T00:00:00Z"), end: at("2026-07-05T00:00:00Z") };
    const kolkata = await expectEqualToRaw(db, accountId, { ...range, timeZone: "Asia/Kolkata", groupBy: "status" });
    expect(kolkata.filter((r) => r.key === "success")).toEqual([
      { day: "2026-07-01", key: "success", events: 2, executions: 2 },
      { day: "2026-07-02", key: "success", events: 1, executions: 1 },
    ]);
    // A short range reads the one hour holding midnight from events and the rest from the rollups.
    const short = await expectEqualToRaw(db, accountId, {
      start: at("2026-07-01T12:00:00Z"),
      end: at("2026-07-02T12:00:00Z"),
      timeZone: "Asia/Kolkata",
      groupBy: "status",
    });
    expect(short).toEqual([
      { day: "2026-07-01", key: "failed", events: 1, executions: 1 },
      { day: "2026-07-01", key: "in_progress", events: 1, executions: 1 },
      { day: "2026-07-01", key: "success", events: 2, executions: 2 },
      { day: "2026-07-02", key: "not_triggered", events: 1, executions: 0 },
      { day: "2026-07-02", key: "success", events: 1, executions: 1 },
    ]);
    for (const timeZone of ["Asia/Kathmandu", "Australia/Adelaide", "Asia/Kolkata"]) {
      for (const groupBy of ["status", "webhook_id"] as const) {
        await expectEqualToRaw(db, accountId, { ...range, timeZone, groupBy });
      }
    }
  });

  it("counts only the part of a partial hour inside the range", async () => {
    const { db, accountId } = await createTestAccount();
    const [hook] = await seedWebhooks(db, accountId, 1);
    await insertEvents(db, accountId, [
      { webhookId: hook.id, detectedAt: at("2026-05-01T10:20:00Z"), status: "success" },
      { webhookId: hook.id, detectedAt: at("2026-05-01T10:40:00Z"), status: "success" },
      { webhookId: hook.id, detectedAt: at("2026-05-01T12:10:00Z"), status: "success" },
      { webhookId: hook.id, detectedAt: at("2026-05-01T13:50:00Z"), status: "success" },
    ]);
    const counts = await expectEqualToRaw(db, accountId, {
      start: at("2026-05-01T10:30:00Z"),
      end: at("2026-05-01T13:45:00Z"),
      timeZone: "UTC",
      groupBy: "status",
    });
    expect(counts).toEqual([{ day: "2026-05-01", key: "success", events: 2, executions: 2 }]);
  });

  it("never counts another account's events", async () => {
    const mine = await createTestAccount();
    const other = await createTestAccount();
    const [myHook] = await seedWebhooks(mine.db, mine.accountId, 1);
    const [theirHook] = await seedWebhooks(other.db, other.accountId, 1);
    const detectedAt = at("2026-06-01T12:00:00Z");
    await insertEvents(mine.db, mine.accountId, [{ webhookId: myHook.id, detectedAt, status: "success" }]);
    await insertEvents(other.db, other.accountId, [{ webhookId: theirHook.id, detectedAt, status: "failed" }]);
    const filter = { start: at("2026-06-01T00:00:00Z"), end: at("2026-06-02T00:00:00Z"), timeZone: "UTC" };
    expect(await countEventsByDay(mine.db, mine.accountId, { ...filter, groupBy: "status" })).toEqual([
      { day: "2026-06-01", key: "success", events: 1, executions: 1 },
    ]);
    expect(await countEventsByDay(mine.db, mine.accountId, { ...filter, groupBy: "status", webhookId: theirHook.id })).toEqual([]);
    expect(
      await countEventsByDay(mine.db, mine.accountId, { start: at("2026-06-01T11:30:00Z"), end: at("2026-06-01T12:30:00Z"), timeZone: "UTC", groupBy: "webhook_id" }),
    ).toEqual([{ day: "2026-06-01", key: myHook.id, events: 1, executions: 1 }]);
  });

  it("sums credits used per local day, leaving top-ups out", async () => {
    const { db, accountId } = await createTestAccount();
    await db.insert(creditTransactions).values([
      { accountId, amount: 100, reason: "top-up", createdAt: at("2026-11-01T03:00:00Z") },
      { accountId, amount: -3, reason: "events", createdAt: at("2026-11-01T03:59:00Z") },
      { accountId, amount: -2, reason: "events", createdAt: at("2026-11-01T04:01:00Z") },
      { accountId, amount: -5, reason: "events", createdAt: at("2026-11-01T20:00:00Z") },
    ]);
    const used = await creditsUsedByDay(db, accountId, {
      start: at("2026-10-30T00:00:00Z"),
      end: at("2026-11-03T00:00:00Z"),
      timeZone: "America/New_York",
    });
    expect(used).toEqual([
      { day: "2026-10-31", used: 3 },
      { day: "2026-11-01", used: 7 },
    ]);
  });

  it("lists an account's events newest first by status, webhook and range, page by page", async () => {
    const { db, accountId } = await createTestAccount();
    const hooks = await seedWebhooks(db, accountId, 2);
    const base = Date.parse("2026-08-01T00:00:00Z");
    await insertEvents(
      db,
      accountId,
      Array.from({ length: 25 }, (_, i) => ({
        webhookId: hooks[i % 2].id,
        // Two events share each instant so the id breaks ties across pages.
        detectedAt: new Date(base + Math.floor(i / 2) * 60_000 + 0.5),
        status: i % 5 === 0 ? ("success" as const) : ("failed" as const),
        title: `Engineer ${i}`,
      })),
    );
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await listAccountEvents(db, accountId, { status: "failed", limit: 7, before });
      seen.push(...page.map((e) => e.id));
      if (page.length < 7) break;
      before = page[page.length - 1].cursor;
    }
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
    const firstPage = await listAccountEvents(db, accountId, { status: "failed", webhookId: hooks[1].id, limit: 50 });
    expect(firstPage.every((e) => e.status === "failed" && e.webhookId === hooks[1].id && e.webhookName === "hook 2")).toBe(true);
    expect(firstPage[0].summary).toMatch(/^Engineer/);
    const ranged = await listAccountEvents(db, accountId, {
      start: new Date(base + 3 * 60_000),
      end: new Date(base + 5 * 60_000),
      limit: 50,
    });
    expect(ranged).toHaveLength(4);
    expect(ranged[0].detectedAt >= ranged[3].detectedAt).toBe(true);
  });
});
