// Events and attempts as the API and the dashboard send them (lib/events/serialize.ts, lib/events/service.ts).
import { z } from "zod";
import { EVENT_STATUS_NAMES, RETRY_STATE_NAMES } from "@/lib/event-status";
import { count, eventTypeName, isoDateTime, nullableDateTime } from "./common";

export const eventStatusSchema = z.enum(EVENT_STATUS_NAMES);
const retryStateSchema = z.enum(RETRY_STATE_NAMES);

export const eventResponseSchema = z.strictObject({
  id: z.uuid().meta({ description: "Also the webhook-id header of every delivery of this event" }),
  webhook_id: z.uuid(),
  type: eventTypeName,
  status: eventStatusSchema,
  retry_state: retryStateSchema.nullable().meta({
    description:
      "Failed events only (null otherwise). `retrying`: an attempt is scheduled (next_attempt_at), or the event waits on a paused " +
      "webhook within its 48-hour window; `exhausted`: no attempt will follow (gave up) — only a resend delivers it",
  }),
  record: z.record(z.string(), z.unknown()).meta({ description: "The job or company as ingested" }),
  record_title: z.string().meta({ description: "Job title or company name, for lists" }),
  record_subtitle: z.string().nullable().meta({ description: "Company name of a job or domain of a company, for lists" }),
  detected_at: isoDateTime,
  triggered_at: nullableDateTime,
  attempt_count: count,
  next_attempt_at: nullableDateTime,
  first_failed_at: nullableDateTime,
  last_attempt_at: nullableDateTime,
  last_response_status: z.int().nullable(),
  last_error: z.string().nullable(),
  delivered_at: nullableDateTime,
});

export const attemptResponseSchema = z.strictObject({
  id: z.int(),
  trigger: z.enum(["scheduled", "manual", "test"]),
  url: z.string(),
  started_at: isoDateTime,
  duration_ms: count,
  request_headers: z.record(z.string(), z.string()),
  response_headers: z.record(z.string(), z.string()).nullable().meta({
    description: "The response's headers: lower-case names, at most 50, each value cut to 1 KiB; null without a response",
  }),
  response_status: z.int().nullable(),
  response_body: z.string().nullable(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  is_success: z.boolean(),
  next_attempt_reason: z.string().nullable().meta({
    description: "Why the event's next attempt was scheduled when it was (hourly slot and jitter, Retry-After…); null after a success",
  }),
});

export const eventWithAttemptsResponseSchema = eventResponseSchema.extend({
  attempts: z.array(attemptResponseSchema).meta({ description: "Every attempt, newest first" }),
});

/** A page of a webhook's events; `total` is capped with a filter beyond the status (`total_is_capped`). */
export const eventPageResponseSchema = z.strictObject({
  data: z.array(eventResponseSchema),
  offset: count,
  limit: count,
  total: count,
  total_is_capped: z.boolean(),
});

export const accountEventResponseSchema = eventResponseSchema.extend({ webhook_name: z.string() });

export const accountEventPageResponseSchema = z.strictObject({
  data: z.array(accountEventResponseSchema),
  next_cursor: z.string().nullable(),
});

export const eventCountResponseSchema = z.strictObject({
  count,
  by_status: z.record(eventStatusSchema, count),
});

export const webhookEventStatsResponseSchema = z.strictObject({
  counts: z.record(eventStatusSchema, count),
  failed_by_retry_state: z.record(retryStateSchema, count).meta({ description: "counts.failed split by retry state" }),
  total: count,
  success_rate: z.number().nullable(),
  p50_latency_ms: z.number().nullable(),
  p95_latency_ms: z.number().nullable(),
  last_success_at: nullableDateTime,
  last_failure: z
    .strictObject({ at: isoDateTime, response_status: z.int().nullable(), error_code: z.string().nullable(), error_message: z.string().nullable() })
    .nullable(),
  next_retry_at: nullableDateTime,
});
