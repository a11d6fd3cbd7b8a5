// POST /api/demo/session — "Explore the demo": signs in as the demo team's person (demo mode only)
import { errorResponse } from "@/lib/api/errors";
import { notFound } from "@/lib/errors";
import { getAuth } from "@/lib/auth/auth";
import { DEMO_PERSON, isDemoEnvironment } from "@/lib/demo/config";

export async function POST(request: Request): Promise<Response> {
  if (!isDemoEnvironment()) return errorResponse(notFound("Demo"));
  const auth = await getAuth();
  // better-auth answers with the session cookie; the proxy has already checked this request's Origin.
  return auth.api.signInEmail({
    body: { email: DEMO_PERSON.email, password: DEMO_PERSON.password },
    headers: request.headers,
    asResponse: true,
  });
}
