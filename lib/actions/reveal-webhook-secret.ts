"use server";
// Reveals (or copies) a webhook's secret on demand, so it is never in the page's HTML.
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { revealWebhookSecret } from "@/lib/webhooks/service";

export const revealWebhookSecretAction = validatedAction(z.object({ webhook_id: z.uuid() }), async (input, { accountId, db }) => {
  return { secret: await revealWebhookSecret(db, accountId, input.webhook_id) };
}, { permission: "webhook.reveal_secret", requireFreshSignIn: true });
