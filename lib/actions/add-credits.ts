"use server";
// Adds API credits from the Usage page, then catches up not_triggered events that still match.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { addCreditsAndCatchUp, MAX_CREDIT_TOP_UP } from "@/lib/credits/service";

const schema = z.object({
  amount: z.coerce
    .number("Enter a number of credits")
    .refine(Number.isFinite, "Enter a number of credits")
    .int("Enter a whole number of credits")
    .min(1, "Add at least 1 credit")
    .max(MAX_CREDIT_TOP_UP, `At most ${MAX_CREDIT_TOP_UP.toLocaleString("en-US")} credits at a time`),
});

export const addCreditsAction = validatedAction(schema, async (input, ctx) => {
  const result = await addCreditsAndCatchUp(ctx.db, ctx.accountId, input.amount, { audit: ctx });
  revalidatePath("/usage");
  return { balance: result.balance, eventsTriggered: result.events_triggered, added: input.amount };
}, { permission: "credits.add" });
