"use server";
// Reveals (or copies) a webhook's secret on demand, so it is never in the page's HTML.
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { getWebhook } from "@/lib/webhooks/service";

export const revealWebhookSecretAction = validatedAction(z.object({ webhook_id: z.uuid() }), async (input, { accountId, db }) => {
  const webhook = await getWebhook(db, accountId, input.webhook_id);
  return { secret: webhook.secret };
}, { permission: "webhook.reveal_secret", requireFreshSignIn: true });
