// "Send test event" (SPEC §6, §7): a signed sample event to any URL, through the same client, SSRF
// guard and timeout as real deliveries. Its body says it is a test (`"type": "webhook.test"`, a
// sample record in `data`), so a receiver never imports it as a record. Nothing in the events table
// changes (no event, no credit, no usage); with an account the attempt is kept with trigger "test".
import type { z } from "zod";
import type { testEventResponseSchema } from "@/lib/api/schemas/test-event";
import { randomUUID } from "node:crypto";
import { getDb, type DbOrTx } from "@/db/client";
import { insertAttempts, listWebhookTestSends } from "@/db/queries/attempts";
import { findWebhookSigningTarget } from "@/db/queries/delivery";
import { notFound } from "@/lib/errors";
import { recordAudit, type AuditWho } from "@/lib/audit/record";
import { openWebhookSecret, SecretUnreadableError } from "@/lib/webhooks/secret-box";
import type { EventType as EventTypeName } from "@/lib/event-types";
import { allowPrivateUrls, deliveryTimeoutMs } from "./config";
import { buildEventBody } from "./payload";
import { sendSignedRequest } from "./send-signed";

export type TestEventInput = {
  url: string;
  event_type: EventTypeName;
  /** Signs with this secret; else the saved webhook's (with accountId and webhookId); else a throwaway one. */
  secret?: string;
  /** Records the attempt (trigger "test") for this account. */
  accountId?: string;
  webhookId?: string;
};

export type TestEventResult = z.output<typeof testEventResponseSchema>;

export type TestEventOptions = {
  db?: DbOrTx;
  timeoutMs?: number;
  allowPrivateUrls?: boolean;
  /** Who asks: the test send is recorded in the audit log once made. */
  audit?: AuditWho;
};

/** Stands in for webhook_id when the webhook is not saved yet. */
export const UNSAVED_WEBHOOK_ID = "00000000-0000-0000-0000-000000000000";

/** The `type` of a test send's body. */
export const TEST_EVENT_TYPE = "webhook.test";

export function sampleRecord(eventType: EventTypeName): Record<string, unknown> {
  if (eventType === "company.new") {
    return {
      external_id: "test-company-1",
      name: "Hookline Test Company",
      domain: "example.com",
      country_code: "ES",
      industry: "Software",
      employee_count: 120,
      technologies: ["postgresql", "next.js"],
    };
  }
  return {
    external_id: "test-job-1",
    title: "Senior Data Engineer (test event)",
    company_name: "Hookline Test Company",
    company_domain: "example.com",
    country_code: "ES",
    location: "Madrid, Spain",
    remote: true,
    seniority: "senior",
    min_annual_salary_usd: 70000,
    max_annual_salary_usd: 95000,
    date_posted: new Date().toISOString().slice(0, 10),
    url: "https://example.com/jobs/test-job-1",
  };
}

export async function sendTestEvent(input: TestEventInput, options: TestEventOptions = {}): Promise<TestEventResult> {
  let secret = input.secret;
  let secretError: string | null = null;
  if (input.accountId && input.webhookId) {
    const db = options.db ?? (await getDb());
    const webhook = await findWebhookSigningTarget(db, input.accountId, input.webhookId);
    if (!webhook) throw notFound("Webhook");
    if (secret === undefined) {
      try {
        secret = openWebhookSecret(webhook.secret, webhook.id);
      } catch (error) {
        if (!(error instanceof SecretUnreadableError)) throw error;
        secretError = error.message;
      }
    }
  }
  secret ??= `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64")}`;

  const eventId = randomUUID();
  const startedAt = new Date();
  const body = buildEventBody({
    eventId,
    type: input.event_type === "company.new" ? "company" : "job",
    typeName: TEST_EVENT_TYPE,
    detectedAt: startedAt,
    webhookId: input.webhookId ?? UNSAVED_WEBHOOK_ID,
    data: sampleRecord(input.event_type),
  });
  const { headers, outcome } = await sendSignedRequest({
    url: input.url,
    eventId,
    body,
    secret,
    secretError,
    sentAt: startedAt,
    invalidSecretMessage: "The signing secret is not a valid whsec_ key",
    timeoutMs: options.timeoutMs ?? deliveryTimeoutMs(),
    allowPrivateUrls: options.allowPrivateUrls ?? allowPrivateUrls(),
  });

  if (input.accountId) {
    const db = options.db ?? (await getDb());
    await insertAttempts(db, [
      {
        accountId: input.accountId,
        webhookId: input.webhookId ?? null,
        eventId: null,
        trigger: "test",
        url: input.url,
        startedAt,
        durationMs: outcome.durationMs,
        requestHeaders: headers,
        responseStatus: outcome.statusCode,
        responseBody: outcome.responseBody,
        responseHeaders: outcome.responseHeaders,
        errorCode: outcome.errorCode,
        errorMessage: outcome.errorMessage,
        isSuccess: outcome.isSuccess,
      },
    ]);
  }
  const result: TestEventResult = {
    ok: outcome.isSuccess,
    status_code: outcome.statusCode,
    message: outcome.isSuccess ? `Delivered: the endpoint answered HTTP ${outcome.statusCode}` : (outcome.errorMessage ?? "Failed"),
    duration_ms: outcome.durationMs,
    error_code: outcome.errorCode,
    response_body: outcome.responseBody,
    response_headers: outcome.responseHeaders,
  };
  if (options.audit) {
    await recordAudit(options.db ?? (await getDb()), options.audit, {
      action: "webhook.test_sent",
      target: input.webhookId ? { type: "webhook", id: input.webhookId } : undefined,
      details: { url: input.url, event_type: input.event_type, ok: result.ok, status_code: result.status_code, error_code: result.error_code },
    });
  }
  return result;
}

/** A test send as the webhook's history lists it: never an event, never a credit, never in usage. */
export type TestSendJson = {
  id: number;
  url: string;
  started_at: string;
  duration_ms: number;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
  error_code: string | null;
  error_message: string | null;
  is_success: boolean;
};

/** How many of a webhook's latest test sends its page lists. */
export const TEST_SENDS_LISTED = 10;

export async function listTestSends(db: DbOrTx, accountId: string, webhookId: string): Promise<TestSendJson[]> {
  const rows = await listWebhookTestSends(db, { accountId, webhookId, limit: TEST_SENDS_LISTED });
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    started_at: row.startedAt.toISOString(),
    duration_ms: row.durationMs,
    response_status: row.responseStatus,
    response_headers: row.responseHeaders,
    response_body: row.responseBody,
    error_code: row.errorCode,
    error_message: row.errorMessage,
    is_success: row.isSuccess,
  }));
}
