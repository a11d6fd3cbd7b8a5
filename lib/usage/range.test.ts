import { describe, expect, it } from "vitest";
import { presetDayRange, presetOf, resolveDayRange } from "./range";

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
});
