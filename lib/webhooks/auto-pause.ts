// Hookline pausing a webhook by itself: an endpoint that answers 410 Gone says it will never take
// deliveries again (Standard Webhooks: "disable the endpoint"). The webhook is paused with a reason
// people see, its due events are parked like a manual pause's (event-parking.ts), and enabling it
// again resumes them (lib/webhooks/service.ts updateWebhook clears the reason). Its endpoint health
// becomes "disabled" with the same reason.
import type { DbOrTx } from "@/db/client";
import { markHealthDisabled } from "@/db/queries/endpoint-health";
import { parkWebhookEvents } from "@/db/queries/event-parking";
import { pauseLiveWebhook } from "@/db/queries/webhooks";
import { recordAudit } from "@/lib/audit/record";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { log } from "@/lib/log";

export const PAUSED_REASON_ENDPOINT_GONE = "endpoint gone";

/**
 * Pauses a live webhook with `reason` and parks its due events, in one transaction. A webhook
 * already paused or archived is left as it is (its reason too). Returns its name when it paused it.
 */
export async function pauseWebhookAutomatically(
  db: DbOrTx,
  target: { accountId: string; webhookId: string },
  reason: string,
  now = new Date(),
): Promise<string | undefined> {
  const paused = await db.transaction(async (tx) => {
    const name = await pauseLiveWebhook(tx, { accountId: target.accountId, id: target.webhookId, pause: { reason, now } });
    if (name !== undefined) {
      await parkWebhookEvents(tx, { accountId: target.accountId, webhookId: target.webhookId, now });
      // Its health reads "disabled" like its alert (the health evaluator got there first when it is
      // the one pausing); enabling it again starts its health afresh (lib/webhooks/service.ts).
      await markHealthDisabled(tx, { webhookId: target.webhookId, reason, now });
      // The team sees who paused it and why: Hookline, not a person.
      await recordAudit(tx, { accountId: target.accountId, actor: SYSTEM_ACTOR, ip: null }, {
        action: "webhook.paused",
        target: { type: "webhook", id: target.webhookId, name },
        details: { reason, automatic: true },
      });
    }
    return name;
  });
  if (paused !== undefined) log.warn({ component: "delivery", webhook_id: target.webhookId, reason }, "webhook paused automatically");
  return paused;
}
