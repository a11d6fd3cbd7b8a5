// Query strings and bodies of the event endpoints (SPEC §7).
import { z } from "zod";
import { EVENT_STATUS_NAMES, RETRY_STATE_NAMES } from "@/lib/event-status";

export const MAX_EVENT_PAGE_LIMIT = 500;
export const MAX_RETRY_EVENT_IDS = 500;

const status = z.enum(EVENT_STATUS_NAMES, `Expected one of ${EVENT_STATUS_NAMES.join(", ")}`);

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, "Expected a whole number")
    .transform(Number)
    .pipe(z.number().min(min, `At least ${min}`).max(max, `At most ${max}`));

export const eventListQuerySchema = z.object({
  status: status.optional(),
  // Failed events that will be retried, or whose retries are exhausted (implies status=failed).
  retry_state: z.enum(RETRY_STATE_NAMES, `Expected one of ${RETRY_STATE_NAMES.join(", ")}`).optional(),
  offset: wholeNumber(0, 1_000_000_000).optional().default(0),
  limit: wholeNumber(1, MAX_EVENT_PAGE_LIMIT).optional().default(50),
});

export const eventCountQuerySchema = z.object({ status: status.optional() });

export const retryEventsSchema = z.object({
  event_ids: z
    .array(z.uuid("Expected an event id (uuid)"), "Expected a list of event ids")
    .min(1, "Give at least one event id")
    .max(MAX_RETRY_EVENT_IDS, `At most ${MAX_RETRY_EVENT_IDS} event ids per call`),
});
