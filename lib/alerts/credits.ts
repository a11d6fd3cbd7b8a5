// Credit alerts: a team hears when its credits run low, and again when they run out and new matches
// are being left "not triggered". Once per top-up each (the dedupe key names the latest top-up), so
// a team is told again only after it has added credits and is running low once more. Evaluated
// beside the delivery loop with endpoint health, never on the ingest path.
import type { DbOrTx } from "@/db/client";
import { listCreditAlertCandidates } from "@/db/queries/alerts";
import { log } from "@/lib/log";
import { raiseAlert } from "./raise";

/** Credits at or under this are "low" (CREDITS_LOW_THRESHOLD, default 100). */
export function creditsLowThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.CREDITS_LOW_THRESHOLD);
  return Number.isInteger(value) && value >= 0 ? value : 100;
}

export async function evaluateCreditAlerts(db: DbOrTx, options: { accountId?: string; threshold?: number } = {}): Promise<number> {
  const threshold = options.threshold ?? creditsLowThreshold();
  let raised = 0;
  for (const team of await listCreditAlertCandidates(db, { threshold, accountId: options.accountId })) {
    const isExhausted = team.credits <= 0 && team.has_not_triggered;
    try {
      const deliveries = await raiseAlert(db, {
        accountId: team.account_id,
        webhookId: null,
        type: isExhausted ? "credits.exhausted" : "credits.low",
        text: isExhausted
          ? "Credits ran out: new matches are not being sent (not triggered) until you add credits"
          : `Credits are low: ${team.credits} left`,
        data: { credits: team.credits, threshold },
        dedupeKey: `${isExhausted ? "credits.exhausted" : "credits.low"}:${team.last_top_up_id}`,
      });
      if (deliveries) raised += 1;
    } catch (error) {
      log.warn({ component: "alerts", err: error, account_id: team.account_id }, "raising a credit alert failed");
    }
  }
  return raised;
}
