// People, teams and sessions for integration tests, through better-auth itself (real sign-up, real
// session cookies) on the test's database.
import { randomUUID } from "node:crypto";
import { getDb } from "@/db/client";
import { insertMember } from "@/db/queries/teams";
import { apiKeys } from "@/db/schema";
import { apiKeyHints, generateApiKey, hashApiKey } from "@/lib/api-keys";
import { getAuth } from "@/lib/auth/auth";
import { appUrl } from "@/lib/auth/config";
import { firstTeamOf } from "@/lib/auth/teams";
import type { MemberRole } from "@/lib/auth/roles";

export const TEST_PASSWORD = "correct horse battery staple";

export type TestPerson = { userId: string; email: string; cookie: string; accountId: string };

/** Signs a new person up (which gives them a team of their own) and returns their session cookie. */
export async function signUpPerson(name = "Test person"): Promise<TestPerson> {
  const auth = await getAuth();
  const email = `p-${randomUUID().slice(0, 12)}@hookline.example`;
  const response = await auth.api.signUpEmail({
    body: { email, password: TEST_PASSWORD, name },
    headers: new Headers({ origin: appUrl() }),
    asResponse: true,
  });
  if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { user: { id: string } };
  const cookie = cookieOf(response);
  const accountId = await firstTeamOf(await getDb(), body.user.id);
  if (!accountId) throw new Error("sign-up gave no team");
  return { userId: body.user.id, email, cookie, accountId };
}

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
export function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

/** A new person who is `role` in `accountId` (and switched to it). */
export async function addPersonToTeam(accountId: string, role: MemberRole): Promise<TestPerson> {
  const person = await signUpPerson(`${role} person`);
  const db = await getDb();
  await insertMember(db, { id: randomUUID(), accountId, userId: person.userId, role });
  const auth = await getAuth();
  await auth.api.setActiveOrganization({ headers: sessionHeaders(person), body: { organizationId: accountId } });
  return { ...person, accountId };
}

/** Headers of a browser request from the app's own origin carrying the person's session. */
export function sessionHeaders(person: Pick<TestPerson, "cookie">): Headers {
  return new Headers({ cookie: person.cookie, origin: appUrl() });
}

export async function createApiKey(accountId: string): Promise<string> {
  const db = await getDb();
  const key = generateApiKey();
  await db.insert(apiKeys).values({ accountId, name: "test", keyHash: hashApiKey(key), ...apiKeyHints(key) });
  return key;
}
