// A real HTTP receiver on 127.0.0.1 for delivery tests: it records every request, verifies its
// signature with both `standardwebhooks` and `svix` when given the webhook's secret, and answers the
// way a test asks: ok, any status, hang, reset the connection, redirect, an endless body, or slowly.
import http from "node:http";
import { afterEach } from "vitest";
import type { AddressInfo, Socket } from "node:net";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";

export type ReceiverMode =
  | { kind: "ok"; status?: number; body?: string }
  | { kind: "status"; status: number; body?: string; headers?: Record<string, string> }
  /** Reads the request and never answers (until the receiver closes). */
  | { kind: "hang" }
  /** Reads the request and destroys the connection without an answer. */
  | { kind: "reset" }
  | { kind: "redirect"; status?: number; location?: string }
  /** 200 with a body that never ends (chunks until the client goes away). */
  | { kind: "endless"; status?: number }
  | { kind: "slow"; delayMs: number; status?: number };

export type ReceivedRequest = {
  index: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Date.now() when the request was fully read. */
  receivedAt: number;
  webhookId: string | undefined;
  /** null when the receiver has no secret to verify with. */
  verification: { standardwebhooks: boolean; svix: boolean; error?: string } | null;
};

export type ModeChooser = ReceiverMode | ((request: ReceivedRequest) => ReceiverMode);

export type Receiver = {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  setMode(mode: ModeChooser): void;
  /** How many requests carried this webhook-id (an event id). */
  hits(webhookId: string): number;
  countsById(): Map<string, number>;
  /** Resolves once `count` requests have arrived; rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Bytes written by endless responses so far. */
  endlessBytes(): number;
  close(): Promise<void>;
};

export async function startReceiver(options: { secret?: string; mode?: ModeChooser } = {}): Promise<Receiver> {
  let chooser: ModeChooser = options.mode ?? { kind: "ok" };
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let waiters: Array<() => void> = [];
  let endlessBytes = 0;
  const standard = options.secret ? new StandardWebhook(options.secret) : null;
  const svix = options.secret ? new SvixWebhook(options.secret) : null;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) headers[key] = Array.isArray(value) ? value.join(", ") : (value ?? "");
      const body = Buffer.concat(chunks).toString("utf8");
      const received: ReceivedRequest = {
        index: requests.length,
        method: req.method ?? "",
        path: req.url ?? "",
        headers,
        body,
        receivedAt: Date.now(),
        webhookId: headers["webhook-id"],
        verification: null,
      };
      if (standard && svix) received.verification = verify(standard, svix, body, headers);
      requests.push(received);
      const current = waiters;
      waiters = [];
      for (const wake of current) wake();
      answer(typeof chooser === "function" ? chooser(received) : chooser, req, res);
    });
  });

  function answer(mode: ReceiverMode, req: http.IncomingMessage, res: http.ServerResponse) {
    switch (mode.kind) {
      case "ok":
      case "status":
        res.writeHead(mode.kind === "ok" ? (mode.status ?? 200) : mode.status, {
          "content-type": "text/plain",
          ...(mode.kind === "status" ? mode.headers : {}),
        });
        res.end(mode.body ?? "ok");
        return;
      case "hang":
        return;
      case "reset":
        req.socket.destroy();
        return;
      case "redirect":
        res.writeHead(mode.status ?? 302, { location: mode.location ?? "http://127.0.0.1:1/elsewhere" });
        res.end();
        return;
      case "endless": {
        res.writeHead(mode.status ?? 200, { "content-type": "text/plain" });
        const chunk = Buffer.alloc(16 * 1024, "x");
        const pump = () => {
          while (!res.destroyed) {
            endlessBytes += chunk.length;
            if (!res.write(chunk)) break;
          }
          if (!res.destroyed) res.once("drain", pump);
        };
        res.on("close", () => res.removeAllListeners("drain"));
        pump();
        return;
      }
      case "slow": {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) res.writeHead(mode.status ?? 200).end("slow ok");
        }, mode.delayMs);
        timers.add(timer);
        return;
      }
    }
  }

  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // Receivers answer concurrent requests; keep-alive like a typical server.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    setMode(mode) {
      chooser = mode;
    },
    hits(webhookId) {
      return requests.filter((request) => request.webhookId === webhookId).length;
    },
    countsById() {
      const counts = new Map<string, number>();
      for (const request of requests) {
        if (request.webhookId) counts.set(request.webhookId, (counts.get(request.webhookId) ?? 0) + 1);
      }
      return counts;
    },
    waitForRequests(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((wake) => wake !== check);
          reject(new Error(`receiver got ${requests.length} of ${count} requests within ${timeoutMs} ms`));
        }, timeoutMs);
        function check() {
          if (requests.length >= count) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        }
        check();
      });
    },
    endlessBytes: () => endlessBytes,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function verify(standard: StandardWebhook, svix: SvixWebhook, body: string, headers: Record<string, string>) {
  const result: { standardwebhooks: boolean; svix: boolean; error?: string } = { standardwebhooks: false, svix: false };
  try {
    standard.verify(body, headers);
    result.standardwebhooks = true;
  } catch (error) {
    result.error = `standardwebhooks: ${(error as Error).message}`;
  }
  try {
    svix.verify(body, headers);
    result.svix = true;
  } catch (error) {
    result.error = `${result.error ? `${result.error}; ` : ""}svix: ${(error as Error).message}`;
  }
  return result;
}

/** A webhook secret in the Standard Webhooks format (whsec_ + base64 of 24 random bytes). */
export function randomWebhookSecret(): string {
  return `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64")}`;
}

/**
 * Starts receivers for one test file and closes them after each test: call it once at the top of the
 * file and start receivers with what it returns.
 */
export function receiversClosedAfterEach(): (...args: Parameters<typeof startReceiver>) => Promise<Receiver> {
  const open: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.close()));
  });
  return async (...args) => {
    const receiver = await startReceiver(...args);
    open.push(receiver);
    return receiver;
  };
}
