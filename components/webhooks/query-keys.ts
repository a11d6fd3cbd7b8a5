// React Query keys of the webhook pages: invalidating `eventKeys.all` refreshes every list and view.
import type { EventStatusName, RetryStateName } from "@/lib/event-status";

export type EventListFilter = { status?: EventStatusName; retryState?: RetryStateName; page: number; filterQuery?: string };

export const eventKeys = {
  all: ["events"] as const,
  lists: (webhookId: string) => [...eventKeys.all, "list", webhookId] as const,
  list: (webhookId: string, filter: EventListFilter) =>
    [...eventKeys.lists(webhookId), filter.status ?? "all", filter.retryState ?? "any", filter.page, filter.filterQuery ?? ""] as const,
  detail: (eventId: string) => [...eventKeys.all, "detail", eventId] as const,
};

export const webhookKeys = {
  preview: (searchId: string, listeningStart: string, since?: string | null) => ["webhook-preview", searchId, listeningStart, since ?? null] as const,
};
