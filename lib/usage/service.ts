// The Usage page's summary: counts (lib/usage/counts.ts decides how they are made), credits, the
// forecast and retention, in one round trip.
import { countRetryingEvents, splitFailed } from "@/db/queries/events";
import type { DbOrTx } from "@/db/client";
import { getAccount } from "@/db/queries/accounts";
import { creditsUsedByDay, creditsUsedSince, getFirstDataAt, listWebhookOptions, type WebhookOption } from "@/db/queries/usage";
import { badRequest, notFound } from "@/lib/errors";
import { refuseUnknownZone, startUsageCounts } from "./counts";
import { resolveDayRange, type DayRange } from "./range";
import { describeForecast, FORECAST_DAYS, forecastCredits } from "./forecast";
import { fillDays, type UsageGroupBy, type UsageSeries } from "./series";
import { retentionCutoff, retentionDays } from "@/lib/retention/retention";
import { localDateOf } from "./time-zone";
import { checkDayRange } from "@/lib/validation/dates";

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
/** When the team's data begins (its creation, or its first event if older): a custom range wholly before it is refused. */
export function getUsageFirstDataAt(db: DbOrTx, accountId: string): Promise<Date | null> {
  return getFirstDataAt(db, accountId);
}

export async function getUsageSummary(db: DbOrTx, accountId: string, input: UsageSummaryInput): Promise<UsageSummary> {
  // Routes and the page check first; this keeps a caller that did not from building a long range.
  const issue = checkDayRange(input);
  if (issue) throw badRequest(`${issue.path}: ${issue.message}`, [issue]);
  const range = resolveDayRange(input, input.timeZone);
  // By webhook over every webhook, the counts need no webhook id: they start beside the webhook list.
  const counting = startUsageCounts(db, accountId, { range, timeZone: input.timeZone, groupBy: input.groupBy, isEveryWebhook: !input.webhookId });
  const creditsAndAccount = Promise.all([
    refuseUnknownZone(creditsUsedByDay(db, accountId, { start: range.start, end: range.end, timeZone: input.timeZone }), input.timeZone, "tz"),
    getAccount(db, accountId),
    creditsUsedSince(db, accountId, new Date(Date.now() - FORECAST_DAYS * 86_400_000)),
  ]);
  // Awaited below; one that fails while another is awaited must not go unhandled.
  creditsAndAccount.catch(() => undefined);
  const webhooks = await listWebhookOptions(db, accountId);
  const webhookId = input.webhookId && webhooks.some((w) => w.id === input.webhookId) ? input.webhookId : undefined;
  if (input.webhookId && !webhookId) throw notFound("Webhook");
  const retrying = input.groupBy === "status" ? countRetryingEvents(db, accountId, { from: range.start, to: range.end, webhookId }) : null;
  retrying?.catch(() => undefined);
  const { series, executions } = await counting.finish(webhookId, new Map(webhooks.map((w) => [w.id, w.name])));
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
