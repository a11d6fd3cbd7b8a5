// What GET /api/metrics answers: the process's counters (lib/metrics/metrics.ts) plus gauges read at
// scrape time — the due backlog and the oldest due event's age (one cheap query, the same figure on
// every instance: take max() across instances, not sum()), the database pool, and replay jobs.
import client from "prom-client";
import type { PoolStats } from "@/db/client";
import type { Db } from "@/db/client";
import { readDueBacklog } from "@/db/queries/metrics";
import { log } from "@/lib/log";
import { metrics } from "./metrics";

/** The due count stops here (the query reads at most this many index entries). */
export const DUE_BACKLOG_CAP = 100_000;

/** Replay jobs by state. Until replay jobs exist (issue 17), nothing registers a source and the gauge reads 0. */
export type ReplayJobsSource = (db: Db) => Promise<Partial<Record<"queued" | "running", number>>>;

type ScrapeState = {
  dueEvents: client.Gauge;
  dueCapped: client.Gauge;
  oldestDueAge: client.Gauge;
  pool: client.Gauge<"state">;
  replayJobs: client.Gauge<"state">;
  scrapeErrors: client.Counter;
  replaySource: ReplayJobsSource | null;
};

const globalForScrape = globalThis as unknown as { hooklineMetricsScrape?: ScrapeState };

function scrapeState(): ScrapeState {
  if (globalForScrape.hooklineMetricsScrape) return globalForScrape.hooklineMetricsScrape;
  const registers = [metrics().registry];
  const state: ScrapeState = {
    dueEvents: new client.Gauge({ name: "hookline_due_events", help: `Events due now and not leased (counted up to ${DUE_BACKLOG_CAP})`, registers }),
    dueCapped: new client.Gauge({ name: "hookline_due_events_capped", help: "1 when hookline_due_events stopped at its cap", registers }),
    oldestDueAge: new client.Gauge({
      name: "hookline_oldest_due_event_age_seconds",
      help: "How long the oldest due event has been due (0 when nothing is due)",
      registers,
    }),
    pool: new client.Gauge({
      name: "hookline_db_pool_connections",
      help: "PostgreSQL pool of this instance: in_use, idle, and waiting (requests queued for a connection)",
      labelNames: ["state"] as const,
      registers,
    }),
    replayJobs: new client.Gauge({ name: "hookline_replay_jobs", help: "Replay jobs by state", labelNames: ["state"] as const, registers }),
    scrapeErrors: new client.Counter({
      name: "hookline_metrics_scrape_errors_total",
      help: "Scrapes whose database figures could not be read (the rest is still answered)",
      registers,
    }),
    replaySource: null,
  };
  globalForScrape.hooklineMetricsScrape = state;
  return state;
}

/** Replay jobs (issue 17) call this once with a reader of their table. */
export function setReplayJobsSource(source: ReplayJobsSource): void {
  scrapeState().replaySource = source;
}

export type ScrapeInput = { db: Db; poolStats?: () => PoolStats };

/** The Prometheus text exposition, with the database figures read now. */
export async function renderMetrics(input: ScrapeInput): Promise<{ contentType: string; body: string }> {
  const state = scrapeState();
  const { registry } = metrics();
  try {
    const backlog = await readDueBacklog(input.db, DUE_BACKLOG_CAP);
    state.dueEvents.set(backlog.due);
    state.dueCapped.set(backlog.isCapped ? 1 : 0);
    state.oldestDueAge.set(backlog.oldestDueAgeSeconds);
    const replay = state.replaySource ? await state.replaySource(input.db) : {};
    state.replayJobs.set({ state: "queued" }, replay.queued ?? 0);
    state.replayJobs.set({ state: "running" }, replay.running ?? 0);
  } catch (error) {
    state.scrapeErrors.inc();
    log.warn({ component: "metrics", err: error }, "reading the due backlog for /api/metrics failed");
  }
  const pool = input.poolStats?.();
  if (pool) {
    state.pool.set({ state: "in_use" }, pool.total - pool.idle);
    state.pool.set({ state: "idle" }, pool.idle);
    state.pool.set({ state: "waiting" }, pool.waiting);
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}
