"use server";
// The search form's live count: how many records the filters being typed match right now.
import { countMatchingRecords } from "@/lib/matching/preview";
import { validatedAction } from "./safe-action";
import { searchFormCountSchema } from "./search-form";

export const countSearchMatchesAction = validatedAction(searchFormCountSchema, async (input, { accountId, db }) => {
  return { count: await countMatchingRecords(db, accountId, input) };
}, { permission: "read" });
