"use server";
// Archives (or restores) a webhook: archived webhooks match nothing and leave the main list.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { archiveWebhook } from "@/lib/webhooks/service";

const schema = z.object({ webhook_id: z.uuid(), is_archived: z.boolean().default(true) });

export const archiveWebhookAction = validatedAction(schema, async (input, ctx) => {
  const { webhook, detection } = await archiveWebhook(ctx.db, ctx.accountId, input.webhook_id, input.is_archived, { audit: ctx });
  revalidatePath("/webhooks");
  revalidatePath(`/webhooks/${input.webhook_id}`);
  return { is_archived: webhook.isArchived, ...detection };
}, { permission: "webhook.write" });
