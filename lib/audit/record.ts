// Writing the audit log. Callers pass who is acting (a workspace: the team, the person or key, the
// client IP) and what was done; a change with a transaction records in it, others right after they
// succeed. Nothing here decides whether something may be done: only what was done is recorded.
import type { DbOrTx } from "@/db/client";
import { insertAuditEntries } from "@/db/queries/audit-log";
import { listMemberships } from "@/db/queries/teams";
import type { NewAuditLogEntry } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import type { AuditAction, AuditTargetType } from "./actions";

/** Who did it, where: a Workspace (or a route's or action's context) is one. */
export type AuditWho = { accountId: string; actor: Actor; ip: string | null };

export type AuditEntryInput = {
  action: AuditAction;
  target?: { type: AuditTargetType; id?: string | null; name?: string | null };
  details?: Record<string, unknown>;
};

function actorColumns(actor: Actor): Pick<NewAuditLogEntry, "actorType" | "actorId" | "actorName" | "actorEmail"> {
  if (actor.kind === "api_key") return { actorType: "api_key", actorId: actor.keyId, actorName: actor.name, actorEmail: null };
  if (actor.kind === "system") return { actorType: "system", actorId: "hookline", actorName: "Hookline", actorEmail: null };
  return { actorType: "user", actorId: actor.userId, actorName: actor.name || actor.email, actorEmail: actor.email };
}

function row(accountId: string, actor: Actor, ip: string | null, entry: AuditEntryInput): NewAuditLogEntry {
  return {
    accountId,
    ...actorColumns(actor),
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    targetName: entry.target?.name ?? null,
    ip,
    details: entry.details ?? {},
  };
}

export async function recordAudit(db: DbOrTx, who: AuditWho, ...entries: AuditEntryInput[]): Promise<void> {
  await insertAuditEntries(
    db,
    entries.map((entry) => row(who.accountId, who.actor, who.ip, entry)),
  );
}

/** A sign-in is the person's, not one team's: it is recorded in each of their teams. */
export async function recordSignIn(
  db: DbOrTx,
  person: { userId: string; name: string; email: string },
  ip: string | null,
  details: Record<string, unknown>,
): Promise<void> {
  const teams = await listMemberships(db, person.userId);
  const actor: Actor = { kind: "user", userId: person.userId, name: person.name, email: person.email, signedInAt: new Date() };
  await insertAuditEntries(
    db,
    teams.map((team) => row(team.accountId, actor, ip, { action: "person.signed_in", details })),
  );
}
