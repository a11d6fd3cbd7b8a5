// Sign-up, teams, password reset and fresh sign-in, through better-auth on the test's real database.
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_ACCOUNT_ID, getDb, openDatabase } from "@/db/client";
import { listMemberships, listTeamMembers } from "@/db/queries/teams";
import { removeMemberAction } from "@/lib/actions/remove-member";
import { updateMemberRoleAction } from "@/lib/actions/update-member-role";
import { withRequestHeaders } from "./request-headers";
import { users } from "@/db/schema";
import { listRecentMails } from "@/db/queries/mails";
import { getAuth } from "./auth";
import { appUrl } from "./config";
import { adoptOrCreateTeam } from "./teams";
import { FRESH_SIGN_IN_MS, requireFreshSignIn, resolveWorkspace } from "./workspace";
import { addPersonToTeam, cookieOf, sessionHeaders, signUpPerson, TEST_PASSWORD } from "@/test/auth";

describe("sign-up and teams", () => {
  it("gives the first person the default account and everyone after a team of their own, even when they sign up at once", async () => {
    // Always a fresh embedded database: on a shared server the default account may already have its person.
    const handle = await openDatabase({ url: "", dataDir: "memory://" });
    try {
      const people = Array.from({ length: 4 }, (_, i) => ({ userId: randomUUID(), name: `P${i}`, email: `p${i}@hookline.example` }));
      await handle.db.insert(users).values(people.map((p) => ({ id: p.userId, name: p.name, email: p.email })));
      const teams = await Promise.all(people.map((person) => adoptOrCreateTeam(handle.db, person)));
      expect(teams.filter((id) => id === DEFAULT_ACCOUNT_ID)).toHaveLength(1);
      expect(new Set(teams).size).toBe(4);
      for (const [i, person] of people.entries()) {
        expect(await listMemberships(handle.db, person.userId)).toEqual([expect.objectContaining({ accountId: teams[i], role: "owner" })]);
      }
    } finally {
      await handle.close();
    }
  });

  it("signs a new person in at once, into their team, with the session stored in the database", async () => {
    const person = await signUpPerson("Ada Lovelace");
    const workspace = await resolveWorkspace(sessionHeaders(person), "session");
    expect(workspace).toMatchObject({ accountId: person.accountId, role: "owner", actor: { kind: "user", email: person.email } });
    expect(workspace.memberships).toHaveLength(1);

    const auth = await getAuth();
    await auth.api.signOut({ headers: sessionHeaders(person) });
    await expect(resolveWorkspace(sessionHeaders(person), "session")).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("refuses a wrong password and a forged session cookie", async () => {
    const person = await signUpPerson();
    const auth = await getAuth();
    const wrong = await auth.api.signInEmail({ body: { email: person.email, password: "not the password" }, asResponse: true });
    expect(wrong.status).toBe(401);
    const forged = new Headers({ cookie: "better-auth.session_token=forged.value" });
    await expect(resolveWorkspace(forged, "session")).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("resets a password through the mailed link, logged to the outbox without SMTP, and signs out everywhere", async () => {
    const person = await signUpPerson();
    const auth = await getAuth();
    await auth.api.requestPasswordReset({ body: { email: person.email, redirectTo: "/reset-password" } });
    // better-auth may send the mail in the background: wait for it to be recorded.
    const mail = await vi.waitFor(
      async () => {
        const found = (await listRecentMails(await getDb(), 50)).find((m) => m.to === person.email);
        if (!found) throw new Error("no mail yet");
        return found;
      },
      { timeout: 5_000, interval: 50 },
    );
    expect(mail).toMatchObject({ status: "logged", subject: "Reset your Hookline password" });
    expect(mail!.link).toContain(`${appUrl()}/api/auth/reset-password/`);
    const token = new URL(mail!.link!).pathname.split("/").pop()!;
    await auth.api.resetPassword({ body: { newPassword: "a brand new password", token } });

    await expect(resolveWorkspace(sessionHeaders(person), "session")).rejects.toMatchObject({ code: "unauthorized" });
    const oldPassword = await auth.api.signInEmail({ body: { email: person.email, password: TEST_PASSWORD }, asResponse: true });
    expect(oldPassword.status).toBe(401);
    const newPassword = await auth.api.signInEmail({ body: { email: person.email, password: "a brand new password" }, asResponse: true });
    expect(newPassword.status).toBe(200);
    expect(cookieOf(newPassword)).toContain("session_token");
    // The token works once.
    await expect(auth.api.resetPassword({ body: { newPassword: "yet another password", token } })).rejects.toThrow();
  });

  it("asks for a fresh sign-in for sensitive steps after 10 minutes, and never of an API key", async () => {
    const person = await signUpPerson();
    const workspace = await resolveWorkspace(sessionHeaders(person), "session");
    const signedInAt = workspace.actor.kind === "user" ? workspace.actor.signedInAt.getTime() : 0;
    expect(() => requireFreshSignIn(workspace, signedInAt + FRESH_SIGN_IN_MS - 1_000)).not.toThrow();
    expect(() => requireFreshSignIn(workspace, signedInAt + FRESH_SIGN_IN_MS + 1_000)).toThrow(
      expect.objectContaining({ code: "reauthentication_required" }),
    );
    expect(() => requireFreshSignIn({ ...workspace, actor: { kind: "api_key", keyId: "k", name: "k" } }, signedInAt + 3_600_000)).not.toThrow();
  });
});

describe("who may change whose role", () => {
  async function teamOfThree() {
    const owner = await signUpPerson("Olga Owner");
    const admin = await addPersonToTeam(owner.accountId, "admin");
    const member = await addPersonToTeam(owner.accountId, "member");
    const db = await getDb();
    const memberIdOf = async (userId: string) => (await listTeamMembers(db, owner.accountId)).find((m) => m.userId === userId)!.memberId;
    return { owner, admin, member, db, memberIdOf };
  }
  const rolesOf = async (db: Awaited<ReturnType<typeof getDb>>, accountId: string) =>
    Object.fromEntries((await listTeamMembers(db, accountId)).map((m) => [m.userId, m.role]));

  it("an admin manages members but cannot make an owner, demote or remove one", async () => {
    const { owner, admin, member, db, memberIdOf } = await teamOfThree();
    // (Allowed changes are walked in the e2e journey: they revalidate pages, which needs a Next request.)
    const before = await rolesOf(db, owner.accountId);
    const asAdmin = (run: () => Promise<unknown>) => withRequestHeaders(sessionHeaders(admin), run);

    expect(await asAdmin(async () => updateMemberRoleAction({ member_id: await memberIdOf(member.userId), role: "owner" }))).toMatchObject({ ok: false });
    expect(await asAdmin(async () => updateMemberRoleAction({ member_id: await memberIdOf(owner.userId), role: "viewer" }))).toMatchObject({ ok: false });
    expect(await asAdmin(async () => removeMemberAction({ member_id: await memberIdOf(owner.userId) }))).toMatchObject({ ok: false });
    expect(await rolesOf(db, owner.accountId)).toEqual(before);
  });

  it("the last owner cannot step down or leave the team without an owner", async () => {
    const { owner, db, memberIdOf } = await teamOfThree();
    const asOwner = (run: () => Promise<unknown>) => withRequestHeaders(sessionHeaders(owner), run);
    expect(await asOwner(async () => updateMemberRoleAction({ member_id: await memberIdOf(owner.userId), role: "admin" }))).toMatchObject({ ok: false });
    expect(await asOwner(async () => removeMemberAction({ member_id: await memberIdOf(owner.userId) }))).toMatchObject({ ok: false });
    expect((await rolesOf(db, owner.accountId))[owner.userId]).toBe("owner");
  });
});
