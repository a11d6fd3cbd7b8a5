// POST /api/v1/webhooks/events/retry — resend events now ({"event_ids":[…]}, 1–500, one manual attempt each), or replay every failed event a filter selects ({"filter":{…}} or {"since","webhook_id"?}; "dry_run": true counts them) as a server-side job
import { parseJsonBody } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { resendEvents } from "@/lib/delivery/resend";
import { createReplay, previewReplay } from "@/lib/replays/service";
import { retryRequestSchema } from "@/lib/validation/replay";
import { otherMethods } from "@/lib/api/methods";

export const POST = withWorkspace(async (ctx) => {
  const { request, accountId, db } = ctx;
  const body = await parseJsonBody(request, retryRequestSchema, { maxBytes: 64 * 1024 });
  if (body.kind === "ids") return { data: await resendEvents(db, accountId, body.eventIds, { audit: ctx }) };
  if (body.isDryRun) return previewReplay(db, accountId, body.filter);
  return Response.json({ job: await createReplay(db, ctx, body.kind, body.filter) }, { status: 202 });
}, { via: "api", permission: "event.resend" });

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
