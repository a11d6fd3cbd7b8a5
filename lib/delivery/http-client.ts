// One POST to a receiver, through pooled keep-alive connections (undici). Redirects are never
// followed, at most 4 KiB of a response is read, and a deadline covers connect, headers and body,
// so a hanging or endless endpoint costs one timeout and a few KiB, whatever it does.
import { Agent, buildConnector } from "undici";
import { BlockedAddressError, checkLiteralHost, guardedLookup, blockedRangeOf } from "./address-guard";
import { MAX_RESPONSE_BODY_BYTES } from "./config";

export type HttpOutcome = {
  isSuccess: boolean;
  statusCode: number | null;
  /** The first 4 KiB of the response, as text. */
  responseBody: string | null;
  /** Machine-readable reason of a failure: timeout, connection_refused, blocked_address, redirect… */
  errorCode: string | null;
  /** What went wrong, for people (events.last_error). */
  errorMessage: string | null;
  durationMs: number;
};

export type PostOptions = { timeoutMs: number; allowPrivateUrls: boolean };

const agents = new Map<string, Agent>();

function agentFor(allowPrivateUrls: boolean, timeoutMs: number): Agent {
  const connectTimeout = Math.min(timeoutMs, 10_000);
  const key = `${allowPrivateUrls}:${connectTimeout}`;
  let agent = agents.get(key);
  if (agent) return agent;
  const baseConnect = buildConnector({ timeout: connectTimeout, ...(allowPrivateUrls ? {} : { lookup: guardedLookup }) });
  const connect: buildConnector.connector = (options, callback) => {
    if (!allowPrivateUrls) {
      const blocked = checkLiteralHost(options.hostname);
      if (blocked) {
        callback(blocked, null);
        return;
      }
    }
    baseConnect(options, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error("connect failed"), null);
      if (allowPrivateUrls) return callback(null, socket);
      // Belt and braces: the peer we actually reached, whatever resolved it.
      const peer = socket.remoteAddress ?? "";
      const range = blockedRangeOf(peer);
      if (range) {
        socket.destroy();
        return callback(new BlockedAddressError(peer, range), null);
      }
      callback(null, socket);
    });
  };
  // Concurrency per destination is bounded by the delivery dispatcher, so pools need no own limit.
  agent = new Agent({ connect, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
  agents.set(key, agent);
  return agent;
}

type Target = { origin: string; path: string } | { error: Omit<HttpOutcome, "durationMs"> };
// A run posts thousands of times to a few URLs: parse each once.
const targets = new Map<string, Target>();

function targetOf(url: string): Target {
  let target = targets.get(url);
  if (target) return target;
  try {
    const parsed = new URL(url);
    target =
      parsed.protocol === "http:" || parsed.protocol === "https:"
        ? { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` }
        : { error: failure("invalid_url", `Only http and https URLs are delivered, not ${parsed.protocol}`) };
  } catch {
    target = { error: failure("invalid_url", `Not a valid URL: ${url}`) };
  }
  if (targets.size >= 10_000) targets.clear();
  targets.set(url, target);
  return target;
}

export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<HttpOutcome> {
  const started = performance.now();
  const finish = (outcome: Omit<HttpOutcome, "durationMs">): HttpOutcome => ({
    ...outcome,
    durationMs: Math.round(performance.now() - started),
  });
  const target = targetOf(url);
  if ("error" in target) return finish(target.error);

  // One deadline for connect, headers and body together.
  const controller = new AbortController();
  let isTimedOut = false;
  const timer = setTimeout(() => {
    isTimedOut = true;
    controller.abort();
  }, options.timeoutMs);
  try {
    const response = await agentFor(options.allowPrivateUrls, options.timeoutMs).request({
      origin: target.origin,
      path: target.path,
      method: "POST",
      headers,
      body,
      signal: controller.signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    const responseBody = await readCapped(response.body, MAX_RESPONSE_BODY_BYTES);
    const status = response.statusCode;
    if (status >= 200 && status < 300) {
      return finish({ isSuccess: true, statusCode: status, responseBody, errorCode: null, errorMessage: null });
    }
    if (status >= 300 && status < 400) {
      const location = response.headers.location;
      const where = typeof location === "string" ? ` to ${location.slice(0, 500)}` : "";
      return finish({
        isSuccess: false,
        statusCode: status,
        responseBody,
        errorCode: "redirect",
        errorMessage: `Redirect (HTTP ${status})${where} not followed`,
      });
    }
    return finish({
      isSuccess: false,
      statusCode: status,
      responseBody,
      errorCode: "http_error",
      errorMessage: `Endpoint answered HTTP ${status}`,
    });
  } catch (error) {
    const classified = classifyError(error, isTimedOut, options.timeoutMs);
    return finish(failure(classified.code, classified.message));
  } finally {
    clearTimeout(timer);
  }
}

function failure(errorCode: string, errorMessage: string): Omit<HttpOutcome, "durationMs"> {
  return { isSuccess: false, statusCode: null, responseBody: null, errorCode, errorMessage };
}

type ResponseBody = {
  on(event: "data", listener: (chunk: Buffer) => void): unknown;
  on(event: "end" | "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  destroy(): unknown;
  readableEnded?: boolean;
};

/**
 * Reads up to `limit` bytes and drops the rest (an endless body must not hang us). Plain stream
 * events, not an async iterator: this runs once per delivery and the iterator cost a third of it.
 */
function readCapped(body: ResponseBody, limit: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let isDone = false;
    const done = () => {
      if (isDone) return;
      isDone = true;
      const buffer = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      const text = buffer.subarray(0, limit).toString("utf8");
      // PostgreSQL text cannot hold NUL.
      resolve(text.includes("\u0000") ? text.replace(/\u0000/g, "") : text);
    };
    body.on("data", (chunk: Buffer) => {
      if (isDone) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) {
        // Dropping the rest closes the connection; keep-alive is not worth an endless body.
        body.destroy();
        done();
      }
    });
    body.on("end", done);
    body.on("close", done);
    // Timed out or reset mid-body: the status already decided the outcome; keep what arrived.
    body.on("error", done);
  });
}

const codesOf = (error: unknown): string[] => {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (typeof code === "string") codes.push(code);
    if (typeof name === "string") codes.push(name);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
};

export function classifyError(error: unknown, isTimedOut: boolean, timeoutMs: number): { code: string; message: string } {
  const codes = codesOf(error);
  const has = (...wanted: string[]) => codes.some((code) => wanted.includes(code));
  let current: unknown = error;
  while (current && !(current instanceof BlockedAddressError)) current = (current as { cause?: unknown }).cause;
  if (current instanceof BlockedAddressError || has("EBLOCKEDADDRESS")) {
    return { code: "blocked_address", message: (current as Error | undefined)?.message ?? "Refused a private address" };
  }
  if (isTimedOut || has("UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT", "ETIMEDOUT")) {
    return { code: "timeout", message: `No answer within ${timeoutMs} ms` };
  }
  if (has("ECONNREFUSED")) return { code: "connection_refused", message: "Connection refused by the endpoint" };
  if (has("ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL", "EAI_NODATA")) {
    return { code: "dns", message: "The endpoint's hostname could not be resolved" };
  }
  if (has("ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED")) {
    return { code: "connection_reset", message: "The endpoint closed the connection without an answer" };
  }
  if (has("EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENETDOWN")) {
    return { code: "unreachable", message: "The endpoint's network is unreachable" };
  }
  if (codes.some((code) => /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code))) {
    return { code: "tls", message: `TLS handshake failed (${codes.find((c) => /TLS|SSL|CERT|SIGNED|UNABLE/.test(c))})` };
  }
  if (has("UND_ERR_INVALID_ARG", "ERR_INVALID_URL")) return { code: "invalid_url", message: "The URL cannot be requested" };
  const message = error instanceof Error ? error.message : String(error);
  return { code: "network_error", message: `Request failed: ${message.slice(0, 300)}` };
}
