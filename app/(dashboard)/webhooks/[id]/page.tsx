import Link from "next/link";
import { cookies } from "next/headers";
import { connection } from "next/server";
import { EventFilterForm, readFilterValues } from "@/components/events/event-filter-form";
import { TIME_ZONE_COOKIE } from "@/lib/usage/view-state";
import { isValidTimeZone } from "@/lib/validation/dates";
import { EVENT_FILTER_PARAMS, eventFilterSchema, eventFilterToParams, type EventFilter } from "@/lib/validation/event-filter";
import { EventsPanel } from "@/components/webhooks/events-panel";
import { SecretField } from "@/components/webhooks/secret-field";
import { SendTestButton } from "@/components/webhooks/send-test-button";
import { TestSends } from "@/components/webhooks/test-sends";
import { listTestSends } from "@/lib/delivery/test-event";
import { SearchFilters } from "@/components/webhooks/search-filters";
import { ActiveSwitch, ArchiveButton, EditLink } from "@/components/webhooks/webhook-actions";
import { CopyButton } from "@/components/webhooks/copy-button";
import { getWebhookEventPage, getWebhookStats, refusedSearchOf } from "@/lib/events/service";
import { getSearch } from "@/lib/searches/service";
import { getPageWorkspace } from "@/lib/auth/page";
import { can } from "@/lib/auth/workspace";
import { EVENT_TYPES } from "@/lib/event-types";
import { loadWebhookOr404 } from "../load-webhook";
import { serializeWebhook } from "@/lib/webhooks/serialize";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { DateTime } from "@/components/layout/time-zone";

const PAGE_SIZE = 25;

export default async function WebhookDetailsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const [{ id }, query, cookieStore] = await Promise.all([params, searchParams, cookies()]);
  const remembered = cookieStore.get(TIME_ZONE_COOKIE)?.value;
  const timeZone = remembered && isValidTimeZone(remembered) ? remembered : "UTC";
  const workspace = await getPageWorkspace();
  const { accountId, db } = workspace;
  const webhook = await loadWebhookOr404(db, accountId, id);
  // The filter is the URL's (the same rules as the API's, dates in the person's time zone); the list
  // polls its route with the dates as instants.
  const filterValues = readFilterValues(query, EVENT_FILTER_PARAMS.filter((name) => name !== "webhook_id"));
  const parsed = eventFilterSchema(timeZone).safeParse(filterValues);
  const filterErrors: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) filterErrors[String(issue.path[0] ?? "filter")] ??= issue.message;
  const filter: EventFilter = parsed.success ? parsed.data : {};
  const { retryState } = filter;
  // A retry state is a state of failed events (the Retrying / Gave up tabs).
  const status = retryState ? "failed" : filter.status;
  const filterParams = eventFilterToParams(filter);
  filterParams.delete("status");
  filterParams.delete("retry_state");
  const filterQuery = filterParams.toString();
  const page = Math.max(1, Math.min(Number.parseInt(String(query.page ?? "1"), 10) || 1, 1_000_000));
  const [search, eventPage, stats, testSends] = await Promise.all([
    getSearch(db, accountId, webhook.searchId),
    getWebhookEventPage(db, accountId, webhook.id, { filter, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }).catch((error: unknown) => {
      // A search too broad to answer is named beside the search box, like any refused field.
      const refused = refusedSearchOf(error);
      if (!refused) throw error;
      filterErrors[refused.path] = refused.message;
      return { data: [], offset: 0, limit: PAGE_SIZE, total: 0, total_is_capped: false };
    }),
    getWebhookStats(db, accountId, webhook.id),
    listTestSends(db, accountId, webhook.id),
  ]);
  const eventType = EVENT_TYPES[webhook.searchType];
  const webhookJson = serializeWebhook(webhook);

  return (
    <>
      <Breadcrumb items={[{ label: "Webhooks", href: "/webhooks" }, { label: webhook.name }]} />

      <header className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex items-center gap-3">
            <h1 className="truncate text-2xl font-semibold tracking-tight">{webhook.name}</h1>
            {webhook.isArchived ? (
              <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">Archived</span>
            ) : null}
          </div>
          <div className="mt-1.5 flex items-center gap-2">
            <code className="truncate font-mono text-sm text-slate-700" data-testid="webhook-url">
              {webhook.url}
            </code>
            <CopyButton text={webhook.url} label="Copy URL" variant="ghost" />
          </div>
          {!webhook.isActive && webhook.pausedReason ? (
            <p role="status" data-testid="paused-reason" className="mt-2 max-w-3xl rounded-md border border-amber-200 bg-amber-50 px-3 py-1.5 text-sm text-amber-900">
              Paused automatically: <span className="font-medium">{webhook.pausedReason}</span>
              {webhook.pausedReason === "endpoint gone"
                ? " — the endpoint answered 410 Gone. Its events wait; enable the webhook once the URL takes deliveries again."
                : ". Its events wait; enable the webhook to resume them."}
            </p>
          ) : null}
          {webhook.description ? <p className="mt-1 max-w-3xl text-sm text-slate-600">{webhook.description}</p> : null}
        </div>
        <div className="flex shrink-0 items-center gap-2">
          <ActiveSwitch webhookId={webhook.id} isActive={webhook.isActive} isArchived={webhook.isArchived} />
          <EditLink webhookId={webhook.id} isArchived={webhook.isArchived} />
          <ArchiveButton webhookId={webhook.id} name={webhook.name} isArchived={webhook.isArchived} />
        </div>
      </header>

      <section aria-label="Configuration" className="mb-6 grid gap-4 lg:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2.5 text-sm">
            <dt className="text-slate-500">Event type</dt>
            <dd>
              <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{eventType}</code>
            </dd>
            <dt className="text-slate-500">Search</dt>
            <dd className="space-y-1.5">
              <Link href={`/searches/${search.id}/edit`} className="font-medium hover:underline">
                {search.name}
              </Link>
              <SearchFilters filters={search.filters as Record<string, unknown>} />
            </dd>
            <dt className="text-slate-500">Listening since</dt>
            <dd>
              {webhook.listeningStartTime ? (
                <DateTime iso={webhook.listeningStartTime.toISOString()} />
              ) : (
                "The start of the search (every match)"
              )}
            </dd>
            {webhook.searchType === "job" ? (
              <>
                <dt className="text-slate-500">Once per company</dt>
                <dd>{webhook.triggerOncePerCompany ? "Yes — one event per company" : "No"}</dd>
              </>
            ) : null}
          </dl>
        </div>
        <div className="flex flex-col justify-between gap-4 rounded-lg border border-slate-200 bg-white p-4">
          <div>
            <h2 className="mb-2 text-sm font-medium text-slate-800">Signing secret</h2>
            <SecretField webhookId={webhook.id} />
            {webhookJson.previous_secret_expires_at ? (
              <p className="mt-2 text-xs text-slate-600" data-testid="previous-secret-expiry">
                The previous secret keeps signing beside this one until{" "}
                <DateTime iso={webhookJson.previous_secret_expires_at} className="font-medium" />{" "}
                (deliveries carry both signatures while receivers switch over).
              </p>
            ) : null}
            {can(workspace, "webhook.reveal_secret") ? null : (
              <p className="mt-2 text-xs text-slate-500">A {workspace.role} cannot reveal the secret; a member, admin or owner of the team can.</p>
            )}
          </div>
          {can(workspace, "event.test") ? (
            <div className="border-t border-slate-100 pt-3">
              <h2 className="mb-2 text-sm font-medium text-slate-800">Test the endpoint</h2>
              <SendTestButton url={webhook.url} eventType={eventType} webhookId={webhook.id} size="sm" refreshAfterSend />
            </div>
          ) : null}
        </div>
      </section>

      <EventsPanel
        key={`${status ?? "all"}-${retryState ?? "any"}-${page}-${filterQuery}`}
        webhookId={webhook.id}
        status={status}
        retryState={retryState}
        filterQuery={filterQuery}
        isFilterRefused={Object.keys(filterErrors).length > 0}
        filterForm={<EventFilterForm action={`/webhooks/${webhook.id}`} values={filterValues} errors={filterErrors} timeZone={timeZone} />}
        page={page}
        pageSize={PAGE_SIZE}
        initialData={{ page: eventPage, stats, health: webhookJson.health }}
      />
      <TestSends sends={testSends} />
    </>
  );
}
