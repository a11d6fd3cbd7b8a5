// GET /api/v1/searches — the account's saved searches · POST — create one
import { parseJsonBody } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { createSearch, listSearches, serializeSearch } from "@/lib/searches/service";
import { searchCreateSchema } from "@/lib/validation/search";
import { otherMethods } from "@/lib/api/methods";

export const GET = withWorkspace(async ({ accountId, db }) => {
  const searches = await listSearches(db, accountId);
  return { data: searches.map(serializeSearch) };
}, { via: "api", permission: "read" });

export const POST = withWorkspace(async ({ request, accountId, db }) => {
  const input = await parseJsonBody(request, searchCreateSchema);
  const search = await createSearch(db, accountId, input);
  return Response.json(serializeSearch(search), { status: 201 });
}, { via: "api", permission: "search.write" });

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
