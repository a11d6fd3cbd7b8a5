// Raising an alert: recorded once (its dedupe key: at most one per webhook per state change), then
// sent to each channel of the team's Settings → Notifications — email to the chosen members (the
// sign-in mailer, lib/mail/send.ts), a Slack-compatible incoming webhook (`{"text"}`), and the
// operational-events endpoint (Hookline's own Standard Webhooks delivery, signed with the team's
// ops secret). How each channel took it is kept on the alert and listed on the settings page.
import { randomUUID } from "node:crypto";
import type { Db, DbOrTx } from "@/db/client";
import { getNotificationSettings, insertAlertOnce, memberEmails, setAlertDeliveries } from "@/db/queries/alerts";
import { allowPrivateUrls, deliveryTimeoutMs } from "@/lib/delivery/config";
import { postWebhook } from "@/lib/delivery/http-client";
import { signedHeaders } from "@/lib/delivery/payload";
import { appUrl } from "@/lib/auth/config";
import { log } from "@/lib/log";
import { sendMail } from "@/lib/mail/send";
import { openWebhookSecret } from "@/lib/webhooks/secret-box";

export const ALERT_TYPES = [
  "endpoint.degraded",
  "endpoint.failing",
  "endpoint.disabled",
  "endpoint.recovered",
  "event.exhausted",
  "credits.low",
  "credits.exhausted",
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export type AlertDelivery = { channel: "email" | "slack" | "endpoint"; target: string; status: "sent" | "failed" | "logged"; error?: string };

export type AlertInput = {
  accountId: string;
  webhookId: string | null;
  type: AlertType;
  /** One line for people: the mail's subject, Slack's text. */
  text: string;
  data: Record<string, unknown>;
  dedupeKey: string;
};

/** Records the alert (once per dedupe key) and sends it; returns what each channel did, or null if it was already raised. */
export async function raiseAlert(db: DbOrTx, input: AlertInput): Promise<AlertDelivery[] | null> {
  const alert = await insertAlertOnce(db, input);
  if (!alert) return null;
  const settings = await getNotificationSettings(db, input.accountId);
  const deliveries: AlertDelivery[] = [];
  const timeoutMs = Math.min(deliveryTimeoutMs(), 10_000);
  const post = { timeoutMs, allowPrivateUrls: allowPrivateUrls() };
  const link = input.webhookId ? `${appUrl()}/webhooks/${input.webhookId}` : `${appUrl()}/usage`;

  for (const { email } of await memberEmails(db, input.accountId, settings?.emailUserIds ?? [])) {
    try {
      await sendMail(db as Db, { to: email, subject: `[Hookline] ${input.text}`, text: `${input.text}\n\n${link}\n`, link });
      deliveries.push({ channel: "email", target: email, status: process.env.SMTP_URL ? "sent" : "logged" });
    } catch (error) {
      deliveries.push({ channel: "email", target: email, status: "failed", error: (error as Error).message });
    }
  }
  if (settings?.slackUrl) {
    const outcome = await postWebhook(settings.slackUrl, JSON.stringify({ text: `${input.text} ${link}` }), { "content-type": "application/json" }, post);
    deliveries.push({ channel: "slack", target: settings.slackUrl, ...(outcome.isSuccess ? { status: "sent" } : { status: "failed", error: outcome.errorMessage ?? "failed" }) });
  }
  if (settings?.opsUrl && settings.opsSecret) {
    const id = `alert_${alert.id}_${randomUUID().slice(0, 8)}`;
    const body = JSON.stringify({ id, type: input.type, timestamp: alert.createdAt.toISOString(), data: { ...input.data, text: input.text } });
    try {
      const secret = openWebhookSecret(settings.opsSecret, input.accountId);
      const outcome = await postWebhook(settings.opsUrl, body, signedHeaders({ eventId: id, body, secret, sentAt: new Date() }), post);
      deliveries.push({ channel: "endpoint", target: settings.opsUrl, ...(outcome.isSuccess ? { status: "sent" } : { status: "failed", error: outcome.errorMessage ?? "failed" }) });
    } catch (error) {
      deliveries.push({ channel: "endpoint", target: settings.opsUrl, status: "failed", error: (error as Error).message });
    }
  }
  await setAlertDeliveries(db, alert.id, deliveries);
  log.info({ component: "alerts", type: input.type, webhook_id: input.webhookId, channels: deliveries.length }, "alert raised");
  return deliveries;
}
