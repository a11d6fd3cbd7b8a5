// The saved searches list: name, type, filters, live count of matching records, webhooks using it.
import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { FilterSummary } from "./filter-summary";

export type SearchRow = {
  id: string;
  name: string;
  type: "job" | "company";
  filters: Record<string, unknown>;
  matchingRecords: number;
  webhooks: number;
  updatedAt: string;
};

/** A server component: the page passes what the person's role allows. */
export function SearchesTable({ rows, canEditSearches, canAddWebhooks }: { rows: SearchRow[]; canEditSearches: boolean; canAddWebhooks: boolean }) {
  return (
    <Table aria-label="Saved searches">
      <THead>
        <tr>
          <TH>Name</TH>
          <TH>Type</TH>
          <TH>Filters</TH>
          <TH className="text-right">Matching records</TH>
          <TH className="text-right">Webhooks</TH>
          <TH>
            <span className="sr-only">Actions</span>
          </TH>
        </tr>
      </THead>
      <TBody>
        {rows.map((row) => (
          <TR key={row.id} data-testid="search-row">
            <TD className="font-medium">
              {canEditSearches ? (
                <Link href={`/searches/${row.id}/edit`} className="hover:underline">
                  {row.name}
                </Link>
              ) : (
                row.name
              )}
            </TD>
            <TD>
              <span className="rounded-md border border-slate-200 px-1.5 py-0.5 text-xs text-slate-700">
                {row.type === "job" ? "Jobs" : "Companies"}
              </span>
            </TD>
            <TD className="max-w-xl">
              <FilterSummary filters={row.filters} />
            </TD>
            <TD className="text-right tabular-nums" data-testid="matching-records">
              {row.matchingRecords.toLocaleString("en-US")}
            </TD>
            <TD className="text-right tabular-nums">{row.webhooks}</TD>
            <TD className="text-right whitespace-nowrap">
              {canEditSearches ? (
                <ButtonLink href={`/searches/${row.id}/edit`} variant="ghost" size="sm">
                  Edit
                </ButtonLink>
              ) : null}
              {canAddWebhooks ? (
                <ButtonLink href={`/webhooks/new?search_id=${row.id}`} variant="secondary" size="sm" className="ml-1">
                  Add webhook
                </ButtonLink>
              ) : null}
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
