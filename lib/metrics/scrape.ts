// What GET /api/metrics answers: the process's counters (lib/metrics/metrics.ts) plus gauges read at
// scrape time — the due backlog and the oldest due event's age, and the running replay jobs with the
// events they have left (cheap queries, the same figures on every instance: take max() across
// instances, not sum()), and this instance's database pool.
import client from "prom-client";
import type { PoolStats } from "@/db/client";
import type { Db } from "@/db/client";
import { readDueBacklog, readReplayBacklog } from "@/db/queries/metrics";
import { log } from "@/lib/log";
import { metrics } from "./metrics";

/** The due count stops here (the query reads at most this many index entries). */
export const DUE_BACKLOG_CAP = 100_000;

type ScrapeState = {
  dueEvents: client.Gauge;
  dueCapped: client.Gauge;
  oldestDueAge: client.Gauge;
  pool: client.Gauge<"state">;
  replayJobs: client.Gauge<"state">;
  replayEventsRemaining: client.Gauge;
  scrapeErrors: client.Counter;
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
    replayJobs: new client.Gauge({ name: "hookline_replay_jobs", help: "Replay jobs by state (running)", labelNames: ["state"] as const, registers }),
    replayEventsRemaining: new client.Gauge({
      name: "hookline_replay_events_remaining",
      help: "Events of running replay jobs not replayed yet (waiting, or sent and awaiting their outcome)",
      registers,
    }),
    scrapeErrors: new client.Counter({
      name: "hookline_metrics_scrape_errors_total",
      help: "Scrapes whose database figures could not be read (the rest is still answered)",
      registers,
    }),
  };
  globalForScrape.hooklineMetricsScrape = state;
  return state;
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
    const replay = await readReplayBacklog(input.db);
    state.replayJobs.set({ state: "running" }, replay.runningJobs);
    state.replayEventsRemaining.set(replay.remainingEvents);
  } catch (error) {
    state.scrapeErrors.inc();
    log.warn({ component: "metrics", err: error }, "reading the due backlog and replay jobs for /api/metrics failed");
  }
  const pool = input.poolStats?.();
  if (pool) {
    state.pool.set({ state: "in_use" }, pool.total - pool.idle);
    state.pool.set({ state: "idle" }, pool.idle);
    state.pool.set({ state: "waiting" }, pool.waiting);
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}
