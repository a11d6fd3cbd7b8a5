// Bodies of POST /api/v1/webhooks/events/retry: event ids (resend now, as before), or a filter or
// "since" (a bulk replay job on the server), each with an optional dry run.
import { z } from "zod";
import { MAX_RETRY_EVENT_IDS } from "./event";
import { eventFilterFields, refineRange, toEventFilter, type EventFilter } from "./event-filter";

/** JSON numbers read as the query-string forms the filter's fields parse. */
const numberAsText = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? String(value) : value);

const fields = eventFilterFields(null);
const filterBodySchema = z
  .object(
    {
      q: fields.q,
      status: fields.status,
      response: fields.response,
      http_status: z.preprocess(numberAsText, fields.http_status),
      from: fields.from,
      to: fields.to,
      min_attempts: z.preprocess(numberAsText, fields.min_attempts),
      webhook_id: fields.webhook_id,
    },
    "Expected a filter object",
  )
  .strict()
  .superRefine(refineRange)
  .transform(toEventFilter);

export type RetryRequest =
  | { kind: "ids"; eventIds: string[] }
  | { kind: "filter"; filter: EventFilter; isDryRun: boolean }
  | { kind: "since"; filter: EventFilter; isDryRun: boolean };

export const retryRequestSchema = z
  .object({
    event_ids: z
      .array(z.uuid("Expected an event id (uuid)"), "Expected a list of event ids")
      .min(1, "Give at least one event id")
      .max(MAX_RETRY_EVENT_IDS, `At most ${MAX_RETRY_EVENT_IDS} event ids per call`)
      .optional(),
    filter: filterBodySchema.optional(),
    since: fields.from,
    webhook_id: fields.webhook_id,
    dry_run: z.boolean("Expected true or false").optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    const given = (["event_ids", "filter", "since"] as const).filter((key) => body[key] !== undefined);
    if (given.length === 0) ctx.addIssue({ code: "custom", path: ["event_ids"], message: "Required: event ids, or else a filter or since for a bulk replay" });
    if (given.length > 1) ctx.addIssue({ code: "custom", path: [given[1]], message: "Give exactly one of event_ids, filter or since" });
    if (body.webhook_id !== undefined && body.since === undefined) {
      ctx.addIssue({ code: "custom", path: ["webhook_id"], message: "Only with since (a filter names its webhook_id inside)" });
    }
    if (body.dry_run !== undefined && body.event_ids !== undefined) {
      ctx.addIssue({ code: "custom", path: ["dry_run"], message: "Only with filter or since" });
    }
  })
  .transform((body): RetryRequest => {
    if (body.event_ids) return { kind: "ids", eventIds: body.event_ids };
    if (body.since) return { kind: "since", filter: { from: body.since, ...(body.webhook_id ? { webhookId: body.webhook_id } : {}) }, isDryRun: body.dry_run ?? false };
    return { kind: "filter", filter: body.filter ?? {}, isDryRun: body.dry_run ?? false };
  });
