import { notFound } from "next/navigation";
import { connection } from "next/server";
import { PageHeader } from "@/components/ui/page-header";
import { DeleteSearchButton } from "@/components/searches/delete-search-button";
import { SearchForm } from "@/components/searches/search-form";
import { AppError } from "@/lib/errors";
import { getSearch } from "@/lib/searches/service";
import { getPageWorkspace } from "@/lib/auth/page";
import { searchFormValuesOf } from "@/lib/validation/search";
import { Breadcrumb } from "@/components/ui/breadcrumb";

export default async function EditSearchPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  const { accountId, db } = await getPageWorkspace("search.write");
  const search = await getSearch(db, accountId, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <>
      <Breadcrumb items={[{ label: "Searches", href: "/searches" }, { label: search.name }]} />
      <PageHeader
        title="Edit search"
        description={search.type === "job" ? "A job search: its webhooks send job.new events." : "A company search: its webhooks send company.new events."}
        actions={<DeleteSearchButton searchId={search.id} name={search.name} />}
      />
      <SearchForm searchId={search.id} initial={searchFormValuesOf(search)} />
    </>
  );
}
