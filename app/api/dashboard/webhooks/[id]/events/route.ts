// GET /api/dashboard/webhooks/{id}/events — the details page's poll: one page of events and the stats
import { notFound } from "@/lib/errors";
import { withWorkspace } from "@/lib/auth/workspace";
import { parseQuery, uuidParam } from "@/lib/api/route";
import { getWebhookEventPage, getWebhookStats } from "@/lib/events/service";
import { eventListQuerySchema } from "@/lib/validation/event";
import { getWebhook } from "@/lib/webhooks/service";
import { serializeWebhook } from "@/lib/webhooks/serialize";

export const GET = withWorkspace<{ id: string }>(async ({ request, accountId, db, params }) => {
  if (!uuidParam.safeParse(params.id).success) throw notFound("Webhook");
  const query = parseQuery(request, eventListQuerySchema);
  const [page, stats, webhook] = await Promise.all([
    getWebhookEventPage(db, accountId, params.id, query),
    getWebhookStats(db, accountId, params.id),
    getWebhook(db, accountId, params.id),
  ]);
  return { page, stats, health: serializeWebhook(webhook).health };
}, { via: "session", permission: "read" });
