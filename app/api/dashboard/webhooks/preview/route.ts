// GET /api/dashboard/webhooks/preview?search_id&listening_start=now|search_start|keep[&since] — the form's live preview
import { z } from "zod";
import { withWorkspace } from "@/lib/auth/workspace";
import { parseQuery } from "@/lib/api/route";
import { previewWebhookTrigger } from "@/lib/events/trigger-preview";
import { dateTimeSchema } from "@/lib/validation/dates";

const querySchema = z.object({
  search_id: z.uuid("Choose one of your saved searches"),
  listening_start: z.enum(["now", "search_start", "keep"]),
  since: dateTimeSchema.optional(),
});

export const GET = withWorkspace(async ({ request, accountId, db }) => {
  const query = parseQuery(request, querySchema);
  return previewWebhookTrigger(db, accountId, {
    searchId: query.search_id,
    listeningStart: query.listening_start,
    keepSince: query.since ?? null,
  });
}, { via: "session", permission: "read" });
