// Saved searches (SPEC §1). A search's type never changes: its webhooks' event type follows it.
// Changing its filters changes what its webhooks watch, so their detection re-runs (SPEC §3).
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { isUuid } from "@/db/ids";
import { lockAccountCredits } from "@/db/queries/accounts";
import {
  countWebhooksUsingSearch,
  deleteSearchRow,
  getSearch as getSearchRow,
  insertSearch,
  listActiveWebhookIdsOfSearch,
  listSearches as listSearchRows,
  updateSearchRow,
} from "@/db/queries/searches";
import type { Search } from "@/db/schema";
import type { searchResponseSchema } from "@/lib/api/schemas/search";
import { validationError } from "@/lib/errors";
import { conflict, notFound } from "@/lib/errors";
import { parseSearchFilters, type SearchCreateInput, type SearchFilters, type SearchUpdateInput } from "@/lib/validation/search";
import { detectForWebhookLocked } from "@/lib/matching/detect";
import type { MatchingOptions } from "@/lib/matching/ingest";

/** lib/api/schemas/search.ts: the response test parses real answers with it. */
export type SearchJson = z.output<typeof searchResponseSchema>;

export function serializeSearch(search: Search): SearchJson {
  return {
    id: search.id,
    name: search.name,
    type: search.type,
    filters: (search.filters ?? {}) as SearchJson["filters"],
    created_at: search.createdAt.toISOString(),
    updated_at: search.updatedAt.toISOString(),
  };
}


export async function getSearch(db: DbOrTx, accountId: string, id: string): Promise<Search> {
  const search = isUuid(id) ? await getSearchRow(db, accountId, id) : undefined;
  if (!search) throw notFound("Search");
  return search;
}

export async function listSearches(db: DbOrTx, accountId: string): Promise<Search[]> {
  return listSearchRows(db, accountId);
}

export async function createSearch(db: DbOrTx, accountId: string, input: SearchCreateInput): Promise<Search> {
  return insertSearch(db, { accountId, name: input.name, type: input.type, filters: input.filters });
}

export async function updateSearch(
  db: DbOrTx,
  accountId: string,
  id: string,
  input: SearchUpdateInput,
  options: MatchingOptions = {},
): Promise<{ search: Search; events_triggered: number; events_not_triggered: number }> {
  const now = options.now ?? new Date();
  const existing = await getSearch(db, accountId, id);
  if (input.type !== undefined && input.type !== existing.type) {
    throw conflict("A search's type cannot change after creation: its webhooks depend on it. Create a new search instead.", [
      { path: "type", message: "The type cannot change after creation" },
    ]);
  }
  let filters: SearchFilters | undefined;
  if (input.filters !== undefined) {
    const parsed = parseSearchFilters(existing.type, input.filters);
    if (!parsed.success) throw validationError(parsed.error);
    filters = parsed.data.filters as SearchFilters;
  }
  return db.transaction(async (tx) => {
    const credits = filters ? await lockAccountCredits(tx, accountId) : 0;
    const search = await updateSearchRow(tx, { accountId, id, values: { name: input.name, filters } });
    if (!search) throw notFound("Search");
    let left = credits;
    const totals = { events_triggered: 0, events_not_triggered: 0 };
    if (filters) {
      for (const webhookId of await listActiveWebhookIdsOfSearch(tx, accountId, id)) {
        const counts = await detectForWebhookLocked(tx, accountId, webhookId, left, now);
        left -= counts.events_triggered;
        totals.events_triggered += counts.events_triggered;
        totals.events_not_triggered += counts.events_not_triggered;
      }
    }
    return { search, ...totals };
  });
}

/** Deletes a search no webhook uses (archived ones included: their history points at it). */
export async function deleteSearch(db: DbOrTx, accountId: string, id: string): Promise<void> {
  await getSearch(db, accountId, id);
  await db.transaction(async (tx) => {
    const used = await countWebhooksUsingSearch(tx, accountId, id);
    if (used > 0) {
      throw conflict(`This search is used by ${used} webhook${used === 1 ? "" : "s"}; point them at another search first.`);
    }
    try {
      if (!(await deleteSearchRow(tx, accountId, id))) throw notFound("Search");
    } catch (error) {
      const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
      // A webhook created concurrently now references it.
      if (code === "23503") throw conflict("This search is used by a webhook; point it at another search first.");
      throw error;
    }
  });
}
