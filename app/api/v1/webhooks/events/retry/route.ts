// POST /api/v1/webhooks/events/retry — resend events now ({"event_ids":[…]}, 1–500), one manual attempt each
import { apiRoute, parseJsonBody } from "@/lib/api/route";
import { resendEvents } from "@/lib/delivery/resend";
import { retryEventsSchema } from "@/lib/validation/event";

export const POST = apiRoute(async ({ request, accountId, db }) => {
  const { event_ids } = await parseJsonBody(request, retryEventsSchema, { maxBytes: 64 * 1024 });
  return { data: await resendEvents(db, accountId, event_ids) };
});
