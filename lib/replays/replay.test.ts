// Bulk replays end to end in one process: the REST routes, the runner feeding the normal delivery
// run, a real receiver. (replay-restart.test.ts does the same across a server restart.)
import { afterEach, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { attempts, auditLog, events, replayJobs } from "@/db/schema";
import { countReplayEventsByState } from "@/db/queries/replays";
import { callRoute } from "@/test/api";
import { createTestAccount } from "@/test/fixtures";
import { startReceiver, type Receiver } from "@/test/receiver";
import { seedFailedEvents } from "../../test/replays";
import { runDeliveryCycle } from "@/lib/delivery/run-cycle";
import type { Db } from "@/db/client";
import { POST as retry } from "@/app/api/v1/webhooks/events/retry/route";
import { GET as getReplay } from "@/app/api/v1/replays/[id]/route";
import { POST as cancelReplay } from "@/app/api/v1/replays/[id]/cancel/route";
import { advanceReplayJobs } from "./runner";

const PATH = "/api/v1/webhooks/events/retry";
let receiver: Receiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function runUntilFinished(db: Db, accountId: string, jobId: string, options: { window?: number; maxRounds?: number } = {}) {
  for (let round = 0; round < (options.maxRounds ?? 200); round += 1) {
    await advanceReplayJobs(db, { window: options.window });
    await runDeliveryCycle(db, { accountId, budgetMs: 2_000, timeoutMs: 5_000, perHostConcurrency: 8, perWebhookConcurrency: 8 });
    const [job] = await db.select().from(replayJobs).where(eq(replayJobs.id, jobId));
    if (job.status !== "running") return job;
  }
  throw new Error("the replay did not finish");
}

// The first test also pays for migrating the in-memory database on a busy machine.
describe("bulk replay jobs", { timeout: 90_000 }, () => {
  it("dry-runs, then replays every failed event the filter selects once, and reports progress", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    receiver = await startReceiver({ mode: { kind: "ok" } });
    const seeded = await seedFailedEvents(db, accountId, `${receiver.url}/hook`, "whsec_dGVzdHRlc3R0ZXN0dGVzdA==", 30);
    // Another webhook's failed events, outside the filter.
    const other = await seedFailedEvents(db, accountId, `${receiver.url}/other`, "whsec_dGVzdHRlc3R0ZXN0dGVzdA==", 5);
    const filter = { webhook_id: seeded.webhook.id, http_status: 503 };

    const dry = await callRoute(retry, { method: "POST", path: PATH, apiKey, body: { filter, dry_run: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dry_run: true, count: 30, credits: 0 });
    expect(dry.body.explanation).toContain("48-hour");
    expect(await db.select().from(replayJobs).where(eq(replayJobs.accountId, accountId))).toEqual([]);

    const created = await callRoute(retry, { method: "POST", path: PATH, apiKey, body: { filter } });
    expect(created.status).toBe(202);
    const job = created.body.job;
    expect(job).toMatchObject({ status: "running", total: 30, delivered: 0, failed: 0, remaining: 30, created_by: { type: "api_key", name: "test" } });

    const finished = await runUntilFinished(db, accountId, job.id, { window: 7 });
    expect(finished).toMatchObject({ status: "completed", delivered: 30, failed: 0, skipped: 0 });
    const counts = receiver.countsById();
    for (const id of seeded.eventIds) expect(counts.get(id), id).toBe(1);
    for (const id of other.eventIds) expect(counts.get(id) ?? 0).toBe(0);
    const rows = await db.select({ status: events.status, count: events.attemptCount }).from(events).where(inArray(events.id, seeded.eventIds));
    expect(rows.every((row) => row.status === "success" && row.count === 2)).toBe(true);

    const read = await callRoute(getReplay, { path: `/api/v1/replays/${job.id}`, apiKey, params: { id: job.id } });
    expect(read.body).toMatchObject({ id: job.id, status: "completed", delivered: 30, remaining: 0 });
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.accountId, accountId), eq(auditLog.action, "events.replay_started")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetId: job.id, actorName: "test" });

    // Running the runner again replays nothing more.
    await advanceReplayJobs(db);
    await runDeliveryCycle(db, { accountId, budgetMs: 500 });
    expect(receiver.requests.length).toBe(30);
  });

  it("recovers since a time, counts failures, and can be cancelled with the rest never sent", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    receiver = await startReceiver({ mode: { kind: "status", status: 500 } });
    const seeded = await seedFailedEvents(db, accountId, `${receiver.url}/hook`, "whsec_dGVzdHRlc3R0ZXN0dGVzdA==", 20);
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const created = await callRoute(retry, { method: "POST", path: PATH, apiKey, body: { since, webhook_id: seeded.webhook.id } });
    expect(created.status).toBe(202);
    const jobId = created.body.job.id;
    expect(created.body.job).toMatchObject({ kind: "since", total: 20 });

    // Two rounds of at most 4 queued events each, then cancel.
    for (let round = 0; round < 2; round += 1) {
      await advanceReplayJobs(db, { window: 4 });
      await runDeliveryCycle(db, { accountId, budgetMs: 2_000, timeoutMs: 5_000 });
    }
    await advanceReplayJobs(db, { window: 0 });
    const cancelled = await callRoute(cancelReplay, { method: "POST", path: `/api/v1/replays/${jobId}/cancel`, apiKey, params: { id: jobId } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: "cancelled", failed: 8, delivered: 0, remaining: 12, cancelled_by: "test" });
    const again = await callRoute(cancelReplay, { method: "POST", path: `/api/v1/replays/${jobId}/cancel`, apiKey, params: { id: jobId } });
    expect(again.status).toBe(409);

    for (let round = 0; round < 3; round += 1) {
      await advanceReplayJobs(db);
      await runDeliveryCycle(db, { accountId, budgetMs: 500 });
    }
    expect(receiver.requests.length).toBe(8);
    expect(await countReplayEventsByState(db, jobId)).toEqual({ failed: 8, pending: 12 });
    // Failed replays keep the retry schedule: still failed, retried within the window, one more attempt each.
    const replayed = await db.select().from(attempts).where(inArray(attempts.eventId, seeded.eventIds));
    expect(replayed).toHaveLength(8);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.accountId, accountId), eq(auditLog.action, "events.replay_cancelled")));
    expect(audit).toHaveLength(1);
  });

  it("a cancel gives queued but unsent events their retry time back, and they are never sent", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    receiver = await startReceiver({ mode: { kind: "ok" } });
    const seeded = await seedFailedEvents(db, accountId, `${receiver.url}/hook`, "whsec_dGVzdHRlc3R0ZXN0dGVzdA==", 6);
    const before = await db.select({ id: events.id, due: events.nextAttemptAt }).from(events).where(inArray(events.id, seeded.eventIds));
    const created = await callRoute(retry, { method: "POST", path: PATH, apiKey, body: { filter: { webhook_id: seeded.webhook.id } } });
    const jobId = created.body.job.id;
    await advanceReplayJobs(db, { window: 4 });
    expect(await countReplayEventsByState(db, jobId)).toEqual({ queued: 4, pending: 2 });
    const cancelled = await callRoute(cancelReplay, { method: "POST", path: `/api/v1/replays/${jobId}/cancel`, apiKey, params: { id: jobId } });
    expect(cancelled.body).toMatchObject({ status: "cancelled", remaining: 6 });
    expect(await countReplayEventsByState(db, jobId)).toEqual({ pending: 6 });
    const after = await db.select({ id: events.id, due: events.nextAttemptAt }).from(events).where(inArray(events.id, seeded.eventIds));
    const dueOf = (rows: typeof before) => new Map(rows.map((row) => [row.id, row.due?.getTime()]));
    expect(dueOf(after)).toEqual(dueOf(before));
    await runDeliveryCycle(db, { accountId, budgetMs: 500 });
    expect(receiver.requests).toHaveLength(0);
  });

  it("answers 400 naming the field for bad bodies and 404 for another team's replays", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const other = await createTestAccount();
    const seeded = await seedFailedEvents(db, accountId, "http://hooks.example.invalid/x", "whsec_dGVzdHRlc3R0ZXN0dGVzdA==", 1);
    for (const [body, field] of [
      [{}, "event_ids"],
      [{ event_ids: [seeded.eventIds[0]], filter: {} }, "filter"],
      [{ filter: { http_status: 99 } }, "filter.http_status"],
      [{ filter: { response: "3xx" } }, "filter.response"],
      [{ filter: { nope: 1 } }, "filter"],
      [{ filter: { from: "2026-01-02", to: "2026-01-01" } }, "filter.to"],
      [{ since: "yesterday" }, "since"],
      [{ since: "2026-01-01", webhook_id: "x" }, "webhook_id"],
      [{ filter: {}, dry_run: "yes" }, "dry_run"],
      [{ filter: { status: "success" } }, "filter.status"],
    ] as const) {
      const res = await callRoute(retry, { method: "POST", path: PATH, apiKey, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message.startsWith(`${field || "body"}`), `${JSON.stringify(body)} → ${res.body.error.message}`).toBe(true);
    }
    expect(await db.select().from(replayJobs).where(eq(replayJobs.accountId, accountId))).toEqual([]);
    const created = await callRoute(retry, { method: "POST", path: PATH, apiKey, body: { filter: {} } });
    expect(created.status).toBe(202);
    const id = created.body.job.id;
    const foreign = await callRoute(getReplay, { path: `/api/v1/replays/${id}`, apiKey: other.apiKey, params: { id } });
    expect(foreign.status).toBe(404);
    const foreignCancel = await callRoute(cancelReplay, { method: "POST", path: `/api/v1/replays/${id}/cancel`, apiKey: other.apiKey, params: { id } });
    expect(foreignCancel.status).toBe(404);
  });
});
