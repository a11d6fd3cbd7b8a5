import { PageHeader } from "@/components/ui/page-header";
import { SearchForm } from "@/components/searches/search-form";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { getPageWorkspace } from "@/lib/auth/page";

export default async function NewSearchPage() {
  await getPageWorkspace("search.write");
  return (
    <>
      <Breadcrumb items={[{ label: "Searches", href: "/searches" }, { label: "New" }]} />
      <PageHeader title="New search" description="Which new jobs or companies should trigger your webhooks?" />
      <SearchForm initial={{ name: "", type: "job" }} />
    </>
  );
}
