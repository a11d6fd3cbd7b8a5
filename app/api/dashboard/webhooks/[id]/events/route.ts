// GET /api/dashboard/webhooks/{id}/events — the details page's poll: one page of events and the stats
import { notFound } from "@/lib/errors";
import { withWorkspace } from "@/lib/auth/workspace";
import { parseQuery, uuidParam } from "@/lib/api/route";
import { getWebhookEventPage, getWebhookStats } from "@/lib/events/service";
import { eventListQuerySchema } from "@/lib/validation/event";

export const GET = withWorkspace<{ id: string }>(async ({ request, accountId, db, params }) => {
  if (!uuidParam.safeParse(params.id).success) throw notFound("Webhook");
  const query = parseQuery(request, eventListQuerySchema);
  const [page, stats] = await Promise.all([
    getWebhookEventPage(db, accountId, params.id, query),
    getWebhookStats(db, accountId, params.id),
  ]);
  return { page, stats };
}, { via: "session", permission: "read" });
