"use server";
// Saves the edit form; detection re-runs for what the new settings match.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { getWebhook, updateWebhook } from "@/lib/webhooks/service";
import { listeningStartTimeOf, webhookFormSchema } from "./webhook-form";

const updateWebhookFormSchema = webhookFormSchema.extend({ webhook_id: z.uuid("Unknown webhook") });

export const updateWebhookAction = validatedAction(updateWebhookFormSchema, async (input, ctx) => {
  const { accountId, db } = ctx;
  const now = new Date();
  const listeningStartTime = listeningStartTimeOf(input.listening_start, now);
  await updateWebhook(
    db,
    accountId,
    input.webhook_id,
    {
      name: input.name,
      url: input.url,
      search_id: input.search_id,
      description: input.description,
      trigger_once_per_company: input.trigger_once_per_company,
      ...(listeningStartTime === undefined ? {} : { listening_start_time: listeningStartTime }),
    },
    { now, audit: ctx },
  );
  revalidatePath("/webhooks");
  revalidatePath(`/webhooks/${input.webhook_id}`);
  redirect(`/webhooks/${input.webhook_id}?saved=1`);
}, { permission: "webhook.write", requireFreshSignIn: async (input, { db, accountId }) => (await getWebhook(db, accountId, input.webhook_id)).url !== input.url });
