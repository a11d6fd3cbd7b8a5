// /api/auth/* — better-auth's endpoints: sign-up, sign-in, sign-out, password reset, teams
import { errorResponse } from "@/lib/api/errors";
import { rateLimited } from "@/lib/errors";
import { getAuth } from "@/lib/auth/auth";

/** A 429 from better-auth (ours, from its hook, or its own) in the app's `{error}` shape with Retry-After. */
function asAppRateLimit(response: Response): Response {
  const seconds = Number(response.headers.get("retry-after") ?? response.headers.get("x-retry-after"));
  return errorResponse(rateLimited(Number.isFinite(seconds) && seconds > 0 ? seconds : 60));
}

async function handle(request: Request): Promise<Response> {
  const auth = await getAuth();
  const response = await auth.handler(request);
  return response.status === 429 ? asAppRateLimit(response) : response;
}

export { handle as GET, handle as POST };
