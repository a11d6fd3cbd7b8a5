"use server";
// Replaces a webhook's signing secret; the old one keeps signing beside it for the chosen grace
// period (default 24 h, 0–7 days), so the endpoint can switch over.
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { secretGraceHoursSchema } from "@/lib/validation/webhook";
import { rotateWebhookSecret } from "@/lib/webhooks/service";

const schema = z.object({ webhook_id: z.uuid(), grace_period_hours: secretGraceHoursSchema.optional() });

export const rotateWebhookSecretAction = validatedAction(schema, async (input, ctx) => {
  const { secret, webhook } = await rotateWebhookSecret(ctx.db, ctx.accountId, input.webhook_id, { audit: ctx, graceHours: input.grace_period_hours });
  return { secret, previousSecretExpiresAt: webhook.previousSecretExpiresAt ? webhook.previousSecretExpiresAt.toISOString() : null };
}, { permission: "webhook.reveal_secret", requireFreshSignIn: true });
