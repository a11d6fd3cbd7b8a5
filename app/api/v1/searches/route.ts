// GET /api/v1/searches — the account's saved searches · POST — create one
import { apiRoute, parseJsonBody } from "@/lib/api/route";
import { createSearch, listSearches, serializeSearch } from "@/lib/matching/searches";
import { searchCreateSchema } from "@/lib/validation/search";

export const GET = apiRoute(async ({ accountId, db }) => {
  const searches = await listSearches(db, accountId);
  return { data: searches.map(serializeSearch) };
});

export const POST = apiRoute(async ({ request, accountId, db }) => {
  const input = await parseJsonBody(request, searchCreateSchema);
  const search = await createSearch(db, accountId, input);
  return Response.json(serializeSearch(search), { status: 201 });
});
