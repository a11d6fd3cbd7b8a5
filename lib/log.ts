// Server logs: one pino logger, JSON lines on stdout (pretty in development). Every line is
// scrubbed before it is written: credentials by key name (authorization, cookie, password, secret,
// token, api key) and by shape wherever they appear in text (whsec_… signing secrets, hk_… API
// keys, bearer tokens), so an error message that quotes a failed query's parameters leaks nothing.
// Lines logged while a request is handled carry its request id (see lib/api/with-request.ts).
//
// Writes are synchronous on the main thread: pino's worker-thread transports break under Next's
// bundling, and a log line is small next to the work that produced it.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";

export const REDACTED = "[redacted]";

const SENSITIVE_KEY = /authorization|cookie|password|passwd|secret|token|api[-_]?key|signature/i;
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/whsec_[A-Za-z0-9+/=_-]+/g, `whsec_${REDACTED}`],
  [/(?<![A-Za-z0-9])hk_[A-Za-z0-9_-]+/g, `hk_${REDACTED}`],
  [/\b(Bearer|Basic)\s+[^\s,;"']+/gi, `$1 ${REDACTED}`],
];
const MAX_DEPTH = 8;
const MAX_ITEMS = 200;

/** Removes signing secrets, API keys and bearer tokens from free text. */
export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A copy of a value fit for a log line: sensitive keys redacted, secrets removed from every string,
 * errors serialized (message, stack, cause), and bounded in depth and breadth.
 */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (value instanceof Error) return scrubValue(pino.stdSerializers.err(value), depth + 1);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => scrubValue(item, depth + 1));
  if (value instanceof Headers) return scrubValue(Object.fromEntries(value.entries()), depth);
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const [key, item] of Object.entries(value)) {
    if (count++ >= MAX_ITEMS) break;
    out[key] = SENSITIVE_KEY.test(key) && item !== null && item !== undefined && item !== "" ? REDACTED : scrubValue(item, depth + 1);
  }
  return out;
}

/** `/api/v1/x?from=2026-01-01&token=abc` → `/api/v1/x?from=[redacted]&token=[redacted]`: names kept, values dropped. */
export function redactQuery(pathWithQuery: string): string {
  const mark = pathWithQuery.indexOf("?");
  if (mark === -1) return pathWithQuery;
  const names = pathWithQuery
    .slice(mark + 1)
    .split("&")
    .filter(Boolean)
    .slice(0, 50)
    .map((pair) => `${scrubText(pair.split("=")[0]).slice(0, 100)}=${REDACTED}`);
  return `${pathWithQuery.slice(0, mark)}?${names.join("&")}`;
}

// On globalThis like the logger: Next bundles a module once per route, and a line logged through
// the process's one logger must find the id that this route's copy of withRequestId set.
const globalForRequests = globalThis as unknown as { hooklineRequestContext?: AsyncLocalStorage<{ requestId: string }> };
const requestContext = (globalForRequests.hooklineRequestContext ??= new AsyncLocalStorage<{ requestId: string }>());

/** Runs `run` with a request id that every line logged inside it carries. */
export function withRequestId<T>(requestId: string, run: () => T): T {
  return requestContext.run({ requestId }, run);
}

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The caller's `x-request-id` when it looks like one (a proxy's or a client's), else a new one. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get("x-request-id")?.trim();
  return given && SANE_REQUEST_ID.test(given) && !/whsec_|hk_/.test(given) ? given : randomUUID();
}

type LoggerSettings = {
  /** Where lines go; default stdout (pretty-printed in development). */
  destination?: DestinationStream;
  level?: string;
};

function defaultLevel(): string {
  const level = process.env.LOG_LEVEL?.trim().toLowerCase();
  if (level && level in pino.levels.values) return level;
  if (level === "silent") return level;
  // Tests assert on behaviour, not on log output; a test that reads the log builds its own logger.
  return process.env.NODE_ENV === "test" ? "silent" : "info";
}

/** A logger with the scrubbing and request ids above; `log` is the process's one instance. */
export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: pino.LoggerOptions = {
    level: settings.level ?? defaultLevel(),
    base: { pid: process.pid },
    mixin() {
      const requestId = currentRequestId();
      return requestId ? { request_id: requestId } : {};
    },
    hooks: {
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        if (typeof first === "string") {
          return method.apply(this, [scrubText(first), ...rest.map((arg) => scrubValue(arg))] as Parameters<typeof method>);
        }
        const object = scrubValue(first instanceof Error ? { err: first } : first) as Record<string, unknown> | null;
        let message = rest[0];
        const errorMessage = (object?.err as { message?: unknown } | undefined)?.message;
        if (message === undefined && typeof errorMessage === "string") message = errorMessage;
        const tail = rest.slice(1).map((arg) => scrubValue(arg));
        const out = message === undefined ? [object] : [object, scrubText(String(message)), ...tail];
        return method.apply(this, out as Parameters<typeof method>);
      },
    },
  };
  return pino(options, settings.destination ?? standardOutput());
}

function standardOutput(): DestinationStream {
  const isPretty = process.env.NODE_ENV === "development" && process.env.LOG_FORMAT !== "json";
  if (isPretty) return pretty({ sync: true, colorize: true, singleLine: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" });
  return pino.destination({ dest: 1, sync: true });
}

type ProcessLog = { logger: Logger; output: { current: DestinationStream } };

const globalForLog = globalThis as unknown as { hooklineLog?: ProcessLog };

function processLog(): ProcessLog {
  if (globalForLog.hooklineLog) return globalForLog.hooklineLog;
  const output = { current: standardOutput() };
  // Lines go through `output.current`, so a test can read what the server logs (redirectLogs).
  const logger = createLogger({ destination: { write: (line: string) => output.current.write(line) } });
  return (globalForLog.hooklineLog = { logger, output });
}

/** The server's logger (one per process, whichever bundle imports it). */
export const log: Logger = processLog().logger;

/** Tests: sends the server's log lines to `destination` at `level` until the returned function is called. */
export function redirectLogs(destination: DestinationStream, level = "info"): () => void {
  const { logger, output } = processLog();
  const previous = { destination: output.current, level: logger.level };
  output.current = destination;
  logger.level = level;
  return () => {
    output.current = previous.destination;
    logger.level = previous.level;
  };
}
