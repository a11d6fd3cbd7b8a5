// The public API's answers for methods a route does not have, and for paths that do not exist:
// JSON in the {error} shape, as every other answer of /api/v1 (Next's own are empty bodies).
//   export const { PUT, DELETE, OPTIONS } = otherMethods("GET", "POST", "PATCH");
// Each handler carries `allowedMethods`, which lib/auth/authorization-matrix.test.ts reads.
import { errorResponse } from "./errors";
import { AppError, methodNotAllowed } from "@/lib/errors";
import { withRequest } from "./with-request";

export const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

type RouteContext = { params: Promise<Record<string, string | string[]>> };
type PlainHandler = ((request: Request, context: RouteContext) => Promise<Response>) & { allowedMethods: readonly string[] };

/** What the Allow header lists: the route's methods, HEAD with GET (Next answers it), and OPTIONS. */
export function allowHeaderOf(allowed: readonly RouteMethod[]): string {
  const methods = new Set<string>(allowed);
  if (methods.has("GET")) methods.add("HEAD");
  methods.add("OPTIONS");
  return [...methods].sort().join(", ");
}

/**
 * Handlers for every method of ROUTE_METHODS that `allowed` leaves out (405 with an Allow header),
 * plus OPTIONS (204 with the same Allow header: Next's automatic OPTIONS would list these 405s).
 */
export function otherMethods<const A extends readonly RouteMethod[]>(
  ...allowed: A
): Record<Exclude<RouteMethod, A[number]> | "OPTIONS", PlainHandler> {
  const allow = allowHeaderOf(allowed);
  const allowedList = allow.split(", ");
  const handlers: Record<string, PlainHandler> = {};
  for (const method of ROUTE_METHODS) {
    if (allowed.includes(method)) continue;
    const refuse = withRequest<RouteContext>(async (request: Request) => {
      const response = errorResponse(methodNotAllowed(request.method, allowedList));
      response.headers.set("allow", allow);
      return response;
    });
    handlers[method] = Object.assign(refuse, { allowedMethods: allowedList });
  }
  const options = withRequest<RouteContext>(async () => new Response(null, { status: 204, headers: { allow } }));
  handlers.OPTIONS = Object.assign(options, { allowedMethods: allowedList });
  return handlers as Record<Exclude<RouteMethod, A[number]> | "OPTIONS", PlainHandler>;
}

/** The catch-all's answer under /api/v1: a JSON 404 for any method. */
export const unknownApiPath = withRequest<RouteContext>(async (request: Request) => {
  const path = new URL(request.url).pathname;
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  return errorResponse(new AppError("not_found", `No API endpoint at ${request.method} ${shown}; the endpoints are listed at /api/v1/openapi.json`));
});
