// GET /api/v1/webhooks/{id} — one webhook · PATCH — edit it (detection re-runs)
import { parseJsonBody } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { webhookUpdateSchema } from "@/lib/validation/webhook";
import { serializeWebhook } from "@/lib/webhooks/serialize";
import { getWebhook, updateWebhook } from "@/lib/webhooks/service";

type Params = { id: string };

export const GET = withWorkspace<Params>(async ({ accountId, db, params }) => {
  return serializeWebhook(await getWebhook(db, accountId, params.id));
}, { via: "api", permission: "read" });

export const PATCH = withWorkspace<Params>(async ({ request, accountId, db, params }) => {
  await getWebhook(db, accountId, params.id);
  const input = await parseJsonBody(request, webhookUpdateSchema);
  const { webhook } = await updateWebhook(db, accountId, params.id, input);
  return serializeWebhook(webhook);
}, { via: "api", permission: "webhook.write" });
