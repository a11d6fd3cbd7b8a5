import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { SearchForm } from "@/components/searches/search-form";

export default function NewSearchPage() {
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-500">
        <Link href="/searches" className="hover:text-slate-900 hover:underline">
          Searches
        </Link>
        <span className="mx-1.5">/</span>
        <span className="text-slate-700">New</span>
      </nav>
      <PageHeader title="New search" description="Which new jobs or companies should trigger your webhooks?" />
      <SearchForm initial={{ name: "", type: "job" }} />
    </>
  );
}
