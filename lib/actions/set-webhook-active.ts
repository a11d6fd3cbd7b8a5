"use server";
// Pauses or enables a webhook; enabling triggers what it missed while paused, credits permitting.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { setWebhookActive } from "@/lib/webhooks/service";

const schema = z.object({ webhook_id: z.uuid(), is_active: z.boolean() });

export const setWebhookActiveAction = validatedAction(schema, async (input, ctx) => {
  const { webhook, detection } = await setWebhookActive(ctx.db, ctx.accountId, input.webhook_id, input.is_active, { audit: ctx });
  revalidatePath("/webhooks");
  revalidatePath(`/webhooks/${input.webhook_id}`);
  return { is_active: webhook.isActive, ...detection };
}, { permission: "webhook.write" });
