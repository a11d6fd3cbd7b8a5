// The API JSON of a webhook (SPEC §7); lib/webhooks/serialize.ts writes it, the OpenAPI document describes it.
import { z } from "zod";
import { HEALTH_STATES } from "@/lib/health/endpoint-health";
import { eventTypeName, isoDateTime, nullableDateTime } from "./common";

export const webhookResponseSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  url: z.url(),
  search_id: z.uuid(),
  event_type: eventTypeName,
  description: z.string(),
  is_active: z.boolean(),
  is_archived: z.boolean(),
  paused_reason: z.string().nullable().meta({
    description:
      'Why Hookline paused it by itself: "endpoint gone" when the endpoint answered 410 Gone, "no successful delivery for 5 days" when its health became disabled. Null when active or paused by a person; enabling clears it',
  }),
  health: z
    .strictObject({
      state: z.enum(HEALTH_STATES),
      since: nullableDateTime,
      reason: z.string().nullable(),
    })
    .meta({
      description:
        "Endpoint health: `degraded` after 5 failed attempts in a row or under 50 % success over the last hour; `failing` after 24 h " +
        "without a success while attempts were made; `disabled` (paused, its due events parked) after 5 days without one, or at once " +
        "when the endpoint answers 410 Gone (reason `endpoint gone`); " +
        "`recovered` on the first success after those, then `healthy`",
    }),
  listening_start_time: nullableDateTime,
  previous_secret_expires_at: nullableDateTime.meta({
    description: "After a rotation: until when the previous secret still signs beside the new one",
  }),
  trigger_once_per_company: z.boolean(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
});

/** Create and rotate answer the secret, once. */
export const webhookWithSecretResponseSchema = webhookResponseSchema.extend({
  secret: z.string().meta({ description: "whsec_…; returned on create and rotate only" }),
});

export const webhookListResponseSchema = z.strictObject({ data: z.array(webhookResponseSchema) });
