// GET /api/dashboard/events/{id} — the event view's poll: the event and every attempt
import { notFound } from "@/lib/api/errors";
import { dashboardRoute } from "@/lib/api/dashboard-route";
import { uuidParam } from "@/lib/api/route";
import { getEventWithAttempts } from "@/lib/events/service";

export const GET = dashboardRoute<{ id: string }>(async ({ accountId, db, params }) => {
  if (!uuidParam.safeParse(params.id).success) throw notFound("Event");
  return getEventWithAttempts(db, accountId, params.id);
});
