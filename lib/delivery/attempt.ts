// One delivery attempt of one event: build and sign the request, send it, and work out the event's
// schedule afterwards. Never throws: whatever happens becomes a failed attempt with a reason.
import type { ClaimedEventRow, DeliveryResultRow } from "@/db/queries/delivery";
import { countDelivery } from "@/lib/metrics/metrics";
import { createBatchSecretOpener } from "@/lib/webhooks/secret-box";
import type { HttpOutcome } from "./http-client";
import { buildEventBody, type RecordType } from "./payload";
import { sendSignedRequest } from "./send-signed";
import { scheduleAfterAttempt } from "./retry-policy";

export type DeliveryJob = {
  eventId: string;
  accountId: string;
  webhookId: string;
  leaseId: string;
  trigger: "scheduled" | "manual";
  url: string;
  /** The signing secret in clear ("" when it could not be decrypted: see secretError). */
  secret: string;
  /** Why the stored secret could not be decrypted; the attempt then fails without sending. */
  secretError: string | null;
  /** The secret before a rotation, still signing during its grace period (a second v1 signature). */
  previousSecret?: string | null;
  type: RecordType;
  detectedAt: Date;
  firstFailedAt: Date | null;
  /** next_attempt_at before the claim (ISO), restored if the job is handed back unsent. */
  dueAt: string | null;
  data: unknown;
  /** performance.now() after which the lease may have ended: an attempt must finish before it. */
  leaseDeadline: number;
  /** scheme://host:port, the unit of per-destination fairness; null for a URL that cannot be sent to. */
  origin: string | null;
  /** The attempt the claim recorded as started ("outcome unknown"), completed by the result; null for resends. */
  attemptId: number | null;
};

export type AttemptSettings = {
  now: () => Date;
  timeoutMs: number;
  allowPrivateUrls: boolean;
};
export type AttemptResult = { job: DeliveryJob; outcome: HttpOutcome; row: DeliveryResultRow };

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : null;
  } catch {
    return null;
  }
}

type LeaseInfo = { leaseId: string; leaseDeadline: number; trigger: DeliveryJob["trigger"] };

/**
 * The jobs of one claim. Claimed rows carry their webhook's secret as stored (encrypted): each
 * webhook's is decrypted once per batch, not once per event.
 */
export function jobsFromClaim(rows: readonly ClaimedEventRow[], lease: LeaseInfo): DeliveryJob[] {
  if (rows.length === 0) return [];
  const openSecret = createBatchSecretOpener();
  return rows.map((row) => {
    const opened = openSecret(row.secret, row.webhook_id);
    const job = jobFromClaim(row, lease, opened.secret ?? "", opened.error);
    // An unreadable previous secret only loses its signature; the current one still signs.
    if (row.previous_secret) job.previousSecret = openSecret(row.previous_secret, row.webhook_id).secret;
    return job;
  });
}

function jobFromClaim(row: ClaimedEventRow, lease: LeaseInfo, secret: string, secretError: string | null): DeliveryJob {
  return {
    eventId: row.id,
    accountId: row.account_id,
    webhookId: row.webhook_id,
    leaseId: lease.leaseId,
    trigger: lease.trigger,
    url: row.url,
    secret,
    secretError,
    type: row.type,
    detectedAt: toDate(row.detected_at),
    firstFailedAt: row.first_failed_at === null ? null : toDate(row.first_failed_at),
    dueAt: row.due_at === null ? null : toDate(row.due_at).toISOString(),
    data: row.data,
    leaseDeadline: lease.leaseDeadline,
    origin: originOf(row.url),
    attemptId: row.attempt_id === null ? null : Number(row.attempt_id),
  };
}

/**
 * The body of an event's request. Deterministic in what the event and its record hold, so the event
 * view rebuilds the exact bytes that were signed ("Copy as cURL"); `data` is the record's JSON text
 * as PostgreSQL prints it.
 */
export function eventBodyOf(event: { eventId: string; type: RecordType; detectedAt: Date; webhookId: string; data: unknown }): string {
  return buildEventBody({ eventId: event.eventId, type: event.type, detectedAt: event.detectedAt, webhookId: event.webhookId, data: event.data });
}

export async function attemptDelivery(job: DeliveryJob, settings: AttemptSettings): Promise<AttemptResult> {
  const startedAt = settings.now();
  const body = eventBodyOf(job);
  const { headers, outcome } = await sendSignedRequest({
    url: job.url,
    eventId: job.eventId,
    body,
    secret: job.secret,
    secretError: job.secretError,
    previousSecret: job.previousSecret,
    sentAt: new Date(),
    invalidSecretMessage: "The webhook's signing secret is not a valid whsec_ key; rotate it",
    timeoutMs: settings.timeoutMs,
    allowPrivateUrls: settings.allowPrivateUrls,
  });
  countDelivery(outcome);
  const schedule = scheduleAfterAttempt({
    isSuccess: outcome.isSuccess,
    firstFailedAt: job.firstFailedAt,
    attemptAt: startedAt,
    eventId: job.eventId,
    responseStatus: outcome.statusCode,
    retryAfter: outcome.retryAfter,
  });
  const row: DeliveryResultRow = {
    event_id: job.eventId,
    attempt_id: job.attemptId,
    lease_id: job.leaseId,
    account_id: job.accountId,
    webhook_id: job.webhookId,
    trigger: job.trigger,
    url: job.url,
    started_at: startedAt.toISOString(),
    finished_at: new Date(startedAt.getTime() + outcome.durationMs).toISOString(),
    duration_ms: outcome.durationMs,
    request_headers: headers,
    response_status: outcome.statusCode,
    response_body: outcome.responseBody,
    response_headers: outcome.responseHeaders,
    error_code: outcome.errorCode,
    error_message: outcome.errorMessage,
    is_success: outcome.isSuccess,
    first_failed_at: schedule.firstFailedAt?.toISOString() ?? null,
    next_attempt_at: schedule.nextAttemptAt?.toISOString() ?? null,
    next_attempt_reason: schedule.reason,
  };
  return { job, outcome, row };
}
