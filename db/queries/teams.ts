import "server-only";
// Teams (the `accounts` table) as people see them: memberships, roles and the people in a team.
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { accounts, invitations, members, users } from "../schema";
import { isUuid } from "../ids";

export type Membership = { accountId: string; name: string; role: string };

/** The teams a person belongs to, oldest membership first. */
export async function listMemberships(db: DbOrTx, userId: string): Promise<Membership[]> {
  return db
    .select({ accountId: accounts.id, name: accounts.name, role: members.role })
    .from(members)
    .innerJoin(accounts, eq(accounts.id, members.organizationId))
    .where(eq(members.userId, userId))
    .orderBy(asc(members.createdAt), asc(accounts.name));
}

/** The person's role in a team, or undefined when they are not a member (or the id is not a uuid). */
export async function findMemberRole(db: DbOrTx, userId: string, accountId: string): Promise<string | undefined> {
  if (!isUuid(accountId)) return undefined;
  const [row] = await db
    .select({ role: members.role })
    .from(members)
    .where(and(eq(members.userId, userId), eq(members.organizationId, accountId)));
  return row?.role;
}

export async function insertMember(db: DbOrTx, values: { id: string; accountId: string; userId: string; role: string }): Promise<void> {
  await db
    .insert(members)
    .values({ id: values.id, organizationId: values.accountId, userId: values.userId, role: values.role })
    .onConflictDoNothing();
}

export async function countMembers(db: DbOrTx, accountId: string): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(members).where(eq(members.organizationId, accountId));
  return row?.count ?? 0;
}

export async function createTeam(db: DbOrTx, values: { name: string; slug: string }): Promise<string> {
  const [row] = await db.insert(accounts).values(values).returning({ id: accounts.id });
  return row.id;
}

export type TeamMember = { memberId: string; userId: string; name: string; email: string; role: string; createdAt: Date };

export async function listTeamMembers(db: DbOrTx, accountId: string): Promise<TeamMember[]> {
  return db
    .select({
      memberId: members.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: members.role,
      createdAt: members.createdAt,
    })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.organizationId, accountId))
    .orderBy(asc(members.createdAt));
}

export async function listPendingInvitations(db: DbOrTx, accountId: string) {
  return db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.organizationId, accountId), eq(invitations.status, "pending"), sql`${invitations.expiresAt} > now()`))
    .orderBy(asc(invitations.createdAt));
}

export async function findUserByEmail(db: DbOrTx, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

/** Locks a team's row for the rest of the transaction; false when there is no such team. */
export async function lockTeam(tx: DbOrTx, accountId: string): Promise<boolean> {
  const [row] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).for("update");
  return row !== undefined;
}

/** An invitation with its team's name, for the accept page (any status: the page explains which). */
export async function findInvitation(db: DbOrTx, invitationId: string) {
  const [row] = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      status: invitations.status,
      expiresAt: invitations.expiresAt,
      teamName: accounts.name,
      inviterName: users.name,
    })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.organizationId))
    .innerJoin(users, eq(users.id, invitations.inviterId))
    .where(eq(invitations.id, invitationId));
  return row;
}

export async function findUserById(db: DbOrTx, userId: string) {
  const [row] = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, userId));
  return row;
}
