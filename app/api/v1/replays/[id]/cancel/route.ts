// POST /api/v1/replays/{id}/cancel — stop a running bulk replay (events already handed to delivery still go out)
import { notFound } from "@/lib/errors";
import { uuidParam } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { cancelReplay } from "@/lib/replays/service";
import { otherMethods } from "@/lib/api/methods";

export const POST = withWorkspace<{ id: string }>(async (ctx) => {
  if (!uuidParam.safeParse(ctx.params.id).success) throw notFound("Replay");
  return cancelReplay(ctx.db, ctx, ctx.params.id);
}, { via: "api", permission: "event.resend" });

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
