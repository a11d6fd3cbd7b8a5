// The one filter of event lists: the webhook page, the account-wide Events page, their dashboard
// routes, GET /api/v1/webhooks/{id}/events, GET /api/v1/events and bulk replays all read it here.
// Query strings carry strings; a blank value means "no filter" (an empty search box submits q=).
// Pure (runs in the browser too).
import { z } from "zod";
import { EVENT_STATUS_NAMES, RETRY_STATE_NAMES, type EventStatusName, type RetryStateName } from "@/lib/event-status";
import { checkDateTime } from "./dates";

/** How the last attempt ended, as a person filters by it. */
export const RESPONSE_CLASSES = ["2xx", "4xx", "5xx", "timeout", "connection_error"] as const;
export type ResponseClass = (typeof RESPONSE_CLASSES)[number];
export const RESPONSE_CLASS_LABELS: Record<ResponseClass, string> = {
  "2xx": "2xx",
  "4xx": "4xx",
  "5xx": "5xx",
  timeout: "Timeout",
  connection_error: "Connection error",
};

export const MAX_SEARCH_LENGTH = 200;
export const MAX_MIN_ATTEMPTS = 1000;

/** A parsed filter; every field optional, all of them combined with AND. */
export type EventFilter = {
  /** An event id (exact), a record's external id (exact), or text in a job's title or company name or a company's name. */
  q?: string;
  status?: EventStatusName;
  /** Failed events that will be retried, or whose retries are exhausted (implies status failed). */
  retryState?: RetryStateName;
  response?: ResponseClass;
  httpStatus?: number;
  from?: Date;
  to?: Date;
  minAttempts?: number;
  /** Account-wide lists only. */
  webhookId?: string;
};

/** The query-string names, in the order links write them. */
export const EVENT_FILTER_PARAMS = ["q", "status", "retry_state", "response", "http_status", "from", "to", "min_attempts", "webhook_id"] as const;
export type EventFilterParam = (typeof EVENT_FILTER_PARAMS)[number];

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, "Expected a whole number")
    .transform(Number)
    .pipe(z.number().min(min, `At least ${min}`).max(max, `At most ${max}`));

function dateTimeIn(timeZone: string | null) {
  return z.string().transform((value, ctx) => {
    const checked = checkDateTime(value, timeZone);
    if (checked.ok) return checked.value;
    ctx.issues.push({ code: "custom", message: checked.message, input: value });
    return z.NEVER;
  });
}

/**
 * The filter's fields as zod schemas of query-string values. `timeZone` reads dates without an
 * offset as wall-clock time there (pages: the person's zone); null (the API) needs the offset for
 * a time and reads a bare date as UTC midnight.
 */
export function eventFilterFields(timeZone: string | null) {
  return {
    q: optional(
      z
        .string()
        .trim()
        .max(MAX_SEARCH_LENGTH, `At most ${MAX_SEARCH_LENGTH} characters`)
        .refine((value) => !value.includes("\u0000") && value.isWellFormed(), "Text must not contain NUL characters or invalid Unicode"),
    ),
    status: optional(z.enum(EVENT_STATUS_NAMES, `Expected one of ${EVENT_STATUS_NAMES.join(", ")}`)),
    retry_state: optional(z.enum(RETRY_STATE_NAMES, `Expected one of ${RETRY_STATE_NAMES.join(", ")}`)),
    response: optional(z.enum(RESPONSE_CLASSES, `Expected one of ${RESPONSE_CLASSES.join(", ")}`)),
    http_status: optional(wholeNumber(100, 599)),
    from: optional(dateTimeIn(timeZone)),
    to: optional(dateTimeIn(timeZone)),
    min_attempts: optional(wholeNumber(0, MAX_MIN_ATTEMPTS)),
    webhook_id: optional(z.uuid("Expected a webhook id (uuid)")),
  };
}

type FilterInput = {
  q?: string;
  status?: EventStatusName;
  retry_state?: RetryStateName;
  response?: ResponseClass;
  http_status?: number;
  from?: Date;
  to?: Date;
  min_attempts?: number;
  webhook_id?: string;
};

/** `to` after `from`, the issue on `to`. */
export function refineRange(value: { from?: Date; to?: Date }, ctx: z.RefinementCtx): void {
  if (value.from && value.to && !(value.to.getTime() > value.from.getTime())) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "Must be after from" });
  }
}

export function toEventFilter(input: FilterInput): EventFilter {
  const filter: EventFilter = {};
  if (input.q !== undefined) filter.q = input.q;
  if (input.status !== undefined) filter.status = input.status;
  if (input.retry_state !== undefined) filter.retryState = input.retry_state;
  if (input.response !== undefined) filter.response = input.response;
  if (input.http_status !== undefined) filter.httpStatus = input.http_status;
  if (input.from !== undefined) filter.from = input.from;
  if (input.to !== undefined) filter.to = input.to;
  if (input.min_attempts !== undefined) filter.minAttempts = input.min_attempts;
  if (input.webhook_id !== undefined) filter.webhookId = input.webhook_id;
  return filter;
}

/** The filter alone (pages): unknown parameters are ignored. */
export function eventFilterSchema(timeZone: string | null) {
  return z.object(eventFilterFields(timeZone)).superRefine(refineRange).transform(toEventFilter);
}

export const MAX_EVENT_LIST_LIMIT = 500;
export const DEFAULT_EVENT_LIST_LIMIT = 50;

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** A keyset position `<detected_at with microseconds>_<event id>` (a page's `next_cursor`), or null. */
export function parseEventListCursor(cursor: string): { detectedAt: string; id: string } | null {
  const match = CURSOR.exec(cursor);
  return match && checkDateTime(match[1], null).ok ? { detectedAt: match[1], id: match[2].toLowerCase() } : null;
}

const cursorSchema = z.string().refine((value) => parseEventListCursor(value) !== null, "Expected the next_cursor of a previous page");

/** GET /api/v1/webhooks/{id}/events: the filter (no webhook_id: the path names it) and offset paging. */
export const webhookEventListQuerySchema = z
  .object({
    ...eventFilterFields(null),
    webhook_id: optional(z.undefined("Not accepted here: the path names the webhook")),
    offset: optional(wholeNumber(0, 1_000_000_000)),
    limit: optional(wholeNumber(1, MAX_EVENT_LIST_LIMIT)),
  })
  .superRefine(refineRange)
  .transform((input) => ({ filter: toEventFilter(input), offset: input.offset ?? 0, limit: input.limit ?? DEFAULT_EVENT_LIST_LIMIT }));

/** GET /api/v1/events: the filter and cursor paging. */
export const accountEventListQuerySchema = z
  .object({
    ...eventFilterFields(null),
    cursor: optional(cursorSchema),
    limit: optional(wholeNumber(1, MAX_EVENT_LIST_LIMIT)),
  })
  .superRefine(refineRange)
  .transform((input) => ({ filter: toEventFilter(input), cursor: input.cursor, limit: input.limit ?? DEFAULT_EVENT_LIST_LIMIT }));

/** Whether anything beyond the status narrows the list (then totals cannot come from the rollups). */
export function isNarrowedBeyondStatus(filter: EventFilter): boolean {
  return Object.entries(filter).some(([key, value]) => key !== "status" && value !== undefined);
}

/** The filter as query-string values (dates as ISO instants), for links and fetches. */
export function eventFilterToParams(filter: EventFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.q) params.set("q", filter.q);
  if (filter.status) params.set("status", filter.status);
  if (filter.retryState) params.set("retry_state", filter.retryState);
  if (filter.response) params.set("response", filter.response);
  if (filter.httpStatus !== undefined) params.set("http_status", String(filter.httpStatus));
  if (filter.from) params.set("from", filter.from.toISOString());
  if (filter.to) params.set("to", filter.to.toISOString());
  if (filter.minAttempts !== undefined) params.set("min_attempts", String(filter.minAttempts));
  if (filter.webhookId) params.set("webhook_id", filter.webhookId);
  return params;
}

/** A JSON-safe copy of a filter (stored with replay jobs, sent to the browser). */
export type EventFilterJson = {
  q?: string;
  status?: EventStatusName;
  retry_state?: RetryStateName;
  response?: ResponseClass;
  http_status?: number;
  from?: string;
  to?: string;
  min_attempts?: number;
  webhook_id?: string;
};

export function eventFilterToJson(filter: EventFilter): EventFilterJson {
  const json: EventFilterJson = {};
  for (const [key, value] of eventFilterToParams(filter)) {
    (json as Record<string, unknown>)[key] = key === "http_status" || key === "min_attempts" ? Number(value) : value;
  }
  return json;
}
