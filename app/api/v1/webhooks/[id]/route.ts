// GET /api/v1/webhooks/{id} — one webhook · PATCH — edit it (detection re-runs)
import { apiRoute, parseJsonBody } from "@/lib/api/route";
import { webhookUpdateSchema } from "@/lib/validation/webhook";
import { serializeWebhook } from "@/lib/webhooks/serialize";
import { getWebhook, updateWebhook } from "@/lib/webhooks/service";

type Params = { id: string };

export const GET = apiRoute<Params>(async ({ accountId, db, params }) => {
  return serializeWebhook(await getWebhook(db, accountId, params.id));
});

export const PATCH = apiRoute<Params>(async ({ request, accountId, db, params }) => {
  await getWebhook(db, accountId, params.id);
  const input = await parseJsonBody(request, webhookUpdateSchema);
  const { webhook } = await updateWebhook(db, accountId, params.id, input);
  return serializeWebhook(webhook);
});
