// GET /api/dashboard/events/{id} — the event view's poll: the event and every attempt
import { notFound } from "@/lib/errors";
import { withWorkspace } from "@/lib/auth/workspace";
import { uuidParam } from "@/lib/api/route";
import { getEventWithAttempts } from "@/lib/events/service";

export const GET = withWorkspace<{ id: string }>(async ({ accountId, db, params }) => {
  if (!uuidParam.safeParse(params.id).success) throw notFound("Event");
  return getEventWithAttempts(db, accountId, params.id);
}, { via: "session", permission: "read" });
