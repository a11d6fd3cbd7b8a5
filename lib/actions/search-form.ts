// The /searches form's input as the server actions accept it: the typed values, parsed on the server.
import { z } from "zod";
import { searchCreateSchema, searchInputFromForm, type SearchFormValues } from "@/lib/validation/search";

function asFormValues(values: unknown): SearchFormValues {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((values ?? {}) as Record<string, unknown>)) {
    if (typeof value === "string") out[key] = value;
  }
  return out as SearchFormValues;
}

/** Create: name, type and filters, validated as the API validates them. */
export const searchFormCreateSchema = z.preprocess((values) => searchInputFromForm(asFormValues(values)), searchCreateSchema);

/** The live count needs no name yet. */
export const searchFormCountSchema = z.preprocess(
  (values) => searchInputFromForm({ ...asFormValues(values), name: "count" }),
  searchCreateSchema,
);

/** Edit: the type is the saved search's, so filters are checked against it by the service. */
export const searchFormUpdateSchema = z.preprocess(
  (values) => {
    const { search_id: searchId, ...rest } = asFormValues(values) as SearchFormValues & { search_id?: string };
    return { search_id: searchId, ...searchInputFromForm(rest) };
  },
  z.object({
    search_id: z.uuid("Unknown search"),
    name: z.string().trim().min(1, "Give the search a name").max(200, "At most 200 characters"),
    type: z.enum(["job", "company"]),
    filters: z.record(z.string(), z.unknown()),
  }),
);
