// Usage counts for the API (GET /api/v1/webhooks/events/count) and the Usage page.
import { countRetryingEvents, splitFailed } from "@/db/queries/events";
import type { DbOrTx } from "@/db/client";
import { getAccount } from "@/db/queries/accounts";
import { readEventsDeletedBefore } from "@/db/queries/retention";
import {
  countEventsByDay,
  creditsUsedByDay,
  creditsUsedSince,
  findWebhookOption,
  listWebhookOptions,
  type WebhookOption,
} from "@/db/queries/usage";
import { badRequest, fieldError, notFound } from "@/lib/errors";
import { EVENT_STATUS_NAMES } from "@/lib/event-status";
import type { CountQuery } from "./count-query";
import { resolveDayRange, type DayRange } from "./range";
import { countLocalDaysByWebhook, rankWebhooksByEvents } from "@/db/queries/usage-webhooks";
import { planDailyCounts } from "./day-plan";
import { describeForecast, FORECAST_DAYS, forecastCredits } from "./forecast";
import { buildUsageSeries, buildWebhookSeriesFromTotals, fillDays, TOP_WEBHOOKS, webhookSeriesKeys, type UsageGroupBy, type UsageSeries } from "./series";
import { retentionCutoff, retentionDays } from "@/lib/retention/retention";
import { localDateOf, periodStartOf } from "./time-zone";
import { checkDayRange, checkInstantRange } from "@/lib/validation/dates";

export type ApiDailyCount = {
  period_start: string;
  number_of_events: number;
  number_of_executions: number;
  status?: string;
  webhook_id?: string;
};

function isUnknownTimeZoneError(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
  const message = `${(error as Error)?.message ?? ""} ${(error as { cause?: Error })?.cause?.message ?? ""}`;
  return code === "22023" && /time zone/i.test(message);
}

/** Intl and PostgreSQL ship their own zone lists; a name only Intl knows is the caller's 400, naming `param`. */
async function refuseUnknownZone<T>(work: Promise<T>, timeZone: string, param: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isUnknownTimeZoneError(error)) {
      throw fieldError(param, `Unknown time zone ${timeZone}`);
    }
    throw error;
  }
}

// Where retention has deleted events, only the rollups count them (by whole UTC hours).
const countOrRefuseZone = (db: DbOrTx, accountId: string, query: CountQuery, groupBy: CountQuery["groupBy"], param = "timezone") =>
  refuseUnknownZone(
    readEventsDeletedBefore(db, accountId).then((countsOnlyBefore) => countEventsByDay(db, accountId, { ...query, groupBy, countsOnlyBefore })),
    query.timeZone,
    param,
  );

const STATUS_ORDER = new Map<string, number>(EVENT_STATUS_NAMES.map((s, i) => [s, i]));

/** Per-day counts as the API answers them, oldest day first. Days with no events are left out. */
export async function getEventCounts(db: DbOrTx, accountId: string, query: CountQuery): Promise<ApiDailyCount[]> {
  const issue = checkInstantRange(query.start, query.end, { start: "start_datetime", end: "end_datetime" });
  if (issue) throw badRequest(`${issue.path}: ${issue.message}`, [issue]);
  if (query.webhookId && !(await findWebhookOption(db, accountId, query.webhookId))) throw notFound("Webhook");
  const rows = await countOrRefuseZone(db, accountId, query, query.groupBy);
  if (query.groupBy === "status") {
    rows.sort((a, b) => a.day.localeCompare(b.day) || (STATUS_ORDER.get(a.key) ?? 9) - (STATUS_ORDER.get(b.key) ?? 9));
  } else {
    rows.sort((a, b) => a.day.localeCompare(b.day) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  const periodStarts = new Map<string, string>();
  return rows.map((row) => {
    let periodStart = periodStarts.get(row.day);
    if (!periodStart) {
      periodStart = periodStartOf(row.day, query.timeZone);
      periodStarts.set(row.day, periodStart);
    }
    return {
      period_start: periodStart,
      number_of_events: row.events,
      number_of_executions: row.executions,
      [query.groupBy]: row.key,
    };
  });
}

export type UsageSummaryInput = DayRange & { timeZone: string; groupBy: UsageGroupBy; webhookId?: string };

export type UsageSummary = {
  from: string;
  to: string;
  timeZone: string;
  groupBy: UsageGroupBy;
  webhookId: string | null;
  /** The instants of the range, ISO: what a click on a segment filters the events list by. */
  start: string;
  end: string;
  series: UsageSeries;
  /** By status only: the range's failed events split into those that will be retried and those that gave up. */
  failedByRetryState: { retrying: number; exhausted: number } | null;
  executions: number;
  webhooks: WebhookOption[];
  credits: {
    balance: number;
    usedTotal: number;
    usedByDay: { day: string; value: number }[];
    /** Credits used over the last 7 days (whatever the range), the forecast's pace. */
    usedLast7Days: number;
    /** "At the last 7 days' pace, your credits last about N days." */
    forecast: string;
  };
  /**
   * Retention (RETENTION_DAYS): events detected before `detailFrom` (a local date, in the range's
   * time zone) have been deleted, so days before it show counts only, from the rollups, and no event detail.
   */
  retention: { days: number; detailFrom: string };
  generatedAt: string;
};

/** Everything the Usage page shows for a range, in one round trip (the page polls it). */
export async function getUsageSummary(db: DbOrTx, accountId: string, input: UsageSummaryInput): Promise<UsageSummary> {
  // Routes and the page check first; this keeps a caller that did not from building a long range.
  const issue = checkDayRange(input);
  if (issue) throw badRequest(`${issue.path}: ${issue.message}`, [issue]);
  const range = resolveDayRange(input, input.timeZone);
  const countRange = { start: range.start, end: range.end, timeZone: input.timeZone, groupBy: "status" as const };
  // By webhook over every webhook, with whole-hour midnights: exact totals pick the shown ones (the
  // database returns only the busiest nine and the sum over all), only those are counted per day, and
  // "Other" is the account's total per day minus them — a few thousand rollup rows, not one per
  // webhook and day. It needs no webhook id, so its queries start beside the webhook list.
  const dailyPlan = input.groupBy === "webhook" && !input.webhookId ? planDailyCounts(range.days, input.timeZone) : null;
  const started = dailyPlan
    ? Promise.all([rankWebhooksByEvents(db, accountId, dailyPlan, TOP_WEBHOOKS + 1), countOrRefuseZone(db, accountId, countRange, "status", "tz")])
    : null;
  const creditsAndAccount = Promise.all([
    refuseUnknownZone(creditsUsedByDay(db, accountId, { start: range.start, end: range.end, timeZone: input.timeZone }), input.timeZone, "tz"),
    getAccount(db, accountId),
    creditsUsedSince(db, accountId, new Date(Date.now() - FORECAST_DAYS * 86_400_000)),
  ]);
  // Awaited below; one that fails while another is awaited must not go unhandled.
  started?.catch(() => undefined);
  creditsAndAccount.catch(() => undefined);
  const webhooks = await listWebhookOptions(db, accountId);
  const webhookId = input.webhookId && webhooks.some((w) => w.id === input.webhookId) ? input.webhookId : undefined;
  if (input.webhookId && !webhookId) throw notFound("Webhook");
  const retrying = input.groupBy === "status" ? countRetryingEvents(db, accountId, { from: range.start, to: range.end, webhookId }) : null;
  retrying?.catch(() => undefined);
  const names = new Map(webhooks.map((w) => [w.id, w.name]));
  let series: UsageSeries;
  let executions: number;
  if (dailyPlan && started) {
    const [ranking, dayRows] = await started;
    const keys = webhookSeriesKeys(new Map(ranking.top.map((t) => [t.webhookId, t.events])), names, ranking);
    const shownIds = keys.filter((k) => k.kind === "webhook").map((k) => k.key);
    const shownRows = await countLocalDaysByWebhook(db, accountId, dailyPlan, shownIds);
    series = buildWebhookSeriesFromTotals(keys, shownRows, dayRows, range.days);
    executions = dayRows.reduce((sum, r) => sum + r.executions, 0);
  } else {
    // Zones with non-whole-hour midnights have no daily plan and count every webhook per day.
    const rows = await countOrRefuseZone(db, accountId, { ...countRange, webhookId }, input.groupBy === "webhook" ? "webhook_id" : "status", "tz");
    series = buildUsageSeries(rows, range.days, input.groupBy, names);
    executions = rows.reduce((sum, r) => sum + r.executions, 0);
  }
  const [used, account, usedLast7Days] = await creditsAndAccount;
  const failedTotal = series.keys.find((k) => k.kind === "status" && k.key === "failed")?.total ?? 0;
  const failedByRetryState = retrying ? splitFailed(failedTotal, await retrying) : null;
  const usedByDay = fillDays(used.map((u) => ({ day: u.day, value: u.used })), range.days);
  return {
    from: range.from,
    to: range.to,
    timeZone: input.timeZone,
    groupBy: input.groupBy,
    webhookId: webhookId ?? null,
    start: range.start.toISOString(),
    end: range.end.toISOString(),
    series,
    failedByRetryState,
    executions,
    webhooks,
    credits: {
      balance: account?.credits ?? 0,
      usedTotal: usedByDay.reduce((sum, d) => sum + d.value, 0),
      usedByDay,
      usedLast7Days,
      forecast: describeForecast(account?.credits ?? 0, forecastCredits(account?.credits ?? 0, usedLast7Days)),
    },
    retention: { days: retentionDays(), detailFrom: localDateOf(retentionCutoff(new Date()), input.timeZone) },
    generatedAt: new Date().toISOString(),
  };
}
