// PATCH /api/v1/webhooks/{id}/status {"is_active"} — pause or enable (enabling catches up what it missed)
import { parseJsonBody } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { webhookStatusSchema } from "@/lib/validation/webhook";
import { serializeWebhook } from "@/lib/webhooks/serialize";
import { getWebhook, setWebhookActive } from "@/lib/webhooks/service";
import { otherMethods } from "@/lib/api/methods";

export const PATCH = withWorkspace<{ id: string }>(async (ctx) => {
  const { request, accountId, db, params } = ctx;
  await getWebhook(db, accountId, params.id);
  const { is_active } = await parseJsonBody(request, webhookStatusSchema);
  const { webhook } = await setWebhookActive(db, accountId, params.id, is_active, { audit: ctx });
  return serializeWebhook(webhook);
}, { via: "api", permission: "webhook.write" });

export const { GET, POST, PUT, DELETE, OPTIONS } = otherMethods("PATCH");
