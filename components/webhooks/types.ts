// Shapes the webhook pages exchange with their routes and actions (dates as ISO strings).
import type { EventJson, WebhookEventStatsJson } from "@/lib/events/serialize";
import type { WebhookJson } from "@/lib/webhooks/serialize";

export type EventPage = { data: EventJson[]; offset: number; limit: number; total: number; total_is_capped?: boolean };
export type EventsPanelData = { page: EventPage; stats: WebhookEventStatsJson; health?: WebhookJson["health"] };
