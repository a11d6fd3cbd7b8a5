import { describe, expect, it } from "vitest";
import { buildUsageSeries, fillDays, OTHER_KEY, shortDayLabel } from "./series";

const days = ["2026-11-01", "2026-11-02", "2026-11-03"];

describe("usage series", () => {
  it("fills every day and always lists the four statuses in order", () => {
    const series = buildUsageSeries(
      [
        { day: "2026-11-01", key: "failed", events: 2 },
        { day: "2026-11-03", key: "success", events: 5 },
        { day: "2026-10-31", key: "success", events: 9 }, // outside the days: ignored
      ],
      days,
      "status",
      new Map(),
    );
    expect(series.keys.map((k) => [k.key, k.total])).toEqual([
      ["success", 5],
      ["in_progress", 0],
      ["failed", 2],
      ["not_triggered", 0],
    ]);
    expect(series.days.map((d) => d.total)).toEqual([2, 0, 5]);
    expect(series.days[1].counts).toEqual({ success: 0, in_progress: 0, failed: 0, not_triggered: 0 });
    expect(series.total).toBe(7);
  });

  it("keeps the eight busiest webhooks and folds the rest into Other", () => {
    const names = new Map(Array.from({ length: 12 }, (_, i) => [`w${i}`, `Hook ${i}`]));
    const rows = Array.from({ length: 12 }, (_, i) => ({ day: "2026-11-02", key: `w${i}`, events: i + 1 }));
    const series = buildUsageSeries(rows, days, "webhook", names);
    expect(series.keys.map((k) => k.key)).toEqual(["w11", "w10", "w9", "w8", "w7", "w6", "w5", "w4", OTHER_KEY]);
    expect(series.keys.at(-1)).toMatchObject({ total: 1 + 2 + 3 + 4, label: "Other (4 webhooks)", kind: "other" });
    expect(series.days[1].counts[OTHER_KEY]).toBe(10);
    expect(series.total).toBe(78);
    expect(new Set(series.keys.map((k) => k.color)).size).toBe(9);
  });

  it("shows nine webhooks by name rather than eight and an Other of one", () => {
    const rows = Array.from({ length: 9 }, (_, i) => ({ day: "2026-11-01", key: `w${i}`, events: 1 }));
    const series = buildUsageSeries(rows, days, "webhook", new Map());
    expect(series.keys).toHaveLength(9);
    expect(series.keys.some((k) => k.key === OTHER_KEY)).toBe(false);
  });

  it("fills missing days with zeros and labels days briefly", () => {
    expect(fillDays([{ day: "2026-11-02", value: 4 }], days)).toEqual([
      { day: "2026-11-01", value: 0 },
      { day: "2026-11-02", value: 4 },
      { day: "2026-11-03", value: 0 },
    ]);
    expect(shortDayLabel("2026-11-02")).toBe("Nov 2");
  });
});
