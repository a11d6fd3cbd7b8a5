"use client";
// The details page's live part: stats, status tabs (in the URL), the event table with Resend and
// Trigger, pagination, and "Resend all failed". Polls every few seconds while the page is open.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ButtonLink } from "@/components/ui/button";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TabLinks } from "@/components/ui/tabs";
import {
  EVENT_STATUS_NAMES,
  RETRY_STATE_NAMES,
  STATUS_COLORS,
  STATUS_LABELS,
  type EventStatusName,
  type RetryStateName,
} from "@/lib/event-status";
import type { EventJson } from "@/lib/events/serialize";
import { describeOutcome, formatClock, formatCount, formatDuration, formatPercent } from "./format";
import { eventKeys } from "./query-keys";
import { HealthBadge } from "./health-badge";
import { RelativeTime } from "./relative-time";
import { ReplayButton } from "@/components/replays/replay-button";
import type { EventFilterJson } from "@/lib/validation/event-filter";
import { StatCard } from "./stat-card";
import { StatusBar, StatusCounts } from "./status-breakdown";
import type { EventsPanelData } from "./types";
import { useResendEvent, useTriggerEvent } from "./use-event-actions";
import { useCan } from "@/components/auth/workspace-context";
import { useTimeZone } from "@/components/layout/time-zone";

const POLL_MS = 5_000;

export type EventsFilter = { status?: EventStatusName; retryState?: RetryStateName };

/** The list's URL; `filterQuery` carries the search and filters other than the status and retry state. */
export function eventsHref(webhookId: string, filter: EventsFilter & { page?: number; filterQuery?: string }): string {
  const params = new URLSearchParams(filter.filterQuery ?? "");
  if (filter.status) params.set("status", filter.status);
  if (filter.retryState) params.set("retry_state", filter.retryState);
  if (filter.page && filter.page > 1) params.set("page", String(filter.page));
  const qs = params.toString();
  return `/webhooks/${webhookId}${qs ? `?${qs}` : ""}#events`;
}

async function fetchPanel(webhookId: string, filter: EventsFilter, page: number, pageSize: number, filterQuery: string): Promise<EventsPanelData> {
  const params = new URLSearchParams(filterQuery);
  params.set("offset", String((page - 1) * pageSize));
  params.set("limit", String(pageSize));
  if (filter.status) params.set("status", filter.status);
  if (filter.retryState) params.set("retry_state", filter.retryState);
  const response = await fetch(`/api/dashboard/webhooks/${webhookId}/events?${params}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`Could not load events (${response.status})`);
  return response.json();
}

export function EventsPanel({
  webhookId,
  status,
  retryState,
  page,
  pageSize,
  initialData,
  filterQuery = "",
  isFilterRefused = false,
  filterForm,
}: {
  webhookId: string;
  status?: EventStatusName;
  retryState?: RetryStateName;
  page: number;
  pageSize: number;
  initialData: EventsPanelData;
  /** The search and filters beyond the status, as a query string with instants (lib/validation/event-filter.ts). */
  filterQuery?: string;
  /** The URL's filter was refused: the form names the fields, and no list is shown. */
  isFilterRefused?: boolean;
  filterForm?: React.ReactNode;
}) {
  const canResend = useCan("event.resend");
  const query = useQuery({
    queryKey: eventKeys.list(webhookId, { status, retryState, page, filterQuery }),
    queryFn: () => fetchPanel(webhookId, { status, retryState }, page, pageSize, filterQuery),
    initialData,
    refetchInterval: isFilterRefused ? false : POLL_MS,
    enabled: !isFilterRefused,
  });
  const { page: events, stats } = query.data;
  const firstRow = events.total === 0 ? 0 : events.offset + 1;
  const lastRow = events.offset + events.data.length;
  const pageCount = Math.max(1, Math.ceil(events.total / pageSize));

  return (
    <>
      {query.data.health ? <HealthBanner health={query.data.health} /> : null}
      <FailureBanner stats={stats} />
      <section aria-label="Delivery stats" className="mb-8 grid grid-cols-2 gap-3 lg:grid-cols-6">
        <div className="col-span-2 rounded-lg border border-slate-200 bg-white px-4 py-3" data-testid="stat-events">
          <div className="flex items-baseline justify-between">
            <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Events</p>
            <p className="text-xl font-semibold tabular-nums">{formatCount(stats.total)}</p>
          </div>
          <StatusBar counts={stats.counts} className="mt-2 h-2" />
          <div className="mt-2">
            <StatusCounts counts={stats.counts} />
          </div>
        </div>
        <StatCard label="Success rate" testId="stat-success-rate" hint="delivered ÷ (delivered + failed)">
          <span className={stats.success_rate !== null && stats.success_rate < 0.9 ? "text-red-600" : ""}>
            {formatPercent(stats.success_rate)}
          </span>
        </StatCard>
        <StatCard label="Latency" testId="stat-latency" hint="p50 · p95 of recent attempts">
          {formatDuration(stats.p50_latency_ms)} <span className="text-sm font-normal text-slate-400">·</span>{" "}
          <span className="text-base">{formatDuration(stats.p95_latency_ms)}</span>
        </StatCard>
        <StatCard label="Last success" testId="stat-last-success">
          <RelativeTime iso={stats.last_success_at} fallback="Never" />
        </StatCard>
        <StatCard label="Next retry" testId="stat-next-retry" hint={stats.counts.failed > 0 ? `${formatCount(stats.counts.failed)} failed` : "nothing pending"}>
          <RelativeTime iso={stats.next_retry_at} fallback="None" />
        </StatCard>
      </section>

      <section id="events" aria-labelledby="events-heading" className="scroll-mt-6">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <div className="flex items-center gap-3">
            <h2 id="events-heading" className="text-lg font-semibold tracking-tight">
              Events
            </h2>
            {query.data.health ? (
              <span className="inline-flex items-center gap-1.5 text-xs text-slate-500" data-testid="endpoint-health">
                Endpoint <HealthBadge state={query.data.health.state} title={query.data.health.reason ?? undefined} />
              </span>
            ) : null}
            {query.isFetching ? <span className="text-xs text-slate-400">Refreshing…</span> : null}
          </div>
          {canResend ? (
            <div className="flex items-center gap-2">
              <ReplayButton mode="filter" filter={replayFilter(webhookId, { status, retryState }, filterQuery)} />
              <ReplayButton mode="since" webhookId={webhookId} />
            </div>
          ) : null}
        </div>
        <div className="mb-3">
          <TabLinks
            label="Filter events by status"
            items={[
              { href: eventsHref(webhookId, { filterQuery }), label: "All", count: stats.total, isActive: !status && !retryState },
              ...EVENT_STATUS_NAMES.flatMap((s) => [
                {
                  href: eventsHref(webhookId, { status: s, filterQuery }),
                  label: STATUS_LABELS[s],
                  count: stats.counts[s],
                  isActive: status === s && !retryState,
                  dotColor: STATUS_COLORS[s],
                },
                // Failed splits into the events that will be retried and those that gave up.
                ...(s === "failed" && stats.counts.failed > 0
                  ? RETRY_STATE_NAMES.map((r) => ({
                      href: eventsHref(webhookId, { status: "failed", retryState: r, filterQuery }),
                      label: r === "exhausted" ? "Gave up" : "Retrying",
                      count: stats.failed_by_retry_state[r],
                      isActive: retryState === r,
                    }))
                  : []),
              ]),
            ]}
          />
        </div>

        {filterForm}
        {isFilterRefused ? (
          <div role="alert" data-testid="events-query-error" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
            Fix the highlighted filters to see the events.
          </div>
        ) : events.data.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center text-sm text-slate-600">
            {retryState
              ? `No failed events that ${retryState === "exhausted" ? "gave up" : "will be retried"}.`
              : filterQuery
              ? "No events match this search and these filters."
              : status
              ? `No ${STATUS_LABELS[status].toLowerCase()} events.`
              : "No events yet. They appear here as soon as the search matches a new record."}
          </div>
        ) : (
          <Table aria-label="Events">
            <THead>
              <tr>
                <TH>Record</TH>
                <TH>Status</TH>
                <TH className="text-right">Attempts</TH>
                <TH>Last response</TH>
                <TH>Detected · last attempt</TH>
                <TH>Next retry</TH>
                <TH className="text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {events.data.map((event) => (
                <EventRow key={event.id} event={event} webhookId={webhookId} />
              ))}
            </TBody>
          </Table>
        )}

        {events.total > 0 && !isFilterRefused ? (
          <nav aria-label="Pagination" className="mt-3 flex items-center justify-between text-sm text-slate-600">
            <p>
              Showing <span className="font-medium text-slate-900">{formatCount(firstRow)}</span>–
              <span className="font-medium text-slate-900">{formatCount(lastRow)}</span> of{" "}
              <span className="font-medium text-slate-900">
                {formatCount(events.total)}
                {events.total_is_capped ? "+" : ""}
              </span>
              {filterQuery ? " matching" : ""}
            </p>
            <div className="flex items-center gap-2">
              <span className="text-xs text-slate-500">
                Page {page} of {formatCount(pageCount)}
                {events.total_is_capped ? "+" : ""}
              </span>
              {page > 1 ? (
                <ButtonLink variant="secondary" size="sm" href={eventsHref(webhookId, { status, retryState, page: page - 1, filterQuery })} scroll={false}>
                  Previous
                </ButtonLink>
              ) : (
                <Button variant="secondary" size="sm" disabled>
                  Previous
                </Button>
              )}
              {page < pageCount || events.total_is_capped ? (
                <ButtonLink variant="secondary" size="sm" href={eventsHref(webhookId, { status, retryState, page: page + 1, filterQuery })} scroll={false}>
                  Next
                </ButtonLink>
              ) : (
                <Button variant="secondary" size="sm" disabled>
                  Next
                </Button>
              )}
            </div>
          </nav>
        ) : null}
      </section>
    </>
  );
}

const HEALTH_TEXT: Record<string, { title: string; tone: string; dot: string }> = {
  degraded: { title: "Endpoint degraded", tone: "border-amber-200 bg-amber-50 text-amber-900", dot: "bg-amber-500" },
  failing: { title: "Endpoint failing", tone: "border-red-200 bg-red-50 text-red-900", dot: "bg-red-600" },
  disabled: { title: "Endpoint disabled", tone: "border-slate-300 bg-slate-100 text-slate-800", dot: "bg-slate-500" },
  recovered: { title: "Endpoint recovered", tone: "border-green-200 bg-green-50 text-green-900", dot: "bg-green-600" },
};

/** The endpoint's health when it is not plainly healthy: degraded, failing, disabled, or just recovered. */
function HealthBanner({ health }: { health: NonNullable<EventsPanelData["health"]> }) {
  const text = HEALTH_TEXT[health.state];
  if (!text) return null;
  return (
    <div role="status" data-testid="health-banner" data-health={health.state} className={`mb-4 flex gap-3 rounded-lg border px-4 py-3 text-sm ${text.tone}`}>
      <span aria-hidden className={`mt-1 h-2.5 w-2.5 shrink-0 rounded-full ${text.dot}`} />
      <p>
        <span className="font-medium">{text.title}</span>
        {health.since ? (
          <>
            {" "}
            since <RelativeTime iso={health.since} />
          </>
        ) : null}
        {health.reason ? <>: {health.reason}.</> : "."}
        {health.state === "disabled" ? " Its events wait; enable the webhook once the endpoint works again." : null}
      </p>
    </div>
  );
}

/** The list's filter as a replay takes it (numbers as numbers). */
function replayFilter(webhookId: string, { status, retryState }: EventsFilter, filterQuery: string): EventFilterJson {
  const filter: Record<string, string | number> = { webhook_id: webhookId };
  for (const [key, value] of new URLSearchParams(filterQuery)) filter[key] = key === "http_status" || key === "min_attempts" ? Number(value) : value;
  if (status) filter.status = status;
  if (retryState) filter.retry_state = retryState;
  return filter as EventFilterJson;
}

function FailureBanner({ stats }: { stats: EventsPanelData["stats"] }) {
  const failed = stats.counts.failed;
  if (failed === 0) return null;
  const last = stats.last_failure;
  const { retrying, exhausted } = stats.failed_by_retry_state;
  return (
    <div role="alert" data-testid="failure-banner" className="mb-6 flex gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
      <span aria-hidden className="mt-1 h-2.5 w-2.5 shrink-0 rounded-full bg-red-600" />
      <div>
        <p className="font-medium">
          {formatCount(failed)} event{failed === 1 ? " has" : "s have"} failed to deliver.
          {last ? (
            <>
              {" "}
              The endpoint last answered{" "}
              <span className="font-mono">{describeOutcome({ status: last.response_status, errorCode: last.error_code, error: last.error_message })}</span>{" "}
              <RelativeTime iso={last.at} />.
            </>
          ) : null}
        </p>
        <p className="mt-0.5 text-red-800" data-testid="failure-banner-retry-states">
          {retrying > 0 ? (
            <>
              {formatCount(retrying)} will be retried (every hour for 48 hours after the first failure
              {stats.next_retry_at ? (
                <>
                  ; next <RelativeTime iso={stats.next_retry_at} />
                </>
              ) : null}
              ).{" "}
            </>
          ) : null}
          {exhausted > 0 ? (
            <>
              {formatCount(exhausted)} gave up: {exhausted === 1 ? "its" : "their"} 48 hours of retries are over, and only a resend delivers{" "}
              {exhausted === 1 ? "it" : "them"}.{" "}
            </>
          ) : null}
          Fixed the endpoint? Resend them now — open an event to see every attempt&apos;s request and response.
        </p>
      </div>
    </div>
  );
}

function EventRow({ event, webhookId }: { event: EventJson; webhookId: string }) {
  const resend = useResendEvent();
  const canResend = useCan("event.resend");
  const trigger = useTriggerEvent();
  const href = `/webhooks/${webhookId}/events/${event.id}`;
  const isResending = resend.isPending;
  const isOk = event.last_response_status != null && event.last_response_status >= 200 && event.last_response_status < 300;
  const hasOutcome = event.last_response_status != null || event.last_error != null;
  return (
    <TR data-testid="event-row" data-event-id={event.id} data-status={event.status}>
      <TD className="max-w-[20rem]">
        <Link href={href} className="block truncate font-medium text-slate-900 hover:underline">
          {event.record_title || "(untitled)"}
        </Link>
        <p className="truncate text-xs text-slate-500">
          {event.record_subtitle ? (event.type === "job.new" ? `at ${event.record_subtitle}` : event.record_subtitle) : event.type}
        </p>
      </TD>
      <TD>
        <StatusBadge status={event.status} />
        {event.status === "failed" ? <RetryStateNote event={event} /> : null}
      </TD>
      <TD className="text-right tabular-nums">{event.attempt_count}</TD>
      <TD className="max-w-[14rem]">
        {hasOutcome ? (
          <span className={`block truncate font-mono text-xs ${isOk ? "text-green-700" : "text-red-700"}`} title={event.last_error ?? undefined}>
            {describeOutcome({ status: event.last_response_status, error: event.last_error })}
          </span>
        ) : (
          <span className="text-slate-400">—</span>
        )}
      </TD>
      <TD className="text-xs whitespace-nowrap text-slate-600">
        <RelativeTime iso={event.detected_at} />
        <p className="text-slate-400">
          {event.last_attempt_at ? (
            <>
              tried <RelativeTime iso={event.last_attempt_at} />
            </>
          ) : (
            "not tried yet"
          )}
        </p>
      </TD>
      <TD className="text-xs whitespace-nowrap text-slate-600">
        {event.status === "failed" ? (
          event.next_attempt_at ? (
            <RelativeTime iso={event.next_attempt_at} />
          ) : (
            <span className="text-slate-500">Retries exhausted</span>
          )
        ) : (
          <span className="text-slate-400">—</span>
        )}
      </TD>
      <TD className="text-right whitespace-nowrap">
        <div className="flex items-center justify-end gap-1.5">
          {canResend && (event.status === "failed" || event.status === "success") ? (
            <Button
              type="button"
              size="sm"
              variant={event.status === "failed" ? "primary" : "secondary"}
              onClick={() => resend.mutate(event.id)}
              disabled={isResending}
              aria-label={`Resend ${event.record_title}`}
            >
              {isResending ? "Resending…" : "Resend"}
            </Button>
          ) : null}
          {canResend && event.status === "not_triggered" ? (
            <Button
              type="button"
              size="sm"
              variant="secondary"
              onClick={() => trigger.mutate(event.id)}
              disabled={trigger.isPending}
              title="Send it now for 1 credit"
            >
              {trigger.isPending ? "Triggering…" : "Trigger"}
            </Button>
          ) : null}
          <ButtonLink href={href} size="sm" variant="ghost" aria-label={`View event ${event.record_title}`}>
            View
          </ButtonLink>
        </div>
      </TD>
    </TR>
  );
}

/** "retrying at 14:00" / "gave up" under a failed event's badge. */
export function RetryStateNote({ event }: { event: Pick<EventJson, "retry_state" | "next_attempt_at"> }) {
  const timeZone = useTimeZone();
  if (event.retry_state === "exhausted") {
    return (
      <p className="mt-0.5 text-xs text-slate-500" data-testid="retry-state" data-retry-state="exhausted" title="Its 48 hours of retries are over">
        · gave up
      </p>
    );
  }
  return (
    <p className="mt-0.5 text-xs whitespace-nowrap text-slate-500" data-testid="retry-state" data-retry-state="retrying">
      {event.next_attempt_at ? (
        <>
          · retrying at{" "}
          <time dateTime={event.next_attempt_at} title={`${timeZone} · ${event.next_attempt_at}`} suppressHydrationWarning>
            {formatClock(event.next_attempt_at, timeZone)}
          </time>
        </>
      ) : (
        "· retries when the webhook is enabled"
      )}
    </p>
  );
}
