// One error shape for the public API: {"error":{"code","message","details"?}}, the HTTP status decided
// by the error's code (lib/errors.ts). Bad input is a 4xx that names the field; anything unexpected is
// logged and answered as a 500 without internals.
import { z } from "zod";
import { AppError, badRequest, unavailable, validationError, type ErrorCode } from "@/lib/errors";
import { log } from "@/lib/log";

/** The one table from an error's code to its HTTP status. */
const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  reauthentication_required: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  database_unavailable: 503,
  shutting_down: 503,
  cron_secret_unset: 503,
};

export const httpStatusOf = (error: AppError): number => HTTP_STATUS[error.code];

export function errorResponse(error: AppError): Response {
  const body: { error: { code: string; message: string; details?: unknown } } = {
    error: { code: error.code, message: error.message },
  };
  if (error.details !== undefined) body.error.details = error.details;
  const headers = error.retryAfterSeconds !== undefined ? { "retry-after": String(error.retryAfterSeconds) } : undefined;
  return Response.json(body, { status: httpStatusOf(error), headers });
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
  if (error instanceof AppError) return errorResponse(error);
  if (error instanceof z.ZodError) return errorResponse(validationError(error));
  const pgCode = (error as { code?: string; cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
  // Invalid text representation (a malformed uuid, say) is the caller's input, not our bug.
  if (pgCode === "22P02") return errorResponse(badRequest("Malformed identifier or value"));
  if (isDatabaseUnavailable(error)) {
    log.warn({ err: error }, "database unavailable");
    return errorResponse(unavailable("database_unavailable", "The database is briefly unavailable. Retry shortly."));
  }
  log.error({ err: error }, "unexpected error in an API route");
  return errorResponse(new AppError("internal_error", "Something went wrong on our side."));
}
