import { describe, expect, it } from "vitest";
import { formatClock, formatPercent, shortenMiddle } from "./format";

describe("formatPercent", () => {
  it("always shows one decimal", () => {
    expect(formatPercent(1)).toBe("100.0%");
    expect(formatPercent(0.71)).toBe("71.0%");
    expect(formatPercent(0)).toBe("0.0%");
    expect(formatPercent(0.12345)).toBe("12.3%");
    expect(formatPercent(null)).toBe("—");
  });

  it("never rounds a partial success to 100.0% or a partial failure to 0.0%", () => {
    expect(formatPercent(0.99999)).toBe("99.9%");
    expect(formatPercent(0.00001)).toBe("0.1%");
  });
});

describe("shortenMiddle", () => {
  it("keeps short text as it is", () => {
    expect(shortenMiddle("https://a.example/h", 48)).toBe("https://a.example/h");
  });

  it("keeps the start and the end of a long URL", () => {
    const url = "http://localhost:3000/api/demo/receivers/flaky-endpoint-number-two";
    const short = shortenMiddle(url, 40);
    expect(Array.from(short)).toHaveLength(40);
    expect(short.startsWith("http://localhost:3000/")).toBe(true);
    expect(short.endsWith("number-two")).toBe(true);
    expect(short).toContain("…");
    // Two URLs that differ only at the end stay distinguishable.
    expect(shortenMiddle(url.replace("two", "six"), 40)).not.toBe(short);
  });
});

describe("formatClock", () => {
  const at = "2026-11-30T13:00:00.000Z";
  const now = Date.parse("2026-11-30T12:00:00.000Z");

  it("shows the time in the person's zone, not the machine's", () => {
    expect(formatClock(at, "UTC", now)).toBe("13:00");
    expect(formatClock(at, "Europe/Madrid", now)).toBe("14:00");
    expect(formatClock(at, "Asia/Kolkata", now)).toBe("18:30");
  });

  it("names the day when it is not today in that zone", () => {
    // 13:00 UTC on Nov 30 is already Dec 1 in Auckland, while "now" (12:00 UTC) is Dec 1 there too.
    expect(formatClock(at, "Pacific/Auckland", now)).toBe("02:00");
    expect(formatClock(at, "America/Los_Angeles", Date.parse("2026-11-29T12:00:00.000Z"))).toBe("Nov 30, 05:00");
  });
});
