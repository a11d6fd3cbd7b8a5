// The API JSON of a webhook (SPEC §7). The secret is never part of it: create and rotate add it.
import type { Webhook } from "@/db/schema";
import { EVENT_TYPES, type EventType } from "@/lib/event-types";
import type { HealthState } from "@/lib/health/endpoint-health";

export type WebhookJson = {
  id: string;
  name: string;
  url: string;
  search_id: string;
  event_type: EventType;
  description: string;
  is_active: boolean;
  is_archived: boolean;
  /** Why Hookline paused it by itself ("endpoint gone" after a 410); null when active or paused by a person. */
  paused_reason: string | null;
  /** Endpoint health: healthy, degraded, failing, disabled or recovered, since when and why. */
  health: { state: HealthState; since: string | null; reason: string | null };
  listening_start_time: string | null;
  /** After a rotation: until when the previous secret still signs beside the new one (null: it no longer does). */
  previous_secret_expires_at: string | null;
  trigger_once_per_company: boolean;
  created_at: string;
  updated_at: string;
};

export function serializeWebhook(webhook: Webhook & { searchType: "job" | "company" }): WebhookJson {
  return {
    id: webhook.id,
    name: webhook.name,
    url: webhook.url,
    search_id: webhook.searchId,
    event_type: EVENT_TYPES[webhook.searchType],
    description: webhook.description,
    is_active: webhook.isActive,
    is_archived: webhook.isArchived,
    paused_reason: webhook.isActive ? null : (webhook.pausedReason ?? null),
    health: {
      state: webhook.healthState,
      since: webhook.healthSince ? webhook.healthSince.toISOString() : null,
      reason: webhook.healthReason ?? null,
    },
    listening_start_time: webhook.listeningStartTime ? webhook.listeningStartTime.toISOString() : null,
    previous_secret_expires_at:
      webhook.previousSecretExpiresAt && webhook.previousSecretExpiresAt.getTime() > Date.now() ? webhook.previousSecretExpiresAt.toISOString() : null,
    trigger_once_per_company: webhook.triggerOncePerCompany,
    created_at: webhook.createdAt.toISOString(),
    updated_at: webhook.updatedAt.toISOString(),
  };
}
