"use server";
// Deletes a saved search that no webhook uses (409 otherwise, shown on the form).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { deleteSearch } from "@/lib/searches/service";
import { validatedAction } from "./safe-action";

export const deleteSearchAction = validatedAction(z.object({ search_id: z.uuid("Unknown search") }), async (input, { accountId, db }) => {
  await deleteSearch(db, accountId, input.search_id);
  revalidatePath("/searches");
  return { id: input.search_id };
}, { permission: "search.write" });
