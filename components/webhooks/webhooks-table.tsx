// The /webhooks list: one row per webhook with its last 24 hours by status and success rate.
import Link from "next/link";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import type { EventStatusName } from "@/lib/event-status";
import { formatCount, formatPercent, shortenMiddle } from "./format";
import { RelativeTime } from "./relative-time";
import { StatusBar, StatusCounts } from "./status-breakdown";
import { HealthBadge } from "./health-badge";
import type { HealthState } from "@/lib/health/endpoint-health";

export type WebhookListRow = {
  id: string;
  name: string;
  url: string;
  description: string;
  searchName: string;
  eventType: "job.new" | "company.new";
  isActive: boolean;
  isArchived: boolean;
  pausedReason: string | null;
  health: { state: HealthState; since: string | null; reason: string | null };
  counts: Record<EventStatusName, number>;
  total: number;
  successRate: number | null;
};

export function WebhooksTable({ rows }: { rows: WebhookListRow[] }) {
  return (
    <Table aria-label="Webhooks">
      <THead>
        <tr>
          <TH>Name</TH>
          <TH>URL</TH>
          <TH>Search</TH>
          <TH>Status</TH>
          <TH>Health</TH>
          <TH className="w-56">Last 24 hours</TH>
          <TH className="text-right">Success rate</TH>
        </tr>
      </THead>
      <TBody>
        {rows.map((row) => (
          <TR key={row.id} data-testid="webhook-row" data-webhook-id={row.id}>
            <TD className="max-w-[14rem]">
              <Link href={`/webhooks/${row.id}`} className="block truncate font-medium text-slate-900 hover:underline">
                {row.name}
              </Link>
              {row.description ? <p className="truncate text-xs text-slate-500">{row.description}</p> : null}
            </TD>
            <TD className="max-w-[18rem]">
              <code className="block font-mono text-xs break-all text-slate-700" title={row.url}>
                {shortenMiddle(row.url, 44)}
              </code>
            </TD>
            <TD className="max-w-[12rem]">
              <p className="truncate text-slate-800">{row.searchName}</p>
              <p className="font-mono text-xs text-slate-500">{row.eventType}</p>
            </TD>
            <TD>
              {row.isArchived ? (
                <Pill className="bg-amber-100 text-amber-800">Archived</Pill>
              ) : row.isActive ? (
                <Pill className="bg-green-50 text-green-800">
                  <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-green-600" />
                  Active
                </Pill>
              ) : (
                <Pill className="bg-slate-100 text-slate-700">
                  <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-slate-400" />
                  Paused
                </Pill>
              )}
              {!row.isActive && !row.isArchived && row.pausedReason ? (
                <p className="mt-1 max-w-[10rem] truncate text-xs text-slate-500" title={row.pausedReason}>
                  {row.pausedReason}
                </p>
              ) : null}
            </TD>
            <TD>
              <HealthBadge state={row.health.state} title={row.health.reason ?? undefined} />
              {row.health.since && row.health.state !== "healthy" ? (
                <p className="mt-1 text-xs whitespace-nowrap text-slate-500">
                  since <RelativeTime iso={row.health.since} />
                </p>
              ) : null}
            </TD>
            <TD>
              {row.total === 0 ? (
                <span className="text-xs text-slate-400">No events</span>
              ) : (
                <div className="space-y-1.5" title={`${formatCount(row.total)} events in the last 24 hours`}>
                  <StatusBar counts={row.counts} className="h-1.5" />
                  <StatusCounts counts={row.counts} />
                </div>
              )}
            </TD>
            <TD className="text-right">
              <span
                className={`font-medium tabular-nums ${
                  row.successRate === null ? "text-slate-400" : row.successRate < 0.9 ? "text-red-600" : "text-slate-900"
                }`}
              >
                {formatPercent(row.successRate)}
              </span>
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

function Pill({ className, children }: { className: string; children: React.ReactNode }) {
  return <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${className}`}>{children}</span>;
}
