// Prometheus metrics (GET /api/metrics, behind METRICS_TOKEN), with prom-client. One registry per
// process, kept on globalThis: the start-up hook, the delivery loop and every route bundle count
// into the same series. Labels are bounded sets (outcome, reason, record type, status): never a
// webhook, event or team id, so the series count stays the same however many teams there are.
// Counters live here; gauges that describe the database (due backlog, oldest due event, pool) are
// read when Prometheus scrapes (lib/metrics/scrape.ts), so they cost nothing between scrapes.
import client from "prom-client";
import type { HttpOutcome } from "@/lib/delivery/http-client";

/** The five outcomes of an attempt (`reason` keeps its machine-readable error code). */
export type DeliveryOutcome = "success" | "http_error" | "timeout" | "connection" | "refused";

/** Every error code an attempt can end with (lib/delivery/http-client.ts, attempt.ts); anything else counts as "other". */
const KNOWN_REASONS = new Set([
  "http_error",
  "redirect",
  "timeout",
  "connection_refused",
  "connection_reset",
  "dns",
  "unreachable",
  "tls",
  "network_error",
  "internal_error",
  "blocked_address",
  "invalid_url",
  "invalid_secret",
]);

/**
 * success: a 2xx. http_error: the endpoint answered with another status (redirects included).
 * timeout: no full answer within DELIVERY_TIMEOUT_MS. refused: Hookline refused to send (a private
 * address or port not allowed, a URL it cannot request, a secret it cannot decrypt) — fix the
 * webhook, not the endpoint. connection: everything else on the way (refused or reset connections,
 * DNS, TLS, unreachable networks).
 */
export function deliveryOutcomeOf(outcome: Pick<HttpOutcome, "isSuccess" | "statusCode" | "errorCode">): DeliveryOutcome {
  if (outcome.isSuccess) return "success";
  if (outcome.statusCode !== null) return "http_error";
  switch (outcome.errorCode) {
    case "timeout":
      return "timeout";
    case "blocked_address":
    case "invalid_url":
    case "invalid_secret":
      return "refused";
    default:
      return "connection";
  }
}

function createMetrics() {
  const registry = new client.Registry();
  // Process CPU and memory, and the event loop's delay (nodejs_eventloop_lag_p50_seconds, _p99_seconds, …).
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const registers = [registry];
  return {
    registry,
    deliveries: new client.Counter({
      name: "hookline_deliveries_total",
      help: "Delivery attempts finished, by outcome (success, http_error, timeout, connection, refused) and error code",
      labelNames: ["outcome", "reason"] as const,
      registers,
    }),
    deliveryDuration: new client.Histogram({
      name: "hookline_delivery_duration_seconds",
      help: "Time from an attempt's request to its answer (or failure), by outcome",
      labelNames: ["outcome"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
      registers,
    }),
    claimBatchSize: new client.Histogram({
      name: "hookline_claim_batch_size",
      help: "Due events taken by each claim of a delivery run (empty claims included)",
      buckets: [0, 1, 5, 10, 25, 50, 100, 150, 200, 500],
      registers,
    }),
    recordsIngested: new client.Counter({
      name: "hookline_ingest_records_total",
      help: "Records received by the ingest API, by type and whether they were new or duplicates",
      labelNames: ["type", "result"] as const,
      registers,
    }),
    eventsCreated: new client.Counter({
      name: "hookline_events_created_total",
      help: "Events created by ingest and by webhook detection, by status (in_progress = triggered, not_triggered = no credits)",
      labelNames: ["status"] as const,
      registers,
    }),
    creditsDebited: new client.Counter({
      name: "hookline_credits_debited_total",
      help: "Credits debited: one per triggered event (ingest, detection, catch-up and manual triggers)",
      registers,
    }),
    retentionDeleted: new client.Counter({
      name: "hookline_retention_rows_total",
      help: "Rows removed by retention: events and attempts deleted, attempt bodies trimmed",
      labelNames: ["what"] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { hooklineMetrics?: Metrics };

export function metrics(): Metrics {
  return (globalForMetrics.hooklineMetrics ??= createMetrics());
}

/** One finished attempt (called for scheduled runs, cron runs and resends alike). */
export function countDelivery(outcome: Pick<HttpOutcome, "isSuccess" | "statusCode" | "errorCode" | "durationMs">): void {
  const m = metrics();
  const kind = deliveryOutcomeOf(outcome);
  const reason = kind === "success" ? "" : KNOWN_REASONS.has(outcome.errorCode ?? "") ? outcome.errorCode! : "other";
  m.deliveries.inc({ outcome: kind, reason });
  m.deliveryDuration.observe({ outcome: kind }, Math.max(0, outcome.durationMs) / 1000);
}

export function countClaim(size: number): void {
  metrics().claimBatchSize.observe(size);
}

export function countIngest(type: string, counts: { new: number; duplicate: number }): void {
  const m = metrics();
  if (counts.new > 0) m.recordsIngested.inc({ type, result: "new" }, counts.new);
  if (counts.duplicate > 0) m.recordsIngested.inc({ type, result: "duplicate" }, counts.duplicate);
}

export function countEventsCreated(counts: { events_triggered: number; events_not_triggered: number }): void {
  const m = metrics();
  if (counts.events_triggered > 0) m.eventsCreated.inc({ status: "in_progress" }, counts.events_triggered);
  if (counts.events_not_triggered > 0) m.eventsCreated.inc({ status: "not_triggered" }, counts.events_not_triggered);
}

export function countCreditsDebited(amount: number): void {
  if (amount > 0) metrics().creditsDebited.inc(amount);
}

export function countRetention(what: "events" | "attempts" | "attempt_bodies", rows: number): void {
  if (rows > 0) metrics().retentionDeleted.inc({ what }, rows);
}
