import { describe, expect, it } from "vitest";
import { dayRangeError, parseDateTimeInput, presetDayRange, presetOf, resolveDayRange } from "./range";

describe("usage ranges", () => {
  it("makes presets of the last N local days, today included, in the browser's zone", () => {
    const now = new Date("2026-11-01T02:00:00Z"); // still Oct 31 in New York
    expect(presetDayRange(7, now, "UTC")).toEqual({ from: "2026-10-26", to: "2026-11-01" });
    expect(presetDayRange(7, now, "America/New_York")).toEqual({ from: "2026-10-25", to: "2026-10-31" });
    expect(presetOf({ from: "2026-10-03", to: "2026-11-01" }, now, "UTC")).toBe(30);
    expect(presetOf({ from: "2026-10-03", to: "2026-10-31" }, now, "UTC")).toBeNull();
  });

  it("resolves day ranges to local midnights and the list of days", () => {
    const range = resolveDayRange({ from: "2026-10-31", to: "2026-11-02" }, "America/New_York");
    expect(range.start.toISOString()).toBe("2026-10-31T04:00:00.000Z");
    expect(range.end.toISOString()).toBe("2026-11-03T05:00:00.000Z");
    expect(range.days).toEqual(["2026-10-31", "2026-11-01", "2026-11-02"]);
  });

  it("refuses bad day ranges", () => {
    expect(dayRangeError({ from: "2026-01-01", to: "2026-01-31" })).toBeNull();
    expect(dayRangeError({ from: "2026-02-30", to: "2026-03-01" })).toMatch(/from/);
    expect(dayRangeError({ from: "2026-01-02", to: "2026-01-01" })).toMatch(/after/);
    expect(dayRangeError({ from: "2025-01-01", to: "2026-01-05" })).toMatch(/366/);
  });

  it("reads API datetimes with an offset as instants and without one as wall-clock time in the zone", () => {
    expect(parseDateTimeInput("2026-11-01T00:00:00Z", "America/New_York")?.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(parseDateTimeInput("2026-11-01T00:00:00-04:00", "UTC")?.toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(parseDateTimeInput("2026-11-01T00:00:00.123+0530", "UTC")?.toISOString()).toBe("2026-10-31T18:30:00.123Z");
    expect(parseDateTimeInput("2026-11-01", "America/New_York")?.toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(parseDateTimeInput("2026-11-02T09:30", "America/New_York")?.toISOString()).toBe("2026-11-02T14:30:00.000Z");
    for (const bad of ["", "yesterday", "2026-13-01", "2026-02-30", "2026-01-01T25:00", "1700000000"]) {
      expect(parseDateTimeInput(bad, "UTC"), bad).toBeNull();
    }
  });
});
