// What every route and page accepts as a date, a date-time, a zone or a range — by example, and by
// fast-check over random strings and extreme dates: each call returns quickly, never throws, and a
// refusal is a message the caller shows against the parameter.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localDateOf, startOfLocalDay } from "@/lib/usage/time-zone";
import {
  checkDateTime,
  checkDayRange,
  checkInstantRange,
  checkLocalDate,
  checkTimeZone,
  dateTimeSchema,
  isValidTimeZone,
  localDateSchema,
  MAX_RANGE_DAYS,
  timeZoneSchema,
} from "./dates";

const ZONES = ["UTC", "America/New_York", "Europe/Paris", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago", "Asia/Kolkata"];
const pad = (n: number, width = 2) => String(n).padStart(width, "0");
/** The worst a single check may take, far above what one takes (microseconds): a loop or a backtrack shows. */
const TIME_BOUND_MS = 50;

function timed<T>(run: () => T): T {
  const started = performance.now();
  const result = run();
  expect(performance.now() - started).toBeLessThan(TIME_BOUND_MS);
  return result;
}

/** Any string a query parameter could carry, weighted towards the shapes the parsers look for. */
const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(..."0123456789-:T Z+.tz/"), maxLength: 40 }),
  fc.string({ unit: "grapheme", minLength: 60, maxLength: 5000 }),
  fc.stringMatching(/^[+-]?\d{1,6}-\d{1,3}-\d{1,3}(T\d{1,2}:\d{1,2}(:\d{1,2}(\.\d{1,12})?)?(Z|[+-]\d{1,2}:?\d{1,2})?)?$/),
);

/** Years from far before to far after what JavaScript or PostgreSQL can hold, as ISO-looking text. */
const extremeDate = fc
  .record({
    year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1990, max: 2110 }), fc.constantFrom(0, 1, 1999, 2000, 2100, 2101, 9999, 10000, 275760)),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
  })
  .map(({ year, month, day }) => ({ year, month, day, text: `${year > 9999 ? `+${pad(year, 6)}` : pad(year, 4)}-${pad(month)}-${pad(day)}` }));

/** The reference: a real calendar day in 2000–2100, by the JavaScript calendar. */
function isRealDay(year: number, month: number, day: number): boolean {
  if (year < 2000 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

describe("dates, date-times and zones by example", () => {
  it("accepts calendar days in 2000–2100 and refuses the rest, saying why", () => {
    for (const ok of ["2000-01-01", "2026-02-28", "2028-02-29", "2100-12-31"]) expect(checkLocalDate(ok), ok).toEqual({ ok: true, value: ok });
    for (const bad of ["9999-12-31", "0001-01-01", "0000-01-01", "1999-12-31", "2101-01-01", "+010000-01-01", "2026-1-01", " 2026-01-01", "2026-01-01T00:00", ""]) {
      expect(checkLocalDate(bad), bad).toMatchObject({ ok: false, message: expect.stringMatching(/between 2000-01-01 and 2100-12-31/) });
    }
    for (const bad of ["2026-02-30", "2026-13-01", "2026-00-10", "2100-02-29"]) {
      expect(checkLocalDate(bad), bad).toEqual({ ok: false, message: `${bad} is not a day of the calendar` });
    }
  });

  it("accepts IANA zone names and refuses offsets, unknown names and junk", () => {
    for (const zone of ["UTC", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Etc/GMT+5", "Europe/Madrid", "Australia/Lord_Howe"]) {
      expect(isValidTimeZone(zone), zone).toBe(true);
    }
    // Every name Intl lists (lib/usage/planners.property.test.ts checks that PostgreSQL reads them alike).
    expect(Intl.supportedValuesOf("timeZone").filter((zone) => !isValidTimeZone(zone))).toEqual([]);
    for (const zone of ["", "Mars/Olympus", "+05:30", "America/New York", "x".repeat(80), "'; drop table events; --", "GMT+5"]) {
      expect(checkTimeZone(zone), zone).toEqual({ ok: false, message: "Expected an IANA time zone name such as UTC or America/New_York" });
    }
  });

  it("reads date-times with an offset as instants and without one as wall-clock time in the zone", () => {
    const at = (value: string, zone: string | null) => {
      const checked = checkDateTime(value, zone);
      return checked.ok ? checked.value.toISOString() : checked.message;
    };
    expect(at("2026-11-01T00:00:00Z", "America/New_York")).toBe("2026-11-01T00:00:00.000Z");
    expect(at("2026-11-01T00:00:00-04:00", "UTC")).toBe("2026-11-01T04:00:00.000Z");
    expect(at("2026-11-01T00:00:00.123+0530", "UTC")).toBe("2026-10-31T18:30:00.123Z");
    expect(at("2026-11-01", "America/New_York")).toBe("2026-11-01T04:00:00.000Z");
    expect(at("2026-11-02T09:30", "America/New_York")).toBe("2026-11-02T14:30:00.000Z");
    expect(at(" 2026-11-02 09:30:15z ", "UTC")).toBe("2026-11-02T09:30:15.000Z");
    expect(at("2026-11-02T09:30:15.009Z", null)).toBe("2026-11-02T09:30:15.009Z");
    expect(at("2026-11-02T09:30:15.5+00:00", null)).toBe("2026-11-02T09:30:15.500Z");
    expect(at("2026-11-02T09:30:15.123456789Z", null)).toBe("2026-11-02T09:30:15.123Z");
    // Without a zone, a date is UTC midnight and a time needs its offset.
    expect(at("2026-11-02", null)).toBe("2026-11-02T00:00:00.000Z");
    expect(at("2026-11-02T09:30", null)).toMatch(/UTC offset/);
    for (const bad of ["", "yesterday", "2026-13-01", "2026-02-30", "2026-01-01T25:00", "2026-01-01T24:00:00Z", "1700000000", "2026-01-01T10:00+24:00"]) {
      expect(checkDateTime(bad, "UTC"), bad).toMatchObject({ ok: false });
    }
    for (const extreme of ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+010000-01-01T00:00:00Z", "-000001-01-01T00:00:00Z"]) {
      expect(checkDateTime(extreme, "UTC"), extreme).toMatchObject({ ok: false, message: expect.stringMatching(/between 2000-01-01 and 2100-12-31/) });
    }
  });

  it("measures day ranges by arithmetic and names the end that is wrong", () => {
    expect(checkDayRange({ from: "2026-01-01", to: "2026-01-31" })).toBeNull();
    expect(checkDayRange({ from: "2025-01-01", to: "2025-12-31" })).toBeNull();
    expect(checkDayRange({ from: "2024-01-01", to: "2024-12-31" })).toBeNull(); // 366 days
    expect(checkDayRange({ from: "2026-02-30", to: "2026-03-01" })).toMatchObject({ path: "from" });
    expect(checkDayRange({ from: "2026-01-02", to: "2026-01-01" })).toEqual({ path: "to", message: "Must be on or after from" });
    expect(checkDayRange({ from: "2025-01-01", to: "2026-01-05" })).toEqual({ path: "to", message: `A range covers at most ${MAX_RANGE_DAYS} days` });
    expect(checkDayRange({ from: "9999-12-31", to: "9999-12-31" })).toMatchObject({ path: "from" });
    expect(checkDayRange({ from: "2026-01-01", to: "9999-12-31" })).toMatchObject({ path: "to" });
    expect(checkDayRange({ to: "2026-01-01" })).toMatchObject({ path: "from", message: expect.stringMatching(/^Required/) });
    expect(checkDayRange({ from: "2026-01-01" })).toMatchObject({ path: "to" });
    expect(checkInstantRange(new Date("2026-01-01T10:00:00Z"), new Date("2026-01-01T10:00:00Z"), { start: "start_datetime", end: "end_datetime" })).toEqual({
      path: "end_datetime",
      message: "Must be after start_datetime",
    });
    expect(checkInstantRange(new Date("2026-01-01T00:00:00Z"), new Date("2027-01-02T00:00:01Z"))).toMatchObject({ path: "end" });
  });

  it("puts the schema's refusal on the field's path", () => {
    const issue = (schema: typeof localDateSchema | typeof timeZoneSchema | typeof dateTimeSchema, value: unknown) =>
      schema.safeParse(value).error?.issues.map((i) => i.message);
    expect(localDateSchema.parse("2026-01-01")).toBe("2026-01-01");
    expect(issue(localDateSchema, "9999-12-31")).toEqual([expect.stringMatching(/2000-01-01/)]);
    expect(issue(localDateSchema, 20260101)).toEqual([expect.stringMatching(/YYYY-MM-DD/)]);
    expect(timeZoneSchema.parse("Asia/Kathmandu")).toBe("Asia/Kathmandu");
    expect(dateTimeSchema.parse("2026-01-01T00:00:00+01:00")).toEqual(new Date("2025-12-31T23:00:00Z"));
    expect(issue(dateTimeSchema, "0000-01-01T00:00:00Z")).toEqual([expect.stringMatching(/2000-01-01/)]);
  });
});

describe("dates, date-times and zones under fast-check", () => {
  it("any string: each check returns within the bound, never throws, and refuses with a message", () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...ZONES), (text, zone) => {
        for (const result of [timed(() => checkLocalDate(text)), timed(() => checkTimeZone(text)), timed(() => checkDateTime(text, zone)), timed(() => checkDateTime(text, null))]) {
          if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
        }
        const date = checkLocalDate(text);
        if (date.ok) expect(date.value).toBe(text);
        const instant = checkDateTime(text, zone);
        if (instant.ok) {
          // Whatever was accepted lies within a day of 2000–2100, where PostgreSQL and JavaScript agree.
          expect(instant.value.getTime()).toBeGreaterThanOrEqual(Date.UTC(1999, 11, 31));
          expect(instant.value.getTime()).toBeLessThan(Date.UTC(2101, 0, 2));
        }
        const range = timed(() => checkDayRange({ from: text, to: text }));
        expect(range === null).toBe(date.ok);
      }),
      { numRuns: 400 },
    );
  });

  it("extreme dates: accepted exactly when they are real days of 2000–2100", () => {
    fc.assert(
      fc.property(extremeDate, ({ year, month, day, text }) => {
        const expected = isRealDay(year, month, day);
        expect(timed(() => checkLocalDate(text)).ok, text).toBe(expected);
        const instant = timed(() => checkDateTime(`${text}T00:00:00Z`, null));
        expect(instant.ok, text).toBe(expected);
        if (instant.ok) expect(instant.value.toISOString()).toBe(`${text}T00:00:00.000Z`);
      }),
      { numRuns: 500 },
    );
  });

  it("day ranges between any two dates: decided by their distance, with nothing built", () => {
    const anyDay = extremeDate.filter(({ year, month, day }) => year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= 28);
    fc.assert(
      fc.property(anyDay, anyDay, (a, b) => {
        const issue = timed(() => checkDayRange({ from: a.text, to: b.text }));
        const inYears = (y: number) => y >= 2000 && y <= 2100;
        const length = Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000) + 1;
        if (!inYears(a.year)) expect(issue?.path).toBe("from");
        else if (!inYears(b.year)) expect(issue?.path).toBe("to");
        else if (length < 1 || length > MAX_RANGE_DAYS) expect(issue?.path).toBe("to");
        else expect(issue).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it("a local date or date-time accepted in a zone is that wall-clock time there (outside DST gaps)", () => {
    const minute = fc.integer({ min: Date.UTC(2000, 0, 2) / 60_000, max: Date.UTC(2100, 11, 30) / 60_000 });
    fc.assert(
      fc.property(minute, fc.constantFrom(...ZONES), (minutes, zone) => {
        const instant = new Date(minutes * 60_000);
        const day = localDateOf(instant, zone);
        const midnight = checkDateTime(day, zone);
        expect(midnight).toEqual({ ok: true, value: startOfLocalDay(day, zone) });
        // The zone's own wall clock of the instant reads back to the instant (a repeated hour may give
        // the other of its two instants, an hour or less away).
        const wall = new Intl.DateTimeFormat("sv-SE", { timeZone: zone, dateStyle: "short", timeStyle: "short" }).format(instant).replace(" ", "T");
        const read = checkDateTime(wall, zone);
        expect(read.ok, wall).toBe(true);
        if (read.ok) expect(Math.abs(read.value.getTime() - instant.getTime()), `${wall} ${zone}`).toBeLessThanOrEqual(3_600_000);
      }),
      { numRuns: 300 },
    );
  });
});
