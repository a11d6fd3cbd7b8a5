// GET /api/v1/webhooks — the account's webhooks (?archived=true|false) · POST — create one (answers its secret once)
import { z } from "zod";
import { parseJsonBody, parseQuery } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { webhookCreateSchema } from "@/lib/validation/webhook";
import { serializeWebhook } from "@/lib/webhooks/serialize";
import { createWebhook, listWebhooks } from "@/lib/webhooks/service";
import { otherMethods } from "@/lib/api/methods";

const listQuerySchema = z.object({
  archived: z.enum(["true", "false"], "Expected true or false").optional(),
});

export const GET = withWorkspace(async ({ request, accountId, db }) => {
  const { archived } = parseQuery(request, listQuerySchema);
  const webhooks = await listWebhooks(db, accountId, { isArchived: archived === undefined ? undefined : archived === "true" });
  return { data: webhooks.map(serializeWebhook) };
}, { via: "api", permission: "read" });

export const POST = withWorkspace(async (ctx) => {
  const { request, accountId, db } = ctx;
  const input = await parseJsonBody(request, webhookCreateSchema);
  const { webhook, secret } = await createWebhook(db, accountId, input, { audit: ctx });
  return Response.json({ ...serializeWebhook(webhook), secret }, { status: 201 });
}, { via: "api", permission: "webhook.write" });

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
