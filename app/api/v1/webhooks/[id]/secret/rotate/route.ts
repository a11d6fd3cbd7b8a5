// POST /api/v1/webhooks/{id}/secret/rotate — a new signing secret, answered once
import { withWorkspace } from "@/lib/auth/workspace";
import { serializeWebhook } from "@/lib/webhooks/serialize";
import { rotateWebhookSecret } from "@/lib/webhooks/service";
import { otherMethods } from "@/lib/api/methods";

export const POST = withWorkspace<{ id: string }>(async (ctx) => {
  const { accountId, db, params } = ctx;
  const { webhook, secret } = await rotateWebhookSecret(db, accountId, params.id, { audit: ctx });
  return { ...serializeWebhook(webhook), secret };
}, { via: "api", permission: "webhook.reveal_secret", requireFreshSignIn: true });

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
