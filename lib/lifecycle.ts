// Graceful shutdown, in one place. On SIGTERM or SIGINT the server stops claiming deliveries, lets
// the attempts in flight finish within SHUTDOWN_GRACE_MS (default 10 s), writes their results,
// hands every claimed-but-unsent event back (its lease cleared, so another instance takes it at
// once), answers new cron runs 503, then exits, whatever keep-alive clients it still has: a timer
// ends the process when the grace period is over. State lives on globalThis so route bundles and
// the start-up hook share it.
import { log } from "@/lib/log";

export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

type Drain = () => Promise<void>;
type LifecycleState = {
  stoppingSince: number | null;
  drains: Set<Drain>;
  work: Set<Promise<unknown>>;
  listeners: Set<() => void>;
  isInstalled: boolean;
  shutdown: Promise<void> | null;
};

const globalForLifecycle = globalThis as unknown as { hooklineLifecycle?: LifecycleState };
const state = (globalForLifecycle.hooklineLifecycle ??= {
  stoppingSince: null,
  drains: new Set(),
  work: new Set(),
  listeners: new Set(),
  isInstalled: false,
  shutdown: null,
});

export function shutdownGraceMs(): number {
  const parsed = Number(process.env.SHUTDOWN_GRACE_MS);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : DEFAULT_SHUTDOWN_GRACE_MS;
}

/** True from the moment a shutdown begins: stop claiming new work. */
export function isShuttingDown(): boolean {
  return state.stoppingSince !== null;
}

/** performance.now() at which the process will exit, or null while it is not shutting down. */
export function shutdownDeadline(): number | null {
  return state.stoppingSince === null ? null : state.stoppingSince + shutdownGraceMs();
}

/** Called once, synchronously, when a shutdown begins (to wake loops that wait). Returns an unsubscribe. */
export function onShutdown(listener: () => void): () => void {
  if (isShuttingDown()) {
    listener();
    return () => {};
  }
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

/** A long-running part (the scheduler loop) that shutdown stops and waits for. Returns an unregister. */
export function registerDrain(drain: Drain): () => void {
  state.drains.add(drain);
  return () => state.drains.delete(drain);
}

/** Work in progress (a cron run) that shutdown waits for before the process exits. */
export function trackWork<T>(work: Promise<T>): Promise<T> {
  state.work.add(work);
  const done = () => state.work.delete(work);
  work.then(done, done);
  return work;
}

/**
 * Stops claiming, waits for drains and tracked work (at most the grace period), then runs `close`
 * (the database) with what time is left. Resolves when done; never rejects. Idempotent.
 */
export function beginShutdown(reason: string, close?: () => Promise<void>): Promise<void> {
  if (state.shutdown) return state.shutdown;
  state.stoppingSince = performance.now();
  const graceMs = shutdownGraceMs();
  log.info({ component: "lifecycle", reason, grace_ms: graceMs }, "shutting down: no new claims, finishing deliveries in flight");
  for (const listener of [...state.listeners]) {
    try {
      listener();
    } catch (error) {
      log.error({ component: "lifecycle", err: error }, "shutdown listener failed");
    }
  }
  state.listeners.clear();
  state.shutdown = (async () => {
    // Time is kept at the end to hand back, write, close and exit.
    const deadline = state.stoppingSince! + graceMs - Math.min(1_000, graceMs / 5);
    const settle = (promise: Promise<unknown>) => promise.then(() => undefined, (error) => log.error({ component: "lifecycle", err: error }, "draining failed"));
    const drained = Promise.all([...[...state.drains].map((drain) => settle(drain())), ...[...state.work].map(settle)]);
    const isDrained = await withTimeout(drained, deadline - performance.now());
    if (!isDrained) log.warn({ component: "lifecycle" }, "grace period over with work still in flight; its leases end by themselves");
    if (close) await withTimeout(settle(close()), Math.max(200, state.stoppingSince! + graceMs - 100 - performance.now()));
    log.info({ component: "lifecycle", duration_ms: Math.round(performance.now() - state.stoppingSince!) }, "shutdown complete");
  })();
  return state.shutdown;
}

async function withTimeout(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, ms))));
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Handles SIGTERM and SIGINT in this process: a graceful shutdown, then exit. Handlers already
 * installed (Next's own, unless NEXT_MANUAL_SIG_HANDLE is set) are taken over and run after the
 * drain, so the HTTP server keeps answering (new cron runs get 503) until then. The process exits
 * within the grace period even if sockets stay open.
 */
export function installShutdownHandlers(options: { close?: () => Promise<void> } = {}): void {
  if (state.isInstalled) return;
  state.isInstalled = true;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    const previous = process.listeners(signal);
    for (const listener of previous) process.removeListener(signal, listener);
    process.on(signal, () => {
      if (state.shutdown) return;
      const exitCode = EXIT_CODES[signal];
      // Whatever holds the process (keep-alive sockets, a hung close), it ends on time.
      setTimeout(() => process.exit(exitCode), shutdownGraceMs()).unref();
      void beginShutdown(signal, options.close).then(() => {
        if (previous.length === 0) process.exit(exitCode);
        // Next's handler closes the HTTP server (idle keep-alive sockets included) and exits; a
        // client that keeps its connection busy does not hold the process for long.
        setTimeout(() => process.exit(exitCode), 500).unref();
        for (const listener of previous) (listener as (signal: NodeJS.Signals) => void)(signal);
      });
    });
  }
}
