import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./openapi";

describe("OpenAPI document", () => {
  it("describes every endpoint of SPEC §7 with request schemas taken from validation", () => {
    const document = buildOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe("3.1.0");
    const expected: Array<[string, string]> = [
      ["/jobs", "post"], ["/companies", "post"], ["/searches", "get"], ["/searches", "post"], ["/searches/{id}", "patch"],
      ["/searches/{id}", "delete"], ["/webhooks", "post"], ["/webhooks/{id}", "patch"], ["/webhooks/{id}/status", "patch"],
      ["/webhooks/{id}/archive", "patch"], ["/webhooks/{id}/secret/rotate", "post"], ["/webhooks/test", "post"],
      ["/webhooks/{id}/events", "get"], ["/webhooks/{id}/events/count", "get"], ["/events/{id}", "get"], ["/events", "get"], ["/replays/{id}", "get"], ["/replays/{id}/cancel", "post"],
      ["/webhooks/events/count", "get"], ["/webhooks/events/retry", "post"], ["/credits", "get"], ["/credits", "post"], ["/audit-log", "get"],
    ];
    for (const [path, method] of expected) expect(document.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    const create = document.paths["/webhooks"].post as { requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown> } } } } };
    expect(Object.keys(create.requestBody.content["application/json"].schema.properties)).toEqual(
      expect.arrayContaining(["name", "url", "search_id", "listening_start_time", "trigger_once_per_company"]),
    );
  });
});
