// Events and attempts as the API and the dashboard send them: snake_case, ISO date strings.
import type { AttemptRow, EventRow, RetryState, WebhookEventStats } from "@/db/queries/events";
import type { EventStatusName } from "@/lib/event-status";

import { EVENT_TYPES, type EventType } from "@/lib/event-types";

export type EventJson = {
  id: string;
  webhook_id: string;
  type: EventType;
  status: EventStatusName;
  /**
   * Failed events only (null otherwise): "retrying" while an attempt is scheduled, or while parked on a
   * paused webhook within its 48-hour window; "exhausted" once no attempt will follow.
   */
  retry_state: RetryState | null;
  record: Record<string, unknown>;
  /** Job title or company name, for lists. */
  record_title: string;
  /** Company name of a job or domain of a company, for lists. */
  record_subtitle: string | null;
  detected_at: string;
  triggered_at: string | null;
  attempt_count: number;
  next_attempt_at: string | null;
  first_failed_at: string | null;
  last_attempt_at: string | null;
  last_response_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
};

export type AttemptJson = {
  id: number;
  trigger: "scheduled" | "manual" | "test";
  url: string;
  started_at: string;
  duration_ms: number;
  request_headers: Record<string, string>;
  response_status: number | null;
  response_body: string | null;
  /** The response's headers (lower-case names, at most 50, values cut to 1 KiB); null without a response. */
  response_headers: Record<string, string> | null;
  error_code: string | null;
  error_message: string | null;
  is_success: boolean;
  /** Why the event's next attempt was scheduled when it was (hourly slot and jitter, Retry-After…); null after a success. */
  next_attempt_reason: string | null;
};

export type EventWithAttemptsJson = EventJson & { attempts: AttemptJson[] };

export type WebhookEventStatsJson = {
  counts: Record<EventStatusName, number>;
  /** counts.failed split by retry state. */
  failed_by_retry_state: Record<RetryState, number>;
  total: number;
  success_rate: number | null;
  p50_latency_ms: number | null;
  p95_latency_ms: number | null;
  last_success_at: string | null;
  last_failure: { at: string; response_status: number | null; error_code: string | null; error_message: string | null } | null;
  next_retry_at: string | null;
};

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function serializeEvent(event: EventRow): EventJson {
  return {
    id: event.id,
    webhook_id: event.webhookId,
    type: EVENT_TYPES[event.type],
    status: event.status,
    retry_state: event.status === "failed" ? event.retryState : null,
    record: event.record,
    record_title: event.recordTitle,
    record_subtitle: event.recordSubtitle,
    detected_at: event.detectedAt.toISOString(),
    triggered_at: iso(event.triggeredAt),
    attempt_count: event.attemptCount,
    // A claimed in_progress event carries its lease end here; only a failed event has a real next attempt.
    next_attempt_at: event.status === "failed" ? iso(event.nextAttemptAt) : null,
    first_failed_at: iso(event.firstFailedAt),
    last_attempt_at: iso(event.lastAttemptAt),
    last_response_status: event.lastResponseStatus,
    last_error: event.lastError,
    delivered_at: iso(event.deliveredAt),
  };
}

export function serializeAttempt(attempt: AttemptRow): AttemptJson {
  return {
    id: attempt.id,
    trigger: attempt.trigger,
    url: attempt.url,
    started_at: attempt.startedAt.toISOString(),
    duration_ms: attempt.durationMs,
    request_headers: attempt.requestHeaders,
    response_status: attempt.responseStatus,
    response_body: attempt.responseBody,
    response_headers: attempt.responseHeaders,
    error_code: attempt.errorCode,
    error_message: attempt.errorMessage,
    is_success: attempt.isSuccess,
    next_attempt_reason: attempt.nextAttemptReason,
  };
}

export function serializeEventStats(stats: WebhookEventStats): WebhookEventStatsJson {
  return {
    counts: stats.counts,
    failed_by_retry_state: stats.failedByRetryState,
    total: stats.total,
    success_rate: stats.successRate,
    p50_latency_ms: stats.p50LatencyMs,
    p95_latency_ms: stats.p95LatencyMs,
    last_success_at: iso(stats.lastSuccessAt),
    last_failure: stats.lastFailure
      ? {
          at: stats.lastFailure.at.toISOString(),
          response_status: stats.lastFailure.responseStatus,
          error_code: stats.lastFailure.errorCode,
          error_message: stats.lastFailure.errorMessage,
        }
      : null,
    next_retry_at: iso(stats.nextRetryAt),
  };
}
