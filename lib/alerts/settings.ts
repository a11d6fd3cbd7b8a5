// Settings → Notifications: read and change a team's alert channels, and list its alerts.
import type { DbOrTx } from "@/db/client";
import { getNotificationSettings, listAlerts, upsertNotificationSettings } from "@/db/queries/alerts";
import { listTeamMembers } from "@/db/queries/teams";
import { badRequest } from "@/lib/errors";
import { recordAudit, type AuditWho } from "@/lib/audit/record";
import { webhookDestinationProblem } from "@/lib/validation/webhook-destination";
import { openWebhookSecret, sealWebhookSecret } from "@/lib/webhooks/secret-box";
import { generateWebhookSecret } from "@/lib/webhooks/secret";
import type { AlertDelivery } from "./raise";

export type NotificationsView = {
  emailUserIds: string[];
  slackUrl: string | null;
  opsUrl: string | null;
  /** The operational endpoint's signing secret (whsec_…), to verify its deliveries. */
  opsSecret: string | null;
  members: { userId: string; name: string; email: string; role: string }[];
  alerts: { id: number; type: string; text: string; webhookId: string | null; createdAt: string; deliveries: AlertDelivery[] }[];
};

/** A Slack incoming-webhook URL is a credential (whoever has it posts to the channel): its host only. */
export function maskSlackUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return "…";
  }
}

/**
 * The settings and the alerts. Without `revealSecrets` (people who cannot change the channels: a
 * viewer, a member) the Slack URL is shown by its host only and the ops secret not at all.
 */
export async function getNotificationsView(db: DbOrTx, accountId: string, options: { revealSecrets: boolean } = { revealSecrets: true }): Promise<NotificationsView> {
  const [settings, members, alerts] = await Promise.all([getNotificationSettings(db, accountId), listTeamMembers(db, accountId), listAlerts(db, accountId)]);
  const { revealSecrets } = options;
  const slackUrl = settings?.slackUrl ?? null;
  return {
    emailUserIds: settings?.emailUserIds ?? [],
    slackUrl: slackUrl && !revealSecrets ? maskSlackUrl(slackUrl) : slackUrl,
    opsUrl: settings?.opsUrl ?? null,
    opsSecret: settings?.opsSecret && revealSecrets ? openWebhookSecret(settings.opsSecret, accountId) : null,
    members: members.map((m) => ({ userId: m.userId, name: m.name, email: m.email, role: m.role })),
    alerts: alerts.map((a) => ({
      id: a.id,
      type: a.type,
      text: a.text,
      webhookId: a.webhookId,
      createdAt: a.createdAt.toISOString(),
      deliveries: ((a.deliveries ?? []) as AlertDelivery[]).map((d) => (d.channel === "slack" && !revealSecrets ? { ...d, target: maskSlackUrl(d.target) } : d)),
    })),
  };
}

export type NotificationSettingsInput = { email_user_ids: string[]; slack_url: string | null; ops_url: string | null };

/**
 * Saves the channels. URLs are refused like webhook URLs (private addresses, unless allowed), each
 * naming its field; members must be the team's. A new operational endpoint gets a new secret.
 */
export async function updateNotificationSettings(
  db: DbOrTx,
  accountId: string,
  input: NotificationSettingsInput,
  options: { audit?: AuditWho } = {},
): Promise<NotificationsView> {
  const issues: { path: string; message: string }[] = [];
  for (const field of ["slack_url", "ops_url"] as const) {
    const url = input[field];
    if (url) {
      let isHttp = false;
      try {
        isHttp = ["http:", "https:"].includes(new URL(url).protocol);
      } catch {
        isHttp = false;
      }
      const problem = isHttp ? await webhookDestinationProblem(url) : "Enter an http or https URL";
      if (problem) issues.push({ path: field, message: problem });
    }
  }
  const memberIds = new Set((await listTeamMembers(db, accountId)).map((m) => m.userId));
  const unknown = input.email_user_ids.filter((id) => !memberIds.has(id));
  if (unknown.length > 0) issues.push({ path: "email_user_ids", message: "Only members of the team can get alert mail" });
  if (issues.length > 0) throw badRequest(`${issues[0].path}: ${issues[0].message}`, issues);

  await db.transaction(async (tx) => {
    const current = await getNotificationSettings(tx, accountId);
    const opsSecret = !input.ops_url
      ? null
      : current?.opsSecret && current.opsUrl === input.ops_url
        ? current.opsSecret
        : sealWebhookSecret(generateWebhookSecret(), accountId);
    await upsertNotificationSettings(tx, accountId, {
      emailUserIds: [...new Set(input.email_user_ids)],
      slackUrl: input.slack_url,
      opsUrl: input.ops_url,
      opsSecret,
    });
    if (options.audit) {
      await recordAudit(tx, options.audit, {
        action: "notifications.updated",
        details: { email_members: input.email_user_ids.length, slack: input.slack_url !== null, ops_endpoint: input.ops_url },
      });
    }
  });
  return getNotificationsView(db, accountId);
}
