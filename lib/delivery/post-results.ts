// What follows recorded delivery results, off the per-attempt path: an endpoint that answered
// 410 Gone pauses its webhook ("endpoint gone") and parks its due events. Runs once per written
// batch (result-writer.ts) or resend, and costs nothing for batches without a 410. An alert goes out.
import type { Db } from "@/db/client";
import type { DeliveryResultRow } from "@/db/queries/delivery";
import { raiseAlert } from "@/lib/alerts/raise";
import { log } from "@/lib/log";
import { pauseWebhookAutomatically, PAUSED_REASON_ENDPOINT_GONE } from "@/lib/webhooks/auto-pause";

export async function afterDeliveryResults(db: Db, rows: readonly DeliveryResultRow[]): Promise<void> {
  const gone = new Map<string, string>();
  for (const row of rows) if (row.response_status === 410) gone.set(row.webhook_id, row.account_id);
  for (const [webhookId, accountId] of gone) {
    try {
      const row = rows.find((r) => r.webhook_id === webhookId)!;
      const name = await pauseWebhookAutomatically(db, { accountId, webhookId }, PAUSED_REASON_ENDPOINT_GONE, new Date(row.finished_at));
      if (name === undefined) continue;
      await raiseAlert(db, {
        accountId,
        webhookId,
        type: "endpoint.disabled",
        text: `Webhook "${name}" was paused: its endpoint answered 410 Gone`,
        data: { webhook_id: webhookId, webhook_name: name, url: row.url, reason: PAUSED_REASON_ENDPOINT_GONE, response_status: 410 },
        dedupeKey: `gone:${webhookId}:${row.finished_at}`,
      });
    } catch (error) {
      // The next 410 pauses it: each attempt of its due events answers the same.
      log.error({ component: "delivery", err: error, webhook_id: webhookId }, "pausing a gone endpoint failed");
    }
  }
}
