// One error shape for the public API: {"error":{"code","message","details"?}}. Bad input is a 4xx
// that names the field; anything unexpected is logged and answered as a 500 without internals.
import { z } from "zod";
import { log } from "@/lib/log";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Sent as `Retry-After` (whole seconds): a 429 or 503 the client should retry. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const unauthorized = (message = "Missing or invalid API key. Send `Authorization: Bearer <api key>`.") =>
  new ApiError(401, "unauthorized", message);
export const notSignedIn = () => new ApiError(401, "unauthorized", "Sign in first.");
export const forbidden = (message = "Your role in this team does not allow this.") => new ApiError(403, "forbidden", message);
/** A sensitive step (a secret, a webhook's URL) after a sign-in older than 10 minutes: ask for the password. */
export const reauthenticationRequired = () =>
  new ApiError(403, "reauthentication_required", "Confirm your password to continue: this needs a sign-in within the last 10 minutes.");
export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found`);
export const conflict = (message: string, details?: unknown) => new ApiError(409, "conflict", message, details);
export const badRequest = (message: string, details?: unknown) => new ApiError(400, "invalid_request", message, details);
export const payloadTooLarge = (message: string) => new ApiError(413, "payload_too_large", message);
export const methodNotAllowed = (method: string, allowed: readonly string[]) =>
  new ApiError(405, "method_not_allowed", `${method} is not allowed here. Allowed: ${allowed.join(", ")}.`);

/** Over a rate limit: 429 with `Retry-After` (whole seconds) and the same figure in `details`. */
export class RateLimitError extends ApiError {
  declare readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(429, "rate_limited", `Too many requests. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`, { retry_after_seconds: seconds }, seconds);
  }
}
export const rateLimited = (retryAfterSeconds: number) => new RateLimitError(retryAfterSeconds);

export type FieldIssue = { path: string; message: string };

/** `["records", 3, "country_code"]` → `records[3].country_code`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
}

export function validationError(error: z.ZodError): ApiError {
  const issues = zodIssues(error);
  const first = issues[0];
  const message = first ? `${first.path || "body"}: ${first.message}` : "Invalid request";
  return new ApiError(400, "invalid_request", message, issues);
}

export function errorResponse(error: ApiError): Response {
  const body: { error: { code: string; message: string; details?: unknown } } = {
    error: { code: error.code, message: error.message },
  };
  if (error.details !== undefined) body.error.details = error.details;
  const headers = error.retryAfterSeconds !== undefined ? { "retry-after": String(error.retryAfterSeconds) } : undefined;
  return Response.json(body, { status: error.status, headers });
}

/** Seconds a client is told to wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

/** A 503 in the {error} shape with Retry-After: the service is briefly unable to answer; try again. */
export function unavailableResponse(code: string, message: string, retryAfterSeconds = RETRY_AFTER_SECONDS): Response {
  return errorResponse(new ApiError(503, code, message, undefined, retryAfterSeconds));
}

const CONNECTION_ERROR_CODES = new Set([
  // admin_shutdown, crash_shutdown, cannot_connect_now (terminated backend, server restart, starting up)
  "57P01",
  "57P02",
  "57P03",
  // the client's socket
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
const CONNECTION_ERROR_MESSAGES = [
  "timeout exceeded when trying to connect",
  "connection terminated",
  "connection timeout",
  "client has encountered a connection error",
  "cannot use a pool after calling end",
];

/**
 * Whether an error (or one of its causes) is the database being unreachable rather than a bad
 * query: a terminated connection, a restart, a refused socket, the pool's connect timeout.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth += 1) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (CONNECTION_ERROR_CODES.has(code) || code.startsWith("08"))) return true;
    if (typeof message === "string") {
      const lower = message.toLowerCase();
      if (CONNECTION_ERROR_MESSAGES.some((text) => lower.includes(text))) return true;
    }
    const { errors } = current as { errors?: unknown };
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export function handleApiError(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error);
  if (error instanceof z.ZodError) return errorResponse(validationError(error));
  const pgCode = (error as { code?: string; cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
  // Invalid text representation (a malformed uuid, say) is the caller's input, not our bug.
  if (pgCode === "22P02") return errorResponse(badRequest("Malformed identifier or value"));
  if (isDatabaseUnavailable(error)) {
    log.warn({ err: error }, "database unavailable");
    return unavailableResponse("database_unavailable", "The database is briefly unavailable. Retry shortly.");
  }
  log.error({ err: error }, "unexpected error in an API route");
  return errorResponse(new ApiError(500, "internal_error", "Something went wrong on our side."));
}
