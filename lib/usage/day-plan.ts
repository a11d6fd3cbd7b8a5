// How exact local-day counts come from the daily rollup (events by webhook and UTC day) plus a few
// hours of its days' hour vectors, and the explicit days and pieces db/queries/usage-webhooks.ts
// reads for a plan (lib/usage/counts.ts puts them together). Pure.
//
// Write F(t) for the events detected before t. A local day is F(next midnight) − F(its midnight).
// Every local midnight b that is a whole UTC hour has an anchor a: the UTC midnight nearest to it.
// F(b) = F(a) + H[a, b) when a ≤ b, F(a) − H[b, a) when b < a, where H counts whole hours, so a
// local day = the daily rows of UTC days [a_i, a_i+1) ± at most 12 hours at each end. In UTC every
// anchor is its midnight and no hour is read; in New York 4–5 hours a boundary.
import type { DayOfRollup, DaySpan, VectorPiece } from "@/db/queries/usage-webhooks";
import { DAY_MS, HOUR_MS, startOfLocalDay, addDays, dateOfDayNumber, dayNumberOf } from "./time-zone";

/** Hours [start, end) of the hourly rollup, added to `day` times `sign`. */
export type HourCorrection = { day: string; start: Date; end: Date; sign: 1 | -1 };

export type DailyPlan = {
  /** Each local day of the range with the UTC days [from, to) of the daily rollup it sums. */
  days: { day: string; from: string; to: string }[];
  /** The hours that turn those UTC days into the local day. */
  corrections: HourCorrection[];
  /** The whole range: UTC days [from, to) plus the corrections at its two ends only. */
  range: { from: string; to: string; corrections: HourCorrection[] };
};

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

type Boundary = { anchor: number; correction: { start: Date; end: Date; sign: 1 | -1 } | null };

function boundaryOf(instant: Date): Boundary | null {
  const ms = instant.getTime();
  if (ms % HOUR_MS !== 0) return null;
  const floor = Math.floor(ms / DAY_MS) * DAY_MS;
  const anchor = ms - floor <= 12 * HOUR_MS ? floor : floor + DAY_MS;
  if (anchor === ms) return { anchor, correction: null };
  return anchor < ms
    ? { anchor, correction: { start: new Date(anchor), end: instant, sign: 1 } }
    : { anchor, correction: { start: instant, end: new Date(anchor), sign: -1 } };
}

/**
 * The plan for consecutive local days (ascending, "YYYY-MM-DD"), or null when a local midnight of
 * the zone is not a whole UTC hour (Asia/Kolkata…): the hourly rollup cannot split those days.
 */
export function planDailyCounts(days: string[], timeZone: string): DailyPlan | null {
  if (days.length === 0) return null;
  const boundaries: Boundary[] = [];
  for (const day of [...days, addDays(days[days.length - 1], 1)]) {
    const boundary = boundaryOf(startOfLocalDay(day, timeZone));
    if (!boundary) return null;
    boundaries.push(boundary);
  }
  const corrections: HourCorrection[] = [];
  const planDays = days.map((day, i) => {
    const [first, next] = [boundaries[i], boundaries[i + 1]];
    // F(next) − F(first): the end boundary's correction as it is, the start's negated.
    if (next.correction) corrections.push({ day, ...next.correction });
    if (first.correction) corrections.push({ day, ...first.correction, sign: first.correction.sign === 1 ? -1 : 1 });
    return { day, from: isoDay(first.anchor), to: isoDay(next.anchor) };
  });
  const [first, last] = [boundaries[0], boundaries[boundaries.length - 1]];
  const rangeCorrections: HourCorrection[] = [];
  if (first.correction) rangeCorrections.push({ day: days[0], ...first.correction, sign: first.correction.sign === 1 ? -1 : 1 });
  if (last.correction) rangeCorrections.push({ day: days[days.length - 1], ...last.correction });
  return {
    days: planDays,
    corrections,
    range: { from: isoDay(first.anchor), to: isoDay(last.anchor), corrections: rangeCorrections },
  };
}

/** Each UTC day of the plan's days and the local day it adds to. */
export function rollupDaysOf(plan: DailyPlan): DayOfRollup[] {
  const out: DayOfRollup[] = [];
  for (const d of plan.days) {
    // A local day spans one UTC day, or none or two across a DST change: a count, not a string walk.
    const first = dayNumberOf(d.from);
    for (let i = 0; i < dayNumberOf(d.to) - first; i++) out.push({ utcDay: dateOfDayNumber(first + i), localDay: d.day });
  }
  return out;
}

/** Corrections as pieces of one UTC day's hour vectors: hours [from, to) of `utcDay`. */
export function vectorPiecesOf(corrections: HourCorrection[]): VectorPiece[] {
  return corrections.map((c) => {
    // A correction lies between a local midnight and its nearest UTC midnight: within one UTC day.
    const dayStart = Math.floor(c.start.getTime() / DAY_MS) * DAY_MS;
    return {
      utcDay: isoDay(dayStart),
      localDay: c.day,
      from: (c.start.getTime() - dayStart) / HOUR_MS,
      to: (c.end.getTime() - dayStart) / HOUR_MS,
      sign: c.sign,
    };
  });
}

/** The whole UTC weeks (Monday to Monday, as `rollup_week_of`) inside the days [from, to), if any. */
export function wholeWeeksWithin(from: string, to: string): DaySpan | null {
  const [start, end] = [dayNumberOf(from), dayNumberOf(to)];
  // 1970-01-01 was a Thursday: Mondays are 4 days on, modulo 7.
  const firstMonday = start + ((((4 - start) % 7) + 7) % 7);
  const lastMonday = end - ((((end - 4) % 7) + 7) % 7);
  if (lastMonday <= firstMonday) return null;
  return { from: dateOfDayNumber(firstMonday), to: dateOfDayNumber(lastMonday) };
}

/** The plan's whole range as the weekly and daily rollup spans and end pieces its totals by webhook are read from. */
export function rangeTotalsOf(plan: DailyPlan): { weeks: DaySpan | null; days: DaySpan[]; pieces: VectorPiece[] } {
  const { range } = plan;
  const weeks = wholeWeeksWithin(range.from, range.to);
  const spans = weeks ? [{ from: range.from, to: weeks.from }, { from: weeks.to, to: range.to }] : [{ from: range.from, to: range.to }];
  return {
    weeks,
    days: spans.filter((s) => dayNumberOf(s.from) < dayNumberOf(s.to)),
    pieces: vectorPiecesOf(range.corrections),
  };
}
