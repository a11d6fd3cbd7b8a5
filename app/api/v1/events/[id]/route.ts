// GET /api/v1/events/{id} — one event with every attempt, newest first
import { notFound } from "@/lib/api/errors";
import { apiRoute, uuidParam } from "@/lib/api/route";
import { getEventWithAttempts } from "@/lib/events/service";

export const GET = apiRoute<{ id: string }>(async ({ accountId, db, params }) => {
  if (!uuidParam.safeParse(params.id).success) throw notFound("Event");
  return getEventWithAttempts(db, accountId, params.id);
});
