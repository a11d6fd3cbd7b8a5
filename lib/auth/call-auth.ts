// better-auth's server API, called with the request's own headers (so it checks the same session and
// its own role rules), with its refusals turned into the app's AppErrors.
import { APIError } from "better-auth/api";
import { AppError, type ErrorCode } from "@/lib/errors";
import { getAuth, type Auth } from "./auth";
import { requestHeaders } from "./request-headers";

const AUTH_STATUS_CODES: Record<number, ErrorCode> = { 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 429: "rate_limited" };

export async function callAuth<T>(call: (api: Auth["api"], headers: Headers) => Promise<T>): Promise<T> {
  const auth = await getAuth();
  try {
    return await call(auth.api, await requestHeaders());
  } catch (error) {
    if (error instanceof APIError) {
      const body = error.body as { message?: string; code?: string } | undefined;
      // better-auth's own code (USER_ALREADY_EXISTS, …) stays in the details.
      throw new AppError(AUTH_STATUS_CODES[error.statusCode] ?? "invalid_request", body?.message ?? error.message, body?.code ? { reason: body.code.toLowerCase() } : undefined);
    }
    throw error;
  }
}
