// GET /api/v1/webhooks/events/count — events and executions per local day, by status or by webhook
import { badRequest } from "@/lib/errors";
import { parseQuery } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { countQuerySchema, resolveCountQuery } from "@/lib/usage/count-query";
import { getEventCounts } from "@/lib/usage/counts";
import { otherMethods } from "@/lib/api/methods";

export const GET = withWorkspace(async ({ request, accountId, db }) => {
  const input = parseQuery(request, countQuerySchema);
  const resolved = resolveCountQuery(input, new Date());
  if (!resolved.ok) throw badRequest(`${resolved.issue.path}: ${resolved.issue.message}`, [resolved.issue]);
  return getEventCounts(db, accountId, resolved.query);
}, { via: "api", permission: "read" });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
