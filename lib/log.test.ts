// What the server writes to its log for a request, read back line by line: the request id, and none
// of the caller's credentials, secrets or query values.
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as getCredits } from "@/app/api/v1/credits/route";
import { POST as postWebhook } from "@/app/api/v1/webhooks/route";
import { handleApiError } from "@/lib/api/errors";
import { createTestAccount } from "@/test/fixtures";
import { createLogger, log, redactQuery, redirectLogs, scrubText, withRequestId } from "./log";

function capture() {
  const lines: string[] = [];
  const restore = redirectLogs({ write: (line: string) => void lines.push(line) }, "debug");
  return { lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), restore };
}

let restore: (() => void) | undefined;
afterEach(() => restore?.());

describe("server logs", () => {
  it("log a request line with its id, and without the authorization header, secrets or query values", async () => {
    const { apiKey } = await createTestAccount();
    const logs = capture();
    restore = logs.restore;
    const secret = "whsec_c2VjcmV0LXNpZ25pbmcta2V5LWZvci10ZXN0";
    const request = new Request(`http://localhost/api/v1/credits?token=${secret}&from=2026-01-01&api_key=${apiKey}`, {
      headers: {
        authorization: `Bearer ${apiKey}`,
        cookie: "better-auth.session_token=s3ss10n-t0k3n",
        "x-request-id": "req-abc-123",
        "user-agent": `curl/8.0 (${secret})`,
      },
    });
    const response = await getCredits(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req-abc-123");

    const text = logs.lines.join("");
    const line = logs.parsed().find((entry) => entry.msg === "request");
    expect(line).toMatchObject({ request_id: "req-abc-123", method: "GET", status: 200, path: "/api/v1/credits?token=[redacted]&from=[redacted]&api_key=[redacted]" });
    for (const leaked of [apiKey, apiKey.slice(3), secret, secret.slice(6), "2026-01-01", "s3ss10n-t0k3n"]) {
      expect(text, `the log shows ${leaked}`).not.toContain(leaked);
    }
  });

  it("carry the request id on every line logged while a request is handled, and scrub secrets from errors", async () => {
    const logs = capture();
    restore = logs.restore;
    const secret = "whsec_ZXJyb3ItbWVzc2FnZS1zZWNyZXQ=";
    await withRequestId("req-err-1", async () => {
      handleApiError(new Error(`Failed query: insert into webhooks values ($1, $2) params: hooks.example.invalid,${secret}`));
    });
    const [entry] = logs.parsed();
    expect(entry).toMatchObject({ request_id: "req-err-1", level: 50 });
    expect(logs.lines.join("")).not.toContain(secret.slice(6));
    expect(JSON.stringify(entry)).toContain("whsec_[redacted]");
  });

  it("find the request id when another bundle's copy of this module set it, as under Next", async () => {
    const logs = capture();
    restore = logs.restore;
    vi.resetModules();
    const secondCopy = await import("./log");
    expect(secondCopy.withRequestId).not.toBe(withRequestId);
    await secondCopy.withRequestId("req-other-bundle", async () => log.info("from the first copy"));
    expect(logs.parsed()).toEqual([expect.objectContaining({ request_id: "req-other-bundle", msg: "from the first copy" })]);
  });

  it("redact sensitive fields by name wherever they are nested", () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (line: string) => void lines.push(line) }, level: "info" });
    logger.info(
      {
        headers: { Authorization: "Basic dXNlcjpwYXNz", Cookie: "a=b", "X-Api-Key": "k-123456", accept: "application/json" },
        webhook: { url: "https://hooks.example.invalid/x", secret: "plain-secret-value" },
        attempts: [{ password: "hunter2" }],
      },
      "Bearer abc.def.ghi sent to hk_AAAAAAAAAAAAAAAAAAAA",
    );
    const text = lines.join("");
    for (const leaked of ["dXNlcjpwYXNz", "a=b", "k-123456", "plain-secret-value", "hunter2", "abc.def.ghi", "AAAAAAAAAAAAAAAAAAAA"]) {
      expect(text, leaked).not.toContain(leaked);
    }
    expect(text).toContain("application/json");
    expect(text).toContain("https://hooks.example.invalid/x");
  });

  it("keep parameter names and drop their values", () => {
    expect(redactQuery("/api/v1/webhooks/events/count?start_datetime=2026-01-01&timezone=Europe%2FMadrid")).toBe(
      "/api/v1/webhooks/events/count?start_datetime=[redacted]&timezone=[redacted]",
    );
    expect(redactQuery("/api/health")).toBe("/api/health");
    expect(scrubText("key hk_abc-DEF_123 and whsec_abc+/= and bearer xyz")).toBe("key hk_[redacted] and whsec_[redacted] and bearer [redacted]");
  });

  it("log a 400 from a request body without echoing the body", async () => {
    const { apiKey } = await createTestAccount();
    const logs = capture();
    restore = logs.restore;
    const secret = "whsec_Ym9keS1zZWNyZXQtdmFsdWUtaGVyZQ==";
    const response = await postWebhook(
      new Request("http://localhost/api/v1/webhooks", {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "x", url: `https://user:${secret}@hooks.example.invalid/`, search_id: "nope" }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(400);
    expect(logs.parsed().find((entry) => entry.msg === "request")).toMatchObject({ status: 400, method: "POST", path: "/api/v1/webhooks" });
    expect(logs.lines.join("")).not.toContain(secret.slice(6));
  });
});
