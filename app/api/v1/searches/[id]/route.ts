// GET /api/v1/searches/{id} — one saved search · PATCH — rename or change filters (not the type) · DELETE — remove an unused one
import { parseJsonBody } from "@/lib/api/route";
import { withWorkspace } from "@/lib/auth/workspace";
import { deleteSearch, getSearch, serializeSearch, updateSearch } from "@/lib/searches/service";
import { searchUpdateSchema } from "@/lib/validation/search";
import { otherMethods } from "@/lib/api/methods";

type Params = { id: string };

export const GET = withWorkspace<Params>(async ({ accountId, db, params }) => {
  return serializeSearch(await getSearch(db, accountId, params.id));
}, { via: "api", permission: "read" });

export const PATCH = withWorkspace<Params>(async ({ request, accountId, db, params }) => {
  await getSearch(db, accountId, params.id);
  const input = await parseJsonBody(request, searchUpdateSchema);
  const { search } = await updateSearch(db, accountId, params.id, input);
  return serializeSearch(search);
}, { via: "api", permission: "search.write" });

export const DELETE = withWorkspace<Params>(async ({ accountId, db, params }) => {
  await deleteSearch(db, accountId, params.id);
  return new Response(null, { status: 204 });
}, { via: "api", permission: "search.write" });

export const { POST, PUT, OPTIONS } = otherMethods("GET", "PATCH", "DELETE");
