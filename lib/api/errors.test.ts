import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatIssuePath, handleApiError, validationError } from "./errors";

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
});
