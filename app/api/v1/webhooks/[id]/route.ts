// GET /api/v1/webhooks/{id} — one webhook · PATCH — edit it (detection re-runs)
import { parseJsonBody } from "@/lib/api/route";
import { requireFreshSignIn, withWorkspace } from "@/lib/auth/workspace";
import { webhookUpdateSchema } from "@/lib/validation/webhook";
import { serializeWebhook } from "@/lib/webhooks/serialize";
import { getWebhook, updateWebhook } from "@/lib/webhooks/service";
import { otherMethods } from "@/lib/api/methods";

type Params = { id: string };

export const GET = withWorkspace<Params>(async ({ accountId, db, params }) => {
  return serializeWebhook(await getWebhook(db, accountId, params.id));
}, { via: "api", permission: "read" });

export const PATCH = withWorkspace<Params>(async (ctx) => {
  const { request, accountId, db, params } = ctx;
  const current = await getWebhook(db, accountId, params.id);
  const input = await parseJsonBody(request, webhookUpdateSchema);
  // A new URL from a person's session needs a recent sign-in, as on the edit page.
  if (input.url !== undefined && input.url !== current.url) requireFreshSignIn(ctx);
  const { webhook } = await updateWebhook(db, accountId, params.id, input, { audit: ctx });
  return serializeWebhook(webhook);
}, { via: "api", permission: "webhook.write" });

export const { POST, PUT, DELETE, OPTIONS } = otherMethods("GET", "PATCH");
