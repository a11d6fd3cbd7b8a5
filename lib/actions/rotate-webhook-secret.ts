"use server";
// Replaces a webhook's signing secret; the next delivery is signed with the new one.
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { rotateWebhookSecret } from "@/lib/webhooks/service";

export const rotateWebhookSecretAction = validatedAction(z.object({ webhook_id: z.uuid() }), async (input, ctx) => {
  const { secret } = await rotateWebhookSecret(ctx.db, ctx.accountId, input.webhook_id, { audit: ctx });
  return { secret };
}, { permission: "webhook.reveal_secret", requireFreshSignIn: true });
