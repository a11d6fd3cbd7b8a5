// Settings → Notifications: who hears about endpoint trouble (members by email, a Slack-compatible
// URL, an operational-events endpoint) and every alert raised, with how each channel took it.
import Link from "next/link";
import { connection } from "next/server";
import { NotificationSettingsForm } from "@/components/notifications/notification-settings-form";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { RelativeTime } from "@/components/webhooks/relative-time";
import { getPageWorkspace } from "@/lib/auth/page";
import { can } from "@/lib/auth/workspace";
import { getNotificationsView } from "@/lib/alerts/settings";

export const metadata = { title: "Notifications · Hookline" };

const STATUS_TONE: Record<string, string> = {
  sent: "border-emerald-200 bg-emerald-50 text-emerald-800",
  logged: "border-slate-200 bg-slate-100 text-slate-700",
  failed: "border-red-200 bg-red-50 text-red-800",
};

export default async function NotificationsPage() {
  await connection();
  const workspace = await getPageWorkspace();
  const canEdit = can(workspace, "member.manage");
  const view = await getNotificationsView(workspace.db, workspace.accountId, { revealSecrets: canEdit });
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Hear about an endpoint before its data goes stale: when it degrades, fails, is disabled (or answers 410 Gone) and recovers; once an hour about events whose retries gave up; and when credits run low or out."
      />
      <section aria-label="Alert channels" className="mb-8 rounded-lg border border-slate-200 bg-white p-4">
        <NotificationSettingsForm
          canEdit={canEdit}
          members={view.members}
          initial={{ emailUserIds: view.emailUserIds, slackUrl: view.slackUrl ?? "", opsUrl: view.opsUrl ?? "" }}
          opsSecret={view.opsSecret}
        />
      </section>
      <h2 className="mb-3 text-lg font-semibold tracking-tight">Alerts</h2>
      {view.alerts.length === 0 ? (
        <EmptyState title="No alerts yet">Alerts appear here when an endpoint&apos;s health changes, events give up, or credits run low.</EmptyState>
      ) : (
        <Table aria-label="Alerts">
          <THead>
            <TR>
              <TH>When</TH>
              <TH>Type</TH>
              <TH>Alert</TH>
              <TH>Delivery</TH>
            </TR>
          </THead>
          <TBody>
            {view.alerts.map((alert) => (
              <TR key={alert.id} data-testid="alert-row" data-alert-type={alert.type}>
                <TD className="text-xs whitespace-nowrap text-slate-600">
                  <RelativeTime iso={alert.createdAt} />
                </TD>
                <TD>
                  <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{alert.type}</code>
                </TD>
                <TD className="max-w-[28rem]">
                  {alert.webhookId ? (
                    <Link href={`/webhooks/${alert.webhookId}`} className="hover:underline">
                      {alert.text}
                    </Link>
                  ) : (
                    alert.text
                  )}
                </TD>
                <TD>
                  {alert.deliveries.length === 0 ? (
                    <span className="text-xs text-slate-400">No channel set</span>
                  ) : (
                    <ul className="flex flex-wrap gap-1">
                      {alert.deliveries.map((d, i) => (
                        <li
                          key={i}
                          data-testid="alert-delivery"
                          data-status={d.status}
                          title={d.error ?? d.target}
                          className={`rounded-full border px-2 py-0.5 text-xs ${STATUS_TONE[d.status] ?? STATUS_TONE.logged}`}
                        >
                          {d.channel === "email" ? d.target : d.channel} · {d.status}
                        </li>
                      ))}
                    </ul>
                  )}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
