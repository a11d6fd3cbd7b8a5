// Next.js start-up hook for long-running servers (next dev, next start): the delivery loop runs in
// the server unless SCHEDULER=off (then GET /api/cron/deliver does it, see vercel.json), and the
// demo account is seeded and fed when demo mode is on. A production server without its sign-in
// settings or its encryption key, or with a guessable API_KEY, refuses to start. Signing secrets
// still in plaintext are encrypted before anything else runs. The event loop's delay is sampled
// from the start, for /api/health. SIGTERM and SIGINT end the server gracefully (lib/lifecycle.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { PHASE_PRODUCTION_BUILD } = await import("next/constants");
    if (process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD) return;
    const { log } = await import("./lib/log");
    const { startupProblems } = await import("./lib/auth/config");
    const { retentionConfigProblems } = await import("./lib/retention/retention");
    const problems = [...startupProblems(), ...retentionConfigProblems()];
    if (problems.length > 0) {
      for (const problem of problems) log.fatal({ component: "config" }, problem);
      log.fatal({ component: "config" }, "refusing to start; see README.md, Environment variables");
      process.exit(1);
    }
    // SIGTERM/SIGINT: stop claiming, finish deliveries in flight, hand back the rest, exit within
    // SHUTDOWN_GRACE_MS (lib/lifecycle.ts). Next's own handlers run after the drain.
    const { installShutdownHandlers } = await import("./lib/lifecycle");
    const { closeDb } = await import("./db/client");
    installShutdownHandlers({ close: closeDb });
    const { startEventLoopMonitor } = await import("./lib/api/health");
    startEventLoopMonitor();
    const { prepareSigningSecrets } = await import("./lib/webhooks/secret-startup");
    await prepareSigningSecrets();
    const scheduler = (process.env.SCHEDULER ?? "internal").trim().toLowerCase();
    if (scheduler !== "off") {
      if (scheduler !== "internal") log.warn({ component: "scheduler" }, `unknown SCHEDULER=${scheduler}; running the internal scheduler`);
      const { startDeliveryScheduler } = await import("./lib/delivery/scheduler");
      startDeliveryScheduler();
    }
    const { startDemo } = await import("./lib/demo/start");
    await startDemo();
  }
}
