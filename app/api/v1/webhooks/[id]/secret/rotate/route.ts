// POST /api/v1/webhooks/{id}/secret/rotate — a new signing secret, answered once
import { apiRoute } from "@/lib/api/route";
import { serializeWebhook } from "@/lib/webhooks/serialize";
import { rotateWebhookSecret } from "@/lib/webhooks/service";

export const POST = apiRoute<{ id: string }>(async ({ accountId, db, params }) => {
  const { webhook, secret } = await rotateWebhookSecret(db, accountId, params.id);
  return { ...serializeWebhook(webhook), secret };
});
