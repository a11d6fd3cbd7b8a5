import { describe, expect, it } from "vitest";
import { isSafeNextPath, signInUrl } from "./page-paths";

describe("the sign-in page's next", () => {
  it("keeps paths of this site", () => {
    for (const path of ["/usage", "/webhooks/abc?status=failed", "/accept-invitation/6a1f", "/usage?from=2026-01-01#x"]) {
      expect(isSafeNextPath(path), path).toBe(true);
    }
    expect(signInUrl("/usage?x=1")).toBe("/sign-in?next=%2Fusage%3Fx%3D1");
  });

  it("drops anything a browser would take off-site", () => {
    for (const path of [
      "https://evil.example/x",
      "//evil.example/x",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      " //evil.example",
      "javascript:alert(1)",
      "",
      `/${"a".repeat(3000)}`,
    ]) {
      expect(isSafeNextPath(path), JSON.stringify(path)).toBe(false);
    }
    expect(signInUrl("/\t/evil.example")).toBe("/sign-in");
    expect(signInUrl(undefined)).toBe("/sign-in");
  });
});
