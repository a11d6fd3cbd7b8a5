import { describe, expect, it } from "vitest";
import { describeAuditDetails } from "./describe";

describe("describeAuditDetails", () => {
  it("shows a webhook's URL before and after an edit", () => {
    expect(
      describeAuditDetails("webhook.updated", { changes: { url: { from: "https://a.example.invalid/h", to: "https://b.example.invalid/h" } } }),
    ).toBe("url: https://a.example.invalid/h → https://b.example.invalid/h");
  });

  it("counts resends and credits, and names roles", () => {
    expect(describeAuditDetails("events.resent", { count: 3, succeeded: 2 })).toBe("3 events, 2 delivered");
    expect(describeAuditDetails("credits.added", { amount: 1500, balance: 2000, events_triggered: 0 })).toBe("+1,500 credits (balance 2,000, 0 events caught up)");
    expect(describeAuditDetails("member.role_changed", { email: "a@x.example", from: "viewer", to: "admin" })).toBe("a@x.example: viewer → admin");
  });

  it("falls back to keys and values for shapes it does not know, clipped", () => {
    expect(describeAuditDetails("something.new", { a: 1, b: "two" })).toBe("a: 1; b: two");
    expect(describeAuditDetails("something.new", { long: "x".repeat(1000) }).length).toBe(300);
  });
});
