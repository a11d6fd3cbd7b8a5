// POST /api/v1/webhooks/{id}/secret/rotate — a new signing secret, answered once; optional body
// {"grace_period_hours"} (default 24, 0–168): how long the old secret keeps signing beside it
import { z } from "zod";
import { parseJsonBody } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { serializeWebhook } from "@/lib/webhooks/serialize";
import { secretGraceHoursSchema } from "@/lib/validation/webhook";
import { rotateWebhookSecret } from "@/lib/webhooks/service";
import { otherMethods } from "@/lib/api/methods";

const rotateBody = z
  .object({
    grace_period_hours: secretGraceHoursSchema.optional(),
  })
  .optional();

export const POST = withWorkspace<{ id: string }>(async (ctx) => {
  const { accountId, db, params } = ctx;
  const body = await parseJsonBody(ctx.request, rotateBody, { maxBytes: 4096 });
  const { webhook, secret } = await rotateWebhookSecret(db, accountId, params.id, { audit: ctx, graceHours: body?.grace_period_hours });
  return { ...serializeWebhook(webhook), secret };
}, { via: "api", permission: "webhook.reveal_secret", requireFreshSignIn: true });

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
