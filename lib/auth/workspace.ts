// The one door: every page, server action and route finds its team and checks its permission here.
// A session (cookie) or an API key → the team → the role → the permission; nothing else reads who
// is asking. Refusals are AppErrors: 401 without credentials, 403 for a missing permission (404s
// for other teams' objects come from the queries, which always filter by the team).
import { getDb, type Db } from "@/db/client";
import { listMemberships, type Membership } from "@/db/queries/teams";
import { handleApiError } from "@/lib/api/errors";
import { forbidden, notSignedIn, reauthenticationRequired, unauthorized } from "@/lib/errors";
import { authenticateApiKey } from "./api-keys";
import { withRequest } from "@/lib/api/with-request";
import { clientIp, rateLimitAddress } from "@/lib/security/client-ip";
import { consumeRateLimit, refuseIfRateLimited } from "@/lib/security/rate-limit";
import type { RequestActor } from "./actor";
import { getAuth } from "./auth";
import { roleAllows, type Permission, type RoleName } from "./roles";

/** A sensitive step needs a sign-in at most this old. */
export const FRESH_SIGN_IN_MS = 10 * 60_000;

export type Workspace = {
  db: Db;
  accountId: string;
  role: RoleName;
  actor: RequestActor;
  /** The client's address (lib/api/client-ip.ts), for the audit log. */
  ip: string | null;
  /** The person's teams (session only), for the team switcher. */
  memberships: Membership[];
};

/**
 * `session`: the dashboard's own routes, pages and actions (a signed-in person).
 * `api`: /api/v1 — a bearer API key, or else a person's session (the proxy checks such a request's Origin).
 */
export type Credentials = "session" | "api";

export async function resolveWorkspace(headers: Headers, via: Credentials): Promise<Workspace> {
  const db = await getDb();
  const ip = clientIp(headers);
  const authorization = headers.get("authorization");
  if (via === "api" && (authorization || !headers.get("cookie"))) {
    // An address that sent too many requests without a valid key is refused before any lookup.
    const address = rateLimitAddress(ip);
    await refuseIfRateLimited("api_unauthorized_ip", address);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    // Revoked and expired keys are not found: the same 401 as an unknown key.
    const key = match ? await authenticateApiKey(db, match[1]) : undefined;
    if (!key) {
      await consumeRateLimit("api_unauthorized_ip", address);
      throw unauthorized();
    }
    await consumeRateLimit("api_key", key.id);
    return { db, accountId: key.accountId, role: "api_key", actor: { kind: "api_key", keyId: key.id, name: key.name }, ip, memberships: [] };
  }
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers });
  if (!session) throw via === "api" ? unauthorized() : notSignedIn();
  const memberships = await listMemberships(db, session.user.id);
  const activeId = (session.session as { activeOrganizationId?: string | null }).activeOrganizationId;
  const active = memberships.find((m) => m.accountId === activeId) ?? memberships[0];
  if (!active) throw forbidden("You are not a member of any team. Ask for an invitation, or create a team.");
  return {
    db,
    accountId: active.accountId,
    role: active.role as RoleName,
    actor: {
      kind: "user",
      userId: session.user.id,
      email: session.user.email,
      name: session.user.name,
      signedInAt: new Date(session.session.createdAt),
    },
    ip,
    memberships,
  };
}

export function can(workspace: Pick<Workspace, "role">, permission: Permission): boolean {
  return roleAllows(workspace.role, permission);
}

export function authorize(workspace: Workspace, permission: Permission): void {
  if (!can(workspace, permission)) throw forbidden();
}

/** Secrets and a webhook's URL: a person must have signed in within FRESH_SIGN_IN_MS; keys pass. */
export function requireFreshSignIn(workspace: Workspace, now = Date.now()): void {
  if (workspace.actor.kind !== "user") return;
  if (now - workspace.actor.signedInAt.getTime() > FRESH_SIGN_IN_MS) throw reauthenticationRequired();
}

export type WorkspaceOptions = {
  /** What the caller must be allowed to do. */
  permission: Permission;
  /** `api` for /api/v1 (an API key, or a session), `session` for the dashboard's own routes. */
  via: Credentials;
  /** Secrets and URLs: a person's session must be fresh (API keys pass), as in the pages' actions. */
  requireFreshSignIn?: boolean;
};

export type RouteContext<P> = Workspace & { request: Request; params: P };

/**
 * Wraps a route handler: resolves the workspace, checks the permission, runs the handler and maps
 * errors to `{error}`. The handler returns a Response, or a value sent as JSON with status 200.
 */
export function withWorkspace<P = Record<string, string>>(
  handler: (ctx: RouteContext<P>) => Promise<Response | unknown>,
  options: WorkspaceOptions,
) {
  // withRequest: the request id, the access-log line, and no throw escaping.
  const wrapped = withRequest(async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    let response: Response;
    try {
      const workspace = await resolveWorkspace(request.headers, options.via);
      authorize(workspace, options.permission);
      if (options.requireFreshSignIn) requireFreshSignIn(workspace);
      const params = (await context?.params) ?? ({} as P);
      const result = await handler({ ...workspace, request, params });
      response = result instanceof Response ? result : Response.json(result);
    } catch (error) {
      response = handleApiError(error);
    }
    // The dashboard's data is per person and polled: never from a cache.
    if (options.via === "session") response.headers.set("cache-control", "no-store");
    return response;
  });
  return Object.assign(wrapped, { workspaceOptions: options });
}
