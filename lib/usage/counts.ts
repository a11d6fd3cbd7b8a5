import type { z } from "zod";
import type { dailyCountResponseSchema } from "@/lib/api/schemas/usage";
import "server-only";
// The one place that decides how a usage count is made, and merges its pieces (lib/usage/README.md):
//
// - whole local days, by webhook, in zones whose midnights are whole UTC hours: the daily rollup's
//   rows plus a few hours of their hour vectors (day-plan.ts);
// - whole UTC hours: the hourly rollups (count-plan.ts), and by whole hours only where retention has
//   deleted the events (splitAtRetention);
// - the partial hours at the ends, and the hour holding midnight in zones such as Asia/Kolkata: the
//   events themselves. Zones needing more pieces than MAX_RAW_PIECES (one a day) are one GROUP BY
//   over the range's events instead: exact, but as slow as that is.
//
// db/queries/usage*.ts only read the ranges they are given. The count API (getEventCounts), the
// Usage page (startUsageCounts, through service.ts) and the events page (countEventsByDay) count here.
import type { DbOrTx } from "@/db/client";
import { readEventsDeletedBefore } from "@/db/queries/retention";
import { countDaysInRanges, findWebhookOption, type CountGroupBy, type DailyCount, type EventCountFilter } from "@/db/queries/usage";
import { countLocalDaysByWebhook, rankWebhooksByEvents } from "@/db/queries/usage-webhooks";
import { badRequest, fieldError, notFound } from "@/lib/errors";
import { EVENT_STATUS_NAMES } from "@/lib/event-status";
import { checkInstantRange } from "@/lib/validation/dates";
import { planCount, splitAtRetention, type CountPlan } from "./count-plan";
import type { CountQuery } from "./count-query";
import { planDailyCounts, rangeTotalsOf, rollupDaysOf, vectorPiecesOf, type DailyPlan } from "./day-plan";
import type { ResolvedDayRange } from "./range";
import { buildUsageSeries, buildWebhookSeriesFromTotals, TOP_WEBHOOKS, webhookSeriesKeys, type UsageGroupBy, type UsageSeries } from "./series";
import { periodStartOf, wholeLocalDaysWithin } from "./time-zone";

export type { CountGroupBy, DailyCount };

export type CountFilter = EventCountFilter & {
  /** Retention deleted events detected before this: that part is counted from the rollups by whole hours (splitAtRetention). */
  countsOnlyBefore?: Date;
};

/** More partial pieces than this and the whole range is counted from events in one GROUP BY. */
const MAX_RAW_PIECES = 4;

/** Events and executions per local day, by status or by webhook, from the rollups where exact. */
export async function countEventsByDay(db: DbOrTx, accountId: string, filter: CountFilter): Promise<DailyCount[]> {
  if (filter.end <= filter.start) return [];
  if (filter.groupBy === "webhook_id" && !filter.webhookId) {
    // Whole local days in a zone whose midnights are whole UTC hours (UTC, New York, Paris…) are the
    // daily rollup's rows and their hour vectors, ~30× fewer than hourly rows; the partial days at
    // the ends (an API range ending now) are counted as any other range.
    const whole = wholeLocalDaysWithin(filter.start, filter.end, filter.timeZone);
    const plan = whole && planDailyCounts(whole.days, filter.timeZone);
    if (whole && plan) {
      const [head, days, tail] = await Promise.all([
        countEventsByDay(db, accountId, { ...filter, end: whole.start }),
        countPlannedDays(db, accountId, plan),
        countEventsByDay(db, accountId, { ...filter, start: whole.end }),
      ]);
      return [...head, ...days, ...tail];
    }
  }
  const { rollupRanges, rawRanges } = planRanges(filter);
  return countDaysInRanges(db, accountId, { timeZone: filter.timeZone, groupBy: filter.groupBy, webhookId: filter.webhookId, rollupRanges, rawRanges });
}

/** Which whole hours come from the hourly rollups and which pieces from events. */
function planRanges(filter: CountFilter): CountPlan {
  const { rollupRange: countsOnly, rest } = splitAtRetention(filter.start, filter.end, filter.countsOnlyBefore);
  let plan: CountPlan = rest ? planCount(rest.start, rest.end, filter.timeZone) : { rollupRanges: [], rawRanges: [] };
  if (rest && plan.rawRanges.length > MAX_RAW_PIECES) {
    // A zone whose midnight is not a whole UTC hour (Asia/Kolkata…): one piece a day would cost a
    // probe per webhook and day, more than one GROUP BY over the range's events.
    plan = { rollupRanges: [], rawRanges: [rest] };
  }
  if (countsOnly) plan = { rollupRanges: [countsOnly, ...plan.rollupRanges], rawRanges: plan.rawRanges };
  return plan;
}

/** The plan's local days by webhook (the given ones, or every webhook), from the daily rollup and its hour vectors. */
function countPlannedDays(db: DbOrTx, accountId: string, plan: DailyPlan, webhookIds?: string[]): Promise<DailyCount[]> {
  if (plan.days.length === 0) return Promise.resolve([]);
  const days = rollupDaysOf(plan);
  const pieces = vectorPiecesOf(plan.corrections);
  return countLocalDaysByWebhook(db, accountId, { days, pieces, webhookIds });
}

function isUnknownTimeZoneError(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
  const message = `${(error as Error)?.message ?? ""} ${(error as { cause?: Error })?.cause?.message ?? ""}`;
  return code === "22023" && /time zone/i.test(message);
}

/** Intl and PostgreSQL ship their own zone lists; a name only Intl knows is the caller's 400, naming `param`. */
export async function refuseUnknownZone<T>(work: Promise<T>, timeZone: string, param: string): Promise<T> {
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
const countOrRefuseZone = (db: DbOrTx, accountId: string, query: EventCountFilter, param: string) =>
  refuseUnknownZone(
    readEventsDeletedBefore(db, accountId).then((countsOnlyBefore) => countEventsByDay(db, accountId, { ...query, countsOnlyBefore })),
    query.timeZone,
    param,
  );

export type ApiDailyCount = z.output<typeof dailyCountResponseSchema>;

const STATUS_ORDER = new Map<string, number>(EVENT_STATUS_NAMES.map((s, i) => [s, i]));

/** GET /api/v1/webhooks/events/count: per-day counts as the API answers them, oldest day first. Days with no events are left out. */
export async function getEventCounts(db: DbOrTx, accountId: string, query: CountQuery): Promise<ApiDailyCount[]> {
  const issue = checkInstantRange(query.start, query.end, { start: "start_datetime", end: "end_datetime" });
  if (issue) throw badRequest(`${issue.path}: ${issue.message}`, [issue]);
  if (query.webhookId && !(await findWebhookOption(db, accountId, query.webhookId))) throw notFound("Webhook");
  const rows = await countOrRefuseZone(db, accountId, query, "timezone");
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

export type UsageCounts = { series: UsageSeries; executions: number };

export type UsageCountInput = {
  range: ResolvedDayRange;
  timeZone: string;
  groupBy: UsageGroupBy;
  /** Counting every webhook, by webhook: the one case whose queries need no webhook id and start at once. */
  isEveryWebhook: boolean;
};

/**
 * The Usage page's series for a range. By webhook over every webhook, with whole-hour midnights:
 * exact totals pick the shown ones (the database returns only the busiest nine and the sum over
 * all), only those are counted per day, and "Other" is the account's total per day minus them — a
 * few thousand rollup rows, not one per webhook and day. Those queries need no webhook id, so they
 * start here, beside the caller's webhook list; `finish` takes the checked webhook id and the names.
 */
export function startUsageCounts(
  db: DbOrTx,
  accountId: string,
  input: UsageCountInput,
): { finish: (webhookId: string | undefined, names: Map<string, string>) => Promise<UsageCounts> } {
  const { range, timeZone } = input;
  const countRange = { start: range.start, end: range.end, timeZone, groupBy: "status" as const };
  const dailyPlan = input.groupBy === "webhook" && input.isEveryWebhook ? planDailyCounts(range.days, timeZone) : null;
  const totals = dailyPlan ? rangeTotalsOf(dailyPlan) : null;
  const started = totals
    ? Promise.all([
        rankWebhooksByEvents(db, accountId, { ...totals, count: TOP_WEBHOOKS + 1 }),
        countOrRefuseZone(db, accountId, countRange, "tz"),
      ])
    : null;
  // Awaited in finish; one that fails while the caller awaits another must not go unhandled.
  started?.catch(() => undefined);
  return {
    async finish(webhookId, names) {
      if (dailyPlan && started) {
        const [ranking, dayRows] = await started;
        const keys = webhookSeriesKeys(new Map(ranking.top.map((t) => [t.webhookId, t.events])), names, ranking);
        const shownIds = keys.filter((k) => k.kind === "webhook").map((k) => k.key);
        const shownRows = await countPlannedDays(db, accountId, dailyPlan, shownIds);
        return {
          series: buildWebhookSeriesFromTotals(keys, shownRows, dayRows, range.days),
          executions: dayRows.reduce((sum, r) => sum + r.executions, 0),
        };
      }
      // Zones with non-whole-hour midnights have no daily plan and count every webhook per day.
      const groupBy = input.groupBy === "webhook" ? "webhook_id" : "status";
      const rows = await countOrRefuseZone(db, accountId, { ...countRange, webhookId, groupBy }, "tz");
      return { series: buildUsageSeries(rows, range.days, input.groupBy, names), executions: rows.reduce((sum, r) => sum + r.executions, 0) };
    },
  };
}
