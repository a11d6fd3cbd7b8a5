// Every webhook's events in one list (in the sidebar), searched and filtered by the URL
// (lib/validation/event-filter.ts): where a click on a Usage chart segment or legend item lands, and
// where an event id pasted into the search box opens that event.
import Link from "next/link";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TabLinks } from "@/components/ui/tabs";
import { EventFilterForm, readFilterValues } from "@/components/events/event-filter-form";
import { ReplayButton } from "@/components/replays/replay-button";
import { can } from "@/lib/auth/workspace";
import { RelativeTime } from "@/components/webhooks/relative-time";
import { RetryStateNote } from "@/components/webhooks/events-panel";
import { findWebhookOption, listWebhookOptions } from "@/db/queries/usage";
import { countEventsByDay } from "@/lib/usage/counts";
import { searchAccountEvents } from "@/db/queries/event-search";
import { getEvent } from "@/db/queries/events";
import { refusedSearchOf } from "@/lib/events/service";
import { EVENT_STATUS_NAMES, RETRY_STATE_NAMES, STATUS_COLORS, STATUS_LABELS } from "@/lib/event-status";
import { getPageWorkspace } from "@/lib/auth/page";
import { EVENT_TYPES } from "@/lib/event-types";
import { TIME_ZONE_COOKIE } from "@/lib/usage/view-state";
import { checkInstantRange, isValidTimeZone, type DateIssue } from "@/lib/validation/dates";
import { EVENT_FILTER_PARAMS, eventFilterSchema, eventFilterToJson, parseEventListCursor, type EventFilter } from "@/lib/validation/event-filter";
import { UUID_PATTERN as UUID } from "@/db/ids";

export const metadata = { title: "Events · Hookline" };

const PAGE_SIZE = 50;
type SearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function EventsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await connection();
  const [params, cookieStore] = await Promise.all([searchParams, cookies()]);
  const remembered = cookieStore.get(TIME_ZONE_COOKIE)?.value;
  const timeZone = remembered && isValidTimeZone(remembered) ? remembered : "UTC";
  const values = readFilterValues(params, EVENT_FILTER_PARAMS);
  // Refused parameters are shown, named, instead of being dropped (which would list every event).
  const issues: DateIssue[] = [];
  const parsed = eventFilterSchema(timeZone).safeParse(values);
  let filter: EventFilter = {};
  if (parsed.success) filter = parsed.data;
  else for (const issue of parsed.error.issues) issues.push({ path: String(issue.path[0] ?? "filter"), message: issue.message });
  const { status, retryState, webhookId, from: start, to: end } = filter;
  const before = first(params.before) || undefined;
  const position = before ? parseEventListCursor(before) : null;
  if (before && !position) issues.push({ path: "before", message: "Not a position in this list" });

  const workspace = await getPageWorkspace();
  const { accountId, db } = workspace;
  if (webhookId && !(await findWebhookOption(db, accountId, webhookId))) notFound();
  // "Find any event by id in two clicks": an event id searched for opens the event.
  if (issues.length === 0 && filter.q && UUID.test(filter.q)) {
    const event = await getEvent(db, accountId, filter.q.toLowerCase());
    if (event) redirect(`/webhooks/${event.webhookId}/events/${event.id}`);
  }

  const [rows, webhooks] = await Promise.all([
    issues.length > 0
      ? []
      : searchAccountEvents(db, { accountId, filter, page: { before: position ?? undefined, limit: PAGE_SIZE + 1 } }).catch((error: unknown) => {
          // A search too broad to answer is named beside the search box, like any refused field.
          const refused = refusedSearchOf(error);
          if (!refused) throw error;
          issues.push(refused);
          return [];
        }),
    listWebhookOptions(db, accountId),
  ]);
  const hasMore = rows.length > PAGE_SIZE;
  const page = rows.slice(0, PAGE_SIZE);

  // Tab counts come from the same rollups as the Usage chart, so the numbers agree with it; they
  // exist for a whole range narrowed by webhook at most.
  const isNarrowed = Boolean(filter.q || filter.response || filter.httpStatus !== undefined || filter.minAttempts);
  const isCountable = issues.length === 0 && !isNarrowed && start && end && !checkInstantRange(start, end);
  const counts = new Map<string, number>();
  if (isCountable) {
    for (const row of await countEventsByDay(db, accountId, { start, end, timeZone, groupBy: "status", webhookId })) {
      counts.set(row.key, (counts.get(row.key) ?? 0) + row.events);
    }
  }
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);

  const hrefWith = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...values, ...changes })) {
      if (value) next.set(key, value);
    }
    const qs = next.toString();
    return qs ? `/events?${qs}` : "/events";
  };

  const dateTime = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" });
  const rangeText = issues.length === 0 && (start || end) ? `${start ? dateTime.format(start) : "the beginning"} – ${end ? dateTime.format(end) : "now"}` : null;

  return (
    <>
      <PageHeader
        title="Events"
        description="Every webhook's events, newest first. Paste an event id to open it."
        actions={
          <div className="flex items-center gap-2">
            {can(workspace, "event.resend") && issues.length === 0 ? (
              <>
                <ReplayButton mode="filter" filter={eventFilterToJson(filter)} />
                <ReplayButton mode="since" />
              </>
            ) : null}
            <ButtonLink href="/usage" variant="secondary">
              Back to usage
            </ButtonLink>
          </div>
        }
      />
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <TabLinks
          label="Filter by status"
          items={[
            { href: hrefWith({ status: undefined, retry_state: undefined }), label: "All", count: isCountable ? total : undefined, isActive: !status && !retryState },
            ...EVENT_STATUS_NAMES.flatMap((name) => [
              {
                href: hrefWith({ status: name, retry_state: undefined }),
                label: STATUS_LABELS[name],
                count: isCountable ? (counts.get(name) ?? 0) : undefined,
                isActive: status === name && !retryState,
                dotColor: STATUS_COLORS[name],
              },
              // Failed splits into the events that will be retried and those that gave up (no rollup counts them).
              ...(name === "failed"
                ? RETRY_STATE_NAMES.map((state) => ({
                    href: hrefWith({ status: "failed", retry_state: state }),
                    label: state === "exhausted" ? "Gave up" : "Retrying",
                    count: undefined,
                    isActive: retryState === state,
                  }))
                : []),
            ]),
          ]}
        />
      </div>
      <EventFilterForm
        action="/events"
        values={values}
        errors={Object.fromEntries(issues.map((issue) => [issue.path, issue.message]))}
        webhooks={webhooks}
        timeZone={timeZone}
      />
      {rangeText ? (
        <p className="mb-4 text-sm text-slate-600" data-testid="events-range">
          Detected {rangeText} <span className="text-slate-400">({timeZone})</span> ·{" "}
          <Link href={hrefWith({ from: undefined, to: undefined })} className="font-medium text-slate-900 underline-offset-2 hover:underline">
            Any time
          </Link>
        </p>
      ) : null}

      {issues.length > 0 ? (
        <div role="alert" data-testid="events-query-error" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
          <p className="font-medium">This link cannot be shown:</p>
          <ul className="mt-1 list-disc pl-5">
            {issues.map((issue) => (
              <li key={issue.path}>
                <code className="font-mono">{issue.path}</code>: {issue.message}
              </li>
            ))}
          </ul>
          <Link href="/events" className="mt-2 inline-block font-medium underline">
            Show the newest events
          </Link>
        </div>
      ) : page.length === 0 ? (
        <EmptyState title="No events match these filters">
          {before ? "There are no older events." : filter.q ? "Nothing matches this search. Event ids and record ids must be exact; text is looked for in titles and company names." : "Try another status, webhook or period."}
        </EmptyState>
      ) : (
        <Table aria-label="Events" data-testid="events-table">
          <THead>
            <tr>
              <TH>Detected</TH>
              <TH>Record</TH>
              <TH>Webhook</TH>
              <TH>Status</TH>
              <TH className="text-right">Attempts</TH>
              <TH className="text-right">Last response</TH>
            </tr>
          </THead>
          <TBody>
            {page.map((event) => (
              <TR key={event.id} data-testid="event-row" data-status={event.status} data-event-id={event.id}>
                <TD className="whitespace-nowrap text-slate-600">
                  <RelativeTime iso={event.detectedAt.toISOString()} />
                  <div className="text-xs text-slate-400">{dateTime.format(event.detectedAt)}</div>
                </TD>
                <TD className="max-w-md">
                  <Link href={`/webhooks/${event.webhookId}/events/${event.id}`} className="font-medium text-slate-900 hover:underline">
                    {event.recordTitle || (event.type === "job" ? "Job" : "Company")}
                  </Link>
                  <div className="truncate text-xs text-slate-500">
                    {EVENT_TYPES[event.type]}
                    {event.recordSubtitle ? ` · ${event.recordSubtitle}` : ""}
                    {event.recordExternalId ? ` · ${event.recordExternalId}` : ""}
                  </div>
                </TD>
                <TD>
                  <Link href={`/webhooks/${event.webhookId}`} className="text-slate-700 hover:text-slate-900 hover:underline">
                    {event.webhookName}
                  </Link>
                </TD>
                <TD>
                  <StatusBadge status={event.status} />
                  {event.status === "failed" ? (
                    <RetryStateNote event={{ retry_state: event.retryState, next_attempt_at: event.nextAttemptAt ? event.nextAttemptAt.toISOString() : null }} />
                  ) : null}
                </TD>
                <TD className="text-right text-slate-700 tabular-nums">{event.attemptCount}</TD>
                <TD className="text-right text-slate-700 tabular-nums">{event.lastResponseStatus ?? "—"}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <div className="mt-4 flex justify-between">
        {before ? (
          <ButtonLink href={hrefWith({})} variant="ghost" size="sm">
            ← Newest
          </ButtonLink>
        ) : (
          <span />
        )}
        {hasMore ? (
          <ButtonLink href={hrefWith({ before: page[page.length - 1].cursor })} variant="secondary" size="sm">
            Older events →
          </ButtonLink>
        ) : null}
      </div>
    </>
  );
}
