import { connection } from "next/server";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export default async function SearchesPage() {
  await connection();
  return (
    <>
      <PageHeader title="Searches" description="Saved searches decide which new jobs and companies trigger your webhooks." />
      <EmptyState title="No saved searches yet">Save a search, then point a webhook at it.</EmptyState>
    </>
  );
}
