import "server-only";
// The signed-in person, if any, for the pages outside the dashboard (sign-in, invitations).
import { getAuth } from "./auth";
import { requestHeaders } from "./request-headers";

export async function getSignedInPerson(): Promise<{ userId: string; email: string; name: string } | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: await requestHeaders() });
  return session ? { userId: session.user.id, email: session.user.email, name: session.user.name } : null;
}
