"use server";
// "Send test event": a signed sample event to a URL (typed on the form, or the saved webhook's),
// before or after saving. A saved webhook signs with its own secret, so the receiver's
// verification is tested too, and the attempt is logged with trigger "test".
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { sendTestEvent } from "@/lib/delivery/test-event";
import { consumeRateLimit } from "@/lib/security/rate-limit";
import { webhookFormSchema } from "./webhook-form";

const schema = z.object({
  url: webhookFormSchema.shape.url,
  event_type: z.enum(["job.new", "company.new"]),
  webhook_id: z.uuid().optional(),
});

export const sendTestEventAction = validatedAction(schema, async (input, ctx) => {
  await consumeRateLimit("test_send_team", ctx.accountId);
  return sendTestEvent(
    { url: input.url, event_type: input.event_type, accountId: ctx.accountId, webhookId: input.webhook_id },
    { db: ctx.db, audit: ctx },
  );
}, { permission: "event.test" });
