// Around every API route handler: a request id (the caller's x-request-id when sane, else a new
// one) that the response echoes and every log line of the request carries, one access-log line
// (method, path with query values redacted, status, duration — never credentials), and no throw
// escapes: anything unexpected is a 500 in the {error} shape, never Next's HTML error page.
import { log, redactQuery, requestIdOf, withRequestId } from "@/lib/log";
import { handleApiError } from "./errors";

export const REQUEST_ID_HEADER = "x-request-id";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- route contexts differ per route
type Handler<C = any> = (request: Request, context: C) => Promise<Response> | Response;

/** Sets a header even on a Response whose headers are immutable (fetch results, redirects). */
function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}

function pathOf(request: Request): string {
  try {
    const url = new URL(request.url);
    return redactQuery(`${url.pathname}${url.search}`);
  } catch {
    return "[unparsable url]";
  }
}

export type WithRequestOptions = {
  /** The access-log level of a request answered below 500; `debug` for health checks polled every few seconds. */
  logLevel?: "info" | "debug";
};

export function withRequest<C>(handler: Handler<C>, options: WithRequestOptions = {}): (request: Request, context: C) => Promise<Response> {
  const level = options.logLevel ?? "info";
  return async (request, context) => {
    const requestId = requestIdOf(request.headers);
    const started = performance.now();
    return withRequestId(requestId, async () => {
      let response: Response;
      try {
        response = await handler(request, context);
      } catch (error) {
        response = handleApiError(error);
      }
      const status = response.status;
      const line = {
        method: request.method,
        path: pathOf(request),
        status,
        duration_ms: Math.round(performance.now() - started),
        user_agent: request.headers.get("user-agent")?.slice(0, 200) ?? undefined,
        authenticated_by: request.headers.has("authorization") ? "bearer" : request.headers.has("cookie") ? "session" : "none",
      };
      if (status >= 500) log.error(line, "request failed");
      else log[level](line, "request");
      return withHeader(response, REQUEST_ID_HEADER, requestId);
    });
  };
}
