import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTestAccount } from "@/test/fixtures";
import { countMatchingRecordsBySearch } from "@/lib/matching/preview";
import { detectForWebhook } from "@/lib/matching/detect";
import { DEMO_WEBHOOKS } from "@/lib/demo/scenario";
import { query } from "../../db/client";
import { demoTimeline, hasDemoWebhooks, seedDemoAccount, updateDemoWebhookUrls } from "./seed";

const NOW = new Date("2025-03-14T12:00:00Z");
const BASE = "http://localhost:3999";

type Row = { webhook: string; status: string; n: number; attempts: number };
const nameOf = (key: string) => DEMO_WEBHOOKS.find((w) => w.key === key)!.name;

/** Event counts by demo webhook key (crm, n8n, enrichment, warehouse, slack) and status. */
async function eventsByWebhook(accountId: string, where = sql`true`): Promise<Row[]> {
  const db = (await createTestAccount()).db;
  const rows = await query<Row>(
    db,
    sql`SELECT w.name AS webhook, e.status::text AS status, count(*)::int AS n, sum(e.attempt_count)::int AS attempts
      FROM events e JOIN webhooks w ON w.id = e.webhook_id
      WHERE e.account_id = ${accountId}::uuid AND ${where}
      GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return rows.map((row) => ({ ...row, webhook: DEMO_WEBHOOKS.find((w) => w.name === row.webhook)!.key }));
}

describe("demo seed", () => {
  it("builds 30 days of history in all four statuses that tells the demo's story", async () => {
    const { db, accountId } = await createTestAccount();
    const started = Date.now();
    const result = await seedDemoAccount(db, { accountId, receiverBaseUrl: BASE, now: NOW, volume: 0.5 });
    const elapsed = Date.now() - started;
    expect(result.seeded).toBe(true);
    if (!result.seeded) return;
    // ~2 s on an idle machine at full volume; generous for busy CI runners.
    expect(elapsed).toBeLessThan(30_000);
    const timeline = demoTimeline(NOW);

    const searches = await query<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM searches WHERE account_id = ${accountId}::uuid`);
    expect(searches[0].n).toBe(3);
    const webhooks = await query<{ url: string; is_active: boolean }>(
      db,
      sql`SELECT url, is_active FROM webhooks WHERE account_id = ${accountId}::uuid ORDER BY url, is_active`,
    );
    expect(webhooks).toEqual([
      ...["down", "flaky"].map((kind) => ({ url: `${BASE}/api/demo/receivers/${kind}`, is_active: true })),
      { url: `${BASE}/api/demo/receivers/ok`, is_active: false },
      { url: `${BASE}/api/demo/receivers/ok`, is_active: true },
      { url: `${BASE}/api/demo/receivers/slow`, is_active: true },
    ]);

    const rows = await eventsByWebhook(accountId);
    const count = (webhook: string, status: string) => rows.find((r) => r.webhook === webhook && r.status === status)?.n ?? 0;
    for (const status of ["success", "failed", "not_triggered", "in_progress"]) {
      expect(rows.some((r) => r.status === status), status).toBe(true);
    }
    // The healthy CRM webhook: mostly success; its only failures are the 20-minute 502 stretch.
    expect(count("crm", "success")).toBeGreaterThan(1000);
    // The enrichment endpoint is down: nothing ever succeeds.
    expect(count("enrichment", "success")).toBe(0);
    expect(count("enrichment", "failed")).toBeGreaterThan(100);
    // flaky: retries make most events succeed in the end, after extra attempts.
    const flakySuccess = rows.find((r) => r.webhook === "n8n" && r.status === "success")!;
    expect(flakySuccess.attempts).toBeGreaterThan(flakySuccess.n * 1.2);
    expect(count("warehouse", "success")).toBeGreaterThan(50);
    // The paused Slack webhook: its last events wait, in progress, and it detected nothing since.
    expect(count("slack", "in_progress")).toBeGreaterThanOrEqual(4);
    expect(count("slack", "failed")).toBe(0);
    const afterPause = await eventsByWebhook(
      accountId,
      sql`w.name = ${nameOf("slack")} AND e.detected_at >= ${new Date(NOW.getTime() - 25 * 60_000).toISOString()}::timestamptz`,
    );
    expect(afterPause).toEqual([]);

    // Events per day, every day of the 30.
    const perDay = await query<{ day: string; n: number }>(
      db,
      sql`SELECT date_trunc('day', detected_at, 'UTC')::text AS day, count(*)::int AS n FROM events
        WHERE account_id = ${accountId}::uuid GROUP BY 1`,
    );
    expect(perDay.length).toBeGreaterThanOrEqual(30);

    // not_triggered exactly during the two days without credits, and nothing else then.
    const outside = await eventsByWebhook(
      accountId,
      sql`e.status = 'not_triggered' AND (e.detected_at < ${new Date(timeline.outageStart).toISOString()}::timestamptz
        OR e.detected_at >= ${new Date(timeline.outageEnd).toISOString()}::timestamptz)`,
    );
    expect(outside).toEqual([]);
    const during = await eventsByWebhook(
      accountId,
      sql`e.detected_at >= ${new Date(timeline.outageStart).toISOString()}::timestamptz
        AND e.detected_at < ${new Date(timeline.outageEnd).toISOString()}::timestamptz`,
    );
    expect(during.every((r) => r.status === "not_triggered")).toBe(true);
    expect(during.reduce((sum, r) => sum + r.n, 0)).toBeGreaterThan(50);

    // Older failures of the down webhook have exhausted their retries; recent ones have one due.
    const down = await query<{ exhausted: number; bad_exhausted: number; pending: number; bad_pending: number }>(
      db,
      sql`SELECT
          count(*) FILTER (WHERE e.detected_at < ${new Date(NOW.getTime() - 50 * 3_600_000).toISOString()}::timestamptz)::int AS exhausted,
          count(*) FILTER (WHERE e.detected_at < ${new Date(NOW.getTime() - 50 * 3_600_000).toISOString()}::timestamptz
            AND (e.attempt_count <> 49 OR e.next_attempt_at IS NOT NULL))::int AS bad_exhausted,
          count(*) FILTER (WHERE e.detected_at > ${new Date(NOW.getTime() - 47 * 3_600_000).toISOString()}::timestamptz)::int AS pending,
          count(*) FILTER (WHERE e.detected_at > ${new Date(NOW.getTime() - 47 * 3_600_000).toISOString()}::timestamptz
            AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= ${NOW.toISOString()}::timestamptz))::int AS bad_pending
        FROM events e JOIN webhooks w ON w.id = e.webhook_id
        WHERE e.account_id = ${accountId}::uuid AND e.status = 'failed' AND w.name = ${nameOf("enrichment")}`,
    );
    expect(down[0].exhausted).toBeGreaterThan(50);
    expect(down[0].bad_exhausted).toBe(0);
    expect(down[0].pending).toBeGreaterThan(0);
    expect(down[0].bad_pending).toBe(0);

    // The healthy webhook's failures: 502s from 100 to 80 minutes ago, a retry due in the next hour.
    const okFailed = await query<{ n: number; attempts: number; status: number; due_soon: number }>(
      db,
      sql`SELECT count(*)::int AS n, min(e.attempt_count)::int AS attempts, min(e.last_response_status)::int AS status,
          count(*) FILTER (WHERE e.next_attempt_at > ${NOW.toISOString()}::timestamptz
            AND e.next_attempt_at < ${new Date(NOW.getTime() + 3_600_000).toISOString()}::timestamptz)::int AS due_soon
        FROM events e JOIN webhooks w ON w.id = e.webhook_id
        WHERE e.account_id = ${accountId}::uuid AND e.status = 'failed' AND w.name = ${nameOf("crm")}`,
    );
    expect(okFailed[0].n).toBeGreaterThan(0);
    expect(okFailed[0]).toMatchObject({ attempts: 2, status: 502, due_soon: okFailed[0].n });

    // Attempts: one row per counted attempt, the last one matching the event; slow ones take ~3 s.
    const attempts = await query<{ attempts: number; counted: number; mismatched: number; slow_p50: number }>(
      db,
      sql`SELECT
          (SELECT count(*)::int FROM attempts WHERE account_id = ${accountId}::uuid) AS attempts,
          (SELECT sum(attempt_count)::int FROM events WHERE account_id = ${accountId}::uuid) AS counted,
          (SELECT count(*)::int FROM events e WHERE e.account_id = ${accountId}::uuid AND e.attempt_count > 0 AND NOT EXISTS (
            SELECT 1 FROM attempts a WHERE a.event_id = e.id AND a.started_at = e.last_attempt_at
              AND a.response_status = e.last_response_status AND a.is_success = (e.status = 'success'))) AS mismatched,
          (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a.duration_ms)::int FROM attempts a JOIN webhooks w ON w.id = a.webhook_id
            WHERE a.account_id = ${accountId}::uuid AND w.url LIKE '%/slow') AS slow_p50`,
    );
    expect(attempts[0].attempts).toBe(attempts[0].counted);
    expect(attempts[0].attempts).toBe(result.attempts);
    expect(attempts[0].mismatched).toBe(0);
    expect(attempts[0].slow_p50).toBeGreaterThanOrEqual(3000);
    expect(attempts[0].slow_p50).toBeLessThan(3300);

    // The rollups (kept by triggers) agree with the events, so the Usage page shows the same story.
    const rollup = await query<{ events: number; executions: number }>(
      db,
      sql`SELECT sum(events)::int AS events, sum(executions)::int AS executions FROM account_event_rollups_hourly
        WHERE account_id = ${accountId}::uuid`,
    );
    expect(rollup[0].events).toBe(result.events);
    expect(rollup[0].executions).toBe(result.attempts);

    // Credits: the ledger sums to the balance, which is zero through the outage and healthy now.
    const credits = await query<{ balance: number; ledger: number; at_outage: number }>(
      db,
      sql`SELECT a.credits::int AS balance,
          (SELECT sum(amount)::int FROM credit_transactions WHERE account_id = a.id) AS ledger,
          (SELECT sum(amount)::int FROM credit_transactions WHERE account_id = a.id
            AND created_at < ${new Date(timeline.outageStart + 3_600_000).toISOString()}::timestamptz) AS at_outage
        FROM accounts a WHERE a.id = ${accountId}::uuid`,
    );
    expect(credits[0].balance).toBe(result.credits);
    expect(credits[0].ledger).toBe(credits[0].balance);
    expect(credits[0].at_outage).toBe(0);
    expect(credits[0].balance).toBeGreaterThan(20_000);

    expect(await hasDemoWebhooks(db, accountId)).toBe(true);
  });

  it("seeds once: a second call, even a concurrent one, leaves the first one's data alone", async () => {
    const { db, accountId } = await createTestAccount();
    const results = await Promise.all([
      seedDemoAccount(db, { accountId, receiverBaseUrl: BASE, now: NOW, days: 3, volume: 0.1 }),
      seedDemoAccount(db, { accountId, receiverBaseUrl: BASE, now: NOW, days: 3, volume: 0.1 }),
    ]);
    expect(results.filter((r) => r.seeded).length).toBe(1);
    const again = await seedDemoAccount(db, { accountId, receiverBaseUrl: BASE, now: NOW, days: 3, volume: 0.1 });
    expect(again.seeded).toBe(false);
    const counts = await query<{ searches: number; webhooks: number }>(
      db,
      sql`SELECT (SELECT count(*)::int FROM searches WHERE account_id = ${accountId}::uuid) AS searches,
          (SELECT count(*)::int FROM webhooks WHERE account_id = ${accountId}::uuid) AS webhooks`,
    );
    expect(counts[0]).toEqual({ searches: 3, webhooks: 5 });
  });

  it("gives events to exactly the records the real matcher matches", async () => {
    const { db, accountId } = await createTestAccount();
    const result = await seedDemoAccount(db, { accountId, receiverBaseUrl: BASE, now: NOW, days: 4, volume: 0.5 });
    if (!result.seeded) throw new Error("not seeded");
    // Detection for a webhook creates the events its matching records lack: none.
    const { slack, ...active } = result.webhookIds;
    for (const webhookId of Object.values(active)) {
      expect(await detectForWebhook(db, accountId, webhookId, { now: NOW })).toEqual({ events_triggered: 0, events_not_triggered: 0 });
    }
    // And no event went to a record the search does not match.
    const matching = await countMatchingRecordsBySearch(db, accountId, Object.values(result.searchIds), { now: NOW });
    const perWebhook = await query<{ search_id: string; n: number }>(
      db,
      sql`SELECT w.search_id, count(*)::int AS n FROM events e JOIN webhooks w ON w.id = e.webhook_id
        WHERE e.account_id = ${accountId}::uuid AND w.id <> ${slack}::uuid GROUP BY w.id, w.search_id`,
    );
    expect(perWebhook.length).toBe(4);
    for (const row of perWebhook) expect(row.n).toBe(matching.get(row.search_id));
  });

  it("leaves an account that already has searches alone", async () => {
    const { db, accountId } = await createTestAccount();
    await db.execute(sql`INSERT INTO searches (account_id, name, type) VALUES (${accountId}::uuid, 'mine', 'job')`);
    expect((await seedDemoAccount(db, { accountId, receiverBaseUrl: BASE, now: NOW, days: 2 })).seeded).toBe(false);
    expect(await hasDemoWebhooks(db, accountId)).toBe(false);
  });

  it("re-points the demo webhooks at the current port", async () => {
    const { db, accountId } = await createTestAccount();
    await seedDemoAccount(db, { accountId, receiverBaseUrl: BASE, now: NOW, days: 1, volume: 0.1 });
    expect(await updateDemoWebhookUrls(db, accountId, "http://localhost:4123/")).toBe(5);
    expect(await updateDemoWebhookUrls(db, accountId, "http://localhost:4123")).toBe(0);
    const urls = await query<{ url: string }>(db, sql`SELECT url FROM webhooks WHERE account_id = ${accountId}::uuid ORDER BY url`);
    expect(urls.map((u) => u.url)).toContain("http://localhost:4123/api/demo/receivers/flaky");
  });
});
