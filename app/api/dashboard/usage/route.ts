// GET /api/dashboard/usage — the Usage page's poll: counts, series and credits for the dashboard's account
import { withWorkspace } from "@/lib/auth/workspace";
import { parseQuery } from "@/lib/api/route";
import { getUsageSummary } from "@/lib/usage/service";
import { summaryQuerySchema } from "@/lib/usage/view-state";

export const GET = withWorkspace(async ({ request, accountId, db }) => {
  const input = parseQuery(request, summaryQuerySchema);
  return getUsageSummary(db, accountId, {
    from: input.from,
    to: input.to,
    timeZone: input.tz,
    groupBy: input.group_by,
    webhookId: input.webhook_id,
  });
}, { via: "session", permission: "read" });
