// Shapes the webhook pages exchange with their routes and actions (dates as ISO strings).
import type { EventJson, WebhookEventStatsJson } from "@/lib/events/serialize";
import type { EventStatusName } from "@/lib/event-status";
import type { WebhookJson } from "@/lib/webhooks/serialize";

export type EventPage = { data: EventJson[]; offset: number; limit: number; total: number; total_is_capped?: boolean };
export type EventsPanelData = { page: EventPage; stats: WebhookEventStatsJson; health?: WebhookJson["health"] };

/** One event's outcome of a manual resend. */
export type ResendOutcome = { event_id: string; status: EventStatusName | "not_found" | "skipped"; response_status: number | null; error: string | null };
