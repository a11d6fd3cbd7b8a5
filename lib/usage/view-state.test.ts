import { describe, expect, it } from "vitest";
import { checkUsageRange, dataBeginsWithin, readTimeZoneParam, readViewState } from "./view-state";

const NOW = new Date("2026-11-30T03:00:00Z");

describe("Usage links", () => {
  it("refuse a custom range in the future, visibly (the issue names the parameter), judged in the person's zone", () => {
    expect(checkUsageRange({ from: "2026-11-01", to: "2026-12-02" }, NOW, "UTC")).toEqual({
      path: "to",
      message: "Is in the future (today is 2026-11-30 in UTC)",
    });
    expect(checkUsageRange({ from: "2026-12-05", to: "2026-12-06" }, NOW, "UTC")?.path).toBe("from");
    // 03:00 UTC is still 29 November in New York: the 30th is already the future there.
    expect(checkUsageRange({ from: "2026-11-01", to: "2026-11-30" }, NOW, "America/New_York")?.path).toBe("to");
    expect(checkUsageRange({ from: "2026-11-01", to: "2026-11-30" }, NOW, "UTC")).toBeNull();
    const { view, issue } = readViewState({ from: "2026-11-01", to: "2027-01-01" }, NOW, "UTC");
    expect(issue?.path).toBe("to");
    expect(view.preset).not.toBeNull();
  });

  it("hold the zone in tz, and name it when it is not a zone", () => {
    expect(readTimeZoneParam({ tz: "Europe/Madrid" })).toEqual({ timeZone: "Europe/Madrid", issue: null });
    expect(readTimeZoneParam({})).toEqual({ timeZone: null, issue: null });
    expect(readTimeZoneParam({ tz: "Mars/Olympus" }).issue?.path).toBe("tz");
  });
});

describe("ranges before the team's data", () => {
  const firstDataAt = new Date("2026-10-15T22:30:00Z");

  it("refuses a range wholly before the data, naming the day the data begins in the person's zone", () => {
    expect(checkUsageRange({ from: "2026-09-01", to: "2026-10-14" }, NOW, "UTC", firstDataAt)).toEqual({
      path: "to",
      message: "Is before this team's data, which begins on 2026-10-15 in UTC",
    });
    // 22:30 UTC on Oct 15 is already Oct 16 in Madrid: the 15th is before the data there.
    expect(checkUsageRange({ from: "2026-10-01", to: "2026-10-15" }, NOW, "Europe/Madrid", firstDataAt)?.message).toContain("2026-10-16");
    expect(checkUsageRange({ from: "2026-10-01", to: "2026-10-15" }, NOW, "UTC", firstDataAt)).toBeNull();
    const { view, issue } = readViewState({ from: "2001-01-01", to: "2001-01-31" }, NOW, "UTC", firstDataAt);
    expect(issue?.path).toBe("to");
    expect(view.preset).not.toBeNull();
  });

  it("says where the data begins inside a range that reaches back past it", () => {
    expect(dataBeginsWithin({ from: "2026-10-01", to: "2026-10-31" }, "UTC", firstDataAt)).toBe("2026-10-15");
    expect(dataBeginsWithin({ from: "2026-10-15", to: "2026-10-31" }, "UTC", firstDataAt)).toBeNull();
    expect(dataBeginsWithin({ from: "2026-10-01", to: "2026-10-31" }, "UTC", null)).toBeNull();
  });
});
