// The four statuses of SPEC §2, their labels and the colours used everywhere (chart, badges, legend).
// The statuses themselves are the database's enum (db/schema.ts eventStatusEnum); this is their display order.
import type { EventStatus } from "@/db/schema";

export type EventStatusName = EventStatus;
export const EVENT_STATUS_NAMES = ["success", "in_progress", "failed", "not_triggered"] as const satisfies readonly EventStatus[];

export const STATUS_LABELS: Record<EventStatusName, string> = {
  success: "Success",
  in_progress: "In progress",
  failed: "Failed",
  not_triggered: "Not triggered",
};

export const STATUS_COLORS: Record<EventStatusName, string> = {
  success: "#16a34a",
  in_progress: "#2563eb",
  failed: "#dc2626",
  not_triggered: "#9ca3af",
};

/** Sub-states of failed events (db/queries/events.ts exhaustedPredicate defines them). */
export const RETRY_STATE_NAMES = ["retrying", "exhausted"] as const;
export type RetryStateName = (typeof RETRY_STATE_NAMES)[number];
export const RETRY_STATE_LABELS: Record<RetryStateName, string> = { retrying: "retrying", exhausted: "gave up" };
