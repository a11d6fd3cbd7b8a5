// Detection and credits (SPEC §3): the credit outage example, races for the last credits,
// overlapping batches, trigger_once_per_company, listening_start_time, pause/enable and manual triggers.
import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { query } from "@/db/client";
import { accounts, creditTransactions, events, jobs } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { ingestBodySchema } from "@/lib/validation/records";
import { searchUpdateSchema } from "@/lib/validation/search";
import { setWebhookActive, updateWebhook } from "@/lib/webhooks/service";
import { addCreditsAndCatchUp, getCreditBalance, triggerNotTriggeredEvents } from "../credits/service";
import { detectForWebhook } from "./detect";
import { ingestRecords } from "./ingest";
import { updateSearch } from "../searches/service";
import { day, seedSearch, seedWebhook } from "../../test/matching";

const T0 = new Date("2025-03-01T09:00:00Z");
const at = (days: number) => new Date(T0.getTime() + day(days));

function ingestJobs(db: Db, accountId: string, records: Record<string, unknown>[], now: Date) {
  const parsed = ingestBodySchema("job").parse({ records: records.map((r) => ({ title: "Data engineer", ...r })) });
  return ingestRecords(db, accountId, "job", parsed.records, { now });
}

/** external_id → status of the webhook's event (absent: no event). */
async function statusesOf(db: Db, webhookId: string): Promise<Record<string, string>> {
  const rows = await db
    .select({ externalId: jobs.externalId, status: events.status })
    .from(events)
    .innerJoin(jobs, eq(jobs.id, events.jobId))
    .where(eq(events.webhookId, webhookId));
  return Object.fromEntries(rows.map((r) => [r.externalId, r.status]));
}

describe("SPEC §3 example: a 60-day search loses nothing to a two-day credit outage", () => {
  it("catches up oldest first after a top-up, except the record that left the window", async () => {
    const { db, accountId } = await createTestAccount({ credits: 2 });
    const search = await seedSearch(db, accountId, "job", { posted_within_days: 60 });
    const { webhook } = await seedWebhook(db, accountId, search.id, { now: T0 });

    // Day 0: two credits, two jobs.
    expect(await ingestJobs(db, accountId, [{ external_id: "d0-a", date_posted: T0.toISOString() }, { external_id: "d0-b", date_posted: T0.toISOString() }], T0))
      .toEqual({ new: 2, duplicate: 0, events_triggered: 2, events_not_triggered: 0 });
    // Day 1 and 2: no credits. "old" was posted 59 days before day 1: in the window then, not on day 3.
    expect(
      await ingestJobs(db, accountId, [
        { external_id: "d1-old", date_posted: new Date(at(1).getTime() - day(59)).toISOString() },
        { external_id: "d1-new", date_posted: at(1).toISOString() },
      ], at(1)),
    ).toEqual({ new: 2, duplicate: 0, events_triggered: 0, events_not_triggered: 2 });
    expect(
      await ingestJobs(db, accountId, [{ external_id: "d2-a", date_posted: at(2).toISOString() }, { external_id: "d2-b", date_posted: at(2).toISOString() }], at(2)),
    ).toEqual({ new: 2, duplicate: 0, events_triggered: 0, events_not_triggered: 2 });
    expect(await getCreditBalance(db, accountId)).toBe(0);

    // Day 3: a top-up of 2 triggers the two oldest that still match (d1-new, then one of day 2).
    expect(await addCreditsAndCatchUp(db, accountId, 2, { now: at(3) })).toEqual({ balance: 0, events_triggered: 2 });
    let statuses = await statusesOf(db, webhook.id);
    expect(statuses["d1-new"]).toBe("in_progress");
    expect(statuses["d1-old"]).toBe("not_triggered");
    expect([statuses["d2-a"], statuses["d2-b"]].sort()).toEqual(["in_progress", "not_triggered"]);

    // A bigger top-up triggers the rest; the record that left the window stays not_triggered.
    expect(await addCreditsAndCatchUp(db, accountId, 10, { now: at(3) })).toEqual({ balance: 9, events_triggered: 1 });
    statuses = await statusesOf(db, webhook.id);
    expect(statuses).toEqual({
      "d0-a": "in_progress",
      "d0-b": "in_progress",
      "d1-old": "not_triggered",
      "d1-new": "in_progress",
      "d2-a": "in_progress",
      "d2-b": "in_progress",
    });
    const [triggered] = await db.select().from(events).where(and(eq(events.webhookId, webhook.id), eq(events.status, "in_progress"))).limit(1);
    expect(triggered.nextAttemptAt).not.toBeNull();

    // The ledger explains the balance: +2 initial (seeded), -2, +2, -2, +10, -1.
    const ledger = await db.select().from(creditTransactions).where(eq(creditTransactions.accountId, accountId));
    expect(2 + ledger.reduce((sum, row) => sum + row.amount, 0)).toBe(9);
  });
});

describe("credits under concurrency", () => {
  it("20 concurrent ingests racing for the last 5 credits end at exactly 0, with exactly 5 in progress", async () => {
    const { db, accountId } = await createTestAccount({ credits: 5 });
    const search = await seedSearch(db, accountId, "job");
    const { webhook } = await seedWebhook(db, accountId, search.id, { now: T0 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ingestJobs(db, accountId, [{ external_id: `race-${i}` }], at(1))),
    );
    expect(results.reduce((n, r) => n + r.events_triggered, 0)).toBe(5);
    expect(results.reduce((n, r) => n + r.events_not_triggered, 0)).toBe(15);
    const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(account.credits).toBe(0);
    const counts = await query<{ status: string; n: number }>(
      db,
      sql`SELECT status, count(*)::int AS n FROM events WHERE webhook_id = ${webhook.id} GROUP BY status ORDER BY status`,
    );
    expect(counts).toEqual([
      { status: "in_progress", n: 5 },
      { status: "not_triggered", n: 15 },
    ]);
  });

  it("overlapping batches with the same external ids make one record and one event per webhook", async () => {
    const { db, accountId } = await createTestAccount({ credits: 100 });
    const search = await seedSearch(db, accountId, "job");
    const first = await seedWebhook(db, accountId, search.id, { now: T0 });
    const second = await seedWebhook(db, accountId, search.id, { now: T0 });
    const batches = [
      ["a", "b", "c"],
      ["b", "c", "d"],
      ["d", "c", "a", "a"],
      ["e", "b"],
    ];
    const results = await Promise.all(batches.map((ids) => ingestJobs(db, accountId, ids.map((external_id) => ({ external_id })), at(1))));
    expect(results.reduce((n, r) => n + r.new, 0)).toBe(5);
    expect(results.reduce((n, r) => n + r.duplicate, 0)).toBe(7);
    expect(results.reduce((n, r) => n + r.events_triggered, 0)).toBe(10);
    const [{ n: records }] = await query<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM jobs WHERE account_id = ${accountId}`);
    expect(records).toBe(5);
    for (const { webhook } of [first, second]) expect(Object.keys(await statusesOf(db, webhook.id)).sort()).toEqual(["a", "b", "c", "d", "e"]);

    // Re-sending a known id later is a duplicate that triggers nothing.
    expect(await ingestJobs(db, accountId, [{ external_id: "a", title: "Changed title" }], at(2))).toEqual({
      new: 0,
      duplicate: 1,
      events_triggered: 0,
      events_not_triggered: 0,
    });
    expect(await getCreditBalance(db, accountId)).toBe(90);
  });
});

describe("trigger_once_per_company", () => {
  it("sends one event per company per webhook, the oldest record's, across batches", async () => {
    const { db, accountId } = await createTestAccount({ credits: 100 });
    const search = await seedSearch(db, accountId, "job");
    const once = await seedWebhook(db, accountId, search.id, { trigger_once_per_company: true, now: T0 });
    const every = await seedWebhook(db, accountId, search.id, { now: T0 });
    await ingestJobs(
      db,
      accountId,
      [
        { external_id: "j1", company_domain: "acme.com", company_name: "Acme" },
        { external_id: "j2", company_domain: "https://www.ACME.com/careers", company_name: "Acme Inc" },
        { external_id: "j3", company_name: "Globex" },
        { external_id: "j4", company_name: " globex " },
        { external_id: "j5" },
        { external_id: "j6" },
      ],
      at(1),
    );
    await ingestJobs(
      db,
      accountId,
      [
        { external_id: "j7", company_domain: "acme.com" },
        { external_id: "j8", company_domain: "initech.com" },
      ],
      at(2),
    );
    expect(Object.keys(await statusesOf(db, once.webhook.id)).sort()).toEqual(["j1", "j3", "j5", "j6", "j8"]);
    expect(Object.keys(await statusesOf(db, every.webhook.id))).toHaveLength(8);
  });

  it("also holds when the webhook is created over existing records", async () => {
    const { db, accountId } = await createTestAccount({ credits: 100 });
    const search = await seedSearch(db, accountId, "job");
    await ingestJobs(db, accountId, [{ external_id: "x2", company_domain: "acme.com" }], at(2));
    await ingestJobs(db, accountId, [{ external_id: "x1", company_domain: "acme.com" }], at(1));
    const { webhook, detection } = await seedWebhook(db, accountId, search.id, { trigger_once_per_company: true, listening_start_time: null, now: at(3) });
    expect(detection).toEqual({ events_triggered: 1, events_not_triggered: 0 });
    expect(Object.keys(await statusesOf(db, webhook.id))).toEqual(["x1"]);
  });
});

describe("listening_start_time", () => {
  it("defaults to the creation time; null means every record ever; an edit re-runs detection", async () => {
    const { db, accountId } = await createTestAccount({ credits: 100 });
    const search = await seedSearch(db, accountId, "job");
    await ingestJobs(db, accountId, [{ external_id: "old-1" }, { external_id: "old-2" }], at(0));
    const fromNow = await seedWebhook(db, accountId, search.id, { now: at(1) });
    const fromStart = await seedWebhook(db, accountId, search.id, { listening_start_time: null, now: at(1) });
    const fromDate = await seedWebhook(db, accountId, search.id, { listening_start_time: at(2).toISOString(), now: at(1) });
    expect(fromNow.webhook.listeningStartTime?.toISOString()).toBe(at(1).toISOString());
    expect(fromNow.detection).toEqual({ events_triggered: 0, events_not_triggered: 0 });
    expect(fromStart.detection).toEqual({ events_triggered: 2, events_not_triggered: 0 });

    await ingestJobs(db, accountId, [{ external_id: "mid" }], at(1.5));
    await ingestJobs(db, accountId, [{ external_id: "new" }], at(3));
    expect(Object.keys(await statusesOf(db, fromNow.webhook.id)).sort()).toEqual(["mid", "new"]);
    expect(Object.keys(await statusesOf(db, fromStart.webhook.id)).sort()).toEqual(["mid", "new", "old-1", "old-2"]);
    expect(Object.keys(await statusesOf(db, fromDate.webhook.id)).sort()).toEqual(["new"]);

    const edited = await updateWebhook(db, accountId, fromNow.webhook.id, { listening_start_time: null }, { now: at(4) });
    expect(edited.detection.events_triggered).toBe(2);
    expect(Object.keys(await statusesOf(db, fromNow.webhook.id)).sort()).toEqual(["mid", "new", "old-1", "old-2"]);
    // Running detection again creates nothing twice.
    expect(await detectForWebhook(db, accountId, fromNow.webhook.id, { now: at(5) })).toEqual({ events_triggered: 0, events_not_triggered: 0 });
  });
});

describe("pause, enable and archive", () => {
  it("skips a paused webhook and, when it is enabled again, triggers what it missed and its not_triggered events", async () => {
    const { db, accountId } = await createTestAccount({ credits: 0 });
    const search = await seedSearch(db, accountId, "job");
    const { webhook } = await seedWebhook(db, accountId, search.id, { now: T0 });
    await ingestJobs(db, accountId, [{ external_id: "before" }], at(1));
    await setWebhookActive(db, accountId, webhook.id, false, { now: at(2) });
    // The top-up does not catch up a paused webhook's events.
    expect(await addCreditsAndCatchUp(db, accountId, 2, { now: at(3) })).toEqual({ balance: 2, events_triggered: 0 });
    expect(await ingestJobs(db, accountId, [{ external_id: "while-paused" }], at(4))).toMatchObject({ events_triggered: 0, events_not_triggered: 0 });
    expect(await statusesOf(db, webhook.id)).toEqual({ before: "not_triggered" });

    const enabled = await setWebhookActive(db, accountId, webhook.id, true, { now: at(5) });
    expect(enabled.webhook.isActive).toBe(true);
    expect(enabled.detection).toEqual({ events_triggered: 2, events_not_triggered: 0 });
    expect(await statusesOf(db, webhook.id)).toEqual({ before: "in_progress", "while-paused": "in_progress" });
    expect(await getCreditBalance(db, accountId)).toBe(0);
  });

  it("an archived webhook matches nothing", async () => {
    const { db, accountId } = await createTestAccount({ credits: 5 });
    const search = await seedSearch(db, accountId, "job");
    const { webhook } = await seedWebhook(db, accountId, search.id, { now: T0 });
    await updateWebhook(db, accountId, webhook.id, { is_archived: true }, { now: at(1) });
    expect(await ingestJobs(db, accountId, [{ external_id: "x" }], at(2))).toMatchObject({ events_triggered: 0, events_not_triggered: 0 });
    expect(await getCreditBalance(db, accountId)).toBe(5);
  });
});

describe("manual trigger of not_triggered events", () => {
  it("costs 1 credit each, oldest first, while credits last", async () => {
    const { db, accountId } = await createTestAccount({ credits: 0 });
    const search = await seedSearch(db, accountId, "job", { title_keywords: ["engineer"] });
    const { webhook } = await seedWebhook(db, accountId, search.id, { now: T0 });
    await ingestJobs(db, accountId, [{ external_id: "first" }], at(1));
    await ingestJobs(db, accountId, [{ external_id: "second" }], at(2));
    const rows = await db.select().from(events).where(eq(events.webhookId, webhook.id)).orderBy(events.detectedAt);
    const ids = rows.map((r) => r.id);
    expect(await triggerNotTriggeredEvents(db, accountId, ids)).toEqual({ triggered: [], insufficient_credits: ids });

    // Credits added while the search no longer matches: the top-up's catch-up skips them...
    await updateSearch(db, accountId, search.id, searchUpdateSchema.parse({ filters: { title_keywords: ["designer"] } }), { now: at(3) });
    expect(await addCreditsAndCatchUp(db, accountId, 1, { now: at(3) })).toEqual({ balance: 1, events_triggered: 0 });
    // ...but a manual trigger is the user's call.
    expect(await triggerNotTriggeredEvents(db, accountId, [ids[1], ids[0]])).toEqual({ triggered: [ids[0]], insufficient_credits: [ids[1]] });
    expect(await getCreditBalance(db, accountId)).toBe(0);
    const other = await createTestAccount({ credits: 5 });
    expect(await triggerNotTriggeredEvents(db, other.accountId, [ids[1]])).toEqual({ triggered: [], insufficient_credits: [] });
  });
});

describe("editing a search", () => {
  it("refuses a type change and re-runs detection for its webhooks when filters widen", async () => {
    const { db, accountId } = await createTestAccount({ credits: 10 });
    const search = await seedSearch(db, accountId, "job", { title_keywords: ["rust"] });
    const { webhook } = await seedWebhook(db, accountId, search.id, { listening_start_time: null, now: T0 });
    await ingestJobs(db, accountId, [{ external_id: "py", title: "Python dev" }, { external_id: "rs", title: "Rust dev" }], at(1));
    expect(Object.keys(await statusesOf(db, webhook.id))).toEqual(["rs"]);
    await expect(updateSearch(db, accountId, search.id, searchUpdateSchema.parse({ type: "company" }))).rejects.toMatchObject({ code: "conflict" });
    const result = await updateSearch(db, accountId, search.id, searchUpdateSchema.parse({ filters: { title_keywords: ["rust", "python"] } }), { now: at(2) });
    expect(result.events_triggered).toBe(1);
    expect(Object.keys(await statusesOf(db, webhook.id)).sort()).toEqual(["py", "rs"]);
    await expect(updateSearch(db, accountId, search.id, searchUpdateSchema.parse({ filters: { name_keywords: ["x"] } }))).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringMatching(/^filters: /),
    });
  });
});
