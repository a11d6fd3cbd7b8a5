import { connection } from "next/server";
import { PageHeader } from "@/components/ui/page-header";
import { WebhookForm } from "@/components/webhooks/webhook-form";
import { listSearches } from "@/lib/searches/service";
import { getPageWorkspace } from "@/lib/auth/page";
import { Breadcrumb } from "@/components/ui/breadcrumb";

export default async function NewWebhookPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const query = await searchParams;
  const { accountId, db } = await getPageWorkspace("webhook.write");
  const searches = await listSearches(db, accountId);
  const preselected = searches.find((s) => s.id === query.search_id)?.id ?? (searches.length === 1 ? searches[0].id : "");
  return (
    <>
      <Breadcrumb items={[{ label: "Webhooks", href: "/webhooks" }, { label: "New" }]} />
      <PageHeader title="Create webhook" description="Send every new match of a saved search to your endpoint." />
      <WebhookForm
        searches={searches.map((s) => ({ id: s.id, name: s.name, type: s.type }))}
        initial={{ name: "", url: "", searchId: preselected, description: "", listeningStart: "now", triggerOncePerCompany: false }}
      />
    </>
  );
}
