// Settings → Audit log (admins and owners): who did what in this team, when and from where, newest
// first, filtered by person or key, action and UTC dates; older pages by cursor. The same entries as
// GET /api/v1/audit-log.
import { DateTime } from "@/components/layout/time-zone";
import Link from "next/link";
import { connection } from "next/server";
import { AuditFilters, type AuditFilterValues } from "@/components/audit/audit-filters";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { listAuditActors } from "@/db/queries/audit-log";
import { formatIssuePath } from "@/lib/errors";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { describeAuditDetails } from "@/lib/audit/describe";
import { readAuditLog, type AuditEntryView } from "@/lib/audit/read";
import { AUDIT_RETENTION_DAYS } from "@/lib/audit/retention";
import { getPageWorkspace } from "@/lib/auth/page";
import { auditLogQuerySchema } from "@/lib/validation/audit";

export const metadata = { title: "Audit log · Hookline" };

const PAGE_SIZE = 50;
const FILTER_KEYS = ["actor_id", "action", "from", "to"] as const;

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

function ActorCell({ actor }: { actor: AuditEntryView["actor"] }) {
  if (actor.type === "system") {
    return (
      <>
        <p className="font-medium text-slate-900">Hookline</p>
        <p className="text-xs text-slate-500">automatic</p>
      </>
    );
  }
  if (actor.type === "api_key") {
    return (
      <>
        <p className="font-medium text-slate-900">{actor.name}</p>
        <p className="text-xs text-slate-500">API key</p>
      </>
    );
  }
  return (
    <>
      <p className="font-medium text-slate-900">{actor.name}</p>
      {actor.email && actor.email !== actor.name ? <p className="text-xs text-slate-500">{actor.email}</p> : null}
    </>
  );
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const { db, accountId } = await getPageWorkspace("audit.read");
  const params = await searchParams;
  const values = Object.fromEntries(FILTER_KEYS.map((key) => [key, first(params[key]).slice(0, 200)])) as AuditFilterValues;
  const cursor = first(params.cursor);
  const parsed = auditLogQuerySchema.safeParse({ ...values, cursor, limit: String(PAGE_SIZE) });
  const errors: Partial<Record<keyof AuditFilterValues | "cursor", string>> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = formatIssuePath(issue.path) as keyof typeof errors;
      errors[key] ??= issue.message;
    }
  }
  const [page, actors] = await Promise.all([
    parsed.success ? readAuditLog(db, accountId, parsed.data) : Promise.resolve(null),
    listAuditActors(db, accountId),
  ]);
  const actorChoices = actors.map((actor) => ({
    id: actor.actorId,
    label: actor.actorType === "api_key" ? `${actor.actorName} (API key)` : actor.actorEmail && actor.actorEmail !== actor.actorName ? `${actor.actorName} (${actor.actorEmail})` : actor.actorName,
  }));
  const filterQuery = new URLSearchParams(Object.entries(values).filter(([, value]) => value !== ""));
  const olderQuery = new URLSearchParams(filterQuery);
  if (page?.next_cursor) olderQuery.set("cursor", page.next_cursor);

  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Sign-ins and every sensitive change in this team: who (a person, or an API key), what, when and from which IP. Kept ${AUDIT_RETENTION_DAYS} days.`}
      />
      <AuditFilters values={values} actors={actorChoices} errors={errors} />
      {!page ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800" data-testid="audit-filter-error">
          {errors.cursor ? "This page link is not valid any more: start from the newest entries." : "Fix the highlighted filters to see the log."}
        </div>
      ) : page.data.length === 0 ? (
        <EmptyState title="No entries">{filterQuery.size > 0 || cursor ? "Nothing matches these filters." : "Sensitive actions of this team will show here."}</EmptyState>
      ) : (
        <Table aria-label="Audit log entries">
          <THead>
            <TR>
              <TH>When</TH>
              <TH>Who</TH>
              <TH>Action</TH>
              <TH>Target</TH>
              <TH>Details</TH>
              <TH>IP</TH>
            </TR>
          </THead>
          <TBody>
            {page.data.map((entry) => (
              <TR key={entry.id} data-testid="audit-entry" data-action={entry.action}>
                <TD className="whitespace-nowrap tabular-nums">
                  <DateTime iso={entry.created_at} />
                </TD>
                <TD className="text-sm">
                  <ActorCell actor={entry.actor} />
                </TD>
                <TD className="whitespace-nowrap">{AUDIT_ACTIONS[entry.action as keyof typeof AUDIT_ACTIONS] ?? entry.action}</TD>
                <TD className="max-w-48 truncate" title={entry.target?.id ?? undefined}>
                  {entry.target ? (entry.target.name ?? entry.target.id ?? "—") : "—"}
                </TD>
                <TD className="max-w-md text-xs break-words text-slate-600">{describeAuditDetails(entry.action, entry.details)}</TD>
                <TD className="font-mono text-xs whitespace-nowrap">{entry.ip ?? "—"}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <nav aria-label="Pages" className="mt-4 flex justify-between">
        {cursor ? (
          <Link href={`/settings/audit-log${filterQuery.size ? `?${filterQuery}` : ""}`} className={buttonClasses("secondary", "sm")}>
            ← Newest
          </Link>
        ) : (
          <span />
        )}
        {page?.next_cursor ? (
          <Link href={`/settings/audit-log?${olderQuery}`} className={buttonClasses("secondary", "sm")}>
            Older →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
