// GET /api/dashboard/webhooks/{id}/events — the details page's poll: one page of events (the same filter as the API) and the stats
import { notFound } from "@/lib/errors";
import { withWorkspace } from "@/lib/auth/workspace";
import { parseQuery, uuidParam } from "@/lib/api/route";
import { getWebhookEventPage, getWebhookStats } from "@/lib/events/service";
import { webhookEventListQuerySchema } from "@/lib/validation/event-filter";
import { getWebhook } from "@/lib/webhooks/service";
import { serializeWebhook } from "@/lib/webhooks/serialize";

export const GET = withWorkspace<{ id: string }>(async ({ request, accountId, db, params }) => {
  if (!uuidParam.safeParse(params.id).success) throw notFound("Webhook");
  const { filter, offset, limit } = parseQuery(request, webhookEventListQuerySchema);
  const [page, stats, webhook] = await Promise.all([
    getWebhookEventPage(db, accountId, params.id, { filter, offset, limit }),
    getWebhookStats(db, accountId, params.id),
    getWebhook(db, accountId, params.id),
  ]);
  return { page, stats, health: serializeWebhook(webhook).health };
}, { via: "session", permission: "read" });
