import Link from "next/link";
import { connection } from "next/server";
import { getRecentStatsByWebhook } from "@/db/queries/webhook-stats";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { TabLinks } from "@/components/ui/tabs";
import { WebhooksTable, type WebhookListRow } from "@/components/webhooks/webhooks-table";
import { getPageWorkspace } from "@/lib/auth/page";
import { EVENT_TYPES } from "@/lib/event-types";
import { listWebhooks } from "@/lib/webhooks/service";
import { IfCan } from "@/components/auth/workspace-context";

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const query = await searchParams;
  const showArchived = query.archived === "1";
  const { accountId, db } = await getPageWorkspace();
  const [all, stats] = await Promise.all([listWebhooks(db, accountId), getRecentStatsByWebhook(db, accountId)]);
  const archivedCount = all.filter((w) => w.isArchived).length;
  const rows: WebhookListRow[] = all
    .filter((w) => w.isArchived === showArchived)
    .map((w) => {
      const recent = stats.get(w.id);
      return {
        id: w.id,
        name: w.name,
        url: w.url,
        description: w.description,
        searchName: w.searchName,
        eventType: EVENT_TYPES[w.searchType],
        isActive: w.isActive,
        isArchived: w.isArchived,
        pausedReason: w.isActive ? null : (w.pausedReason ?? null),
        health: { state: w.healthState, since: w.healthSince?.toISOString() ?? null, reason: w.healthReason ?? null },
        counts: recent?.counts ?? { success: 0, failed: 0, in_progress: 0, not_triggered: 0 },
        total: recent?.total ?? 0,
        successRate: recent?.successRate ?? null,
      };
    });

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Where each saved search sends its new matches, and how those deliveries went in the last 24 hours."
        actions={<IfCan permission="webhook.write"><ButtonLink href="/webhooks/new">Create webhook</ButtonLink></IfCan>}
      />
      {all.length === 0 ? (
        <EmptyState title="No webhooks yet">
          <p>Create a webhook to send every new match of a saved search to your endpoint, signed and retried for 48 hours.</p>
          <div className="mt-4">
            <IfCan permission="webhook.write"><ButtonLink href="/webhooks/new">Create webhook</ButtonLink></IfCan>
          </div>
        </EmptyState>
      ) : (
        <>
          {archivedCount > 0 ? (
            <div className="mb-3">
              <TabLinks
                label="Show webhooks"
                items={[
                  { href: "/webhooks", label: "Active & paused", count: all.length - archivedCount, isActive: !showArchived },
                  { href: "/webhooks?archived=1", label: "Archived", count: archivedCount, isActive: showArchived },
                ]}
              />
            </div>
          ) : null}
          {rows.length === 0 ? (
            <EmptyState title={showArchived ? "No archived webhooks" : "Every webhook is archived"}>
              {showArchived ? null : (
                <Link href="/webhooks?archived=1" className="underline">
                  See archived webhooks
                </Link>
              )}
            </EmptyState>
          ) : (
            <WebhooksTable rows={rows} />
          )}
        </>
      )}
    </>
  );
}
