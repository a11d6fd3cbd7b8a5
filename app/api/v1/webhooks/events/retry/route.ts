// POST /api/v1/webhooks/events/retry — resend events now ({"event_ids":[…]}, 1–500), one manual attempt each
import { parseJsonBody } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { resendEvents } from "@/lib/delivery/resend";
import { retryEventsSchema } from "@/lib/validation/event";
import { otherMethods } from "@/lib/api/methods";

export const POST = withWorkspace(async (ctx) => {
  const { request, accountId, db } = ctx;
  const { event_ids } = await parseJsonBody(request, retryEventsSchema, { maxBytes: 64 * 1024 });
  return { data: await resendEvents(db, accountId, event_ids, { audit: ctx }) };
}, { via: "api", permission: "event.resend" });

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
