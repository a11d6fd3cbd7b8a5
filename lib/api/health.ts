// What GET /api/health answers: `{status}` ("ok", or "degraded" with a 503 when the database does
// not answer within HEALTH_DB_TIMEOUT_MS), and the event loop's delay, so a blocked server shows
// before it stops answering. The database's own error goes to the log, never to the caller: it can
// name hosts, users and addresses.
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { log } from "@/lib/log";

export const HEALTH_DB_TIMEOUT_MS = 2_000;
/** The delay figures cover the last completed window of this length (the current one until then). */
export const EVENT_LOOP_WINDOW_MS = 10_000;

type DelayFigures = { p50_ms: number; p99_ms: number; max_ms: number; window_ms: number };

type Monitor = { histogram: IntervalHistogram; last: DelayFigures | null; windowStarted: number };

const globalForHealth = globalThis as unknown as { hooklineEventLoopMonitor?: Monitor };

const toMs = (nanoseconds: number) => Math.round((Number.isFinite(nanoseconds) ? nanoseconds : 0) / 1e4) / 100;

function figuresOf(histogram: IntervalHistogram, windowMs: number): DelayFigures {
  if (histogram.count === 0) return { p50_ms: 0, p99_ms: 0, max_ms: 0, window_ms: windowMs };
  return { p50_ms: toMs(histogram.percentile(50)), p99_ms: toMs(histogram.percentile(99)), max_ms: toMs(histogram.max), window_ms: windowMs };
}

/** Starts sampling the event loop's delay (once per process; later calls return the same monitor). */
export function startEventLoopMonitor(): Monitor {
  const existing = globalForHealth.hooklineEventLoopMonitor;
  if (existing) return existing;
  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  const monitor: Monitor = { histogram, last: null, windowStarted: Date.now() };
  const timer = setInterval(() => {
    monitor.last = figuresOf(histogram, Date.now() - monitor.windowStarted);
    histogram.reset();
    monitor.windowStarted = Date.now();
  }, EVENT_LOOP_WINDOW_MS);
  timer.unref();
  globalForHealth.hooklineEventLoopMonitor = monitor;
  return monitor;
}

export function eventLoopDelay(): DelayFigures {
  const monitor = startEventLoopMonitor();
  return monitor.last ?? figuresOf(monitor.histogram, Date.now() - monitor.windowStarted);
}

export type HealthReport = {
  status: "ok" | "degraded";
  checks: { database: "ok" | "unreachable" };
  event_loop_delay: DelayFigures;
};

let lastFailureLoggedAt = 0;

/** Runs `pingDatabase` within `timeoutMs`; a failure or a timeout is "degraded", never its error text. */
export async function checkHealth(
  pingDatabase: () => Promise<unknown>,
  options: { timeoutMs?: number } = {},
): Promise<{ httpStatus: 200 | 503; report: HealthReport }> {
  const timeoutMs = options.timeoutMs ?? HEALTH_DB_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  let database: HealthReport["checks"]["database"] = "ok";
  try {
    await Promise.race([pingDatabase(), timeout]);
  } catch (error) {
    database = "unreachable";
    // A load balancer asks every few seconds: one line per 30 s is enough to see an outage.
    if (Date.now() - lastFailureLoggedAt > 30_000) {
      lastFailureLoggedAt = Date.now();
      log.warn({ err: error }, "health check: the database does not answer");
    }
  } finally {
    clearTimeout(timer);
  }
  const status = database === "ok" ? "ok" : "degraded";
  return {
    httpStatus: status === "ok" ? 200 : 503,
    report: { status, checks: { database }, event_loop_delay: eventLoopDelay() },
  };
}
