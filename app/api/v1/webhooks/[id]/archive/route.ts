// PATCH /api/v1/webhooks/{id}/archive — archive a webhook (body optional; {"is_archived": false} restores it)
import { parseJsonBody } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { webhookArchiveSchema } from "@/lib/validation/webhook";
import { serializeWebhook } from "@/lib/webhooks/serialize";
import { archiveWebhook, getWebhook } from "@/lib/webhooks/service";
import { otherMethods } from "@/lib/api/methods";

export const PATCH = withWorkspace<{ id: string }>(async (ctx) => {
  const { request, accountId, db, params } = ctx;
  await getWebhook(db, accountId, params.id);
  const { is_archived } = await parseJsonBody(request, webhookArchiveSchema);
  const { webhook } = await archiveWebhook(db, accountId, params.id, is_archived, { audit: ctx });
  return serializeWebhook(webhook);
}, { via: "api", permission: "webhook.write" });

export const { GET, POST, PUT, DELETE, OPTIONS } = otherMethods("PATCH");
