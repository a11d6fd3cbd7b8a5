import { describe, expect, it } from "vitest";
import { planDailyCounts } from "./day-plan";
import { localDatesBetween } from "./time-zone";

const hours = (plan: NonNullable<ReturnType<typeof planDailyCounts>>["corrections"]) =>
  plan.map((c) => `${c.day} ${c.sign > 0 ? "+" : "-"}${c.start.toISOString().slice(5, 13)}/${c.end.toISOString().slice(5, 13)}`);

describe("daily count plan", () => {
  it("reads UTC days from the daily rollup alone", () => {
    const plan = planDailyCounts(localDatesBetween("2026-03-01", "2026-03-03"), "UTC")!;
    expect(plan.days).toEqual([
      { day: "2026-03-01", from: "2026-03-01", to: "2026-03-02" },
      { day: "2026-03-02", from: "2026-03-02", to: "2026-03-03" },
      { day: "2026-03-03", from: "2026-03-03", to: "2026-03-04" },
    ]);
    expect(plan.corrections).toEqual([]);
    expect(plan.range).toEqual({ from: "2026-03-01", to: "2026-03-04", corrections: [] });
  });

  it("moves New York days by their offset, across the DST change", () => {
    // 2026-03-08: clocks go forward; midnights are 05:00Z before and 04:00Z after.
    const plan = planDailyCounts(localDatesBetween("2026-03-07", "2026-03-09"), "America/New_York")!;
    expect(plan.days.map((d) => `${d.from}/${d.to}`)).toEqual(["2026-03-07/2026-03-08", "2026-03-08/2026-03-09", "2026-03-09/2026-03-10"]);
    expect(hours(plan.corrections)).toEqual([
      "2026-03-07 +03-08T00/03-08T05",
      "2026-03-07 -03-07T00/03-07T05",
      "2026-03-08 +03-09T00/03-09T04",
      "2026-03-08 -03-08T00/03-08T05",
      "2026-03-09 +03-10T00/03-10T04",
      "2026-03-09 -03-09T00/03-09T04",
    ]);
    expect(hours(plan.range.corrections)).toEqual(["2026-03-07 -03-07T00/03-07T05", "2026-03-09 +03-10T00/03-10T04"]);
  });

  it("anchors zones east of UTC on the next UTC midnight, reading the hour before it", () => {
    // Paris midnight in winter is 23:00Z the day before.
    const plan = planDailyCounts(["2026-01-10"], "Europe/Paris")!;
    expect(plan.days).toEqual([{ day: "2026-01-10", from: "2026-01-10", to: "2026-01-11" }]);
    expect(hours(plan.corrections)).toEqual(["2026-01-10 -01-10T23/01-11T00", "2026-01-10 +01-09T23/01-10T00"]);
  });

  it("has no plan where midnight is not a whole UTC hour", () => {
    expect(planDailyCounts(["2026-01-10", "2026-01-11"], "Asia/Kolkata")).toBeNull();
    expect(planDailyCounts([], "UTC")).toBeNull();
  });
});
