import { describe, expect, it } from "vitest";
import {
  addDays,
  dateOfDayNumber,
  dayNumberOf,
  daysBetween,
  MAX_LISTED_DAYS,
  wholeLocalDaysWithin,
  formatInstantInZone,
  localDateOf,
  localDatesBetween,
  periodStartOf,
  startOfLocalDay,
  timeZoneOffsetMinutes,
} from "./time-zone";

describe("time zones", () => {
  it("reads offsets across DST and in half- and quarter-hour zones", () => {
    expect(timeZoneOffsetMinutes("America/New_York", new Date("2026-01-15T12:00:00Z"))).toBe(-300);
    expect(timeZoneOffsetMinutes("America/New_York", new Date("2026-07-15T12:00:00Z"))).toBe(-240);
    expect(timeZoneOffsetMinutes("Asia/Kolkata", new Date("2026-07-15T12:00:00Z"))).toBe(330);
    expect(timeZoneOffsetMinutes("Asia/Kathmandu", new Date("2026-07-15T12:00:00Z"))).toBe(345);
    expect(timeZoneOffsetMinutes("UTC", Date.UTC(2026, 0, 1))).toBe(0);
  });

  it("puts instants on the right local day either side of midnight", () => {
    // 2026-11-01 00:00 in New York is 04:00Z (EDT, the DST end is at 06:00Z that day).
    expect(localDateOf(new Date("2026-11-01T03:59:00Z"), "America/New_York")).toBe("2026-10-31");
    expect(localDateOf(new Date("2026-11-01T04:00:00Z"), "America/New_York")).toBe("2026-11-01");
    expect(localDateOf(new Date("2026-11-01T03:59:00Z"), "UTC")).toBe("2026-11-01");
  });

  it("finds local midnights, including the days DST starts and ends", () => {
    expect(startOfLocalDay("2026-11-01", "America/New_York").toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(startOfLocalDay("2026-11-02", "America/New_York").toISOString()).toBe("2026-11-02T05:00:00.000Z");
    expect(startOfLocalDay("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfLocalDay("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(startOfLocalDay("2026-07-01", "Asia/Kolkata").toISOString()).toBe("2026-06-30T18:30:00.000Z");
    expect(startOfLocalDay("2026-07-01", "UTC").toISOString()).toBe("2026-07-01T00:00:00.000Z");
    // Santiago skips 00:00–01:00 on the first Sunday of September: the day starts at 01:00 (-03).
    expect(startOfLocalDay("2026-09-06", "America/Santiago").toISOString()).toBe("2026-09-06T04:00:00.000Z");
  });

  it("states period starts as local midnight with the offset of that moment", () => {
    expect(periodStartOf("2026-11-01", "America/New_York")).toBe("2026-11-01T00:00:00-04:00");
    expect(periodStartOf("2026-11-02", "America/New_York")).toBe("2026-11-02T00:00:00-05:00");
    expect(periodStartOf("2026-11-02", "UTC")).toBe("2026-11-02T00:00:00+00:00");
    expect(periodStartOf("2026-11-02", "Asia/Kathmandu")).toBe("2026-11-02T00:00:00+05:45");
    expect(periodStartOf("2026-09-06", "America/Santiago")).toBe("2026-09-06T01:00:00-03:00");
    expect(formatInstantInZone(new Date("2026-01-01T12:34:56Z"), "Etc/GMT+5")).toBe("2026-01-01T07:34:56-05:00");
    // Every period start parses back to the same instant.
    for (const zone of ["America/New_York", "Asia/Kolkata", "Australia/Adelaide", "Pacific/Chatham"]) {
      for (const date of localDatesBetween("2026-01-01", "2026-12-31")) {
        expect(Date.parse(periodStartOf(date, zone))).toBe(startOfLocalDay(date, zone).getTime());
      }
    }
  });

  it("walks calendar days", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(localDatesBetween("2026-12-30", "2027-01-02")).toEqual(["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"]);
    expect(localDatesBetween("2026-01-02", "2026-01-01")).toEqual([]);
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(dayNumberOf("1970-01-02")).toBe(1);
    expect(dayNumberOf("0001-01-01")).toBe(-719162);
    expect(dateOfDayNumber(-719162)).toBe("0001-01-01");
  });

  // Issue 14: addDays("9999-12-31", 1) was "+010000-01-01", which sorts before "9999-…", and the
  // string-compared day loop never ended. Days are numbers now, and lists are counted before they are built.
  it("never walks past year 9999 or lists more days than a range may have", () => {
    expect(() => addDays("9999-12-31", 1)).toThrow(RangeError);
    const started = performance.now();
    expect(() => localDatesBetween("9999-12-31", "9999-12-31")).not.toThrow();
    expect(() => localDatesBetween("0001-01-01", "9999-12-31")).toThrow(RangeError);
    expect(() => localDatesBetween("2026-01-01", addDays("2026-01-01", MAX_LISTED_DAYS))).toThrow(RangeError);
    expect(() => wholeLocalDaysWithin(new Date("2000-01-01T00:00:00Z"), new Date("2100-01-01T00:00:00Z"), "UTC")).toThrow(RangeError);
    expect(performance.now() - started).toBeLessThan(100);
    expect(wholeLocalDaysWithin(new Date("2026-11-01T04:00:00Z"), new Date("2026-11-03T05:00:00Z"), "America/New_York")?.days).toEqual(["2026-11-01", "2026-11-02"]);
    expect(wholeLocalDaysWithin(new Date("2026-11-01T04:00:01Z"), new Date("2026-11-03T04:59:59Z"), "America/New_York")).toBeNull();
  });
});
