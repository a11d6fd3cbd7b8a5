// The audit log's view of better-auth: sign-ins (every session it creates) and member changes made
// through its organization endpoints, whoever called them. The acting person and the client IP come
// from the endpoint's own request, which better-auth keeps for the duration of the call.
import { tryGetCurrentAuthEndpointContext } from "@better-auth/core/context";
import type { Db } from "@/db/client";
import { findUserById } from "@/db/queries/teams";
import { clientIp } from "@/lib/security/client-ip";
import { recordAudit, recordSignIn, type AuditEntryInput } from "@/lib/audit/record";

type Person = { id: string; name: string; email: string };

export async function auditSignIn(db: Db, userId: string, headers: Headers | null, path: string | null): Promise<void> {
  const person = await findUserById(db, userId);
  if (!person) return;
  await recordSignIn(db, { userId: person.id, name: person.name, email: person.email }, headers ? clientIp(headers) : null, {
    method: path?.startsWith("/sign-up") ? "sign_up" : "password",
  });
}

/** A member change in `accountId` by `actor` (else the person whose session made the request). */
export async function auditMemberChange(db: Db, accountId: string, actor: Person | null, entry: AuditEntryInput): Promise<void> {
  const endpoint = tryGetCurrentAuthEndpointContext();
  const headers = endpoint?.headers ?? null;
  let person = actor;
  if (!person) {
    const session = (endpoint?.context as { session?: { user?: Person } | null } | undefined)?.session;
    person = session?.user ?? null;
  }
  if (!person) {
    // Every organization endpoint that changes members requires a session, so this is a bug.
    throw new Error(`better-auth changed team ${accountId} with no session to record (${entry.action})`);
  }
  await recordAudit(
    db,
    { accountId, actor: { kind: "user", userId: person.id, name: person.name, email: person.email, signedInAt: new Date() }, ip: headers ? clientIp(headers) : null },
    entry,
  );
}
