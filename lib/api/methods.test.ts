// The public API answers every method on every path in its own {error} shape: a JSON 405 with an
// Allow header for a method a route does not have, a JSON 404 for a path it does not have, and the
// request id on each answer.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as unknownPathRoute from "@/app/api/v1/[...path]/route";
import * as creditsRoute from "@/app/api/v1/credits/route";
import * as webhookRoute from "@/app/api/v1/webhooks/[id]/route";
import { createTestAccount } from "@/test/fixtures";
import { ROUTE_METHODS } from "./methods";

const V1 = path.join(process.cwd(), "app", "api", "v1");
const context = { params: Promise.resolve({}) };

function v1RouteFiles(): string[] {
  return readdirSync(V1, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name === "route.ts")
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe("methods and paths of /api/v1", () => {
  it("every /api/v1 route answers every method itself: its handlers, and JSON 405s for the rest", async () => {
    const files = v1RouteFiles();
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const routeModule = (await import(file)) as Record<string, unknown>;
      for (const method of [...ROUTE_METHODS, "OPTIONS"]) {
        expect(typeof routeModule[method], `${path.relative(process.cwd(), file)} ${method}: use otherMethods() from lib/api/methods`).toBe("function");
      }
    }
  });

  it("answers a method a route does not have with a JSON 405 naming the allowed ones", async () => {
    const { apiKey } = await createTestAccount();
    const response = await creditsRoute.PUT(
      new Request("http://localhost/api/v1/credits", { method: "PUT", headers: { authorization: `Bearer ${apiKey}` }, body: '{"amount":5}' }),
      context,
    );
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: "method_not_allowed", message: expect.stringContaining("PUT") });

    const deleteWebhook = await webhookRoute.DELETE(new Request("http://localhost/api/v1/webhooks/x", { method: "DELETE" }), context);
    expect(deleteWebhook.status).toBe(405);
    expect(deleteWebhook.headers.get("allow")).toBe("GET, HEAD, OPTIONS, PATCH");

    const options = await creditsRoute.OPTIONS(new Request("http://localhost/api/v1/credits", { method: "OPTIONS" }), context);
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
  });

  it("answers a path the API does not have with a JSON 404, for any method and any caller", async () => {
    const { apiKey } = await createTestAccount();
    for (const method of [...ROUTE_METHODS, "OPTIONS"] as const) {
      for (const headers of [{}, { authorization: `Bearer ${apiKey}` }] as Record<string, string>[]) {
        const handler = unknownPathRoute[method];
        const response = await handler(
          new Request("http://localhost/api/v1/webhooks/abc/nothing-here?x=1", { method, headers, body: method === "GET" ? undefined : "{}" }),
          { params: Promise.resolve({ path: ["webhooks", "abc", "nothing-here"] }) },
        );
        expect(response.status, method).toBe(404);
        const body = await response.json();
        expect(body.error.code).toBe("not_found");
        expect(body.error.message).toContain("/api/v1/webhooks/abc/nothing-here");
      }
    }
  });

  it("echoes a sane x-request-id and replaces anything else with a fresh one", async () => {
    const call = (requestId?: string) =>
      unknownPathRoute.GET(
        new Request("http://localhost/api/v1/nope", { headers: requestId === undefined ? {} : { "x-request-id": requestId } }),
        { params: Promise.resolve({ path: ["nope"] }) },
      );
    expect((await call("lb-7f3a.42:abc")).headers.get("x-request-id")).toBe("lb-7f3a.42:abc");
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect((await call()).headers.get("x-request-id")).toMatch(uuid);
    for (const insane of ["a b", "x".repeat(200), "<script>", "id\u00e9", "whsec_abcdefgh"]) {
      const echoed = (await call(insane)).headers.get("x-request-id");
      expect(echoed, insane).toMatch(uuid);
    }
  });
});
