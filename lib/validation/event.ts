// Query strings and bodies of the event endpoints (SPEC §7).
import { z } from "zod";
import { EVENT_STATUS_NAMES } from "@/lib/event-status";

// How many events one resend may name: a dashboard action (the page sends ids in chunks), an API
// call, and the resend service itself (its hard bound, whoever calls it).
export const MAX_RESEND_IDS_PER_ACTION = 100;
export const MAX_RETRY_EVENT_IDS = 500;
export const MAX_RESEND_EVENTS = 1000;

const status = z.enum(EVENT_STATUS_NAMES, `Expected one of ${EVENT_STATUS_NAMES.join(", ")}`);

export const eventCountQuerySchema = z.object({ status: status.optional() });

export const retryEventsSchema = z.object({
  event_ids: z
    .array(z.uuid("Expected an event id (uuid)"), "Expected a list of event ids")
    .min(1, "Give at least one event id")
    .max(MAX_RETRY_EVENT_IDS, `At most ${MAX_RETRY_EVENT_IDS} event ids per call`),
});
