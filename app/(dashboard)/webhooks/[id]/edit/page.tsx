import Link from "next/link";
import { connection } from "next/server";
import { PageHeader } from "@/components/ui/page-header";
import { WebhookForm } from "@/components/webhooks/webhook-form";
import { listSearches } from "@/lib/searches/service";
import { getPageWorkspace } from "@/lib/auth/page";
import { loadWebhookOr404 } from "../../load-webhook";
import { Breadcrumb } from "@/components/ui/breadcrumb";

export default async function EditWebhookPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  const { accountId, db } = await getPageWorkspace("webhook.write");
  const [webhook, searches] = await Promise.all([loadWebhookOr404(db, accountId, id), listSearches(db, accountId)]);
  const saved = webhook.listeningStartTime?.toISOString() ?? null;
  return (
    <>
      <Breadcrumb items={[{ label: "Webhooks", href: "/webhooks" }, { label: webhook.name, href: `/webhooks/${webhook.id}` }, { label: "Edit" }]} />
      <PageHeader title={`Edit ${webhook.name}`} description="Changes apply to new matches; detection re-runs with the new settings." />
      {webhook.isArchived ? (
        <p role="alert" data-testid="archived-read-only" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
          This webhook is archived, so it cannot be edited. Restore it from{" "}
          <Link href={`/webhooks/${webhook.id}`} className="font-medium underline">
            its page
          </Link>{" "}
          first.
        </p>
      ) : (
      <WebhookForm
        searches={searches.map((s) => ({ id: s.id, name: s.name, type: s.type }))}
        initial={{
          webhookId: webhook.id,
          name: webhook.name,
          url: webhook.url,
          searchId: webhook.searchId,
          description: webhook.description,
          listeningStart: saved ? "keep" : "search_start",
          savedListeningStartTime: saved,
          triggerOncePerCompany: webhook.triggerOncePerCompany,
        }}
      />
      )}
    </>
  );
}
