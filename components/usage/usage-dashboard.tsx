"use client";
// The Usage page's live part: range, grouping and webhook filter in the URL; counts polled every
// 10 s through React Query; days bucketed in the browser's time zone.
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/field";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { Skeleton } from "@/components/ui/skeleton";
import { DEFAULT_PRESET, presetDayRange } from "@/lib/usage/range";
import type { SeriesKey } from "@/lib/usage/series";
import { longDayLabel } from "@/lib/usage/series";
import type { UsageSummary } from "@/lib/usage/service";
import { addDays, startOfLocalDay } from "@/lib/usage/time-zone";
import {
  readTimeZoneParam,
  readViewState,
  summaryQueryString,
  TIME_ZONE_CHOSEN_COOKIE,
  TIME_ZONE_COOKIE,
  viewStateToSearch,
  type UsageViewState,
} from "@/lib/usage/view-state";
import { readBrowserTimeZone, useRememberedTimeZone } from "@/components/layout/time-zone";
import { AddCreditsForm } from "./add-credits-form";
import { CreditsUsedChart } from "./credits-used-chart";
import { EventsChart } from "./events-chart";
import { RangePicker } from "./range-picker";
import { usageKeys, type UsageSummaryParams } from "./query-keys";
import { SeriesLegend } from "./series-legend";
import { UsageTable } from "./usage-table";

export const POLL_INTERVAL_MS = 10_000;
const full = new Intl.NumberFormat("en-US");

const subscribeNever = () => () => {};
const TIME_ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["UTC"];
  }
})();

/** The browser's zone after hydration; the server's guess (cookie or UTC) while rendering on the server. */
function useBrowserTimeZone(serverZone: string): string {
  return useSyncExternalStore(subscribeNever, () => readBrowserTimeZone() ?? serverZone, () => serverZone);
}

async function fetchUsageSummary(params: UsageSummaryParams, signal: AbortSignal): Promise<UsageSummary> {
  const query = summaryQueryString(
    { preset: null, from: params.from, to: params.to, groupBy: params.groupBy, webhookId: params.webhookId },
    params.timeZone,
  );
  const response = await fetch(`/api/dashboard/usage?${query}`, { signal, cache: "no-store" });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The server answered ${response.status}`);
  }
  return response.json();
}

function eventsHref(filter: { status?: string; webhookId?: string | null; start: string; end: string }): string {
  const params = new URLSearchParams();
  if (filter.status) params.set("status", filter.status);
  if (filter.webhookId) params.set("webhook_id", filter.webhookId);
  params.set("from", filter.start);
  params.set("to", filter.end);
  return `/events?${params}`;
}

type Props = {
  initialSummary: UsageSummary;
  /** The zone the server rendered with (the browser's, remembered in a cookie, or UTC). */
  serverTimeZone: string;
  serverNow: string;
  /** When the team's data begins (ISO): custom ranges wholly before it are refused, ranges reaching back past it say so. */
  firstDataAt: string | null;
};

export function UsageDashboard({ initialSummary, serverTimeZone, serverNow, firstDataAt: firstDataIso }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const queryClient = useQueryClient();
  // One zone per person: the link's (tz), else the one they picked before (cookie), else the browser's.
  const browserZone = useBrowserTimeZone(serverTimeZone);
  const rememberedZone = useRememberedTimeZone();
  const isHydrated = useSyncExternalStore(subscribeNever, () => true, () => false);
  const linkParams = Object.fromEntries(searchParams.entries());
  const { timeZone: linkZone, issue: zoneIssue } = readTimeZoneParam(linkParams);
  const timeZone = linkZone ?? rememberedZone ?? browserZone;
  const [now, setNow] = useState(() => new Date(serverNow));
  // The URL is the state: reloads, shared links and Back all show the same view, in the same zone.
  const firstDataAt = firstDataIso ? new Date(firstDataIso) : null;
  const { view, issue: rangeIssue } = readViewState(linkParams, now, timeZone, firstDataAt);
  const linkIssue = rangeIssue ?? zoneIssue;
  const searchFor = (state: UsageViewState, zone: string) => {
    const search = new URLSearchParams(viewStateToSearch(state));
    search.set("tz", zone);
    return search.toString();
  };
  const setView = (update: (current: UsageViewState) => UsageViewState, zone: string = timeZone) => {
    window.history.replaceState(null, "", `${pathname}?${searchFor(update(view), zone)}`);
  };
  const [showTable, setShowTable] = useState(false);

  useEffect(() => {
    // Presets are "the last N days": move them on when the day changes under an open page.
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (!isHydrated) return;
    // Remembered for every page (the dashboard layout reads it), and held in the URL.
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(timeZone)}; path=/; max-age=31536000; samesite=lax`;
    if (!linkZone && !zoneIssue) {
      const search = new URLSearchParams(window.location.search);
      search.set("tz", timeZone);
      window.history.replaceState(null, "", `${window.location.pathname}?${search}`);
    }
  }, [isHydrated, timeZone, linkZone, zoneIssue]);

  const range = view.preset ? presetDayRange(view.preset, now, timeZone) : { from: view.from, to: view.to };
  const params: UsageSummaryParams = { ...range, timeZone, groupBy: view.groupBy, webhookId: view.webhookId };
  const isInitial =
    params.from === initialSummary.from &&
    params.to === initialSummary.to &&
    params.timeZone === initialSummary.timeZone &&
    params.groupBy === initialSummary.groupBy &&
    params.webhookId === initialSummary.webhookId;

  const query = useQuery({
    queryKey: usageKeys.summary(params),
    queryFn: ({ signal }) => fetchUsageSummary(params, signal),
    initialData: isInitial ? initialSummary : undefined,
    initialDataUpdatedAt: isInitial ? Date.parse(initialSummary.generatedAt) : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: POLL_INTERVAL_MS,
  });
  const summary = query.data;

  function openKey(key: SeriesKey, day?: string) {
    if (!summary) return;
    if (key.kind === "webhook") {
      router.push(`/webhooks/${key.key}`);
      return;
    }
    const start = day ? startOfLocalDay(day, timeZone).toISOString() : summary.start;
    const end = day ? startOfLocalDay(addDays(day, 1), timeZone).toISOString() : summary.end;
    router.push(eventsHref({ status: key.kind === "status" ? key.key : undefined, webhookId: summary.webhookId, start, end }));
  }

  const isUpdating = query.isFetching && (query.isPlaceholderData || !summary);
  const rangeCaption = `${longDayLabel(range.from)} – ${longDayLabel(range.to)}`;

  return (
    <div className="space-y-6">
      <Card aria-labelledby="events-heading">
        <CardHeader
          title="Webhook events"
          titleId="events-heading"
          description={
            <>
              Events detected per day, in your time zone (<span data-testid="usage-time-zone">{timeZone}</span>).
            </>
          }
          actions={
            <SegmentedControl
              label="Group events"
              value={view.groupBy}
              onChange={(groupBy) => setView((v) => ({ ...v, groupBy }))}
              options={[
                { value: "status", label: "By status" },
                { value: "webhook", label: "By webhook" },
              ]}
            />
          }
        />
        <CardBody className="space-y-5">
          <div className="flex flex-wrap items-start gap-3">
            <RangePicker view={view} range={range} now={now} timeZone={timeZone} firstDataAt={firstDataAt} onChange={(change) => setView((v) => ({ ...v, ...change }))} />
            <div className="ml-auto flex flex-wrap items-center gap-2">
              <label className="sr-only" htmlFor="time-zone">
                Time zone
              </label>
              <Select
                id="time-zone"
                className="w-56"
                value={timeZone}
                onChange={(e) => {
                  document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(e.target.value)}; path=/; max-age=31536000; samesite=lax`;
                  document.cookie = `${TIME_ZONE_CHOSEN_COOKIE}=1; path=/; max-age=31536000; samesite=lax`;
                  setView((v) => v, e.target.value);
                  // The sidebar and every other page read the remembered zone.
                  router.refresh();
                }}
                suppressHydrationWarning
              >
                {(TIME_ZONES.includes(timeZone) ? TIME_ZONES : [timeZone, ...TIME_ZONES]).map((zone) => (
                  <option key={zone} value={zone}>
                    {zone.replace(/_/g, " ")}
                  </option>
                ))}
              </Select>
              <label className="sr-only" htmlFor="usage-webhook">
                Webhook
              </label>
              <Select
                id="usage-webhook"
                className="w-56"
                value={view.webhookId ?? ""}
                onChange={(e) => setView((v) => ({ ...v, webhookId: e.target.value || null }))}
              >
                <option value="">All webhooks</option>
                {(summary?.webhooks ?? initialSummary.webhooks).map((webhook) => (
                  <option key={webhook.id} value={webhook.id}>
                    {webhook.name}
                    {webhook.isArchived ? " (archived)" : ""}
                  </option>
                ))}
              </Select>
            </div>
          </div>

          {linkIssue ? (
            <div role="alert" data-testid="usage-link-error" className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
              This link&apos;s <code className="font-mono">{linkIssue.path}</code> cannot be shown: {linkIssue.message}.{" "}
              {linkIssue.path === "tz" ? `Showing times in ${timeZone} instead.` : `Showing the last ${DEFAULT_PRESET} days instead.`}
            </div>
          ) : null}

          {!summary ? (
            query.isError ? (
              <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
                Could not load usage: {(query.error as Error).message}{" "}
                <button type="button" className="font-medium underline" onClick={() => query.refetch()}>
                  Try again
                </button>
              </div>
            ) : (
              <UsageSkeleton />
            )
          ) : (
            <div className={`space-y-5 transition-opacity ${query.isPlaceholderData ? "opacity-60" : ""}`} aria-busy={isUpdating}>
              <div className="flex flex-wrap items-end justify-between gap-4">
                <div>
                  <p className="text-sm text-slate-500">
                    {rangeCaption}
                    {summary.webhookId ? ` · ${summary.webhooks.find((w) => w.id === summary.webhookId)?.name ?? ""}` : ""}
                  </p>
                  <p className="mt-1 flex items-baseline gap-2">
                    <span className="text-4xl font-semibold tracking-tight text-slate-900 tabular-nums" data-testid="events-total">
                      {full.format(summary.series.total)}
                    </span>
                    <span className="text-sm text-slate-600">{summary.series.total === 1 ? "event" : "events"}</span>
                    <span className="text-sm text-slate-400">·</span>
                    <span className="text-sm text-slate-600" data-testid="executions-total">
                      {full.format(summary.executions)} delivery {summary.executions === 1 ? "attempt" : "attempts"}
                    </span>
                  </p>
                </div>
                <div className="flex items-center gap-3">
                  <span aria-live="polite" className="text-xs text-slate-400">
                    {isUpdating ? "Updating…" : ""}
                  </span>
                  <Button variant="secondary" size="sm" aria-pressed={showTable} onClick={() => setShowTable((s) => !s)}>
                    {showTable ? "Show as chart" : "Show as table"}
                  </Button>
                </div>
              </div>

              {summary.retention && summary.from < summary.retention.detailFrom ? (
                <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-600" data-testid="usage-counts-only">
                  Days before {longDayLabel(summary.retention.detailFrom)} show counts only: their events are deleted after{" "}
                  {summary.retention.days} days, so they have no event detail to open.
                </p>
              ) : null}
              {summary.series.total === 0 ? (
                <EmptyState title="No webhook events in this period">
                  {summary.webhooks.length === 0 ? (
                    <>
                      Events appear here as soon as a webhook&apos;s saved search matches new records.{" "}
                      <Link href="/webhooks/new" className="font-medium text-slate-900 underline">
                        Create a webhook
                      </Link>
                    </>
                  ) : (
                    "Try a longer period or another webhook."
                  )}
                </EmptyState>
              ) : (
                <>
                  <SeriesLegend
                    keys={summary.series.keys}
                    total={summary.series.total}
                    onSelect={(key) => openKey(key)}
                    failedByRetryState={summary.failedByRetryState}
                  />
                  {showTable ? (
                    <UsageTable
                      days={summary.series.days}
                      keys={summary.series.keys}
                      caption={`Webhook events per day ${view.groupBy === "status" ? "by status" : "by webhook"}, ${rangeCaption}`}
                    />
                  ) : (
                    <div role="img" aria-label={`Bar chart of ${summary.series.total} events per day, ${rangeCaption}. Use "Show as table" for the numbers.`}>
                      <EventsChart
                        days={summary.series.days}
                        keys={summary.series.keys}
                        onSegmentClick={(day, key) => {
                          const seriesKey = summary.series.keys.find((k) => k.key === key);
                          if (seriesKey) openKey(seriesKey, day);
                        }}
                      />
                    </div>
                  )}
                </>
              )}
            </div>
          )}
        </CardBody>
      </Card>

      <Card aria-labelledby="credits-heading">
        <CardHeader title="Credits" titleId="credits-heading" description="One credit is used for each event sent. Retries and resends are free." />
        <CardBody className="grid gap-6 lg:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]">
          <div className="space-y-5">
            <div>
              <p className="text-sm text-slate-500">Balance</p>
              <p className="mt-1 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">
                <span data-testid="credit-balance">{full.format((summary ?? initialSummary).credits.balance)}</span>{" "}
                <span className="text-base font-normal text-slate-500">credits</span>
              </p>
              <p className="mt-1 text-sm text-slate-600" data-testid="credits-forecast">
                {(summary ?? initialSummary).credits.forecast}
              </p>
            </div>
            <AddCreditsForm onAdded={() => queryClient.invalidateQueries({ queryKey: usageKeys.all })} />
          </div>
          <div className="min-w-0">
            <p className="text-sm text-slate-500">
              Used per day ·{" "}
              <span className="font-medium text-slate-900 tabular-nums" data-testid="credits-used-total">
                {summary ? full.format(summary.credits.usedTotal) : "—"}
              </span>{" "}
              in the period
            </p>
            <div className="mt-3">{summary ? <CreditsUsedChart days={summary.credits.usedByDay} /> : <Skeleton className="h-40 w-full" />}</div>
          </div>
        </CardBody>
      </Card>
    </div>
  );
}

function UsageSkeleton() {
  return (
    <div className="space-y-5" data-testid="usage-skeleton">
      <span className="sr-only" role="status">
        Loading usage…
      </span>
      <div className="space-y-2">
        <Skeleton className="h-4 w-48" />
        <Skeleton className="h-10 w-40" />
      </div>
      <div className="flex gap-2">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-8 w-32" />
        ))}
      </div>
      <div className="flex h-[300px] items-end gap-1.5">
        {Array.from({ length: 30 }, (_, i) => (
          <Skeleton key={i} className="flex-1" style={{ height: `${25 + ((i * 37) % 60)}%` }} />
        ))}
      </div>
    </div>
  );
}
