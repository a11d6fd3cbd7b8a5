// Detection for one webhook (SPEC §3): when it is created, enabled or edited, every record of its
// search's type that matches and has no event for it yet gets one, oldest first while credits last.
import type { DbOrTx } from "@/db/client";
import { debitCredits, lockAccountCredits } from "@/db/queries/accounts";
import { insertDetectedEvents, type DetectionCounts } from "@/db/queries/matching";
import { getWebhookWithSearchType } from "@/db/queries/webhooks";
import { wakeDelivery } from "@/lib/delivery/wake";
import { countCreditsDebited, countEventsCreated } from "@/lib/metrics/metrics";
import { retentionCutoff } from "@/lib/retention/retention";
import type { MatchingOptions } from "./ingest";

const laterOf = (a: Date | null, b: Date) => (a === null || a < b ? b : a);

export async function detectForWebhook(
  db: DbOrTx,
  accountId: string,
  webhookId: string,
  options: MatchingOptions = {},
): Promise<DetectionCounts> {
  const now = options.now ?? new Date();
  const counts = await db.transaction(async (tx) => {
    const credits = await lockAccountCredits(tx, accountId);
    return detectForWebhookLocked(tx, accountId, webhookId, credits, now);
  });
  if (counts.events_triggered > 0) wakeDelivery();
  return counts;
}

/** The same, inside a transaction that already holds the account lock with `credits` left. */
export async function detectForWebhookLocked(
  tx: DbOrTx,
  accountId: string,
  webhookId: string,
  credits: number,
  now: Date,
): Promise<DetectionCounts> {
  const webhook = await getWebhookWithSearchType(tx, accountId, webhookId);
  if (!webhook || !webhook.isActive || webhook.isArchived) return { events_triggered: 0, events_not_triggered: 0 };
  const counts = await insertDetectedEvents(tx, {
    accountId,
    type: webhook.searchType,
    // Records older than the retention period are not detected again: their events may have been deleted.
    scope: { kind: "webhook", webhookId, since: laterOf(webhook.listeningStartTime, retentionCutoff(now)) },
    credits,
    now,
  });
  await debitCredits(tx, { accountId, amount: counts.events_triggered, reason: `${counts.events_triggered} events for webhook ${webhookId}` });
  // Counted inside the caller's transaction: a rollback after this point (rare) overcounts.
  countEventsCreated(counts);
  countCreditsDebited(counts.events_triggered);
  return counts;
}
