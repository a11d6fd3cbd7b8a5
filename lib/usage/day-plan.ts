// How exact local-day counts come from the daily rollup (events by webhook and UTC day) plus a few
// hours of its days' hour vectors (db/queries/usage-webhooks.ts reads them). Pure.
//
// Write F(t) for the events detected before t. A local day is F(next midnight) − F(its midnight).
// Every local midnight b that is a whole UTC hour has an anchor a: the UTC midnight nearest to it.
// F(b) = F(a) + H[a, b) when a ≤ b, F(a) − H[b, a) when b < a, where H counts whole hours, so a
// local day = the daily rows of UTC days [a_i, a_i+1) ± at most 12 hours at each end. In UTC every
// anchor is its midnight and no hour is read; in New York 4–5 hours a boundary.
import { DAY_MS, HOUR_MS, startOfLocalDay, addDays } from "./time-zone";

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
