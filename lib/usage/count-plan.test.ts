import { describe, expect, it } from "vitest";
import { localMidnightsWithin, planCount, splitAtRetention, type TimeRange } from "./count-plan";
import { startOfLocalDay } from "./time-zone";

const iso = (ranges: TimeRange[]) => ranges.map((r) => `${r.start.toISOString()}/${r.end.toISOString()}`);

describe("count plan", () => {
  it("reads a whole-hour zone's local days entirely from the rollups", () => {
    const start = startOfLocalDay("2026-10-25", "America/New_York");
    const end = startOfLocalDay("2026-11-08", "America/New_York"); // across the DST change
    const plan = planCount(start, end, "America/New_York");
    expect(iso(plan.rollupRanges)).toEqual(["2026-10-25T04:00:00.000Z/2026-11-08T05:00:00.000Z"]);
    expect(plan.rawRanges).toEqual([]);
  });

  it("reads the partial hours at the ends of an unaligned range from events", () => {
    const plan = planCount(new Date("2026-01-01T10:30:00Z"), new Date("2026-01-03T08:15:00Z"), "UTC");
    expect(iso(plan.rollupRanges)).toEqual(["2026-01-01T11:00:00.000Z/2026-01-03T08:00:00.000Z"]);
    expect(iso(plan.rawRanges)).toEqual([
      "2026-01-01T10:30:00.000Z/2026-01-01T11:00:00.000Z",
      "2026-01-03T08:00:00.000Z/2026-01-03T08:15:00.000Z",
    ]);
  });

  it("reads a range inside one hour from events only", () => {
    const plan = planCount(new Date("2026-01-01T10:10:00Z"), new Date("2026-01-01T10:50:00Z"), "UTC");
    expect(plan.rollupRanges).toEqual([]);
    expect(iso(plan.rawRanges)).toEqual(["2026-01-01T10:10:00.000Z/2026-01-01T10:50:00.000Z"]);
  });

  it("reads the hour holding each local midnight from events in a half-hour zone", () => {
    const start = startOfLocalDay("2026-07-01", "Asia/Kolkata"); // 2026-06-30T18:30Z
    const end = startOfLocalDay("2026-07-04", "Asia/Kolkata"); // 2026-07-03T18:30Z
    const plan = planCount(start, end, "Asia/Kolkata");
    expect(iso(plan.rawRanges)).toEqual([
      "2026-06-30T18:30:00.000Z/2026-06-30T19:00:00.000Z",
      "2026-07-01T18:00:00.000Z/2026-07-01T19:00:00.000Z",
      "2026-07-02T18:00:00.000Z/2026-07-02T19:00:00.000Z",
      "2026-07-03T18:00:00.000Z/2026-07-03T18:30:00.000Z",
    ]);
    expect(iso(plan.rollupRanges)).toEqual([
      "2026-06-30T19:00:00.000Z/2026-07-01T18:00:00.000Z",
      "2026-07-01T19:00:00.000Z/2026-07-02T18:00:00.000Z",
      "2026-07-02T19:00:00.000Z/2026-07-03T18:00:00.000Z",
    ]);
  });

  it("covers the whole range exactly once, whatever the zone", () => {
    const zones = ["UTC", "America/New_York", "Asia/Kathmandu", "Australia/Adelaide", "Australia/Lord_Howe", "America/Santiago"];
    for (const zone of zones) {
      for (let i = 0; i < 20; i++) {
        const start = new Date(Date.UTC(2026, 0, 1) + Math.floor(Math.random() * 300 * 86_400_000));
        const end = new Date(start.getTime() + Math.floor(Math.random() * 40 * 86_400_000));
        const plan = planCount(start, end, zone);
        const all = [...plan.rollupRanges, ...plan.rawRanges].sort((a, b) => a.start.getTime() - b.start.getTime());
        let cursor = start.getTime();
        for (const range of all) {
          expect(range.start.getTime(), zone).toBe(cursor);
          cursor = range.end.getTime();
        }
        expect(cursor, zone).toBe(end.getTime());
        for (const range of plan.rollupRanges) {
          expect(range.start.getTime() % 3_600_000).toBe(0);
          expect(range.end.getTime() % 3_600_000).toBe(0);
          // No rollup hour holds a local midnight.
          expect(localMidnightsWithin(range.start, range.end, zone).every((m) => m.getTime() % 3_600_000 === 0)).toBe(true);
        }
      }
    }
  });
});

describe("splitAtRetention", () => {
  const at = (iso: string) => new Date(iso);
  it("counts the part before the retention cutoff by whole UTC hours and leaves the rest to planCount", () => {
    const cutoff = at("2026-09-01T10:20:00Z");
    expect(splitAtRetention(at("2026-08-01T05:30:00Z"), at("2026-11-30T12:00:00Z"), cutoff)).toEqual({
      rollupRange: { start: at("2026-08-01T05:00:00Z"), end: at("2026-09-01T11:00:00Z") },
      rest: { start: at("2026-09-01T11:00:00Z"), end: at("2026-11-30T12:00:00Z") },
    });
    expect(splitAtRetention(at("2026-08-01T05:30:00Z"), at("2026-08-02T07:15:00Z"), cutoff)).toEqual({
      rollupRange: { start: at("2026-08-01T05:00:00Z"), end: at("2026-08-02T08:00:00Z") },
      rest: null,
    });
    const after = { start: at("2026-10-01T05:30:00Z"), end: at("2026-10-02T05:30:00Z") };
    expect(splitAtRetention(after.start, after.end, cutoff)).toEqual({ rollupRange: null, rest: after });
    expect(splitAtRetention(after.start, after.end)).toEqual({ rollupRange: null, rest: after });
  });
});
