import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatIssuePath, handleApiError, isDatabaseUnavailable, validationError } from "./errors";

describe("API errors", () => {
  it("names the field path of an invalid record the way users read it", () => {
    expect(formatIssuePath(["records", 3, "country_code"])).toBe("records[3].country_code");
    const schema = z.object({ records: z.array(z.object({ country_code: z.string().length(2) })) });
    const result = schema.safeParse({ records: [{ country_code: "ES" }, { country_code: "Spain" }] });
    expect(result.success).toBe(false);
    const error = validationError(result.error!);
    expect(error.status).toBe(400);
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
