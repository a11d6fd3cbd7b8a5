// GET /api/health as a load balancer reads it: {status} and the event loop's delay, a 503 when the
// database does not answer (a real PostgreSQL client aimed at a closed port), and never the error
// text, which names hosts, users and addresses.
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { GET as getHealth } from "@/app/api/health/route";
import { getDb } from "@/db/client";
import { checkHealth } from "./health";

describe("health", () => {
  it("answers ok with the event loop's delay when the database answers", async () => {
    await getDb(); // opened and migrated: a server starting up is rightly "degraded" until then
    const response = await getHealth(new Request("http://localhost/api/health"), { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", checks: { database: "ok" } });
    for (const figure of ["p50_ms", "p99_ms", "max_ms"]) expect(typeof body.event_loop_delay[figure]).toBe("number");
  });

  it("answers degraded with a 503 and no error text when the database is unreachable", async () => {
    const pool = new pg.Pool({ connectionString: "postgres://hookline:hunter2@127.0.0.1:1/hookline", connectionTimeoutMillis: 1_000 });
    try {
      const { httpStatus, report } = await checkHealth(() => pool.query("select 1"));
      expect(httpStatus).toBe(503);
      expect(report).toMatchObject({ status: "degraded", checks: { database: "unreachable" } });
      const text = JSON.stringify(report);
      for (const internal of ["ECONNREFUSED", "127.0.0.1", "hunter2", "hookline", "Error"]) expect(text).not.toContain(internal);
    } finally {
      await pool.end();
    }
  });

  it("answers within its timeout when the database hangs", async () => {
    const started = Date.now();
    const { httpStatus, report } = await checkHealth(() => sleep(10_000), { timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(httpStatus).toBe(503);
    expect(report.status).toBe("degraded");
  });

  it("shows a blocked event loop in the delay it reports", async () => {
    await checkHealth(async () => {});
    const busyUntil = Date.now() + 300;
    while (Date.now() < busyUntil) {
      // a synchronous stretch, as a runaway loop over user input would be
    }
    await sleep(50);
    const { report } = await checkHealth(async () => {});
    expect(report.event_loop_delay.max_ms).toBeGreaterThanOrEqual(250);
  });
});
