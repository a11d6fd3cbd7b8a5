"use server";
// Reveals (or copies) a webhook's secret on demand, so it is never in the page's HTML.
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { recordAudit } from "@/lib/audit/record";
import { revealWebhookSecret } from "@/lib/webhooks/service";

export const revealWebhookSecretAction = validatedAction(z.object({ webhook_id: z.uuid() }), async (input, ctx) => {
  const { secret, webhook } = await revealWebhookSecret(ctx.db, ctx.accountId, input.webhook_id);
  await recordAudit(ctx.db, ctx, { action: "webhook.secret_revealed", target: { type: "webhook", id: webhook.id, name: webhook.name } });
  return { secret };
}, { permission: "webhook.reveal_secret", requireFreshSignIn: true });
