// API credits (SPEC §3): 1 per triggered event, debited under the account lock so the balance never
// goes below zero whatever runs concurrently. Adding credits catches up not_triggered events whose
// record still matches its search now, oldest first, while credits last.
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { addCredits, debitCredits, getAccountCredits, lockAccountCredits } from "@/db/queries/accounts";
import { listNotTriggeredEventIds, triggerNotTriggeredEventsInScope, type CatchUpScope } from "@/db/queries/matching";
import type { creditTopUpResponseSchema } from "@/lib/api/schemas/credits";
import { notFound } from "@/lib/errors";
import { recordAudit, type AuditWho } from "@/lib/audit/record";
import { wakeDelivery } from "@/lib/delivery/wake";
import { countCreditsDebited } from "@/lib/metrics/metrics";
import type { MatchingOptions } from "@/lib/matching/ingest";

/** `audit`: who asks; the change is recorded in its transaction. */
export type CreditChangeOptions = MatchingOptions & { audit?: AuditWho };

/** Event ids kept in one audit entry (the count is always whole). */
const AUDIT_MAX_IDS = 100;

/** The largest top-up accepted in one call. */
export const MAX_CREDIT_TOP_UP = 1_000_000_000;

export async function getCreditBalance(db: DbOrTx, accountId: string): Promise<number> {
  const credits = await getAccountCredits(db, accountId);
  if (credits === undefined) throw notFound("Account");
  return credits;
}

type CatchUpLockedParams = {
  accountId: string;
  scope: CatchUpScope;
  credits: number;
  now: Date;
  reason: string;
};

/** Inside a transaction holding the account lock: triggers what `scope` allows and debits it. */
export async function catchUpLocked(tx: DbOrTx, { accountId, scope, credits, now, reason }: CatchUpLockedParams): Promise<string[]> {
  const triggered = await triggerNotTriggeredEventsInScope(tx, { accountId, scope, limit: credits, now });
  await debitCredits(tx, { accountId, amount: triggered.length, reason: `${reason}: ${triggered.length} events` });
  countCreditsDebited(triggered.length);
  return triggered;
}

export async function addCreditsAndCatchUp(
  db: DbOrTx,
  accountId: string,
  amount: number,
  options: CreditChangeOptions = {},
): Promise<z.output<typeof creditTopUpResponseSchema>> {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new Error(`credit amount must be a positive integer, got ${amount}`);
  const now = options.now ?? new Date();
  const outcome = await db.transaction(async (tx) => {
    await lockAccountCredits(tx, accountId);
    const credits = await addCredits(tx, { accountId, amount, reason: "top-up" });
    const triggered = await catchUpLocked(tx, { accountId, scope: { requireMatch: true }, credits, now, reason: "catch-up after top-up" });
    const result = { balance: credits - triggered.length, events_triggered: triggered.length };
    if (options.audit) await recordAudit(tx, options.audit, { action: "credits.added", details: { amount, ...result } });
    return result;
  });
  if (outcome.events_triggered > 0) wakeDelivery();
  return outcome;
}

/**
 * Triggers not_triggered events by hand (1 credit each, oldest first while credits last). Ids that are
 * not the account's not_triggered events, or whose webhook is paused or archived, are in neither list.
 */
export async function triggerNotTriggeredEvents(
  db: DbOrTx,
  accountId: string,
  eventIds: string[],
  options: CreditChangeOptions = {},
): Promise<{ triggered: string[]; insufficient_credits: string[] }> {
  const now = options.now ?? new Date();
  const ids = [...new Set(eventIds)];
  if (ids.length === 0) return { triggered: [], insufficient_credits: [] };
  const outcome = await db.transaction(async (tx) => {
    const credits = await lockAccountCredits(tx, accountId);
    const candidates = await listNotTriggeredEventIds(tx, accountId, ids);
    const triggered =
      credits > 0
        ? await triggerNotTriggeredEventsInScope(tx, { accountId, scope: { eventIds: candidates, requireMatch: false }, limit: credits, now })
        : [];
    await debitCredits(tx, { accountId, amount: triggered.length, reason: `manual trigger: ${triggered.length} events` });
    const done = new Set(triggered);
    // Fewer triggered than credits allowed means the rest belong to paused or archived webhooks.
    const isOutOfCredits = triggered.length >= credits;
    const insufficient = isOutOfCredits ? candidates.filter((id) => !done.has(id)) : [];
    if (options.audit && triggered.length > 0) {
      await recordAudit(tx, options.audit, {
        action: "events.triggered",
        details: { count: triggered.length, credits_spent: triggered.length, event_ids: triggered.slice(0, AUDIT_MAX_IDS) },
      });
    }
    return { triggered, insufficient_credits: insufficient };
  });
  countCreditsDebited(outcome.triggered.length);
  if (outcome.triggered.length > 0) wakeDelivery();
  return outcome;
}
