import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SearchesTable, type SearchRow } from "@/components/searches/searches-table";
import { countMatchingRecordsBySearch } from "@/lib/matching/preview";
import { listSearches } from "@/lib/searches/service";
import { getPageWorkspace } from "@/lib/auth/page";
import { can } from "@/lib/auth/workspace";
import { listWebhooks } from "@/lib/webhooks/service";
import { IfCan } from "@/components/auth/workspace-context";

export default async function SearchesPage() {
  await connection();
  const workspace = await getPageWorkspace();
  const { accountId, db } = workspace;
  const [searches, webhooks] = await Promise.all([listSearches(db, accountId), listWebhooks(db, accountId, { isArchived: false })]);
  const counts = await countMatchingRecordsBySearch(
    db,
    accountId,
    searches.map((s) => s.id),
  );
  const webhooksBySearch = new Map<string, number>();
  for (const webhook of webhooks) webhooksBySearch.set(webhook.searchId, (webhooksBySearch.get(webhook.searchId) ?? 0) + 1);
  const rows: SearchRow[] = searches.map((search) => ({
    id: search.id,
    name: search.name,
    type: search.type,
    filters: (search.filters ?? {}) as Record<string, unknown>,
    matchingRecords: counts.get(search.id) ?? 0,
    webhooks: webhooksBySearch.get(search.id) ?? 0,
    updatedAt: search.updatedAt.toISOString(),
  }));

  return (
    <>
      <PageHeader
        title="Searches"
        description="Saved searches decide which new jobs and companies trigger your webhooks."
        actions={<IfCan permission="search.write"><ButtonLink href="/searches/new">New search</ButtonLink></IfCan>}
      />
      {rows.length === 0 ? (
        <EmptyState title="No saved searches yet">Save a search, then point a webhook at it.</EmptyState>
      ) : (
        <SearchesTable rows={rows} canEditSearches={can(workspace, "search.write")} canAddWebhooks={can(workspace, "webhook.write")} />
      )}
    </>
  );
}
