import { describe, expect, it } from "vitest";
import { formatPercent, shortenMiddle } from "./format";

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
