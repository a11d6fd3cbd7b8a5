// GET /api/v1/webhooks/events/count: one row per local day and status (or webhook) with events (lib/usage/service.ts).
import { z } from "zod";
import { count } from "./common";
import { eventStatusSchema } from "./event";

export const dailyCountResponseSchema = z.strictObject({
  period_start: z.iso.datetime({ offset: true }).meta({ description: "The local midnight that starts the day, with that moment's offset" }),
  number_of_events: count,
  number_of_executions: count.meta({ description: "Delivery attempts of those events" }),
  status: eventStatusSchema.optional().meta({ description: "With group_by=status" }),
  webhook_id: z.uuid().optional().meta({ description: "With group_by=webhook_id" }),
});

export const dailyCountsResponseSchema = z.array(dailyCountResponseSchema);
