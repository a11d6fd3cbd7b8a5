"use server";
// Creates a webhook from the form and opens its details page.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { validatedAction } from "@/lib/actions/safe-action";
import { createWebhook } from "@/lib/webhooks/service";
import { listeningStartTimeOf, webhookFormSchema } from "./webhook-form";

export const createWebhookAction = validatedAction(webhookFormSchema, async (input, ctx) => {
  const { accountId, db } = ctx;
  const now = new Date();
  const listeningStartTime = listeningStartTimeOf(input.listening_start, now);
  const { webhook } = await createWebhook(
    db,
    accountId,
    {
      name: input.name,
      url: input.url,
      search_id: input.search_id,
      description: input.description,
      is_active: true,
      listening_start_time: listeningStartTime === undefined ? now : listeningStartTime,
      trigger_once_per_company: input.trigger_once_per_company,
    },
    { now, audit: ctx },
  );
  revalidatePath("/webhooks");
  redirect(`/webhooks/${webhook.id}?created=1`);
}, { permission: "webhook.write" });
