// Internal JSON routes under /api/dashboard that the pages poll with React Query. They act as the
// signed-in account (lib/session.ts), take no API key, and answer errors in the API's shape.
import { getDb, type Db } from "@/db/client";
import { getCurrentAccountId } from "@/lib/session";
import { handleApiError } from "./errors";

export type DashboardContext<P> = { request: Request; accountId: string; db: Db; params: P };

export function dashboardRoute<P = Record<string, string>>(handler: (ctx: DashboardContext<P>) => Promise<Response | unknown>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const accountId = await getCurrentAccountId();
      const params = (await context?.params) ?? ({} as P);
      const db = await getDb();
      const result = await handler({ request, accountId, db, params });
      // Polled data must never come from a cache.
      const response = result instanceof Response ? result : Response.json(result);
      response.headers.set("cache-control", "no-store");
      return response;
    } catch (error) {
      return handleApiError(error);
    }
  };
}
