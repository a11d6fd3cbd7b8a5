// Bulk replays (issue 17): "Resend all matching this filter" and "Recover since <time>". A dry run
// counts the failed events the filter selects; confirming stores a job that the runner
// (lib/replays/runner.ts) feeds into the normal delivery path. Only failed events are replayed:
// successes were delivered, in-progress ones are on their way, and not-triggered ones cost a credit.
import type { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { countSelectedEvents, failedEventIdsMatching } from "@/db/queries/event-search";
import { refusingBroadSearch } from "@/lib/events/service";
import { isWebhookOfAccount } from "@/db/queries/events";
import {
  cancelReplayJobRow,
  findReplayJob,
  insertReplayJob,
  listRecentReplayJobs,
  listReplayJobs,
  settleReplayEvents,
  unqueueReplayEvents,
} from "@/db/queries/replays";
import type { ReplayJob } from "@/db/schema";
import type { replayJobResponseSchema, replayPreviewResponseSchema } from "@/lib/api/schemas/replay";
import { badRequest, conflict, notFound } from "@/lib/errors";
import type { RequestActor } from "@/lib/auth/actor";
import { recordAudit, type AuditWho } from "@/lib/audit/record";
import { wakeDelivery } from "@/lib/delivery/wake";
import { RETRY_WINDOW_HOURS } from "@/lib/delivery/retry-policy";
import { eventFilterToJson, type EventFilter, type EventFilterJson } from "@/lib/validation/event-filter";

/** The most events one job replays; a bigger selection is refused (narrow the filter, or run several). */
export const MAX_REPLAY_EVENTS = 250_000;

export const REPLAY_EXPLANATION =
  "Replays cost no credits. Each failed event gets one more attempt now; the hourly retries keep their " +
  `schedule: an event still inside its ${RETRY_WINDOW_HOURS}-hour window after its first failure is retried as before, ` +
  "one past it stays failed (a replay never extends the window).";

// lib/api/schemas/replay.ts: the response test parses real answers with them.
export type ReplayPreviewJson = z.output<typeof replayPreviewResponseSchema>;
export type ReplayJobJson = z.output<typeof replayJobResponseSchema>;

export function serializeReplayJob(job: ReplayJob): ReplayJobJson {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    filter: job.filter as EventFilterJson,
    total: job.total,
    delivered: job.delivered,
    failed: job.failed,
    skipped: job.skipped,
    remaining: Math.max(0, job.total - job.delivered - job.failed - job.skipped),
    created_by: { type: job.createdByType, name: job.createdByName },
    created_at: job.createdAt.toISOString(),
    finished_at: job.finishedAt ? job.finishedAt.toISOString() : null,
    cancelled_by: job.cancelledByName,
  };
}

async function checkFilter(db: DbOrTx, accountId: string, filter: EventFilter): Promise<EventFilter | null> {
  if (filter.webhookId && !(await isWebhookOfAccount(db, accountId, filter.webhookId))) throw notFound("Webhook");
  // Only failed events are replayed: a filter for another status selects none.
  if (filter.status && filter.status !== "failed") return null;
  return { ...filter, status: "failed" };
}

export async function previewReplay(db: DbOrTx, accountId: string, filter: EventFilter): Promise<ReplayPreviewJson> {
  const checked = await checkFilter(db, accountId, filter);
  const count = checked ? await countSelectedEvents(db, await refusingBroadSearch(failedEventIdsMatching(db, accountId, checked)), MAX_REPLAY_EVENTS) : 0;
  return { dry_run: true, count, credits: 0, explanation: REPLAY_EXPLANATION, max_events: MAX_REPLAY_EVENTS };
}

/** Who starts a replay: a person or an API key. */
type ReplayStarter = AuditWho & { actor: RequestActor };

function actorOf(who: ReplayStarter): { type: "user" | "api_key"; id: string; name: string } {
  return who.actor.kind === "api_key"
    ? { type: "api_key", id: who.actor.keyId, name: who.actor.name }
    : { type: "user", id: who.actor.userId, name: who.actor.name || who.actor.email };
}

/** Stores a job replaying every failed event the filter selects now (a snapshot), and audits it. */
export async function createReplay(db: Db, who: ReplayStarter, kind: "filter" | "since", filter: EventFilter): Promise<ReplayJobJson> {
  const checked = await checkFilter(db, who.accountId, filter);
  if (!checked) throw badRequest("filter.status: Only failed events are replayed", [{ path: "filter.status", message: "Only failed events are replayed" }]);
  const eventIds = await refusingBroadSearch(failedEventIdsMatching(db, who.accountId, checked));
  const count = await countSelectedEvents(db, eventIds, MAX_REPLAY_EVENTS);
  if (count > MAX_REPLAY_EVENTS) {
    throw conflict(`More than ${MAX_REPLAY_EVENTS} failed events match: narrow the filter (a shorter time range, one webhook) and replay in parts`);
  }
  const job = await db.transaction(async (tx) => {
    const created = await insertReplayJob(tx, {
      accountId: who.accountId,
      kind,
      filter: eventFilterToJson(filter),
      eventIds,
      maxEvents: MAX_REPLAY_EVENTS,
      createdBy: actorOf(who),
    });
    await recordAudit(tx, who, {
      action: "events.replay_started",
      target: { type: "replay", id: created.id, name: kind === "since" ? `Recover since ${filter.from?.toISOString()}` : "Resend all matching" },
      details: { events: created.total, filter: eventFilterToJson(filter) },
    });
    return created;
  });
  wakeDelivery();
  return serializeReplayJob(job);
}

export async function getReplay(db: DbOrTx, accountId: string, jobId: string): Promise<ReplayJobJson> {
  const job = await findReplayJob(db, accountId, jobId);
  if (!job) throw notFound("Replay");
  return serializeReplayJob(job);
}

/**
 * Cancels a running job: its pending events are never sent, and queued ones not sent yet get their
 * retry time back. Attempts already in flight finish (and count).
 */
export async function cancelReplay(db: Db, who: ReplayStarter, jobId: string): Promise<ReplayJobJson> {
  return db.transaction(async (tx) => {
    const owned = await findReplayJob(tx, who.accountId, jobId);
    if (!owned) throw notFound("Replay");
    // What finished so far counts; the rest goes back to its schedule.
    await settleReplayEvents(tx, jobId);
    await unqueueReplayEvents(tx, jobId);
    const cancelled = await cancelReplayJobRow(tx, { accountId: who.accountId, jobId, byName: actorOf(who).name });
    if (!cancelled) throw conflict(`This replay is ${owned.status} already`);
    const json = serializeReplayJob(cancelled);
    await recordAudit(tx, who, {
      action: "events.replay_cancelled",
      target: { type: "replay", id: cancelled.id, name: cancelled.kind === "since" ? "Recover since" : "Resend all matching" },
      details: { delivered: json.delivered, failed: json.failed, remaining: json.remaining },
    });
    return json;
  });
}

/** Running jobs and those finished in the last minute (the header indicator). */
export async function listActiveReplays(db: DbOrTx, accountId: string): Promise<ReplayJobJson[]> {
  return (await listRecentReplayJobs(db, { accountId, recentMs: 60_000 })).map(serializeReplayJob);
}

export async function listReplays(db: DbOrTx, accountId: string): Promise<ReplayJobJson[]> {
  return (await listReplayJobs(db, accountId)).map(serializeReplayJob);
}
