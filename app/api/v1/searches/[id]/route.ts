// GET /api/v1/searches/{id} — one saved search · PATCH — rename or change filters (not the type) · DELETE — remove an unused one
import { apiRoute, parseJsonBody } from "@/lib/api/route";
import { deleteSearch, getSearch, serializeSearch, updateSearch } from "@/lib/matching/searches";
import { searchUpdateSchema } from "@/lib/validation/search";

type Params = { id: string };

export const GET = apiRoute<Params>(async ({ accountId, db, params }) => {
  return serializeSearch(await getSearch(db, accountId, params.id));
});

export const PATCH = apiRoute<Params>(async ({ request, accountId, db, params }) => {
  await getSearch(db, accountId, params.id);
  const input = await parseJsonBody(request, searchUpdateSchema);
  const { search } = await updateSearch(db, accountId, params.id, input);
  return serializeSearch(search);
});

export const DELETE = apiRoute<Params>(async ({ accountId, db, params }) => {
  await deleteSearch(db, accountId, params.id);
  return new Response(null, { status: 204 });
});
