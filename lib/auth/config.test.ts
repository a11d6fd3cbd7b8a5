import { describe, expect, it } from "vitest";
import { allowedOrigins, appUrl, startupProblems } from "./config";

describe("start-up configuration", () => {
  const KEY = Buffer.alloc(32, 7).toString("base64");

  it("refuses to start in production without BETTER_AUTH_SECRET, APP_URL and HOOKLINE_ENCRYPTION_KEY", () => {
    expect(startupProblems({ NODE_ENV: "production" })).toEqual([
      expect.stringContaining("BETTER_AUTH_SECRET is not set"),
      expect.stringContaining("APP_URL is not set"),
      expect.stringContaining("HOOKLINE_ENCRYPTION_KEY is not set"),
    ]);
    expect(startupProblems({ NODE_ENV: "production", BETTER_AUTH_SECRET: "short", APP_URL: "not a url", HOOKLINE_ENCRYPTION_KEY: "short" })).toEqual([
      expect.stringContaining("at least 32"),
      expect.stringContaining("not a URL"),
      expect.stringContaining("HOOKLINE_ENCRYPTION_KEY must be 32 random bytes"),
    ]);
    const production = { NODE_ENV: "production", BETTER_AUTH_SECRET: "x".repeat(32), APP_URL: "https://hooks.example.com" };
    expect(startupProblems({ ...production, HOOKLINE_ENCRYPTION_KEY: KEY })).toEqual([]);
    expect(startupProblems({ ...production, HOOKLINE_ENCRYPTION_KEY: "ab".repeat(32) })).toEqual([]); // hex
    expect(startupProblems({ NODE_ENV: "development" })).toEqual([]);
  });

  it("refuses malformed rate-limit, proxy and previous-key settings, in any environment", () => {
    expect(startupProblems({ NODE_ENV: "development", API_RATE_LIMIT: "lots", TRUST_PROXY: "yes please", HOOKLINE_ENCRYPTION_KEY_PREVIOUS: "nope" })).toEqual([
      expect.stringContaining("HOOKLINE_ENCRYPTION_KEY_PREVIOUS"),
      expect.stringContaining("API_RATE_LIMIT"),
      expect.stringContaining("TRUST_PROXY"),
    ]);
    expect(startupProblems({ NODE_ENV: "development", API_RATE_LIMIT: "1200", TRUST_PROXY: "2", HOOKLINE_ENCRYPTION_KEY_PREVIOUS: `${KEY},${"cd".repeat(32)}` })).toEqual([]);
  });

  it("refuses an API_KEY shorter than 32 characters, in any environment", () => {
    expect(startupProblems({ NODE_ENV: "development", API_KEY: "short" })).toEqual([expect.stringContaining("API_KEY must be at least 32")]);
    expect(startupProblems({ NODE_ENV: "development", API_KEY: "k".repeat(32) })).toEqual([]);
  });

  it("accepts only the app's origin in production, and both loopback names in development", () => {
    expect(allowedOrigins({ NODE_ENV: "production", APP_URL: "https://hooks.example.com/" })).toEqual(["https://hooks.example.com"]);
    expect(allowedOrigins({ NODE_ENV: "development", PORT: "3001" }).sort()).toEqual(["http://127.0.0.1:3001", "http://localhost:3001"]);
    expect(appUrl({ BETTER_AUTH_URL: "https://a.example.com/path" })).toBe("https://a.example.com");
  });
});
