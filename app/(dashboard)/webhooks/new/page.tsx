import Link from "next/link";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { WebhookForm } from "@/components/webhooks/webhook-form";
import { listSearches } from "@/lib/matching/searches";
import { getCurrentAccountId } from "@/lib/session";

export default async function NewWebhookPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const query = await searchParams;
  const accountId = await getCurrentAccountId();
  const db = await getDb();
  const searches = await listSearches(db, accountId);
  const preselected = searches.find((s) => s.id === query.search_id)?.id ?? (searches.length === 1 ? searches[0].id : "");
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-500">
        <Link href="/webhooks" className="hover:text-slate-900 hover:underline">
          Webhooks
        </Link>
        <span className="mx-1.5">/</span>
        <span className="text-slate-700">New</span>
      </nav>
      <PageHeader title="Create webhook" description="Send every new match of a saved search to your endpoint." />
      <WebhookForm
        searches={searches.map((s) => ({ id: s.id, name: s.name, type: s.type }))}
        initial={{ name: "", url: "", searchId: preselected, description: "", listeningStart: "now", triggerOncePerCompany: false }}
      />
    </>
  );
}
