// Shapes per-day counts for the chart, legend and table: every day of the range (zeros included),
// the four statuses in their fixed order, or the busiest webhooks and "Other".
import { EVENT_STATUS_NAMES, STATUS_COLORS, STATUS_LABELS, type EventStatusName } from "@/lib/event-status";

export const TOP_WEBHOOKS = 8;
export const OTHER_KEY = "other";
/** Distinct from the status colours, so a by-webhook chart never reads as statuses. */
export const WEBHOOK_PALETTE = ["#6366f1", "#0ea5e9", "#f59e0b", "#ec4899", "#14b8a6", "#8b5cf6", "#84cc16", "#f97316"] as const;
export const OTHER_COLOR = "#94a3b8";

export type UsageGroupBy = "status" | "webhook";

export type SeriesKey = {
  /** A status name, a webhook id, or "other". */
  key: string;
  label: string;
  color: string;
  total: number;
  kind: "status" | "webhook" | "other";
};

export type SeriesDay = { day: string; total: number; counts: Record<string, number> };

export type UsageSeries = { keys: SeriesKey[]; days: SeriesDay[]; total: number };

export function buildUsageSeries(
  rows: { day: string; key: string; events: number }[],
  days: string[],
  groupBy: UsageGroupBy,
  webhookNames: Map<string, string>,
): UsageSeries {
  const daySet = new Set(days);
  const inRange = rows.filter((row) => daySet.has(row.day));
  const totals = new Map<string, number>();
  for (const row of inRange) totals.set(row.key, (totals.get(row.key) ?? 0) + row.events);

  let keys: SeriesKey[];
  let keyOf: (key: string) => string;
  if (groupBy === "status") {
    keys = EVENT_STATUS_NAMES.map((status: EventStatusName) => ({
      key: status,
      label: STATUS_LABELS[status],
      color: STATUS_COLORS[status],
      total: totals.get(status) ?? 0,
      kind: "status" as const,
    }));
    keyOf = (key) => key;
  } else {
    keys = webhookSeriesKeys(totals, webhookNames);
    const shownIds = new Set(keys.filter((k) => k.kind === "webhook").map((k) => k.key));
    keyOf = (key) => (shownIds.has(key) ? key : OTHER_KEY);
  }

  const byDay = new Map<string, SeriesDay>();
  for (const day of days) {
    byDay.set(day, { day, total: 0, counts: Object.fromEntries(keys.map((k) => [k.key, 0])) });
  }
  for (const row of inRange) {
    const entry = byDay.get(row.day)!;
    const key = keyOf(row.key);
    entry.counts[key] = (entry.counts[key] ?? 0) + row.events;
    entry.total += row.events;
  }
  const seriesDays = [...byDay.values()];
  return { keys, days: seriesDays, total: seriesDays.reduce((sum, d) => sum + d.total, 0) };
}

// String.prototype.localeCompare builds a collator per call: ranking 1,000 webhooks with ties took
// a millisecond of the Usage page's poll. Same order, one collator.
const byName = new Intl.Collator().compare;

/**
 * The webhook keys of a by-webhook series from each webhook's total over the range: the busiest
 * first (ties by name), all of them when nine or fewer have events, else the top eight and "Other".
 * `totals` may hold every webhook, or only the busiest with `all` giving the count and sum over all.
 */
export function webhookSeriesKeys(
  totals: Map<string, number>,
  webhookNames: Map<string, string>,
  all?: { withEvents: number; events: number },
): SeriesKey[] {
  const compare = (a: [string, number], b: [string, number]) =>
    b[1] - a[1] || byName(webhookNames.get(a[0]) ?? a[0], webhookNames.get(b[0]) ?? b[0]);
  const counted = { withEvents: 0, events: 0 };
  // The busiest nine in one pass, not a sort of every webhook: an account may have a thousand.
  const top: [string, number][] = [];
  for (const entry of totals) {
    if (entry[1] <= 0) continue;
    counted.withEvents += 1;
    counted.events += entry[1];
    if (top.length === TOP_WEBHOOKS + 1 && compare(entry, top[TOP_WEBHOOKS]) >= 0) continue;
    let at = top.length;
    while (at > 0 && compare(entry, top[at - 1]) < 0) at -= 1;
    top.splice(at, 0, entry);
    if (top.length > TOP_WEBHOOKS + 1) top.pop();
  }
  const { withEvents, events: allEvents } = all ?? counted;
  // Nine keys fit the palette; with ten or more webhooks the ninth onwards become "Other".
  const shown = withEvents <= TOP_WEBHOOKS + 1 ? top : top.slice(0, TOP_WEBHOOKS);
  const keys: SeriesKey[] = shown.map(([id, total], i) => ({
    key: id,
    label: webhookNames.get(id) ?? "Deleted webhook",
    color: i < WEBHOOK_PALETTE.length ? WEBHOOK_PALETTE[i] : OTHER_COLOR,
    total,
    kind: "webhook" as const,
  }));
  if (shown.length < withEvents) {
    const otherTotal = allEvents - shown.reduce((sum, [, total]) => sum + total, 0);
    keys.push({ key: OTHER_KEY, label: `Other (${withEvents - shown.length} webhooks)`, color: OTHER_COLOR, total: otherTotal, kind: "other" });
  }
  return keys;
}

/**
 * The same series as buildUsageSeries(…, "webhook", …) from fewer rows: `keys` from
 * webhookSeriesKeys, per-day counts of the shown webhooks only, and the account's total per day;
 * "Other" is the difference.
 */
export function buildWebhookSeriesFromTotals(
  keys: SeriesKey[],
  shownRows: { day: string; key: string; events: number }[],
  dayTotals: { day: string; events: number }[],
  days: string[],
): UsageSeries {
  const byDay = new Map<string, SeriesDay>();
  for (const day of days) byDay.set(day, { day, total: 0, counts: Object.fromEntries(keys.map((k) => [k.key, 0])) });
  for (const row of dayTotals) {
    const entry = byDay.get(row.day);
    if (entry) entry.total += row.events;
  }
  const hasOther = keys.some((k) => k.kind === "other");
  for (const entry of byDay.values()) if (hasOther) entry.counts[OTHER_KEY] = entry.total;
  for (const row of shownRows) {
    const entry = byDay.get(row.day);
    if (!entry || !(row.key in entry.counts)) continue;
    entry.counts[row.key] += row.events;
    if (hasOther) entry.counts[OTHER_KEY] -= row.events;
  }
  const seriesDays = [...byDay.values()];
  return { keys, days: seriesDays, total: seriesDays.reduce((sum, d) => sum + d.total, 0) };
}

/** Fills every day of the range, zeros included. */
export function fillDays(rows: { day: string; value: number }[], days: string[]): { day: string; value: number }[] {
  const values = new Map(rows.map((r) => [r.day, r.value]));
  return days.map((day) => ({ day, value: values.get(day) ?? 0 }));
}

/** "Nov 1" in English whatever the browser, so axis labels stay short and the same everywhere. */
export function shortDayLabel(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date)).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}

export function longDayLabel(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date)).toLocaleDateString("en-US", {
    weekday: "short",
    month: "short",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  });
}
