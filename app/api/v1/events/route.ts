// GET /api/v1/events — the team's events across webhooks, newest first, filtered (q, status, response, http_status, from, to, min_attempts, webhook_id), by cursor (limit ≤ 500)
import { parseQuery } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { getAccountEventPage } from "@/lib/events/service";
import { accountEventListQuerySchema } from "@/lib/validation/event-filter";
import { otherMethods } from "@/lib/api/methods";

export const GET = withWorkspace(async ({ request, accountId, db }) => {
  const { filter, cursor, limit } = parseQuery(request, accountEventListQuerySchema);
  return getAccountEventPage(db, accountId, { filter, cursor, limit });
}, { via: "api", permission: "read" });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
