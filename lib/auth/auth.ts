// Sign-in with better-auth on the app's own database (PGlite or PostgreSQL): email and password,
// sessions in the database, password reset and invitations by mail, teams as its organizations.
// The instance is made on first use, after the database has opened (PGlite opens lazily), and kept
// per database handle so dev reloads and tests that reopen the database get a matching instance.
import { randomUUID } from "node:crypto";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { organization } from "better-auth/plugins";
import { getDb, type Db } from "@/db/client";
import * as schema from "@/db/schema";
import { sendMail } from "@/lib/mail/send";
import { limitAuthAttempts } from "./auth-rate-limits";
import { accessControl, roles } from "./roles";
import { allowedOrigins, appUrl, authSecret } from "./config";
import { adoptOrCreateTeam, firstTeamOf } from "./teams";
import { auditMemberChange, auditSignIn } from "./auth-audit";

/** Sessions last a week and slide forward once a day of use. */
const SESSION_EXPIRES_IN_S = 7 * 24 * 3600;

function createAuth(db: Db) {
  return betterAuth({
    appName: "Hookline",
    baseURL: appUrl(),
    secret: authSecret(),
    trustedOrigins: allowedOrigins(),
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: {
        users: schema.users,
        sessions: schema.sessions,
        authAccounts: schema.authAccounts,
        verifications: schema.verifications,
        accounts: schema.accounts,
        members: schema.members,
        invitations: schema.invitations,
      },
    }),
    user: { modelName: "users" },
    session: { modelName: "sessions", expiresIn: SESSION_EXPIRES_IN_S, updateAge: 24 * 3600 },
    account: { modelName: "authAccounts" },
    verification: { modelName: "verifications" },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      resetPasswordTokenExpiresIn: 3600,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url }) => {
        await sendMail(db, {
          to: user.email,
          subject: "Reset your Hookline password",
          text: `Someone asked to reset the password of ${user.email} on Hookline.\n\nSet a new password (the link works for one hour):\n${url}\n\nIf it was not you, ignore this mail.`,
          link: url,
        });
      },
    },
    advanced: {
      database: { generateId: () => randomUUID() },
      // The proxy leaves exactly one trusted address in X-Forwarded-For (lib/security/client-ip.ts):
      // the socket's peer, or what TRUST_PROXY's proxies saw. Sessions record it.
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
    },
    // better-auth's own limiter is off: its in-memory default is per instance, it keys a request
    // without a trusted address into one shared bucket, and its sign-in rule (3 per 10 s) would
    // answer before ours. The app's limits (auth-rate-limits.ts) cover sign-in, sign-up and password
    // reset per address and per email, shared by all instances on PostgreSQL.
    rateLimit: { enabled: false },
    hooks: { before: limitAuthAttempts },
    databaseHooks: {
      user: {
        create: {
          after: async (user) => {
            await adoptOrCreateTeam(db, { userId: user.id, name: user.name, email: user.email });
          },
        },
      },
      session: {
        create: {
          before: async (session) => {
            const teamId = await firstTeamOf(db, session.userId);
            return { data: { ...session, activeOrganizationId: teamId ?? null } };
          },
          after: async (session, context) => {
            await auditSignIn(db, session.userId, context?.headers ?? null, context?.path ?? null);
          },
        },
      },
    },
    plugins: [
      organization({
        ac: accessControl,
        roles,
        creatorRole: "owner",
        allowUserToCreateOrganization: true,
        invitationExpiresIn: 7 * 24 * 3600,
        cancelPendingInvitationsOnReInvite: true,
        // The invitation's id is a random UUID that only the invitee's mailbox receives, and
        // better-auth checks that the accepting person's email is the invited one; sign-up does
        // not verify addresses, so requiring verification here would lock every invitee out.
        requireEmailVerificationOnInvitation: false,
        sendInvitationEmail: async ({ id, email, role, organization: team, inviter }) => {
          const link = `${appUrl()}/accept-invitation/${id}`;
          await sendMail(db, {
            to: email,
            subject: `Join ${team.name} on Hookline`,
            text: `${inviter.user.name} (${inviter.user.email}) invited you to the team ${team.name} on Hookline as ${role}.\n\nAccept the invitation (the link works for 7 days):\n${link}`,
            link,
          });
        },
        // Member changes are recorded here rather than in the app's actions, so better-auth's own
        // endpoints (/api/auth/organization/…) cannot change a team unrecorded.
        organizationHooks: {
          afterCreateInvitation: async ({ invitation, inviter }) => {
            await auditMemberChange(db, invitation.organizationId, inviter, {
              action: "member.invited",
              target: { type: "invitation", id: invitation.id, name: invitation.email },
              details: { email: invitation.email, role: invitation.role },
            });
          },
          afterRemoveMember: async ({ member, user }) => {
            await auditMemberChange(db, member.organizationId, null, {
              action: "member.removed",
              target: { type: "member", id: user.id, name: user.email },
              details: { email: user.email, role: member.role },
            });
          },
          afterUpdateMemberRole: async ({ member, previousRole, user }) => {
            await auditMemberChange(db, member.organizationId, null, {
              action: "member.role_changed",
              target: { type: "member", id: user.id, name: user.email },
              details: { email: user.email, from: previousRole, to: member.role },
            });
          },
        },
        schema: {
          organization: { modelName: "accounts" },
          member: { modelName: "members" },
          invitation: { modelName: "invitations" },
        },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { hooklineAuth?: WeakMap<Db, Auth> };

export async function getAuth(): Promise<Auth> {
  const db = await getDb();
  const cache = (globalForAuth.hooklineAuth ??= new WeakMap());
  let auth = cache.get(db);
  if (!auth) {
    auth = createAuth(db);
    cache.set(db, auth);
  }
  return auth;
}
