// Roles and what each may do, in one table for both doors: better-auth's organization endpoints
// (members, invitations, the team itself) and Hookline's own pages, actions and routes.
// viewer sees everything and changes nothing; member also manages searches and webhooks, resends
// and sends tests; admin also adds credits, manages API keys and members and reads the audit log;
// owner also deletes the team.
import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements, memberAc, ownerAc } from "better-auth/plugins/organization/access";

const statement = {
  ...defaultStatements,
  search: ["write"],
  record: ["ingest"],
  webhook: ["write", "reveal_secret"],
  event: ["resend", "test"],
  credits: ["add"],
  api_key: ["manage"],
  audit: ["read"],
} as const;

export const accessControl = createAccessControl(statement);

const memberWork = { search: ["write"], record: ["ingest"], webhook: ["write", "reveal_secret"], event: ["resend", "test"] } as const;
const adminWork = { ...memberWork, credits: ["add"], api_key: ["manage"], audit: ["read"] } as const;

export const roles = {
  viewer: accessControl.newRole({ ac: ["read"] }),
  member: accessControl.newRole({ ...memberAc.statements, ...memberWork }),
  admin: accessControl.newRole({ ...adminAc.statements, ...adminWork }),
  owner: accessControl.newRole({ ...ownerAc.statements, ...adminWork }),
  // What an API key may do: the team's work, never its people or its keys. Keys are made by admins
  // and may read the audit log, so it can be exported to a SIEM by script.
  api_key: accessControl.newRole({ ...memberWork, credits: ["add"], audit: ["read"] }),
};

export type RoleName = keyof typeof roles;
export const MEMBER_ROLES = ["owner", "admin", "member", "viewer"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
/** Roles that can be given by invitation or a role change (a team has owners by creation or by an owner). */
export const ASSIGNABLE_ROLES = ["admin", "member", "viewer"] as const;

/** Every permission a page, action or route can require; "read" is every member's. */
export const PERMISSIONS = {
  read: null,
  "search.write": { search: ["write"] },
  "record.ingest": { record: ["ingest"] },
  "webhook.write": { webhook: ["write"] },
  "webhook.reveal_secret": { webhook: ["reveal_secret"] },
  "event.resend": { event: ["resend"] },
  "event.test": { event: ["test"] },
  "credits.add": { credits: ["add"] },
  "api_key.manage": { api_key: ["manage"] },
  "audit.read": { audit: ["read"] },
  "member.manage": { member: ["create", "update", "delete"], invitation: ["create", "cancel"] },
  "team.delete": { organization: ["delete"] },
} as const;
export type Permission = keyof typeof PERMISSIONS;

export function isRoleName(role: string): role is RoleName {
  return Object.hasOwn(roles, role);
}

/** Whether `role` (a member's stored role, or "api_key") grants `permission`. Unknown roles grant nothing. */
export function roleAllows(role: string, permission: Permission): boolean {
  if (!isRoleName(role)) return false;
  const request = PERMISSIONS[permission];
  if (request === null) return true;
  return roles[role].authorize(request as never).success;
}

export const ROLE_LABELS: Record<MemberRole, string> = { owner: "Owner", admin: "Admin", member: "Member", viewer: "Viewer" };
