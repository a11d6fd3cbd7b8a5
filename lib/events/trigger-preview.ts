// The webhook form's preview: how many records the chosen listening start would trigger right away,
// and what that costs (1 credit each) against the balance.
import type { DbOrTx } from "@/db/client";
import { getCreditBalance } from "@/lib/credits/service";
import { countMatchingRecords } from "@/lib/matching/preview";
import { getSearch } from "@/lib/searches/service";

/** "now": only records discovered from now on; "search_start": everything the search matches (listening_start_time null). */
export type ListeningStartChoice = "now" | "search_start" | "keep";

export type TriggerPreview = { records: number; credits_needed: number; balance: number; is_short_of_credits: boolean };

export async function previewWebhookTrigger(
  db: DbOrTx,
  accountId: string,
  input: { searchId: string; listeningStart: ListeningStartChoice; keepSince?: Date | null; now?: Date },
): Promise<TriggerPreview> {
  const now = input.now ?? new Date();
  const search = await getSearch(db, accountId, input.searchId);
  const since = input.listeningStart === "now" ? now : input.listeningStart === "search_start" ? null : (input.keepSince ?? null);
  const [records, balance] = await Promise.all([
    input.listeningStart === "now" ? Promise.resolve(0) : countMatchingRecords(db, accountId, search, { since, now }),
    getCreditBalance(db, accountId),
  ]);
  return { records, credits_needed: records, balance, is_short_of_credits: records > balance };
}
