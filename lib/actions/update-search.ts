"use server";
// Saves the edit form of a saved search; widening its filters re-runs detection for its webhooks.
import { revalidatePath } from "next/cache";
import { updateSearch } from "@/lib/searches/service";
import { validatedAction } from "./safe-action";
import { searchFormUpdateSchema } from "./search-form";

export const updateSearchAction = validatedAction(searchFormUpdateSchema, async (input, { accountId, db }) => {
  const { search, events_triggered, events_not_triggered } = await updateSearch(db, accountId, input.search_id, {
    name: input.name,
    type: input.type,
    filters: input.filters,
  });
  revalidatePath("/searches");
  revalidatePath("/webhooks");
  return { id: search.id, events_triggered, events_not_triggered };
}, { permission: "search.write" });
