// The rules the database itself enforces, on whichever driver the run uses.
import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { accounts, companies, events, jobs, searches, webhooks } from "./schema";
import { createTestAccount } from "@/test/fixtures";
import { query } from "./client";

async function seedWebhookAndJob() {
  const { db, accountId } = await createTestAccount({ credits: 3 });
  const [search] = await db.insert(searches).values({ accountId, name: "All jobs", type: "job" }).returning();
  const [webhook] = await db
    .insert(webhooks)
    .values({ accountId, searchId: search.id, name: "hook", url: "http://127.0.0.1:9/hook", secret: "whsec_test" })
    .returning();
  const [job] = await db
    .insert(jobs)
    .values({ accountId, externalId: "job-1", title: "Data engineer", data: { external_id: "job-1" } })
    .returning();
  return { db, accountId, webhook, job };
}

async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return `${(error as Error).message} ${cause?.message ?? ""}`;
  }
  throw new Error("expected the statement to be refused");
}

describe("schema rules", () => {
  it("refuses a second event for the same webhook and record", async () => {
    const { db, accountId, webhook, job } = await seedWebhookAndJob();
    await db.insert(events).values({ accountId, webhookId: webhook.id, type: "job", jobId: job.id, status: "in_progress" });
    const message = await errorOf(
      db.insert(events).values({ accountId, webhookId: webhook.id, type: "job", jobId: job.id, status: "not_triggered" }),
    );
    expect(message).toMatch(/events_job_webhook_idx|duplicate key/);
    const rows = await db.select().from(events).where(eq(events.webhookId, webhook.id));
    expect(rows).toHaveLength(1);
  });

  it("refuses a balance below zero", async () => {
    const { db, accountId } = await createTestAccount({ credits: 2 });
    const message = await errorOf(
      db.update(accounts).set({ credits: sql`${accounts.credits} - 3` }).where(eq(accounts.id, accountId)),
    );
    expect(message).toMatch(/accounts_credits_non_negative/);
    const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(account.credits).toBe(2);
  });

  it("keeps one record per account, type and external id", async () => {
    const { db, accountId } = await createTestAccount();
    await db.insert(jobs).values({ accountId, externalId: "same", title: "A", data: {} });
    await db.insert(companies).values({ accountId, externalId: "same", name: "B", data: {} });
    const message = await errorOf(db.insert(jobs).values({ accountId, externalId: "same", title: "C", data: {} }));
    expect(message).toMatch(/jobs_account_external_id_idx|duplicate key/);
    const other = await createTestAccount();
    await db.insert(jobs).values({ accountId: other.accountId, externalId: "same", title: "D", data: {} });
  });

  it("refuses an event that names no record or two", async () => {
    const { db, accountId, webhook } = await seedWebhookAndJob();
    const message = await errorOf(db.insert(events).values({ accountId, webhookId: webhook.id, type: "job", status: "in_progress" }));
    expect(message).toMatch(/events_one_record/);
  });

  it("keeps the hourly rollups equal to a GROUP BY over events through inserts, updates and deletes", async () => {
    const { db, accountId, webhook, job } = await seedWebhookAndJob();
    const [job2] = await db.insert(jobs).values({ accountId, externalId: "job-2", title: "B", data: {} }).returning();
    await db.insert(events).values([
      { accountId, webhookId: webhook.id, type: "job", jobId: job.id, status: "in_progress" },
      { accountId, webhookId: webhook.id, type: "job", jobId: job2.id, status: "not_triggered" },
    ]);
    await db
      .update(events)
      .set({ status: "failed", attemptCount: sql`${events.attemptCount} + 1` })
      .where(eq(events.jobId, job.id));
    await db.update(events).set({ leaseId: null }).where(eq(events.webhookId, webhook.id));
    await db.delete(events).where(eq(events.jobId, job2.id));
    await db.insert(events).values({ accountId, webhookId: webhook.id, type: "job", jobId: job2.id, status: "success", attemptCount: 2 });

    const raw = await query<{ status: string; events: string; executions: string }>(
      db,
      sql`select status, count(*)::text as events, sum(attempt_count)::text as executions
          from events where account_id = ${accountId} group by status order by status`,
    );
    const rolled = await query<{ status: string; events: string; executions: string }>(
      db,
      sql`select status, sum(events)::text as events, sum(executions)::text as executions
          from event_rollups_hourly where account_id = ${accountId} group by status having sum(events) <> 0 order by status`,
    );
    const accountRolled = await query<{ status: string; events: string; executions: string }>(
      db,
      sql`select status, sum(events)::text as events, sum(executions)::text as executions
          from account_event_rollups_hourly where account_id = ${accountId} group by status having sum(events) <> 0 order by status`,
    );
    expect(raw).toEqual([
      { status: "success", events: "1", executions: "2" },
      { status: "failed", events: "1", executions: "1" },
    ]);
    expect(rolled).toEqual(raw);
    expect(accountRolled).toEqual(raw);
  });
});
