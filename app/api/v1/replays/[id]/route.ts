// GET /api/v1/replays/{id} — a bulk replay job and its progress (delivered, failed, skipped, remaining, who started it)
import { notFound } from "@/lib/errors";
import { uuidParam } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { getReplay } from "@/lib/replays/service";
import { otherMethods } from "@/lib/api/methods";

export const GET = withWorkspace<{ id: string }>(async ({ accountId, db, params }) => {
  if (!uuidParam.safeParse(params.id).success) throw notFound("Replay");
  return getReplay(db, accountId, params.id);
}, { via: "api", permission: "read" });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
