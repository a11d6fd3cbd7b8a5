// Reading a webhook's events for the API and the dashboard: ownership first (404 for another
// account's ids, as for unknown ones), then one page and its total.
import type { DbOrTx } from "@/db/client";
import {
  countWebhookEventsByStatus,
  countRetryingEvents,
  getEvent,
  getWebhookEventStats,
  isWebhookOfAccount,
  listEventAttempts,
  listWebhookEventIds,
  listWebhookEvents,
  splitFailed,
  totalOf,
  type EventListOptions,
  type RetryState,
} from "@/db/queries/events";
import type { EventStatus } from "@/db/schema";
import { notFound } from "@/lib/errors";
import {
  serializeAttempt,
  serializeEvent,
  serializeEventStats,
  type EventJson,
  type EventWithAttemptsJson,
  type WebhookEventStatsJson,
} from "./serialize";

export type EventPageJson = { data: EventJson[]; offset: number; limit: number; total: number };

async function assertWebhookOfAccount(db: DbOrTx, accountId: string, webhookId: string): Promise<void> {
  if (!(await isWebhookOfAccount(db, accountId, webhookId))) throw notFound("Webhook");
}

export async function getWebhookEventPage(
  db: DbOrTx,
  accountId: string,
  webhookId: string,
  options: Required<Pick<EventListOptions, "offset" | "limit">> & { status?: EventStatus; retry_state?: RetryState },
): Promise<EventPageJson> {
  await assertWebhookOfAccount(db, accountId, webhookId);
  // A retry state is a state of failed events: it implies status=failed (and matches nothing with another status).
  const retryState = options.retry_state;
  const status = retryState && !options.status ? "failed" : options.status;
  const [rows, counts, retrying] = await Promise.all([
    listWebhookEvents(db, accountId, webhookId, { ...options, status, retryState }),
    countWebhookEventsByStatus(db, accountId, webhookId),
    retryState ? countRetryingEvents(db, accountId, { webhookId }) : Promise.resolve(0),
  ]);
  let total = totalOf(counts, status);
  if (retryState) total = status !== "failed" ? 0 : splitFailed(counts.failed, retrying)[retryState];
  return { data: rows.map(serializeEvent), offset: options.offset, limit: options.limit, total };
}

export async function countWebhookEvents(
  db: DbOrTx,
  accountId: string,
  webhookId: string,
  status?: EventStatus,
): Promise<{ count: number; by_status: Record<EventStatus, number> }> {
  await assertWebhookOfAccount(db, accountId, webhookId);
  const counts = await countWebhookEventsByStatus(db, accountId, webhookId);
  return { count: totalOf(counts, status), by_status: counts };
}

export async function getWebhookStats(db: DbOrTx, accountId: string, webhookId: string): Promise<WebhookEventStatsJson> {
  await assertWebhookOfAccount(db, accountId, webhookId);
  return serializeEventStats(await getWebhookEventStats(db, accountId, webhookId));
}

export async function getEventWithAttempts(db: DbOrTx, accountId: string, eventId: string): Promise<EventWithAttemptsJson> {
  const [event, attempts] = await Promise.all([getEvent(db, accountId, eventId), listEventAttempts(db, accountId, eventId)]);
  if (!event) throw notFound("Event");
  return { ...serializeEvent(event), attempts: attempts.map(serializeAttempt) };
}

/** The most ids "Resend all failed" sends in one go (the rest stay failed and retry on schedule). */
export const MAX_BULK_EVENT_IDS = 10_000;

export async function listWebhookEventIdsOfStatus(
  db: DbOrTx,
  accountId: string,
  webhookId: string,
  status: EventStatus,
): Promise<string[]> {
  await assertWebhookOfAccount(db, accountId, webhookId);
  return listWebhookEventIds(db, accountId, webhookId, status, MAX_BULK_EVENT_IDS);
}
