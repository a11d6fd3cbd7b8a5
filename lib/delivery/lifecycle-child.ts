// Test helper run as a child process by shutdown.test.ts: a server process as `next start` runs it,
// minus Next. It serves the cron route and GET /api/v1/webhooks over real HTTP on 127.0.0.1, runs the
// built-in scheduler when LIFE_SCHEDULER=on, and handles SIGTERM the way instrumentation.ts sets it
// up: a Next-like handler (close the server, exit 143) taken over by installShutdownHandlers.
// Settings come from the environment (LIFE_*, SHUTDOWN_GRACE_MS, CRON_SECRET, DATABASE_URL).
import http from "node:http";
import { Readable } from "node:stream";
import { closeDb, getDb } from "@/db/client";
import { GET as cronDeliver } from "@/app/api/cron/deliver/route";
import { GET as listWebhooks } from "@/app/api/v1/webhooks/route";
import { installShutdownHandlers } from "@/lib/lifecycle";
import { startDeliveryScheduler } from "./scheduler";

await getDb();

const server = http.createServer((req, res) => {
  serve(req, res).catch((error: unknown) => {
    process.stderr.write(`child: request failed: ${(error as Error)?.stack ?? String(error)}\n`);
    if (!res.headersSent) res.writeHead(599);
    res.end();
  });
});

async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = `http://127.0.0.1${req.url ?? "/"}`;
  const request = new Request(url, {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream),
    duplex: "half",
  } as RequestInit);
  const path = new URL(url).pathname;
  const context = { params: Promise.resolve({}) };
  const response =
    path === "/api/cron/deliver"
      ? await cronDeliver(request, context)
      : path === "/api/v1/webhooks"
        ? await listWebhooks(request, context)
        : Response.json({ error: { code: "not_found", message: "no such route" } }, { status: 404 });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}
server.keepAliveTimeout = 60_000;

// What Next's start-server does on a signal (unless NEXT_MANUAL_SIG_HANDLE is set).
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(143));
    server.closeIdleConnections();
  });
}
installShutdownHandlers({ close: closeDb });

if (process.env.LIFE_SCHEDULER === "on") {
  startDeliveryScheduler({
    intervalMs: 200,
    cycle: {
      accountId: process.env.LIFE_ACCOUNT_ID,
      timeoutMs: Number(process.env.LIFE_TIMEOUT_MS ?? 5_000),
      perHostConcurrency: Number(process.env.LIFE_PER_HOST ?? 8),
      perWebhookConcurrency: Number(process.env.LIFE_PER_HOST ?? 8),
      leaseMs: process.env.LIFE_LEASE_MS ? Number(process.env.LIFE_LEASE_MS) : undefined,
    },
  });
}

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`ready ${typeof address === "object" && address ? address.port : 0}\n`);
});
