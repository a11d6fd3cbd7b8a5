// Bulk replays and resends (lib/replays/service.ts; lib/delivery/resend.ts answers resendResponseSchema).
import { z } from "zod";
import { EVENT_STATUS_NAMES, RETRY_STATE_NAMES } from "@/lib/event-status";
import { RESPONSE_CLASSES } from "@/lib/validation/event-filter";
import { count, isoDateTime, nullableDateTime } from "./common";

/** The event filter as JSON (lib/validation/event-filter.ts eventFilterToJson). */
export const eventFilterResponseSchema = z.strictObject({
  q: z.string().optional(),
  status: z.enum(EVENT_STATUS_NAMES).optional(),
  retry_state: z.enum(RETRY_STATE_NAMES).optional(),
  response: z.enum(RESPONSE_CLASSES).optional(),
  http_status: z.int().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  min_attempts: z.int().optional(),
  webhook_id: z.string().optional(),
});

export const replayJobResponseSchema = z
  .strictObject({
    id: z.uuid(),
    kind: z.enum(["filter", "since"]),
    status: z.enum(["running", "completed", "cancelled"]),
    filter: eventFilterResponseSchema,
    total: count,
    delivered: count,
    failed: count,
    skipped: count.meta({ description: "Not replayed: delivered meanwhile, gone, or their webhook paused or archived" }),
    remaining: count,
    created_by: z.strictObject({ type: z.enum(["user", "api_key"]), name: z.string() }),
    created_at: isoDateTime,
    finished_at: nullableDateTime,
    cancelled_by: z.string().nullable(),
  })
  .meta({ description: "A bulk replay: every failed event its filter selected when it was created, each replayed once" });

export const replayCreatedResponseSchema = z.strictObject({ job: replayJobResponseSchema });

export const replayPreviewResponseSchema = z.strictObject({
  dry_run: z.literal(true),
  count,
  credits: z.literal(0),
  explanation: z.string(),
  max_events: count,
});

/** One event's outcome of a resend by ids. */
export const resendResultResponseSchema = z.strictObject({
  event_id: z.string(),
  status: z.enum(["success", "failed"]),
  response_status: z.int().nullable(),
  error: z.string().nullable(),
});

export const resendResponseSchema = z.strictObject({ data: z.array(resendResultResponseSchema) });
