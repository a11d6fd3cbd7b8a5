import { afterEach, describe, expect, it } from "vitest";
import { callRoute } from "@/test/api";
import { POST } from "@/app/api/demo/receivers/[kind]/route";
import { isDemoEnvironment, quietRequestPaths } from "./config";
import { answerDemoReceiver } from "./receivers";

const originalDemo = process.env.DEMO;
afterEach(() => {
  if (originalDemo === undefined) delete process.env.DEMO;
  else process.env.DEMO = originalDemo;
});

const deliver = (kind: string) =>
  callRoute(POST, { method: "POST", path: `/api/demo/receivers/${kind}`, params: { kind }, body: { id: "evt", type: "job.new", data: {} } });

describe("demo mode", () => {
  it("is on for the embedded database on disk in development, off with DEMO=0, in production, in tests and on PostgreSQL unless DEMO=1", () => {
    expect(isDemoEnvironment({})).toBe(true);
    expect(isDemoEnvironment({ PGLITE_DIR: "/tmp/x", NODE_ENV: "development" })).toBe(true);
    expect(isDemoEnvironment({ NODE_ENV: "production" })).toBe(false);
    expect(isDemoEnvironment({ NODE_ENV: "production", DEMO: "1" })).toBe(true);
    expect(isDemoEnvironment({ DEMO: "0" })).toBe(false);
    expect(isDemoEnvironment({ PGLITE_DIR: "memory://" })).toBe(false);
    expect(isDemoEnvironment({ NODE_ENV: "test" })).toBe(false);
    expect(isDemoEnvironment({ DATABASE_URL: "postgres://x/y" })).toBe(false);
    expect(isDemoEnvironment({ DATABASE_URL: "postgres://x/y", DEMO: "1" })).toBe(true);
    expect(isDemoEnvironment({ PGLITE_DIR: "memory://", DEMO: "1" })).toBe(true);
  });
});

describe("demo receivers", () => {
  it("answer 404 outside demo mode and for unknown receivers", async () => {
    process.env.DEMO = "0";
    for (const kind of ["ok", "flaky", "down", "slow"]) expect((await deliver(kind)).status).toBe(404);
    process.env.DEMO = "1";
    expect((await deliver("nope")).status).toBe(404);
  });

  it("ok answers 200, down answers 503", async () => {
    process.env.DEMO = "1";
    expect(await deliver("ok")).toMatchObject({ status: 200, body: { received: true } });
    expect((await deliver("down")).status).toBe(503);
  });

  it("flaky fails about a third of the time", async () => {
    process.env.DEMO = "1";
    let failures = 0;
    const tries = 300;
    for (let i = 0; i < tries; i++) {
      const { status } = await deliver("flaky");
      expect([200, 500]).toContain(status);
      if (status === 500) failures++;
    }
    // 1/3 ± 3.5 standard deviations (sd ≈ 0.027 at 300 tries).
    expect(failures / tries).toBeGreaterThan(0.24);
    expect(failures / tries).toBeLessThan(0.43);
    const request = () => new Request("http://localhost/", { method: "POST", body: "{}" });
    expect((await answerDemoReceiver("flaky", request(), { isDemo: true, random: () => 0.1 })).status).toBe(500);
    expect((await answerDemoReceiver("flaky", request(), { isDemo: true, random: () => 0.9 })).status).toBe(200);
  });

  it("slow takes 3 seconds, then answers 200", async () => {
    process.env.DEMO = "1";
    const started = Date.now();
    const { status } = await deliver("slow");
    const elapsed = Date.now() - started;
    expect(status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(2990);
    expect(elapsed).toBeLessThan(4500);
  });
});

describe("demo receiver logging", () => {
  it("leaves the receivers' requests out of the request log unless LOG_LEVEL is debug or trace", () => {
    const quiet = quietRequestPaths({});
    expect(quiet.some((pattern) => pattern.test("/api/demo/receivers/ok"))).toBe(true);
    expect(quiet.some((pattern) => pattern.test("/api/v1/webhooks"))).toBe(false);
    expect(quietRequestPaths({ LOG_LEVEL: "info" })).toHaveLength(1);
    expect(quietRequestPaths({ LOG_LEVEL: "debug" })).toEqual([]);
    expect(quietRequestPaths({ LOG_LEVEL: "TRACE" })).toEqual([]);
  });
});
