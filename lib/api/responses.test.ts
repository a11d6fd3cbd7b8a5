/* eslint-disable @typescript-eslint/no-explicit-any -- route answers are JSON checked against their schemas */
// Every /api/v1 route answers what its OpenAPI entry says: a real call of each route handler, on a
// team seeded through the API itself, parsed strictly with the zod schema the document names for
// that status (lib/api/schemas). A serializer that adds, drops or retypes a field fails here.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { callRoute } from "@/test/api";
import { createTestAccount } from "@/test/fixtures";
import { startReceiver, type Receiver } from "@/test/receiver";
import { loadRoutes } from "@/test/routes";
import { seedWebhookEvents } from "@/test/events";
import { buildOpenApiDocument, RESPONSE_SCHEMAS } from "./openapi";

type Operation = { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> };
const document = buildOpenApiDocument() as { paths: Record<string, Record<string, Operation>> };

/** "app/api/v1/webhooks/[id]/events/route.ts" → "/webhooks/{id}/events" */
const openApiPathOf = (file: string) =>
  file
    .replace(/^app\/api\/v1/, "")
    .replace(/\/route\.ts$/, "")
    .replace(/\[(\w+)\]/g, "{$1}");

/** The zod schema the document names for this answer (a $ref, or a oneOf of them). */
function schemaFor(file: string, method: string, status: number): z.ZodType | null {
  const operation = document.paths[openApiPathOf(file)]?.[method.toLowerCase()];
  const response = operation?.responses[String(status)];
  expect(response, `${method} ${openApiPathOf(file)} documents ${status}`).toBeDefined();
  const schema = response!.content?.["application/json"]?.schema;
  if (!schema) return null;
  const byRef = (ref: unknown) => {
    const name = String(ref).replace("#/components/schemas/", "") as keyof typeof RESPONSE_SCHEMAS;
    expect(RESPONSE_SCHEMAS[name], `${method} ${file}: ${String(ref)}`).toBeDefined();
    return RESPONSE_SCHEMAS[name] as z.ZodType;
  };
  if (schema.$ref) return byRef(schema.$ref);
  const options = (schema.oneOf as Array<{ $ref: string }> | undefined)?.map((option) => byRef(option.$ref));
  expect(options, `${method} ${file} names its response schema`).toBeDefined();
  return z.union(options as [z.ZodType, z.ZodType, ...z.ZodType[]]);
}

const called = new Set<string>();
let receiver: Receiver;
let apiKey: string;
let team: Awaited<ReturnType<typeof createTestAccount>>;

beforeAll(async () => {
  receiver = await startReceiver({ mode: { kind: "ok" } });
  team = await createTestAccount({ credits: 50 });
  apiKey = team.apiKey;
});
afterAll(async () => {
  await receiver?.close();
});

/** Calls `file`'s `method` handler and parses its answer with the schema its OpenAPI entry names. */
async function call(
  file: string,
  method: string,
  options: { path?: string; params?: Record<string, string>; body?: unknown; query?: string; status?: number } = {},
) {
  const routeModule = await import(/* @vite-ignore */ join(process.cwd(), file));
  const handler = routeModule[method];
  const path = `/api/v1${openApiPathOf(file).replace(/\{(\w+)\}/g, (_, name: string) => options.params?.[name] ?? "")}${options.query ?? ""}`;
  const response = await callRoute(handler, { method, path, apiKey, params: options.params, body: options.body });
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBe(options.status ?? 200);
  called.add(`${file} ${method}`);
  const schema = schemaFor(file, method, response.status);
  if (schema) {
    const parsed = schema.safeParse(response.body);
    expect(parsed.error?.issues ?? [], `${method} ${path} answers its documented schema`).toEqual([]);
  } else {
    expect(response.body, `${method} ${path} answers no body`).toBeUndefined();
  }
  return response.body as any;
}

describe("API responses against their schemas", { timeout: 90_000 }, () => {
  it("answers every route's documented schema, field for field", async () => {
    // Searches, webhooks and records through the API.
    const search = await call("app/api/v1/searches/route.ts", "POST", {
      status: 201,
      body: { name: "Engineers", type: "job", filters: { title_keywords: ["Engineer"], country_codes: ["es"], remote: true } },
    });
    await call("app/api/v1/searches/route.ts", "POST", { status: 201, body: { name: "Shops", type: "company", filters: { min_employees: 5 } } });
    await call("app/api/v1/searches/route.ts", "GET");
    const searchId = { id: search.id };
    await call("app/api/v1/searches/[id]/route.ts", "GET", { params: searchId });
    await call("app/api/v1/searches/[id]/route.ts", "PATCH", { params: searchId, body: { name: "Engineers (ES)" } });

    const webhook = await call("app/api/v1/webhooks/route.ts", "POST", {
      status: 201,
      body: { name: "Hook", url: `${receiver.url}/hook`, search_id: search.id, description: "Jobs", listening_start_time: "2026-01-01T00:00:00Z" },
    });
    const webhookId = { id: webhook.id };
    await call("app/api/v1/jobs/route.ts", "POST", {
      body: { records: [{ external_id: "j-1", title: "Engineer", company_name: "Acme", country_code: "ES", remote: true }] },
    });
    await call("app/api/v1/companies/route.ts", "POST", { body: { records: [{ external_id: "c-1", name: "Acme", domain: "acme.example" }] } });
    await call("app/api/v1/webhooks/route.ts", "GET");
    await call("app/api/v1/webhooks/route.ts", "GET", { query: "?archived=false" });
    await call("app/api/v1/webhooks/[id]/route.ts", "GET", { params: webhookId });
    await call("app/api/v1/webhooks/[id]/route.ts", "PATCH", { params: webhookId, body: { description: "Spanish jobs" } });
    await call("app/api/v1/webhooks/[id]/status/route.ts", "PATCH", { params: webhookId, body: { is_active: false } });
    await call("app/api/v1/webhooks/[id]/status/route.ts", "PATCH", { params: webhookId, body: { is_active: true } });
    await call("app/api/v1/webhooks/[id]/secret/rotate/route.ts", "POST", { params: webhookId, body: { grace_period_hours: 1 } });
    await call("app/api/v1/webhooks/test/route.ts", "POST", { body: { url: `${receiver.url}/test`, event_type: "job.new", webhook_id: webhook.id } });

    // Events of every status, with attempts, on a second webhook aimed at the receiver.
    const seeded = await seedWebhookEvents(team.db, team.accountId, ["failed", "failed", "success", "in_progress", "not_triggered"], {
      url: `${receiver.url}/seeded`,
    });
    const seededId = { id: seeded.webhook.id };
    const [failed, otherFailed] = seeded.eventRows;
    await call("app/api/v1/webhooks/[id]/events/route.ts", "GET", { params: seededId });
    await call("app/api/v1/webhooks/[id]/events/route.ts", "GET", { params: seededId, query: "?q=engineer&status=failed&limit=1" });
    await call("app/api/v1/webhooks/[id]/events/count/route.ts", "GET", { params: seededId });
    await call("app/api/v1/webhooks/[id]/events/count/route.ts", "GET", { params: seededId, query: "?status=failed" });
    const page = await call("app/api/v1/events/route.ts", "GET", { query: "?limit=2" });
    await call("app/api/v1/events/route.ts", "GET", { query: `?cursor=${encodeURIComponent(page.next_cursor)}&retry_state=retrying` });
    await call("app/api/v1/events/[id]/route.ts", "GET", { params: { id: failed.id } });
    await call("app/api/v1/webhooks/events/count/route.ts", "GET");
    await call("app/api/v1/webhooks/events/count/route.ts", "GET", { query: "?group_by=webhook_id&timezone=Europe/Madrid" });

    // Resends, a dry run, a bulk replay and its cancellation.
    const resent = await call("app/api/v1/webhooks/events/retry/route.ts", "POST", { body: { event_ids: [failed.id] } });
    expect(resent.data).toHaveLength(1);
    const filter = { webhook_id: seeded.webhook.id };
    await call("app/api/v1/webhooks/events/retry/route.ts", "POST", { body: { filter, dry_run: true } });
    const created = await call("app/api/v1/webhooks/events/retry/route.ts", "POST", { status: 202, body: { filter } });
    expect(created.job.total).toBe(1);
    expect(otherFailed.status).toBe("failed");
    await call("app/api/v1/replays/[id]/route.ts", "GET", { params: { id: created.job.id } });
    await call("app/api/v1/replays/[id]/cancel/route.ts", "POST", { params: { id: created.job.id } });

    await call("app/api/v1/credits/route.ts", "GET");
    await call("app/api/v1/credits/route.ts", "POST", { body: { amount: 5 } });
    await call("app/api/v1/webhooks/[id]/archive/route.ts", "PATCH", { params: webhookId });
    const unused = await call("app/api/v1/searches/route.ts", "POST", { status: 201, body: { name: "Unused", type: "job" } });
    await call("app/api/v1/searches/[id]/route.ts", "DELETE", { params: { id: unused.id }, status: 204 });
    const audit = await call("app/api/v1/audit-log/route.ts", "GET");
    expect(audit.data.length).toBeGreaterThan(0);

    // Every route of the API was called (the catch-all 404 and the document itself have no object to check).
    const routes = (await loadRoutes())
      .filter((route) => route.file.startsWith("app/api/v1/") && !route.file.includes("[...path]") && !route.file.includes("openapi.json"))
      .map((route) => route.key);
    expect(routes.filter((key) => !called.has(key))).toEqual([]);
  });

  it("fails a field the serializer would add or drop", () => {
    const event = {
      id: "0b5c8a4e-7a7e-4c3e-9d43-3f1f0c8c2a11",
      webhook_id: "0b5c8a4e-7a7e-4c3e-9d43-3f1f0c8c2a12",
      type: "job.new",
      status: "success",
      retry_state: null,
      record: {},
      record_title: "Engineer",
      record_subtitle: null,
      detected_at: "2026-11-30T08:00:00.000Z",
      triggered_at: null,
      attempt_count: 1,
      next_attempt_at: null,
      first_failed_at: null,
      last_attempt_at: null,
      last_response_status: 200,
      last_error: null,
      delivered_at: "2026-11-30T08:00:01.000Z",
    };
    expect(RESPONSE_SCHEMAS.Event.safeParse(event).success).toBe(true);
    expect(RESPONSE_SCHEMAS.Event.safeParse({ ...event, extra: 1 }).success).toBe(false);
    expect(RESPONSE_SCHEMAS.Event.safeParse({ ...event, delivered_at: undefined }).success).toBe(false);
  });
});
