"use server";
// Triggers not_triggered events by hand: 1 credit each, delivered by the scheduler within seconds.
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { triggerNotTriggeredEvents } from "@/lib/credits/service";

const schema = z.object({ event_ids: z.array(z.uuid()).min(1).max(500) });

export const triggerEventsAction = validatedAction(schema, async (input, ctx) => {
  return triggerNotTriggeredEvents(ctx.db, ctx.accountId, input.event_ids, { audit: ctx });
}, { permission: "event.resend" });
