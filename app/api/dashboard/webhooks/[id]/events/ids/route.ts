// GET /api/dashboard/webhooks/{id}/events/ids?status=failed — ids for "Resend all failed", newest first
import { z } from "zod";
import { notFound } from "@/lib/errors";
import { withWorkspace } from "@/lib/auth/workspace";
import { parseQuery, uuidParam } from "@/lib/api/route";
import { listWebhookEventIdsOfStatus } from "@/lib/events/service";
import { EVENT_STATUS_NAMES } from "@/lib/event-status";

const querySchema = z.object({ status: z.enum(EVENT_STATUS_NAMES).optional().default("failed") });

export const GET = withWorkspace<{ id: string }>(async ({ request, accountId, db, params }) => {
  if (!uuidParam.safeParse(params.id).success) throw notFound("Webhook");
  const { status } = parseQuery(request, querySchema);
  return { ids: await listWebhookEventIdsOfStatus(db, accountId, params.id, status) };
}, { via: "session", permission: "read" });
