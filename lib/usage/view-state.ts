// What the Usage page shows (range, grouping, webhook), as it lives in the URL and in the poll's
// query string. Pure, shared by the server page, the client dashboard and the internal route.
import { z } from "zod";
import { checkDayRange, isValidTimeZone, localDateSchema, timeZoneSchema, type DateIssue } from "@/lib/validation/dates";
import { localDateOf } from "./time-zone";
import { DEFAULT_PRESET, presetDayRange, USAGE_PRESETS, type UsagePreset } from "./range";
import type { UsageGroupBy } from "./series";
import { UUID_PATTERN as UUID } from "@/db/ids";

/** The browser's time zone, remembered so the server renders the first view in it. */
export const TIME_ZONE_COOKIE = "hookline_tz";
/** Set ("1") once the person picks a zone on Usage: then TIME_ZONE_COOKIE is their zone on every page, not just a guess. */
export const TIME_ZONE_CHOSEN_COOKIE = "hookline_tz_chosen";

export type UsageViewState = {
  /** A preset is "the last N days" and moves with the clock; null is a custom range. */
  preset: UsagePreset | null;
  from: string;
  to: string;
  groupBy: UsageGroupBy;
  webhookId: string | null;
};

type SearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Reads the page URL. A range the URL asks for but that cannot be shown (a year outside 2000–2100,
 * a range over 366 days, an unknown preset) gives the default view and the issue naming the
 * parameter, which the page shows: never a silent fall-back.
 */
export function readViewState(
  params: SearchParams,
  now: Date,
  timeZone: string,
  firstDataAt: Date | null = null,
): { view: UsageViewState; issue: DateIssue | null } {
  const groupBy: UsageGroupBy = first(params.view) === "webhook" ? "webhook" : "status";
  const webhookParam = first(params.webhook_id);
  const webhookId = webhookParam && UUID.test(webhookParam) ? webhookParam : null;
  const from = first(params.from);
  const to = first(params.to);
  const fallback = (issue: DateIssue | null) => ({
    view: { preset: DEFAULT_PRESET, ...presetDayRange(DEFAULT_PRESET, now, timeZone), groupBy, webhookId },
    issue,
  });
  if (from !== undefined || to !== undefined) {
    const issue = checkUsageRange({ from, to }, now, timeZone, firstDataAt);
    return issue ? fallback(issue) : { view: { preset: null, from: from!, to: to!, groupBy, webhookId }, issue: null };
  }
  const daysParam = first(params.days);
  if (daysParam === undefined) return fallback(null);
  const days = Number(daysParam);
  if (!(USAGE_PRESETS as readonly number[]).includes(days)) {
    return fallback({ path: "days", message: `Expected one of ${USAGE_PRESETS.join(", ")}` });
  }
  const preset = days as UsagePreset;
  return { view: { preset, ...presetDayRange(preset, now, timeZone), groupBy, webhookId }, issue: null };
}

/**
 * A custom range the Usage page can show: a valid day range (lib/validation/dates.ts) that does not
 * end after today in the person's zone (there is no data from the future to count), nor before the
 * team's data begins (`firstDataAt`, when known: there is nothing to count there either).
 */
export function checkUsageRange(
  range: { from?: string; to?: string },
  now: Date,
  timeZone: string,
  firstDataAt: Date | null = null,
): DateIssue | null {
  const issue = checkDayRange(range);
  if (issue) return issue;
  const today = localDateOf(now, timeZone);
  if (range.from! > today) return { path: "from", message: `Is in the future (today is ${today} in ${timeZone})` };
  if (range.to! > today) return { path: "to", message: `Is in the future (today is ${today} in ${timeZone})` };
  const firstDay = firstDataAt ? localDateOf(firstDataAt, timeZone) : null;
  if (firstDay && range.to! < firstDay) {
    return { path: "to", message: `Is before this team's data, which begins on ${firstDay} in ${timeZone}` };
  }
  return null;
}

/** The first local day of the team's data when a range starts before it (the days before count nothing), else null. */
export function dataBeginsWithin(range: { from: string; to: string }, timeZone: string, firstDataAt: Date | null): string | null {
  if (!firstDataAt) return null;
  const firstDay = localDateOf(firstDataAt, timeZone);
  return range.from < firstDay && firstDay <= range.to ? firstDay : null;
}

/** The zone a Usage link asks for (`tz`), or an issue naming it when it is not a time zone. */
export function readTimeZoneParam(params: SearchParams): { timeZone: string | null; issue: DateIssue | null } {
  const zone = first(params.tz);
  if (zone === undefined || zone === "") return { timeZone: null, issue: null };
  return isValidTimeZone(zone)
    ? { timeZone: zone, issue: null }
    : { timeZone: null, issue: { path: "tz", message: "Expected an IANA time zone name such as UTC or America/New_York" } };
}

export function viewStateToSearch(state: UsageViewState): string {
  const params = new URLSearchParams();
  if (state.preset) params.set("days", String(state.preset));
  else {
    params.set("from", state.from);
    params.set("to", state.to);
  }
  if (state.groupBy === "webhook") params.set("view", "webhook");
  if (state.webhookId) params.set("webhook_id", state.webhookId);
  return params.toString();
}

/** The query string of GET /api/dashboard/usage. */
export function summaryQueryString(state: UsageViewState, timeZone: string): string {
  const params = new URLSearchParams({ from: state.from, to: state.to, tz: timeZone, group_by: state.groupBy });
  if (state.webhookId) params.set("webhook_id", state.webhookId);
  return params.toString();
}

export const summaryQuerySchema = z
  .object({
    from: localDateSchema,
    to: localDateSchema,
    tz: timeZoneSchema.default("UTC"),
    group_by: z.enum(["status", "webhook"]).default("status"),
    webhook_id: z.uuid("Expected a webhook id").optional(),
  })
  .superRefine((value, ctx) => {
    const issue = checkDayRange(value);
    if (issue) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
  });
