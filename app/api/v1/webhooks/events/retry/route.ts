// POST /api/v1/webhooks/events/retry — resend events now ({"event_ids":[…]}, 1–500), one manual attempt each
import { parseJsonBody } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { resendEvents } from "@/lib/delivery/resend";
import { retryEventsSchema } from "@/lib/validation/event";
import { otherMethods } from "@/lib/api/methods";

export const POST = withWorkspace(async ({ request, accountId, db }) => {
  const { event_ids } = await parseJsonBody(request, retryEventsSchema, { maxBytes: 64 * 1024 });
  return { data: await resendEvents(db, accountId, event_ids) };
}, { via: "api", permission: "event.resend" });

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
