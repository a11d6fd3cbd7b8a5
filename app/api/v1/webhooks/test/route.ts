// POST /api/v1/webhooks/test — sends a signed sample event to a URL and answers its outcome
import { z } from "zod";
import { parseJsonBody } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { sendTestEvent } from "@/lib/delivery/test-event";
import { consumeRateLimit } from "@/lib/security/rate-limit";
import { webhookUrlSchema } from "@/lib/validation/webhook";
import { otherMethods } from "@/lib/api/methods";

const bodySchema = z.object({
  url: webhookUrlSchema,
  event_type: z.enum(["job.new", "company.new"], "event_type must be job.new or company.new"),
  /** Signs with this saved webhook's secret and logs the attempt under it. */
  webhook_id: z.uuid("Expected a webhook id").optional(),
});

export const POST = withWorkspace(async (ctx) => {
  const { request, accountId, db } = ctx;
  const input = await parseJsonBody(request, bodySchema, { maxBytes: 16 * 1024 });
  // Test sends reach any URL on demand: 30 a minute per team, the app and the API together.
  await consumeRateLimit("test_send_team", accountId);
  return sendTestEvent(
    { url: input.url, event_type: input.event_type, accountId, webhookId: input.webhook_id },
    { db, audit: ctx },
  );
}, { via: "api", permission: "event.test" });

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
