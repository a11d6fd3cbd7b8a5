// GET /api/v1/webhooks/{id}/events — a webhook's events, newest first (?status&offset&limit, limit ≤ 500)
import { notFound } from "@/lib/errors";
import { parseQuery, uuidParam } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { getWebhookEventPage } from "@/lib/events/service";
import { eventListQuerySchema } from "@/lib/validation/event";
import { otherMethods } from "@/lib/api/methods";

export const GET = withWorkspace<{ id: string }>(async ({ request, accountId, db, params }) => {
  if (!uuidParam.safeParse(params.id).success) throw notFound("Webhook");
  const query = parseQuery(request, eventListQuerySchema);
  return getWebhookEventPage(db, accountId, params.id, query);
}, { via: "api", permission: "read" });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
