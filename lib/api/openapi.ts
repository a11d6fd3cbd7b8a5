// The OpenAPI 3.1 document served at /api/v1/openapi.json. Request bodies come from the same zod
// schemas the routes parse with, and responses from the schemas the serializers' types are inferred
// from (lib/api/schemas, z.toJSONSchema), so the document cannot drift from validation or answers.
import { z } from "zod";
import { EVENT_STATUS_NAMES, RETRY_STATE_NAMES } from "@/lib/event-status";
import { jobRecordSchema, companyRecordSchema, MAX_RECORDS_PER_BATCH } from "@/lib/validation/records";
import { searchCreateSchema, searchUpdateSchema } from "@/lib/validation/search";
import { webhookCreateSchema, webhookUpdateSchema, webhookStatusSchema } from "@/lib/validation/webhook";
import { MAX_MIN_ATTEMPTS, MAX_SEARCH_LENGTH, RESPONSE_CLASSES } from "@/lib/validation/event-filter";
import { AUDIT_ACTION_NAMES } from "@/lib/audit/actions";
import { AUDIT_PAGE_DEFAULT_LIMIT, AUDIT_PAGE_MAX_LIMIT } from "@/lib/validation/audit";
import packageJson from "@/package.json";
import { auditPageResponseSchema, auditEntryResponseSchema } from "./schemas/audit";
import { creditBalanceResponseSchema, creditTopUpResponseSchema, ingestResponseSchema } from "./schemas/credits";
import {
  accountEventPageResponseSchema,
  accountEventResponseSchema,
  attemptResponseSchema,
  eventCountResponseSchema,
  eventPageResponseSchema,
  eventResponseSchema,
  eventWithAttemptsResponseSchema,
} from "./schemas/event";
import {
  replayCreatedResponseSchema,
  replayJobResponseSchema,
  replayPreviewResponseSchema,
  resendResponseSchema,
  resendResultResponseSchema,
} from "./schemas/replay";
import { searchListResponseSchema, searchResponseSchema } from "./schemas/search";
import { testEventResponseSchema } from "./schemas/test-event";
import { dailyCountsResponseSchema } from "./schemas/usage";
import { webhookListResponseSchema, webhookResponseSchema, webhookWithSecretResponseSchema } from "./schemas/webhook";

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** Every response object, by its name under components/schemas; one used inside another becomes a $ref to it. */
export const RESPONSE_SCHEMAS = {
  Webhook: webhookResponseSchema,
  WebhookWithSecret: webhookWithSecretResponseSchema,
  WebhookList: webhookListResponseSchema,
  Event: eventResponseSchema,
  Attempt: attemptResponseSchema,
  EventWithAttempts: eventWithAttemptsResponseSchema,
  EventPage: eventPageResponseSchema,
  AccountEvent: accountEventResponseSchema,
  AccountEventPage: accountEventPageResponseSchema,
  EventCount: eventCountResponseSchema,
  DailyCounts: dailyCountsResponseSchema,
  Search: searchResponseSchema,
  SearchList: searchListResponseSchema,
  IngestResult: ingestResponseSchema,
  CreditBalance: creditBalanceResponseSchema,
  CreditTopUp: creditTopUpResponseSchema,
  TestEventResult: testEventResponseSchema,
  ResendResult: resendResultResponseSchema,
  ResendResults: resendResponseSchema,
  ReplayJob: replayJobResponseSchema,
  ReplayCreated: replayCreatedResponseSchema,
  ReplayPreview: replayPreviewResponseSchema,
  AuditEntry: auditEntryResponseSchema,
  AuditPage: auditPageResponseSchema,
} satisfies Record<string, z.ZodType>;

const SAFE_INTEGER_BOUNDS = new Set([Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]);

function responseComponents(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(RESPONSE_SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: "output",
    target: "draft-2020-12",
    uri: (id) => `#/components/schemas/${id}`,
    // A format says enough: zod's regex for it and JavaScript's safe-integer bounds only add noise for readers.
    override: ({ jsonSchema }) => {
      if (jsonSchema.format) delete jsonSchema.pattern;
      if (SAFE_INTEGER_BOUNDS.has(jsonSchema.minimum as number)) delete jsonSchema.minimum;
      if (SAFE_INTEGER_BOUNDS.has(jsonSchema.maximum as number)) delete jsonSchema.maximum;
    },
  });
  for (const schema of Object.values(schemas)) {
    delete (schema as JsonSchema).$schema;
    delete (schema as JsonSchema).$id;
  }
  return schemas as Record<string, JsonSchema>;
}

const ref = (id: keyof typeof RESPONSE_SCHEMAS) => ({ $ref: `#/components/schemas/${id}` });

const errorSchema: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", examples: ["invalid_request", "unauthorized", "not_found", "method_not_allowed", "conflict", "payload_too_large"] },
        message: { type: "string" },
        details: { description: "For 400: [{path, message}] naming each invalid field, e.g. records[3].country_code" },
      },
    },
  },
};

const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const json = (schema: JsonSchema) => ({ "application/json": { schema } });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: ERROR_TEXT[code], content: json({ $ref: "#/components/schemas/Error" }) }]));
const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input; details name the field paths",
  401: "Missing or invalid API key (also a revoked or expired one)",
  403: "The key or person may not do this",
  404: "Not found (also for another account's objects)",
  409: "Conflict with the current state",
  413: "Body too large (over 1,000 records or 5 MB)",
};
const ok = (description: string, schema: JsonSchema) => ({ "200": { description, content: json(schema) } });
const created = (description: string, schema: JsonSchema) => ({ "201": { description, content: json(schema) } });
const body = (schema: z.ZodType) => ({ required: true, content: json(schemaOf(schema)) });

const statusSchema = { type: "string", enum: [...EVENT_STATUS_NAMES] };

/** The event filter (lib/validation/event-filter.ts), shared by the event lists and bulk replays. Blank values are ignored. */
const eventFilterParameters = [
  {
    name: "q",
    in: "query",
    description:
      "An event id (exact), a record's external id (exact), or words found in a job's title or company name or a company's name " +
      "(case-insensitive whole words, the last one also as a beginning: `data eng` finds \"Senior Data Engineer\"). " +
      "Words so common that looking them up past the newest events takes over a second are refused: a 400 naming `q`.",
    schema: { type: "string", maxLength: MAX_SEARCH_LENGTH },
  },
  { name: "status", in: "query", schema: statusSchema },
  {
    name: "retry_state",
    in: "query",
    description: "Only failed events that will be retried (`retrying`) or whose retries are exhausted (`exhausted`); implies status=failed",
    schema: { type: "string", enum: [...RETRY_STATE_NAMES] },
  },
  {
    name: "response",
    in: "query",
    description: "How the last attempt ended: a 2xx, 4xx or 5xx answer, a timeout, or a connection error (refused, reset, DNS, TLS…)",
    schema: { type: "string", enum: [...RESPONSE_CLASSES] },
  },
  { name: "http_status", in: "query", description: "The last attempt's exact HTTP status", schema: { type: "integer", minimum: 100, maximum: 599 } },
  {
    name: "from",
    in: "query",
    description: "Detected at or after: ISO 8601 with an offset (`2026-11-01T09:00:00Z`), or a date (UTC midnight), years 2000–2100",
    schema: { type: "string", examples: ["2026-11-01", "2026-11-01T09:00:00+01:00"] },
  },
  { name: "to", in: "query", description: "Detected before (exclusive); same forms as `from`, after it", schema: { type: "string" } },
  { name: "min_attempts", in: "query", description: "At least this many attempts", schema: { type: "integer", minimum: 0, maximum: MAX_MIN_ATTEMPTS } },
];
const eventFilterJsonSchema: JsonSchema = {
  type: "object",
  description: "The same filter as GET /events takes, as JSON (numbers as numbers)",
  properties: Object.fromEntries(
    [...eventFilterParameters, { name: "webhook_id", schema: { type: "string", format: "uuid" } }].map((p) => [p.name, { ...p.schema, ...("description" in p ? { description: p.description } : {}) }]),
  ),
};
function ingestPath(kind: "jobs" | "companies", record: z.ZodType) {
  return {
    post: {
      summary: `Ingest up to ${MAX_RECORDS_PER_BATCH} ${kind} (5 MB), all-or-nothing`,
      requestBody: {
        required: true,
        content: json({ type: "object", required: ["records"], properties: { records: { type: "array", maxItems: MAX_RECORDS_PER_BATCH, items: schemaOf(record) } } }),
      },
      responses: {
        ...ok("Counts of the batch", ref("IngestResult")),
        ...errors(400, 401, 413),
      },
    },
  };
}

export function buildOpenApiDocument(): JsonSchema {
  return {
    openapi: "3.1.0",
    info: {
      title: "Hookline API",
      version: packageJson.version,
      description:
        "Ingest records, manage saved searches and webhooks, inspect and resend events. Deliveries are signed with Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature).",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API key of your account" } },
      schemas: { Error: errorSchema, ...responseComponents() },
    },
    paths: {
      "/jobs": ingestPath("jobs", jobRecordSchema),
      "/companies": ingestPath("companies", companyRecordSchema),
      "/searches": {
        get: { summary: "List saved searches", responses: { ...ok("Saved searches", ref("SearchList")), ...errors(401) } },
        post: { summary: "Create a saved search", requestBody: body(searchCreateSchema), responses: { ...created("The search", ref("Search")), ...errors(400, 401) } },
      },
      "/searches/{id}": {
        parameters: [idParam],
        get: { summary: "One saved search", responses: { ...ok("The search", ref("Search")), ...errors(401, 404) } },
        patch: { summary: "Update a saved search", requestBody: body(searchUpdateSchema), responses: { ...ok("The search", ref("Search")), ...errors(400, 401, 404, 409) } },
        delete: { summary: "Delete a saved search (refused while webhooks use it)", responses: { "204": { description: "Deleted" }, ...errors(401, 404, 409) } },
      },
      "/webhooks": {
        get: { summary: "List webhooks", responses: { ...ok("Webhooks", ref("WebhookList")), ...errors(401) } },
        post: {
          summary: "Create a webhook (matching runs at once; the secret is returned only here and on rotate)",
          requestBody: body(webhookCreateSchema),
          responses: { ...created("The webhook with its secret", ref("WebhookWithSecret")), ...errors(400, 401, 404) },
        },
      },
      "/webhooks/{id}": {
        parameters: [idParam],
        get: { summary: "One webhook", responses: { ...ok("The webhook", ref("Webhook")), ...errors(401, 404) } },
        patch: { summary: "Update a webhook (matching runs again; refused with 409 while it is archived)", requestBody: body(webhookUpdateSchema), responses: { ...ok("The webhook", ref("Webhook")), ...errors(400, 401, 404, 409) } },
      },
      "/webhooks/{id}/status": {
        parameters: [idParam],
        patch: { summary: "Enable (catches up what it missed) or disable; refused with 409 while archived", requestBody: body(webhookStatusSchema), responses: { ...ok("The webhook", ref("Webhook")), ...errors(400, 401, 404, 409) } },
      },
      "/webhooks/{id}/archive": { parameters: [idParam], patch: { summary: "Archive a webhook", responses: { ...ok("The webhook", ref("Webhook")), ...errors(401, 404) } } },
      "/webhooks/{id}/secret/rotate": {
        parameters: [idParam],
        post: {
          summary: "Rotate the signing secret",
          description:
            "The old secret keeps signing beside the new one for `grace_period_hours` (default 24, 0–168): deliveries carry both `v1,` " +
            "signatures in webhook-signature, so receivers verify with either while they switch over.",
          requestBody: {
            required: false,
            content: json({ type: "object", properties: { grace_period_hours: { type: "number", minimum: 0, maximum: 168, default: 24 } } }),
          },
          responses: { ...ok("The webhook with its new secret", ref("WebhookWithSecret")), ...errors(400, 401, 404) },
        },
      },
      "/webhooks/test": {
        post: {
          summary: "Send a signed sample event to a URL",
          description:
            'The body is `{"id","type":"webhook.test","timestamp","webhook_id","data":{…a sample job or company…}}`: its type says it is a test, ' +
            "so a receiver never imports it as a record. With `webhook_id` it is signed with that webhook's real secret (verify it as any " +
            "delivery); without, with a throwaway one. It creates no event and costs no credit; it is kept as an attempt with trigger `test`. " +
            "The answer has the endpoint's status code, the time it took (`duration_ms`), its headers (`response_headers`) and the first 4 KiB " +
            "of its body (`response_body`).",
          requestBody: {
            required: true,
            content: json({ type: "object", required: ["url", "event_type"], properties: { url: { type: "string", format: "uri" }, event_type: { type: "string", enum: ["job.new", "company.new"] } } }),
          },
          responses: { ...ok("The outcome: status code and message", ref("TestEventResult")), ...errors(400, 401) },
        },
      },
      "/webhooks/{id}/events": {
        parameters: [
          idParam,
          ...eventFilterParameters,
          { name: "offset", in: "query", schema: { type: "integer", minimum: 0, default: 0 } },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 50 } },
        ],
        get: {
          summary: "A webhook's events, newest first, searched and filtered",
          description:
            "`total` counts the matching events. With only `status` (or nothing) it is exact; with any other filter it is counted up to " +
            "1,000 past the page (`offset` + `limit` + 1,000) and `total_is_capped` is true beyond. A text search reads the newest events first " +
            "(2,000, up to 10,000 for later pages): when they hold the page, `total` counts the matches among them and `total_is_capped` is true " +
            "if older events were not read. Otherwise it looks at the 10,000 most recently discovered matching records.",
          responses: {
            ...ok("A page of events", ref("EventPage")),
            ...errors(400, 401, 404),
          },
        },
      },
      "/events": {
        parameters: [
          ...eventFilterParameters,
          { name: "webhook_id", in: "query", description: "Only this webhook's events", schema: { type: "string", format: "uuid" } },
          { name: "cursor", in: "query", description: "The previous page's next_cursor", schema: { type: "string" } },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 50 } },
        ],
        get: {
          summary: "The team's events across webhooks, newest first, searched and filtered",
          description: "Page with `next_cursor` until it is null. Each event carries `webhook_name`.",
          responses: {
            ...ok("A page of events", ref("AccountEventPage")),
            ...errors(400, 401, 404),
          },
        },
      },
      "/webhooks/{id}/events/count": {
        parameters: [idParam, { name: "status", in: "query", schema: statusSchema }],
        get: { summary: "How many events a webhook has", responses: { ...ok("The count", ref("EventCount")), ...errors(400, 401, 404) } },
      },
      "/events/{id}": {
        parameters: [idParam],
        get: { summary: "One event with its payload and every attempt", responses: { ...ok("The event", ref("EventWithAttempts")), ...errors(401, 404) } },
      },
      "/webhooks/events/count": {
        get: {
          summary: "Events per day in a time zone, by status or by webhook",
          description:
            "Events detected in [start_datetime, end_datetime), counted per local day of `timezone`. Days with no events are left out. " +
            "`period_start` is the local midnight that starts the day, in ISO 8601 with that moment's offset (`2026-11-01T00:00:00-04:00`). " +
            "`number_of_executions` is the number of delivery attempts of those events. Defaults: the last 30 local days up to now, in UTC; " +
            "at most 366 days. Counts come from hourly rollups; in zones whose midnight is not a whole UTC hour (Asia/Kolkata…) they are " +
            "counted from the events themselves — just as exact, slower on large accounts. " +
            "`group_by=webhook_id` answers one row per webhook and day with events, every webhook included (1,000 webhooks over 90 days: " +
            "up to 90,000 rows), so it is as large, and as slow to compute, as that; in UTC whole days come from a daily rollup and are " +
            "fastest. For a chart, narrow with `webhook_id` or use `group_by=status`.",
          parameters: [
            {
              name: "start_datetime",
              in: "query",
              description: "ISO 8601; without an offset (`2026-11-01` or `2026-11-01T09:00`) it is wall-clock time in `timezone`",
              schema: { type: "string", format: "date-time" },
            },
            { name: "end_datetime", in: "query", description: "Exclusive; default now. Same forms as start_datetime.", schema: { type: "string", format: "date-time" } },
            { name: "timezone", in: "query", description: "IANA time zone name; default UTC", schema: { type: "string", examples: ["Europe/Madrid"] } },
            { name: "webhook_id", in: "query", schema: { type: "string", format: "uuid" } },
            { name: "group_by", in: "query", schema: { type: "string", enum: ["status", "webhook_id"], default: "status" } },
          ],
          responses: {
            ...ok("Per-day counts", ref("DailyCounts")),
            ...errors(400, 401, 404),
          },
        },
      },
      "/webhooks/events/retry": {
        post: {
          summary: "Resend events now, or replay every failed event a filter selects (no credits)",
          description:
            "Three forms, exactly one of them: `event_ids` (1–500) makes one manual attempt per event now and answers each outcome; " +
            "`filter` (the filter of GET /events, as JSON) or `since` (every failed event detected since then, optionally of `webhook_id`) " +
            "creates a bulk replay job on the server and answers 202 with it — follow it with GET /replays/{id}. With `dry_run: true` " +
            "nothing is created: the answer is how many failed events would be replayed. Only failed events are replayed, each once; " +
            "the hourly retries keep their 48-hour window.",
          requestBody: {
            required: true,
            content: json({
              type: "object",
              properties: {
                event_ids: { type: "array", items: { type: "string", format: "uuid" }, minItems: 1, maxItems: 500 },
                filter: eventFilterJsonSchema,
                since: { type: "string", examples: ["2026-11-30T08:00:00Z"] },
                webhook_id: { type: "string", format: "uuid", description: "With since only" },
                dry_run: { type: "boolean" },
              },
            }),
          },
          responses: {
            ...ok("Per-event outcomes (`event_ids`), or the dry run's count", { oneOf: [ref("ResendResults"), ref("ReplayPreview")] }),
            "202": { description: "The replay job", content: json(ref("ReplayCreated")) },
            ...errors(400, 401, 404, 409),
          },
        },
      },
      "/replays/{id}": {
        parameters: [idParam],
        get: { summary: "A bulk replay and its progress", responses: { ...ok("The job", ref("ReplayJob")), ...errors(401, 404) } },
      },
      "/replays/{id}/cancel": {
        parameters: [idParam],
        post: {
          summary: "Cancel a running bulk replay (events already handed to delivery still go out)",
          responses: { ...ok("The job", ref("ReplayJob")), ...errors(401, 404, 409) },
        },
      },
      "/audit-log": {
        get: {
          summary: "The team's audit log, newest first (admins, owners and API keys)",
          description:
            "Sign-ins and sensitive changes: secrets revealed and rotated; webhooks created, updated, paused and archived; resends, test sends " +
            "and credits added; API keys created and revoked; members invited, removed or given a new role. Entries are kept 365 days. " +
            "Dates are UTC: `from` (inclusive) and `to` take YYYY-MM-DD (`to` then includes its whole day) or an ISO 8601 date-time " +
            "(`to` then is exclusive), in years 2000–2100. Page with `next_cursor` until it is null.",
          parameters: [
            { name: "action", in: "query", schema: { type: "string", enum: [...AUDIT_ACTION_NAMES] } },
            { name: "actor_id", in: "query", description: "A person's user id or an API key's id", schema: { type: "string" } },
            { name: "from", in: "query", schema: { type: "string", examples: ["2026-11-01"] } },
            { name: "to", in: "query", schema: { type: "string", examples: ["2026-11-30"] } },
            { name: "cursor", in: "query", description: "The previous page's next_cursor", schema: { type: "string" } },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: AUDIT_PAGE_MAX_LIMIT, default: AUDIT_PAGE_DEFAULT_LIMIT } },
          ],
          responses: {
            ...ok("A page of entries", ref("AuditPage")),
            ...errors(400, 401, 403),
          },
        },
      },
      "/credits": {
        get: { summary: "Credit balance", responses: { ...ok("The balance", ref("CreditBalance")), ...errors(401) } },
        post: {
          summary: "Add credits (not_triggered events that still match are triggered, oldest first)",
          requestBody: { required: true, content: json({ type: "object", required: ["amount"], properties: { amount: { type: "integer", minimum: 1 } } }) },
          responses: { ...ok("The new balance and how many events were caught up", ref("CreditTopUp")), ...errors(400, 401) },
        },
      },
    },
  };
}
