// better-auth's server API, called with the request's own headers (so it checks the same session and
// its own role rules), with its refusals turned into the app's ApiErrors.
import { APIError } from "better-auth/api";
import { ApiError } from "@/lib/api/errors";
import { getAuth, type Auth } from "./auth";
import { requestHeaders } from "./request-headers";

export async function callAuth<T>(call: (api: Auth["api"], headers: Headers) => Promise<T>): Promise<T> {
  const auth = await getAuth();
  try {
    return await call(auth.api, await requestHeaders());
  } catch (error) {
    if (error instanceof APIError) {
      const status = error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      const body = error.body as { message?: string; code?: string } | undefined;
      throw new ApiError(status, (body?.code ?? "invalid_request").toLowerCase(), body?.message ?? error.message);
    }
    throw error;
  }
}
