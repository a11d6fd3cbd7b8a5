"use server";
// Creates a saved search from the /searches form.
import { revalidatePath } from "next/cache";
import { createSearch } from "@/lib/searches/service";
import { validatedAction } from "./safe-action";
import { searchFormCreateSchema } from "./search-form";

export const createSearchAction = validatedAction(searchFormCreateSchema, async (input, { accountId, db }) => {
  const search = await createSearch(db, accountId, input);
  revalidatePath("/searches");
  return { id: search.id };
}, { permission: "search.write" });
