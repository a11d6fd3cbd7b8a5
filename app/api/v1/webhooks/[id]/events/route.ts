// GET /api/v1/webhooks/{id}/events — a webhook's events, newest first, filtered (lib/validation/event-filter.ts: q, status, response, http_status, from, to, min_attempts) and by offset (limit ≤ 500)
import { notFound } from "@/lib/errors";
import { parseQuery, uuidParam } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { getWebhookEventPage } from "@/lib/events/service";
import { webhookEventListQuerySchema } from "@/lib/validation/event-filter";
import { otherMethods } from "@/lib/api/methods";

export const GET = withWorkspace<{ id: string }>(async ({ request, accountId, db, params }) => {
  if (!uuidParam.safeParse(params.id).success) throw notFound("Webhook");
  const { filter, offset, limit } = parseQuery(request, webhookEventListQuerySchema);
  return getWebhookEventPage(db, accountId, params.id, { filter, offset, limit });
}, { via: "api", permission: "read" });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
