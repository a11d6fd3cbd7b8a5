import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, errorCode, formatIssuePath, validationError, type ErrorCode } from "@/lib/errors";
import { handleApiError, httpStatusOf, isDatabaseUnavailable } from "./errors";

describe("API errors", () => {
  it("names the field path of an invalid record the way users read it", () => {
    expect(formatIssuePath(["records", 3, "country_code"])).toBe("records[3].country_code");
    const schema = z.object({ records: z.array(z.object({ country_code: z.string().length(2) })) });
    const result = schema.safeParse({ records: [{ country_code: "ES" }, { country_code: "Spain" }] });
    expect(result.success).toBe(false);
    const error = validationError(result.error!);
    expect(httpStatusOf(error)).toBe(400);
    expect(error.message).toMatch(/^records\[1\]\.country_code: /);
  });

  it("answers unexpected errors as 500 in the error shape without internals", async () => {
    const response = handleApiError(new Error("secret internals"));
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body.error.code).toBe("internal_error");
    expect(JSON.stringify(body)).not.toContain("secret internals");
  });

  it("answers an unreachable database as 503 with Retry-After, not 500", async () => {
    const { Pool } = await import("pg");
    // Nothing listens on port 1: a real refused connection, as when PostgreSQL is down.
    const pool = new Pool({ connectionString: "postgres://postgres@127.0.0.1:1/none", connectionTimeoutMillis: 2_000 });
    const error = await pool.query("select 1").catch((caught: unknown) => caught);
    await pool.end();
    expect(isDatabaseUnavailable(error)).toBe(true);
    const response = handleApiError(error);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    const body = await response.json();
    expect(body.error.code).toBe("database_unavailable");
    // A terminated backend (pg_terminate_backend), wrapped the way drizzle wraps query errors.
    const terminated = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    expect(handleApiError(new Error("Failed query: select 1", { cause: terminated })).status).toBe(503);
    expect(handleApiError(new Error("timeout exceeded when trying to connect")).status).toBe(503);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code: "08006" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code: "23505" }))).toBe(false);
  });
});

describe("error codes decide the HTTP status", () => {
  it("answers each code with its status, in the {error} shape, with Retry-After where the error gives one", async () => {
    const expected: Record<string, number> = { invalid_request: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409, rate_limited: 429, database_unavailable: 503 };
    for (const [code, status] of Object.entries(expected)) {
      const response = handleApiError(new AppError(code as ErrorCode, `a ${code}`, undefined, status >= 429 ? 7 : undefined));
      expect(response.status, code).toBe(status);
      expect(await response.json()).toEqual({ error: { code, message: `a ${code}` } });
      expect(response.headers.get("retry-after")).toBe(status >= 429 ? "7" : null);
    }
    // Every code has a status (the table is total), and none is a 2xx or 3xx.
    for (const code of errorCode.options) expect(httpStatusOf(new AppError(code, "x"))).toBeGreaterThanOrEqual(400);
  });
});
