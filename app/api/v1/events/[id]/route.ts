// GET /api/v1/events/{id} — one event with every attempt, newest first
import { notFound } from "@/lib/errors";
import { uuidParam } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { getEventWithAttempts } from "@/lib/events/service";
import { otherMethods } from "@/lib/api/methods";

export const GET = withWorkspace<{ id: string }>(async ({ accountId, db, params }) => {
  if (!uuidParam.safeParse(params.id).success) throw notFound("Event");
  return getEventWithAttempts(db, accountId, params.id);
}, { via: "api", permission: "read" });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
