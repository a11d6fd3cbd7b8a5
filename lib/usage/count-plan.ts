// Which parts of a count come from the hourly rollups and which from the events themselves.
//
// The rollups bucket events by UTC hour. An hour that lies inside one local day of the zone adds
// to that day exactly, so it is read from the rollups. Three kinds of time are read from `events`:
// the partial hours at either end of an unaligned range (10:30 → 11:00), and, in zones whose
// midnight is not a whole UTC hour (Asia/Kolkata +05:30, Asia/Kathmandu +05:45, Australia/Adelaide
// +09:30/+10:30), the one hour a day that contains local midnight, because its events belong to two
// days. In whole-hour zones (UTC, New York, Paris…, DST included) that is never more than the two
// end pieces, so counts read a few thousand rollup rows however many events there are.
import type { TimeRange } from "@/db/queries/usage";
import { ceilHour, dateOfDayNumber, dayNumberOf, floorHour, HOUR_MS, localDateOf, MAX_LISTED_DAYS, startOfLocalDay } from "./time-zone";

export type { TimeRange };

export type CountPlan = {
  /** Whole UTC hours, [start, end), read from the rollups. */
  rollupRanges: TimeRange[];
  /** Read from events with a GROUP BY. */
  rawRanges: TimeRange[];
};

/** Instants of local midnights strictly inside (start, end). */
export function localMidnightsWithin(start: Date, end: Date, timeZone: string): Date[] {
  const out: Date[] = [];
  if (!(end > start)) return out;
  // The days after start's local day up to end's, counted before the walk.
  const first = dayNumberOf(localDateOf(start, timeZone)) + 1;
  const count = dayNumberOf(localDateOf(end, timeZone)) - first + 1;
  if (count > MAX_LISTED_DAYS) throw new RangeError(`Refusing to plan a ${count}-day range`);
  for (let i = 0; i < count; i++) {
    const midnight = startOfLocalDay(dateOfDayNumber(first + i), timeZone);
    if (midnight > start && midnight < end) out.push(midnight);
  }
  return out;
}

function pushMerged(ranges: TimeRange[], range: TimeRange): void {
  if (range.end <= range.start) return;
  const last = ranges[ranges.length - 1];
  if (last && last.end.getTime() >= range.start.getTime()) {
    if (range.end > last.end) last.end = range.end;
  } else {
    ranges.push({ start: new Date(range.start), end: new Date(range.end) });
  }
}

export function planCount(start: Date, end: Date, timeZone: string): CountPlan {
  const rollupRanges: TimeRange[] = [];
  const rawRanges: TimeRange[] = [];
  const firstHour = ceilHour(start.getTime());
  const endHour = floorHour(end.getTime());
  if (firstHour >= endHour) {
    pushMerged(rawRanges, { start, end });
    return { rollupRanges, rawRanges };
  }
  pushMerged(rawRanges, { start, end: new Date(firstHour) });
  const straddled = localMidnightsWithin(start, end, timeZone)
    .filter((m) => m.getTime() % HOUR_MS !== 0)
    .map((m) => floorHour(m.getTime()))
    .filter((h) => h >= firstHour && h < endHour);
  let cursor = firstHour;
  for (const hour of straddled) {
    pushMerged(rollupRanges, { start: new Date(cursor), end: new Date(hour) });
    pushMerged(rawRanges, { start: new Date(hour), end: new Date(hour + HOUR_MS) });
    cursor = hour + HOUR_MS;
  }
  pushMerged(rollupRanges, { start: new Date(cursor), end: new Date(endHour) });
  pushMerged(rawRanges, { start: new Date(endHour), end });
  return { rollupRanges, rawRanges };
}

/**
 * Retention (RETENTION_DAYS) deletes events detected before `countsOnlyBefore`; only the rollups
 * remain there, and they bucket by UTC hour. So that part of a range is counted by whole UTC hours —
 * its first and last hours taken whole, and an hour holding a local midnight (Asia/Kolkata) counted
 * on the day its hour starts — and only the rest is planned by planCount. Without a cutoff, or a
 * range that starts after it, the whole range is the rest.
 */
export function splitAtRetention(start: Date, end: Date, countsOnlyBefore?: Date): { rollupRange: TimeRange | null; rest: TimeRange | null } {
  if (!countsOnlyBefore || start >= countsOnlyBefore || end <= start) return { rollupRange: null, rest: { start, end } };
  const boundary = ceilHour(countsOnlyBefore.getTime());
  if (end.getTime() <= boundary) {
    return { rollupRange: { start: new Date(floorHour(start.getTime())), end: new Date(ceilHour(end.getTime())) }, rest: null };
  }
  return { rollupRange: { start: new Date(floorHour(start.getTime())), end: new Date(boundary) }, rest: { start: new Date(boundary), end } };
}
