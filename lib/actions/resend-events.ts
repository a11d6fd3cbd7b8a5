"use server";
// Resend from the dashboard: a real attempt now per event, recorded as manual (no credits, the
// 48-hour window unchanged). The page sends ids in small chunks to show progress.
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { resendEvents } from "@/lib/delivery/resend";
import { MAX_RESEND_IDS_PER_ACTION } from "@/lib/validation/event";

const schema = z.object({ event_ids: z.array(z.uuid("Expected an event id")).min(1).max(MAX_RESEND_IDS_PER_ACTION) });

export const resendEventsAction = validatedAction(schema, async (input, ctx) => {
  return resendEvents(ctx.db, ctx.accountId, input.event_ids, { now: new Date(), audit: ctx });
}, { permission: "event.resend" });
