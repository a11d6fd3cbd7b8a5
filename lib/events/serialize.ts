// Events and attempts as the API and the dashboard send them: snake_case, ISO date strings.
import type { z } from "zod";
import type { AttemptRow, EventRow, WebhookEventStats } from "@/db/queries/events";
import type {
  attemptResponseSchema,
  eventResponseSchema,
  eventWithAttemptsResponseSchema,
  webhookEventStatsResponseSchema,
} from "@/lib/api/schemas/event";
import { EVENT_TYPES } from "@/lib/event-types";

// The shapes are the zod schemas of lib/api/schemas/event.ts; the response test parses real answers with them.
export type EventJson = z.output<typeof eventResponseSchema>;
export type AttemptJson = z.output<typeof attemptResponseSchema>;
export type EventWithAttemptsJson = z.output<typeof eventWithAttemptsResponseSchema>;
export type WebhookEventStatsJson = z.output<typeof webhookEventStatsResponseSchema>;

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
