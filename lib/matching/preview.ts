// Live counts of records a search matches: the /searches list, and the webhook form's preview of
// what "from now" / "from the start of the search" would trigger (and cost, 1 credit each).
import type { DbOrTx } from "@/db/client";
import { countRecordsMatchingFilters, countRecordsMatchingSearches } from "@/db/queries/matching";
import type { SearchType } from "@/lib/validation/search";

export async function countMatchingRecords(
  db: DbOrTx,
  accountId: string,
  search: { type: SearchType; filters: unknown },
  options: {
    /** Only records discovered at or after this time (a webhook's listening start); null/absent = all. */
    since?: Date | null;
    now?: Date;
  } = {},
): Promise<number> {
  return countRecordsMatchingFilters(db, {
    accountId,
    type: search.type,
    filters: search.filters,
    since: options.since ?? null,
    now: options.now ?? new Date(),
  });
}

/** Counts for several saved searches in a couple of statements; a search id → its count. */
export async function countMatchingRecordsBySearch(
  db: DbOrTx,
  accountId: string,
  searchIds: string[],
  options: { now?: Date } = {},
): Promise<Map<string, number>> {
  return countRecordsMatchingSearches(db, { accountId, searchIds, now: options.now ?? new Date() });
}
