import { connection } from "next/server";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export default async function WebhooksPage() {
  await connection();
  return (
    <>
      <PageHeader title="Webhooks" description="Where each saved search sends its new matches." />
      <EmptyState title="No webhooks yet">Create a webhook to send every new match of a saved search to your endpoint.</EmptyState>
    </>
  );
}
