// GET /api/v1/credits — the API credit balance · POST {"amount"} — add credits, then catch up not_triggered events
import { z } from "zod";
import { parseJsonBody } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { addCreditsAndCatchUp, getCreditBalance, MAX_CREDIT_TOP_UP } from "@/lib/credits/service";
import { otherMethods } from "@/lib/api/methods";

const topUpSchema = z.object({
  amount: z
    .number("Expected a number of credits")
    .int("Expected a whole number of credits")
    .min(1, "Add at least 1 credit")
    .max(MAX_CREDIT_TOP_UP, `At most ${MAX_CREDIT_TOP_UP} credits per call`),
});

export const GET = withWorkspace(async ({ accountId, db }) => {
  return { balance: await getCreditBalance(db, accountId) };
}, { via: "api", permission: "read" });

export const POST = withWorkspace(async (ctx) => {
  const { request, accountId, db } = ctx;
  const { amount } = await parseJsonBody(request, topUpSchema);
  return addCreditsAndCatchUp(db, accountId, amount, { audit: ctx });
}, { via: "api", permission: "credits.add" });

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
