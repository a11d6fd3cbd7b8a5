// The app's errors: a code from one table, a message for people, optional details. Domain code
// throws these and never names an HTTP status; lib/api/errors.ts maps each code to its status in one
// place, so a status and its code cannot disagree (dub's lib/api/errors.ts, ai-chatbot's lib/errors.ts).
import { z } from "zod";

export const errorCode = z.enum([
  "invalid_request",
  "unauthorized",
  "forbidden",
  "reauthentication_required",
  "not_found",
  "method_not_allowed",
  "conflict",
  "payload_too_large",
  "rate_limited",
  "internal_error",
  "database_unavailable",
  "shutting_down",
  "cron_secret_unset",
]);
export type ErrorCode = z.infer<typeof errorCode>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Whole seconds the caller should wait before trying again (rate limits, brief outages). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const unauthorized = (message = "Missing or invalid API key. Send `Authorization: Bearer <api key>`.") =>
  new AppError("unauthorized", message);
export const notSignedIn = () => new AppError("unauthorized", "Sign in first.");
export const forbidden = (message = "Your role in this team does not allow this.") => new AppError("forbidden", message);
/** A sensitive step (a secret, a webhook's URL) after a sign-in older than 10 minutes: ask for the password. */
export const reauthenticationRequired = () =>
  new AppError("reauthentication_required", "Confirm your password to continue: this needs a sign-in within the last 10 minutes.");
export const notFound = (what: string, details?: unknown) => new AppError("not_found", `${what} not found`, details);
export const conflict = (message: string, details?: unknown) => new AppError("conflict", message, details);
export const badRequest = (message: string, details?: unknown) => new AppError("invalid_request", message, details);
/** Bad input in one field: the message and the details both name it. */
export const fieldError = (path: string, message: string) => badRequest(`${path}: ${message}`, [{ path, message }]);
export const payloadTooLarge = (message: string) => new AppError("payload_too_large", message);
export const methodNotAllowed = (method: string, allowed: readonly string[]) =>
  new AppError("method_not_allowed", `${method} is not allowed here. Allowed: ${allowed.join(", ")}.`);

/** Over a rate limit, with `retryAfterSeconds` and the same figure in `details`. */
export function rateLimited(retryAfterSeconds: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError("rate_limited", `Too many requests. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`, { retry_after_seconds: seconds }, seconds);
}

/** Seconds a caller is told to wait before retrying while the service is briefly unavailable. */
export const RETRY_AFTER_SECONDS = 5;
export const unavailable = (code: "database_unavailable" | "shutting_down" | "cron_secret_unset", message: string, retryAfterSeconds = RETRY_AFTER_SECONDS) =>
  new AppError(code, message, undefined, retryAfterSeconds);

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

export function validationError(error: z.ZodError): AppError {
  const issues = zodIssues(error);
  const first = issues[0];
  const message = first ? `${first.path || "body"}: ${first.message}` : "Invalid request";
  return badRequest(message, issues);
}
