// Text search on a webhook's list: a common word is answered from the newest events, a rare one from
// the indexes; either way a page holds exactly the matching events in list order, and both match by
// words the same way.
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs, type EventStatus } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { seedWebhookEvents } from "@/test/events";
import { findWebhookEvents, searchAccountEvents, searchWebhookEvents, TEXT_WALK_EVENTS } from "./event-search";
import { lookUpCandidates, SearchTooBroadError } from "./event-search-text";
import { listWebhookEvents } from "./events";
import { refusedSearchOf, refusingBroadSearch } from "@/lib/events/service";

describe("searchWebhookEvents with text", () => {
  it("pages through a common word's matches in list order, with the other filters applied", async () => {
    const { db, accountId } = await createTestAccount();
    const count = 90;
    const statuses = Array.from({ length: count }, (_, i): EventStatus => (i % 2 === 0 ? "failed" : "success"));
    const { webhook, jobRows, eventRows } = await seedWebhookEvents(db, accountId, statuses);
    // Every third record is a designer job; one more matches only by its company name.
    const designers = jobRows.filter((_, i) => i % 3 === 0).map((job) => job.id);
    await db.update(jobs).set({ title: "Product Designer" }).where(inArray(jobs.id, designers));
    await db.update(jobs).set({ companyName: "Designer Studio" }).where(eq(jobs.id, jobRows[1].id));
    const matching = eventRows.map((event, i) => ({ id: event.id, i, status: event.status })).filter(({ i }) => i % 3 === 0 || i === 1);
    expect(TEXT_WALK_EVENTS).toBeGreaterThan(count);

    // Walked (the whole list is fewer events than a walk reads), and looked up by index (a walk of
    // 5 events holds no page of 10): the same pages.
    for (const walkEvents of [undefined, 5]) {
      const pages = [];
      for (let offset = 0; offset < matching.length + 10; offset += 10) {
        const rows = await searchWebhookEvents(db, { accountId, webhookId: webhook.id, filter: { q: "designer" }, page: { offset, limit: 10 }, walkEvents });
        pages.push(...rows.map((row) => row.id));
      }
      expect(pages, `walkEvents ${walkEvents}`).toEqual(matching.map((m) => m.id));
    }
    // The total: exact when the walk reached the list's end or the indexes answered; a lower bound
    // (capped) when the walk held the page but older events were not read.
    const cap = 1_000;
    const whole = await findWebhookEvents(db, { accountId, webhookId: webhook.id, filter: { q: "designer" }, page: { offset: 0, limit: 10 }, cap });
    expect(whole).toMatchObject({ total: matching.length, isCapped: false });
    const looked = await findWebhookEvents(db, { accountId, webhookId: webhook.id, filter: { q: "designer" }, page: { offset: 0, limit: 10 }, cap, walkEvents: 5 });
    expect(looked).toMatchObject({ total: matching.length, isCapped: false });
    expect(looked.rows.map((row) => row.id)).toEqual(whole.rows.map((row) => row.id));
    // 30 newest events hold 11 matches (events 0, 1, 3, …, 27): a page of 5 from them, "11+".
    const partial = await findWebhookEvents(db, { accountId, webhookId: webhook.id, filter: { q: "designer" }, page: { offset: 5, limit: 5 }, cap, walkEvents: 30 });
    expect(partial).toMatchObject({ total: 11, isCapped: true });
    expect(partial.rows.map((row) => row.id)).toEqual(matching.slice(5, 10).map((m) => m.id));
    // The account-wide list pages by cursor: the same matches, in the same order (its newest events first too).
    for (const walkEvents of [undefined, 5]) {
      const accountPages: string[] = [];
      let before: { detectedAt: string; id: string } | undefined;
      for (let i = 0; i < 10; i++) {
        const rows = await searchAccountEvents(db, { accountId, filter: { q: "designer" }, page: { before, limit: 10 }, walkEvents });
        accountPages.push(...rows.map((row) => row.id));
        if (rows.length < 10) break;
        const [detectedAt, id] = rows[rows.length - 1].cursor.split("_");
        before = { detectedAt, id };
      }
      expect(accountPages, `walkEvents ${walkEvents}`).toEqual(matching.map((m) => m.id));
    }

    for (const walkEvents of [undefined, 3]) {
      const failed = await searchWebhookEvents(db, { accountId, webhookId: webhook.id, filter: { q: "DESIGNER", status: "failed" }, page: { offset: 0, limit: 5 }, walkEvents });
      expect(failed.map((row) => row.id)).toEqual(matching.filter((m) => m.status === "failed").slice(0, 5).map((m) => m.id));
      // A rare word (one record) still finds its event.
      const rare = await searchWebhookEvents(db, { accountId, webhookId: webhook.id, filter: { q: "Engineer 89" }, page: { offset: 0, limit: 10 }, walkEvents });
      expect(rare.map((row) => row.id)).toEqual([eventRows[89].id]);
    }
    const byExternalId = await searchWebhookEvents(db, { accountId, webhookId: webhook.id, filter: { q: jobRows[3].externalId }, page: { offset: 0, limit: 10 } });
    expect(byExternalId.map((row) => row.id)).toEqual([eventRows[3].id]);
  });

  it("matches whole words, the last one also as a beginning, the same from the newest events and from the indexes", async () => {
    const { db, accountId } = await createTestAccount();
    const { webhook, jobRows, eventRows } = await seedWebhookEvents(db, accountId, Array<EventStatus>(12).fill("success"));
    await db.update(jobs).set({ title: "Senior Data Engineer", companyName: "Ünïcode GmbH" }).where(eq(jobs.id, jobRows[2].id));
    await db.update(jobs).set({ title: "Data-Platform Engineer", companyName: "O'Brien & Sons" }).where(eq(jobs.id, jobRows[7].id));
    const find = async (q: string) => {
      // A walk of one event holds no page of 10: the indexes answer; by default the walk reads all 12.
      const indexed = await searchWebhookEvents(db, { accountId, webhookId: webhook.id, filter: { q }, page: { offset: 0, limit: 10 }, walkEvents: 1 });
      const walked = await searchWebhookEvents(db, { accountId, webhookId: webhook.id, filter: { q }, page: { offset: 0, limit: 10 } });
      expect(walked.map((row) => row.id)).toEqual(indexed.map((row) => row.id));
      for (const walkEvents of [undefined, 1]) {
        const accountWide = await searchAccountEvents(db, { accountId, filter: { q }, page: { limit: 10 }, walkEvents });
        expect(new Set(accountWide.map((row) => row.id))).toEqual(new Set(indexed.map((row) => row.id)));
      }
      return indexed.map((row) => row.id);
    };
    const both = [eventRows[2].id, eventRows[7].id]; // list order: event i was detected i minutes ago
    expect(await find("data engineer")).toEqual(both);
    expect(await find("DATA eng")).toEqual(both);
    expect(await find("data platform")).toEqual([eventRows[7].id]);
    expect(await find("senior")).toEqual([eventRows[2].id]);
    expect(await find("ünïcode")).toEqual([eventRows[2].id]);
    expect(await find("o'brien")).toEqual([eventRows[7].id]);
    // Only the last word may be a beginning, and nothing matches inside a word.
    expect(await find("dat engineer")).toEqual([]);
    expect(await find("gineer")).toEqual([]);
    // Query syntax is text, never an operator: no error, no match beyond the words.
    for (const q of ["!", "& | !", "engineer:*", "'", "\\", "(", "data <-> engineer", "%", "_"]) {
      const rows = await find(q);
      if (q === "engineer:*" || q === "data <-> engineer") expect(rows.length).toBeGreaterThan(0);
      else expect(rows).toEqual([]);
    }
  });

  it("reads nothing of another team's webhook, whatever the filter, page or search", async () => {
    const { db, accountId } = await createTestAccount();
    const stranger = await createTestAccount();
    const { webhook } = await seedWebhookEvents(db, accountId, ["failed", "success", "failed"]);
    const mine = await listWebhookEvents(db, { accountId, webhookId: webhook.id, offset: 1, limit: 10 });
    expect(mine).toHaveLength(2);
    expect(await listWebhookEvents(db, { accountId: stranger.accountId, webhookId: webhook.id, limit: 10 })).toEqual([]);
    for (const filter of [{}, { status: "failed" as const }, { response: "5xx" as const }, { httpStatus: 500 }, { q: "engineer" }, { q: mine[0].id }]) {
      const found = await findWebhookEvents(db, { accountId: stranger.accountId, webhookId: webhook.id, filter, page: { offset: 0, limit: 10 }, cap: 100 });
      expect(found, JSON.stringify(filter)).toMatchObject({ rows: [], total: 0 });
      expect(await searchAccountEvents(db, { accountId: stranger.accountId, filter: { ...filter, webhookId: webhook.id }, page: { limit: 10 } })).toEqual([]);
    }
  });

  it("refuses, naming q, a word lookup that runs past its time instead of holding the request (PostgreSQL: PGlite has no statement timeout)", { skip: !process.env.DATABASE_URL }, async () => {
    const { db, accountId } = await createTestAccount();
    // Every record's company is "Company …": the word names all 100,000 of them, and the team has a
    // webhook (with none, PostgreSQL skips the lookup altogether: nothing to join its records to).
    await seedWebhookEvents(db, accountId, ["success"]);
    await db.execute(sql`insert into jobs (account_id, external_id, title, company_name, data)
      select ${accountId}, 'broad-' || g, 'Role ' || g, 'Company ' || g, '{}'::jsonb from generate_series(1, 100000) g`);
    await db.execute(sql`analyze jobs`);
    const webhooks = sql`select id from webhooks where account_id = ${accountId}`;
    const started = performance.now();
    const refused = await lookUpCandidates(db, accountId, "company", webhooks, { timeoutMs: 1 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SearchTooBroadError);
    expect(performance.now() - started).toBeLessThan(1_000);
    // The API and the pages answer it as a refused field.
    const answered = await refusingBroadSearch(Promise.reject(refused)).catch((error: unknown) => error);
    expect(answered).toMatchObject({ code: "invalid_request", details: [{ path: "q" }] });
    // …and the pages show it under the search box, wrapped or not.
    expect(refusedSearchOf(answered)).toEqual({ path: "q", message: (refused as Error).message });
    expect(refusedSearchOf(refused)).toEqual(refusedSearchOf(answered));
    expect(refusedSearchOf(new Error("other"))).toBeNull();
    // With its usual time the same lookup answers (the connection is not left with the short timeout).
    await expect(lookUpCandidates(db, accountId, "company", webhooks)).resolves.toBeInstanceOf(Array);
  });
});
