// The usage planners (count-plan, day-plan, the rollup readers behind them) against the most naive
// answer there is: a GROUP BY over the events by `(detected_at AT TIME ZONE tz)::date`, run by the
// database itself. fast-check makes small random data around the 2026 clock changes of New York,
// Paris, Lord Howe (half-hour DST), Santiago (midnight skipped) and of no change at all, and asks in
// random zones, whole-hour and not (Kathmandu +05:45, Kolkata +05:30).
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { query } from "@/db/client";
import { listWebhookOptions } from "@/db/queries/usage";
import { events, jobs, searches, webhooks, type EventStatus } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { planCount } from "./count-plan";
import { countEventsByDay } from "./counts";
import { planDailyCounts } from "./day-plan";
import { buildUsageSeries } from "./series";
import { getUsageSummary } from "./service";
import { addDays, HOUR_MS, localDateOf, localDatesBetween, startOfLocalDay } from "./time-zone";

const ZONES = ["UTC", "America/New_York", "Europe/Paris", "Australia/Lord_Howe", "America/Santiago", "Asia/Kathmandu", "Asia/Kolkata"];
/** The 2026 clock changes of those zones (found with Intl), and a June day with none. */
const ANCHORS = [
  "2026-03-08T07:00:00Z",
  "2026-11-01T06:00:00Z",
  "2026-03-29T01:00:00Z",
  "2026-10-25T01:00:00Z",
  "2026-04-04T15:00:00Z",
  "2026-10-03T15:30:00Z",
  "2026-04-05T03:00:00Z",
  "2026-09-06T04:00:00Z",
  "2026-06-15T00:00:00Z",
].map((iso) => Date.parse(iso));
const STATUSES: EventStatus[] = ["in_progress", "success", "failed", "not_triggered"];
const QUARTER_HOUR = 15 * 60_000;

/**
 * An instant within a few days of the anchor, on a quarter hour (every local midnight of these zones
 * is one) or a second either side of it, or anywhere in between.
 */
const nearAnchor = (days: number) =>
  fc
    .tuple(fc.integer({ min: -days * 96, max: days * 96 }), fc.constantFrom(0, 0, -1000, 1000, 7 * 60_000 + 13_000))
    .map(([quarters, jitter]) => quarters * QUARTER_HOUR + jitter);

/**
 * Where an event or a range end falls: beside one of the zone's local midnights (where a day's
 * count is decided: the midnight itself, a second either side, the hour around it) or beside the
 * anchor's clock change, or anywhere within a few days. Resolved once the zone is known.
 */
const moment = fc.oneof(
  fc.record({ base: fc.constant("midnight" as const), day: fc.integer({ min: -4, max: 4 }), offset: fc.constantFrom(0, -1000, 1000, -15 * 60_000, 15 * 60_000, 30 * 60_000, 45 * 60_000, -45 * 60_000, 59 * 60_000 + 59_000) }),
  fc.record({ base: fc.constant("anchor" as const), day: fc.constant(0), offset: nearAnchor(4) }),
);
type Moment = typeof moment extends fc.Arbitrary<infer T> ? T : never;

function resolveMoment(m: Moment, anchor: number, zone: string): number {
  if (m.base === "anchor") return anchor + m.offset;
  return startOfLocalDay(addDays(localDateOf(anchor, zone), m.day), zone).getTime() + m.offset;
}

type Row = { day: string; key: string; events: number; executions: number };
const sorted = (rows: Row[]) => rows.map((r) => `${r.day} ${r.key} ${r.events} ${r.executions}`).sort();

async function seedEvents(db: Db, accountId: string, webhookCount: number, specs: { webhook: number; at: number; status: EventStatus; attempts: number }[]) {
  const [search] = await db.insert(searches).values({ accountId, name: "All jobs", type: "job" }).returning();
  const hooks = await db
    .insert(webhooks)
    .values(Array.from({ length: webhookCount }, (_, i) => ({ accountId, searchId: search.id, name: `hook ${i}`, url: `http://127.0.0.1:9/${i}`, secret: "whsec_test" })))
    .returning();
  if (specs.length > 0) {
    const jobRows = await db
      .insert(jobs)
      .values(specs.map((_, i) => ({ accountId, externalId: `job-${i}`, title: `Job ${i}`, data: {} })))
      .returning({ id: jobs.id });
    await db.insert(events).values(
      specs.map((s, i) => ({
        accountId,
        webhookId: hooks[s.webhook % hooks.length].id,
        type: "job" as const,
        jobId: jobRows[i].id,
        status: s.status,
        detectedAt: new Date(s.at),
        attemptCount: s.attempts,
      })),
    );
  }
  return hooks;
}

/** The reference: one GROUP BY over events, by local date in the zone; instants or local dates bound it. */
async function naiveCounts(
  db: Db,
  accountId: string,
  filter: { timeZone: string; groupBy: "status" | "webhook_id"; webhookId?: string } & ({ start: Date; end: Date } | { from: string; to: string }),
): Promise<Row[]> {
  const tz = sql`${filter.timeZone}::text`;
  const local = sql`(detected_at at time zone ${tz})::date`;
  const bounds =
    "start" in filter
      ? sql`detected_at >= ${filter.start.toISOString()}::timestamptz and detected_at < ${filter.end.toISOString()}::timestamptz`
      : sql`${local} between ${filter.from}::date and ${filter.to}::date`;
  const rows = await query<Row>(
    db,
    sql`select to_char(${local}, 'YYYY-MM-DD') as day, ${filter.groupBy === "status" ? sql`status::text` : sql`webhook_id::text`} as key,
               count(*)::int as events, sum(attempt_count)::int as executions
        from events
        where account_id = ${accountId} ${filter.webhookId ? sql`and webhook_id = ${filter.webhookId}` : sql``} and ${bounds}
        group by 1, 2`,
  );
  return rows.map((r) => ({ ...r, events: Number(r.events), executions: Number(r.executions) }));
}

const scenario = fc.record({
  zone: fc.constantFrom(...ZONES),
  anchor: fc.constantFrom(...ANCHORS),
  webhooks: fc.integer({ min: 1, max: 3 }),
  events: fc.array(
    fc.record({ webhook: fc.nat({ max: 2 }), at: moment, status: fc.constantFrom(...STATUSES), attempts: fc.integer({ min: 0, max: 3 }) }),
    { maxLength: 40 },
  ),
  /** The count API's [start, end): its start near a midnight or the anchor; ends run a few minutes to five days on. */
  start: moment,
  length: fc.oneof(
    fc.integer({ min: 1, max: 4 * 96 }).map((q) => q * QUARTER_HOUR),
    fc.integer({ min: 1, max: 5 * 86_400_000 }),
    fc.integer({ min: 1, max: 5 }).map((days) => days * 86_400_000),
  ),
  /** The Usage page's days: the first is a few days from the anchor's local day. */
  firstDay: fc.integer({ min: -5, max: 3 }),
  dayCount: fc.integer({ min: 1, max: 7 }),
  filterWebhook: fc.boolean(),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Seeds the scenario in an account of its own and compares every path with the naive GROUP BY. */
async function expectSameAsGroupBy(s: Scenario) {
  const { db, accountId } = await createTestAccount();
  const hooks = await seedEvents(db, accountId, s.webhooks, s.events.map((e) => ({ ...e, at: resolveMoment(e.at, s.anchor, s.zone) })));
  const webhookId = s.filterWebhook ? hooks[0].id : undefined;

  // The count API's path: any instants.
  const start = new Date(resolveMoment(s.start, s.anchor, s.zone));
  const end = new Date(start.getTime() + s.length);
  for (const groupBy of ["status", "webhook_id"] as const) {
    const filter = { start, end, timeZone: s.zone, groupBy, webhookId };
    expect(sorted(await countEventsByDay(db, accountId, filter)), JSON.stringify(filter)).toEqual(sorted(await naiveCounts(db, accountId, filter)));
  }

  // The Usage page's path: whole local days.
  const from = addDays(localDateOf(s.anchor, s.zone), s.firstDay);
  const to = addDays(from, s.dayCount - 1);
  const names = new Map((await listWebhookOptions(db, accountId)).map((w) => [w.id, w.name]));
  for (const groupBy of ["status", "webhook"] as const) {
    const summary = await getUsageSummary(db, accountId, { from, to, timeZone: s.zone, groupBy, webhookId });
    const raw = await naiveCounts(db, accountId, { from, to, timeZone: s.zone, groupBy: groupBy === "status" ? "status" : "webhook_id", webhookId });
    const context = `${s.zone} ${from}…${to} by ${groupBy}${webhookId ? " one webhook" : ""}`;
    expect(summary.series, context).toEqual(buildUsageSeries(raw, localDatesBetween(from, to), groupBy, names));
    expect(summary.executions, context).toBe(raw.reduce((sum, r) => sum + r.executions, 0));
    expect(summary.start, context).toBe(startOfLocalDay(from, s.zone).toISOString());
  }
}

describe("usage planners against a naive GROUP BY", () => {
  it("PostgreSQL reads every zone Intl lists with the same local time (the planners use one, the buckets the other)", async () => {
    const { db } = await createTestAccount();
    const zones = ["UTC", ...Intl.supportedValuesOf("timeZone")];
    const instants = ["2026-01-15T12:00:00Z", "2026-07-15T12:00:00Z", "2026-03-29T00:30:00Z", "2026-10-04T16:00:00Z"];
    const rows = await query<{ zone: string; instant: string; local: string }>(
      db,
      sql`select z as zone, i as instant, to_char(i::timestamptz at time zone z, 'YYYY-MM-DD"T"HH24:MI') as local
          from unnest(${`{${zones.join(",")}}`}::text[]) as z cross join unnest(${`{${instants.join(",")}}`}::text[]) as i`,
    );
    const differ = rows.filter((r) => {
      const wall = new Intl.DateTimeFormat("sv-SE", { timeZone: r.zone, dateStyle: "short", timeStyle: "short" }).format(new Date(r.instant));
      return wall.replace(" ", "T") !== r.local;
    });
    // PGlite bundles older zone rules than Node 20 (tzdata 2025c) and Debian's PostgreSQL: Morocco's
    // and Moldova's 2026 clock changes fall at other times there, so the embedded database may bucket
    // those zones' days an hour off around such a change. A PostgreSQL server here agrees on every zone.
    const allowed = process.env.DATABASE_URL ? [] : ["Africa/Casablanca", "Africa/El_Aaiun", "Europe/Chisinau"];
    expect(differ.filter((r) => !allowed.includes(r.zone))).toEqual([]);
  }, 60_000);


  it("counts by day, by status and by webhook, equal the GROUP BY in random zones across clock changes", async () => {
    await fc.assert(fc.asyncProperty(scenario, expectSameAsGroupBy), { numRuns: 50 });
  }, 120_000);

  // Counterexamples fast-check found against deliberately broken planners (a straddled midnight hour
  // read from the rollups; a start correction with the wrong sign), kept as fixed cases.
  it("cases fast-check found: an event at a Kolkata midnight, an event at a Lord Howe midnight", async () => {
    const none = { webhooks: 1, filterWebhook: false };
    await expectSameAsGroupBy({
      ...none,
      zone: "Asia/Kolkata",
      anchor: Date.parse("2026-03-08T07:00:00Z"),
      events: [{ webhook: 0, at: { base: "midnight", day: 0, offset: 0 }, status: "in_progress", attempts: 0 }],
      start: { base: "midnight", day: 0, offset: 0 },
      length: 1,
      firstDay: -1,
      dayCount: 2,
    });
    await expectSameAsGroupBy({
      ...none,
      zone: "Australia/Lord_Howe",
      anchor: Date.parse("2026-03-08T07:00:00Z"),
      events: [{ webhook: 0, at: { base: "midnight", day: 0, offset: 0 }, status: "in_progress", attempts: 0 }],
      start: { base: "anchor", day: 0, offset: 0 },
      length: 900_000,
      firstDay: 0,
      dayCount: 1,
    });
  });

  it("a count plan covers [start, end) exactly once, and no rollup hour holds a local midnight inside it", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.constantFrom(...ANCHORS), nearAnchor(6), fc.integer({ min: 1, max: 10 * 86_400_000 }), (zone, anchor, offset, length) => {
        const start = anchor + offset;
        const end = start + length;
        const plan = planCount(new Date(start), new Date(end), zone);
        const pieces = [...plan.rollupRanges.map((r) => ({ ...r, rollup: true })), ...plan.rawRanges.map((r) => ({ ...r, rollup: false }))].sort(
          (a, b) => a.start.getTime() - b.start.getTime(),
        );
        let cursor = start;
        for (const piece of pieces) {
          expect(piece.start.getTime()).toBe(cursor);
          expect(piece.end.getTime()).toBeGreaterThan(cursor);
          cursor = piece.end.getTime();
          if (!piece.rollup) continue;
          expect(piece.start.getTime() % HOUR_MS).toBe(0);
          expect(piece.end.getTime() % HOUR_MS).toBe(0);
        }
        expect(cursor).toBe(end);
        for (const day of localDatesBetween(localDateOf(start, zone), localDateOf(end, zone))) {
          const midnight = startOfLocalDay(day, zone).getTime();
          const hour = Math.floor(midnight / HOUR_MS) * HOUR_MS;
          if (midnight === hour) continue;
          expect(plan.rollupRanges.some((r) => r.start.getTime() <= hour && hour < r.end.getTime()), `${zone} ${day}`).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a daily plan's UTC days and corrections add up to each local day's hours", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.constantFrom(...ANCHORS), fc.integer({ min: -5, max: 3 }), fc.integer({ min: 1, max: 10 }), (zone, anchor, firstDay, dayCount) => {
        const from = addDays(localDateOf(anchor, zone), firstDay);
        const days = localDatesBetween(from, addDays(from, dayCount - 1));
        const plan = planDailyCounts(days, zone);
        const wholeHourMidnights = [...days, addDays(days[days.length - 1], 1)].every((d) => startOfLocalDay(d, zone).getTime() % HOUR_MS === 0);
        expect(plan !== null).toBe(wholeHourMidnights);
        if (!plan) return;
        // Each local day's length, in hours: its UTC days plus its corrections.
        for (const [i, day] of days.entries()) {
          const utcHours = (Date.parse(`${plan.days[i].to}T00:00:00Z`) - Date.parse(`${plan.days[i].from}T00:00:00Z`)) / HOUR_MS;
          const corrected = plan.corrections.filter((c) => c.day === day).reduce((sum, c) => sum + (c.sign * (c.end.getTime() - c.start.getTime())) / HOUR_MS, 0);
          const length = (startOfLocalDay(addDays(day, 1), zone).getTime() - startOfLocalDay(day, zone).getTime()) / HOUR_MS;
          expect(utcHours + corrected, `${zone} ${day}`).toBe(length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
