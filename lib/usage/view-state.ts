// What the Usage page shows (range, grouping, webhook), as it lives in the URL and in the poll's
// query string. Pure, shared by the server page, the client dashboard and the internal route.
import { z } from "zod";
import { dayRangeError, DEFAULT_PRESET, presetDayRange, USAGE_PRESETS, type UsagePreset } from "./range";
import type { UsageGroupBy } from "./series";
import { isLocalDate, isValidTimeZone } from "./time-zone";

/** The browser's time zone, remembered so the server renders the first view in it. */
export const TIME_ZONE_COOKIE = "hookline_tz";

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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the page URL leniently: anything unreadable falls back to the default. */
export function viewStateFromSearchParams(params: SearchParams, now: Date, timeZone: string): UsageViewState {
  const groupBy: UsageGroupBy = first(params.view) === "webhook" ? "webhook" : "status";
  const webhookParam = first(params.webhook_id);
  const webhookId = webhookParam && UUID.test(webhookParam) ? webhookParam : null;
  const from = first(params.from);
  const to = first(params.to);
  if (from && to && isLocalDate(from) && isLocalDate(to) && !dayRangeError({ from, to })) {
    return { preset: null, from, to, groupBy, webhookId };
  }
  const days = Number(first(params.days));
  const preset = (USAGE_PRESETS as readonly number[]).includes(days) ? (days as UsagePreset) : DEFAULT_PRESET;
  return { preset, ...presetDayRange(preset, now, timeZone), groupBy, webhookId };
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
    from: z.string().refine(isLocalDate, "Expected a date (YYYY-MM-DD)"),
    to: z.string().refine(isLocalDate, "Expected a date (YYYY-MM-DD)"),
    tz: z.string().default("UTC").refine(isValidTimeZone, "Expected an IANA time zone name"),
    group_by: z.enum(["status", "webhook"]).default("status"),
    webhook_id: z.uuid("Expected a webhook id").optional(),
  })
  .superRefine((value, ctx) => {
    const error = dayRangeError(value);
    if (error) ctx.addIssue({ code: "custom", path: ["to"], message: error });
  });
