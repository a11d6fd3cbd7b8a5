// Reading a webhook's events for the API and the dashboard: ownership first (404 for another
// account's ids, as for unknown ones), then one page and its total.
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import {
  countWebhookEventsByStatus,
  getEvent,
  getWebhookEventStats,
  isWebhookOfAccount,
  listEventAttempts,
  listWebhookEvents,
  totalOf,
  type EventListOptions,
} from "@/db/queries/events";
import { findWebhookEvents, MAX_FILTERED_COUNT, searchAccountEvents, SearchTooBroadError } from "@/db/queries/event-search";
import type { EventStatus } from "@/db/schema";
import type {
  accountEventPageResponseSchema,
  accountEventResponseSchema,
  eventCountResponseSchema,
  eventPageResponseSchema,
} from "@/lib/api/schemas/event";
import { fieldError, notFound } from "@/lib/errors";
import { isNarrowedBeyondStatus, parseEventListCursor, type EventFilter } from "@/lib/validation/event-filter";
import {
  serializeAttempt,
  serializeEvent,
  serializeEventStats,
  type EventWithAttemptsJson,
  type WebhookEventStatsJson,
} from "./serialize";

/**
 * A page of a webhook's events. `total` counts every match; with a filter beyond the status it is
 * counted up to MAX_FILTERED_COUNT past the page, and `total_is_capped` says there are more.
 */
export type EventPageJson = z.output<typeof eventPageResponseSchema>;

/** A search too broad to answer (db/queries/event-search-text.ts) is a refused `q`, named like any bad input. */
export async function refusingBroadSearch<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof SearchTooBroadError) throw Object.assign(fieldError(error.field, error.message), { cause: error });
    throw error;
  }
}

/** The field and message of a refused search (refusingBroadSearch), for a page that shows it beside the field. */
export function refusedSearchOf(error: unknown): { path: string; message: string } | null {
  const tooBroad = error instanceof Error && error.cause instanceof SearchTooBroadError ? error.cause : error;
  return tooBroad instanceof SearchTooBroadError ? { path: tooBroad.field, message: tooBroad.message } : null;
}

async function assertWebhookOfAccount(db: DbOrTx, accountId: string, webhookId: string): Promise<void> {
  if (!(await isWebhookOfAccount(db, accountId, webhookId))) throw notFound("Webhook");
}

export async function getWebhookEventPage(
  db: DbOrTx,
  accountId: string,
  webhookId: string,
  options: Required<Pick<EventListOptions, "offset" | "limit">> & { status?: EventStatus; filter?: EventFilter },
): Promise<EventPageJson> {
  await assertWebhookOfAccount(db, accountId, webhookId);
  const filter: EventFilter = { ...options.filter, ...(options.status ? { status: options.status } : {}) };
  // A retry state is a state of failed events: it implies status=failed (and matches nothing with another status).
  if (filter.retryState && !filter.status) filter.status = "failed";
  if (isNarrowedBeyondStatus(filter)) {
    const cap = options.offset + options.limit + MAX_FILTERED_COUNT;
    const found = await refusingBroadSearch(findWebhookEvents(db, { accountId, webhookId, filter, page: options, cap }));
    return {
      data: found.rows.map(serializeEvent),
      offset: options.offset,
      limit: options.limit,
      total: found.total,
      total_is_capped: found.isCapped,
    };
  }
  const [rows, counts] = await Promise.all([
    listWebhookEvents(db, { accountId, webhookId, status: filter.status, offset: options.offset, limit: options.limit }),
    countWebhookEventsByStatus(db, accountId, webhookId),
  ]);
  return { data: rows.map(serializeEvent), offset: options.offset, limit: options.limit, total: totalOf(counts, filter.status), total_is_capped: false };
}

export type AccountEventJson = z.output<typeof accountEventResponseSchema>;
export type AccountEventPageJson = z.output<typeof accountEventPageResponseSchema>;

/** The account's events matching the filter, newest first; `cursor` is a previous page's next_cursor. */
export async function getAccountEventPage(
  db: DbOrTx,
  accountId: string,
  options: { filter: EventFilter; cursor?: string; limit: number },
): Promise<AccountEventPageJson> {
  if (options.filter.webhookId && !(await isWebhookOfAccount(db, accountId, options.filter.webhookId))) throw notFound("Webhook");
  const before = options.cursor ? (parseEventListCursor(options.cursor) ?? undefined) : undefined;
  const rows = await refusingBroadSearch(searchAccountEvents(db, { accountId, filter: options.filter, page: { before, limit: options.limit + 1 } }));
  const page = rows.slice(0, options.limit);
  return {
    data: page.map((row) => ({ ...serializeEvent(row), webhook_name: row.webhookName })),
    next_cursor: rows.length > options.limit ? page[page.length - 1].cursor : null,
  };
}

export async function countWebhookEvents(
  db: DbOrTx,
  accountId: string,
  webhookId: string,
  status?: EventStatus,
): Promise<z.output<typeof eventCountResponseSchema>> {
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

