// One POST to a receiver, through pooled keep-alive connections (undici). Redirects are never
// followed, at most 4 KiB of a response is read, and a deadline covers connect, headers and body,
// so a hanging or endless endpoint costs one timeout and a few KiB, whatever it does.
import { Agent, buildConnector, type Dispatcher } from "undici";
import { BlockedAddressError, checkLiteralHost, guardedLookup, blockedRangeOf } from "./address-guard";
import {
  deliveryAllowedPorts,
  MAX_RESPONSE_BODY_BYTES,
  MAX_RESPONSE_HEADER_COUNT,
  MAX_RESPONSE_HEADER_VALUE_CHARS,
  MAX_RESPONSE_HEADERS_CHARS,
  portOfUrl,
} from "./config";

export type HttpOutcome = {
  isSuccess: boolean;
  statusCode: number | null;
  /** The first 4 KiB of the response, as text. */
  responseBody: string | null;
  /** The response's headers, bounded (captureResponseHeaders); null without a response. */
  responseHeaders: Record<string, string> | null;
  /** Machine-readable reason of a failure: timeout, connection_refused, blocked_address, redirect… */
  errorCode: string | null;
  /** What went wrong, for people (events.last_error). */
  errorMessage: string | null;
  durationMs: number;
  /** The response's Retry-After header, when it had one (the retry policy reads it on 429 and 503). */
  retryAfter?: string | null;
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

type Target = { origin: string; path: string; port: number } | { error: Omit<HttpOutcome, "durationMs"> };
// A run posts thousands of times to a few URLs: parse each once.
const targets = new Map<string, Target>();

function targetOf(url: string): Target {
  let target = targets.get(url);
  if (target) return target;
  try {
    const parsed = new URL(url);
    target =
      parsed.protocol === "http:" || parsed.protocol === "https:"
        ? { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}`, port: portOfUrl(parsed) }
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
  const allowedPorts = deliveryAllowedPorts();
  if (allowedPorts && !allowedPorts.has(target.port)) {
    const listed = [...allowedPorts].sort((a, b) => a - b).join(", ") || "none";
    return finish(failure("blocked_address", `Refused to connect: port ${target.port} is not allowed (allowed ports: ${listed})`));
  }
  try {
    const response = await send(agentFor(options.allowPrivateUrls, options.timeoutMs), target, body, headers, options.timeoutMs);
    const status = response.statusCode;
    if (status >= 200 && status < 300) {
      return finish({
        isSuccess: true,
        statusCode: status,
        responseBody: response.body,
        responseHeaders: response.headers,
        errorCode: null,
        errorMessage: null,
      });
    }
    if (status >= 300 && status < 400) {
      const where = response.location === undefined ? "" : ` to ${response.location.slice(0, 500)}`;
      return finish({
        isSuccess: false,
        statusCode: status,
        responseBody: response.body,
        responseHeaders: response.headers,
        errorCode: "redirect",
        errorMessage: `Redirect (HTTP ${status})${where} not followed`,
      });
    }
    return finish({
      isSuccess: false,
      statusCode: status,
      responseBody: response.body,
      responseHeaders: response.headers,
      errorCode: "http_error",
      errorMessage: `Endpoint answered HTTP ${status}`,
      retryAfter: response.retryAfter,
    });
  } catch (error) {
    const classified = classifyError(error, error instanceof DeadlineError, options.timeoutMs);
    return finish(failure(classified.code, classified.message));
  }
}

function failure(errorCode: string, errorMessage: string): Omit<HttpOutcome, "durationMs"> {
  return { isSuccess: false, statusCode: null, responseBody: null, responseHeaders: null, errorCode, errorMessage };
}

/**
 * The headers of a response as kept with its attempt: lower-case names, repeated headers joined with
 * ", ", at most MAX_RESPONSE_HEADER_COUNT of them, each value cut to MAX_RESPONSE_HEADER_VALUE_CHARS
 * and all of them to MAX_RESPONSE_HEADERS_CHARS, so an endpoint sending thousands of headers costs a
 * few KiB per attempt, like its body. NULs are dropped (PostgreSQL's jsonb cannot hold them).
 */
export function captureResponseHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  let count = 0;
  let total = 0;
  for (const [rawName, rawValue] of Object.entries(raw)) {
    if (rawValue === undefined) continue;
    if (count >= MAX_RESPONSE_HEADER_COUNT) break;
    const name = rawName.toLowerCase().replace(/\u0000/g, "").slice(0, 200);
    let value = (Array.isArray(rawValue) ? rawValue.join(", ") : String(rawValue)).replace(/\u0000/g, "");
    if (value.length > MAX_RESPONSE_HEADER_VALUE_CHARS) value = value.slice(0, MAX_RESPONSE_HEADER_VALUE_CHARS);
    const room = MAX_RESPONSE_HEADERS_CHARS - total - name.length;
    if (room <= 0) break;
    if (value.length > room) value = value.slice(0, room);
    kept[name] = name in kept ? `${kept[name]}, ${value}` : value;
    total += name.length + value.length;
    count += 1;
  }
  return kept;
}

class DeadlineError extends Error {
  readonly code = "ETIMEDOUT";
}

type CappedResponse = {
  statusCode: number;
  location: string | undefined;
  retryAfter: string | null;
  headers: Record<string, string>;
  body: string;
};

/**
 * One request through undici's dispatch API, with a handler that keeps the first 4 KiB of the body
 * and drops the connection beyond that (an endless body must not hang us), and one deadline for
 * connect, headers and body together. This runs once per delivery: the handler replaces
 * `request()`'s body stream, promise layers and AbortController, which cost more than the POST.
 */
function send(
  agent: Agent,
  target: { origin: string; path: string },
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<CappedResponse> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | null = null;
    let statusCode = 0;
    let location: string | undefined;
    let retryAfter: string | null = null;
    let kept: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let size = 0;
    let isSettled = false;
    const settle = (error: Error | null) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      if (error !== null && statusCode === 0) return reject(error);
      // Timed out or reset mid-body: the status already decided the outcome; keep what arrived.
      const buffer = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      const text = buffer.subarray(0, MAX_RESPONSE_BODY_BYTES).toString("utf8");
      // PostgreSQL text cannot hold NUL.
      resolve({ statusCode, location, retryAfter, headers: kept, body: text.includes("\u0000") ? text.replace(/\u0000/g, "") : text });
    };
    const timer = setTimeout(() => {
      const error = new DeadlineError(`No answer within ${timeoutMs} ms`);
      controller?.abort(error);
      settle(error);
    }, timeoutMs);
    agent.dispatch(
      { origin: target.origin, path: target.path, method: "POST", headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs },
      {
        onRequestStart(requestController) {
          controller = requestController;
          // The deadline passed while the request waited for a connection.
          if (isSettled) requestController.abort(new DeadlineError(`No answer within ${timeoutMs} ms`));
        },
        onResponseStart(_controller, status, responseHeaders) {
          statusCode = status;
          const value = responseHeaders.location;
          location = Array.isArray(value) ? value[0] : value;
          const after = responseHeaders["retry-after"];
          if (after !== undefined) retryAfter = (Array.isArray(after) ? after[0] : after).slice(0, 100);
          kept = captureResponseHeaders(responseHeaders);
        },
        onResponseData(requestController, chunk) {
          if (isSettled) return;
          chunks.push(chunk);
          size += chunk.length;
          if (size >= MAX_RESPONSE_BODY_BYTES) {
            settle(null);
            // Dropping the rest closes the connection; keep-alive is not worth an endless body.
            requestController.abort(new Error("response body over the 4 KiB cap"));
          }
        },
        onResponseEnd() {
          settle(null);
        },
        onResponseError(_controller, error) {
          settle(error);
        },
      },
    );
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
