// The API JSON of a webhook (SPEC §7). The secret is never part of it: create and rotate add it.
import type { Webhook } from "@/db/schema";
import type { z } from "zod";
import type { webhookResponseSchema } from "@/lib/api/schemas/webhook";
import { EVENT_TYPES } from "@/lib/event-types";

/** The JSON of lib/api/schemas/webhook.ts; the response test parses real answers with it. */
export type WebhookJson = z.output<typeof webhookResponseSchema>;

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
