// GET /api/v1/webhooks/{id}/events/count — how many events a webhook has (?status), and by status
import { notFound } from "@/lib/errors";
import { parseQuery, uuidParam } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { countWebhookEvents } from "@/lib/events/service";
import { eventCountQuerySchema } from "@/lib/validation/event";
import { otherMethods } from "@/lib/api/methods";

export const GET = withWorkspace<{ id: string }>(async ({ request, accountId, db, params }) => {
  if (!uuidParam.safeParse(params.id).success) throw notFound("Webhook");
  const { status } = parseQuery(request, eventCountQuerySchema);
  return countWebhookEvents(db, accountId, params.id, status);
}, { via: "api", permission: "read" });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
