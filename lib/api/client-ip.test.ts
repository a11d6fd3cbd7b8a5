import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

const ipOf = (init: Record<string, string>) => clientIp(new Headers(init));

describe("clientIp", () => {
  it("takes the address the nearest proxy appended, not what the client claimed before it", () => {
    expect(ipOf({ "x-forwarded-for": "203.0.113.7" })).toBe("203.0.113.7");
    expect(ipOf({ "x-forwarded-for": "10.9.9.9, 198.51.100.20" })).toBe("198.51.100.20");
    expect(ipOf({ "x-forwarded-for": "2001:db8::1" })).toBe("2001:db8::1");
  });

  it("unwraps IPv4-mapped IPv6 and falls back to x-real-ip", () => {
    expect(ipOf({ "x-forwarded-for": "::ffff:192.0.2.1" })).toBe("192.0.2.1");
    expect(ipOf({ "x-real-ip": "192.0.2.9" })).toBe("192.0.2.9");
    expect(ipOf({ "x-forwarded-for": "not an address", "x-real-ip": "192.0.2.9" })).toBe("192.0.2.9");
  });

  it("answers null rather than a made-up address", () => {
    expect(ipOf({})).toBeNull();
    expect(ipOf({ "x-forwarded-for": "<script>" })).toBeNull();
    expect(ipOf({ "x-forwarded-for": "1.1.1.1,".repeat(500) })).toBeNull();
  });
});
