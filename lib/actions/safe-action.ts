// One wrapper for every server action: the workspace and its permission (lib/auth/workspace.ts),
// then safeParse, then run; returns { ok: true, data } | { ok: false, error, code, fieldErrors }.
// Refusals (not signed in, a missing permission, a stale sign-in, 404, 409 …) are results, never
// thrown; only bugs throw.
import { z } from "zod";
import { httpStatusOf } from "@/lib/api/errors";
import { AppError, formatIssuePath, notSignedIn } from "@/lib/errors";
import { requestHeaders } from "@/lib/auth/request-headers";
import { getSignedInPerson } from "@/lib/auth/session";
import { authorize, requireFreshSignIn, resolveWorkspace, type Workspace } from "@/lib/auth/workspace";
import type { Permission } from "@/lib/auth/roles";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; code: string; fieldErrors: Record<string, string[]> };

export type ActionContext = Workspace;

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = formatIssuePath(issue.path) || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function validatedAction<S extends z.ZodType, T>(
  schema: S,
  run: (input: z.infer<S>, ctx: ActionContext) => Promise<T>,
  options: {
    permission: Permission;
    /** Secrets and URLs: a sign-in within the last 10 minutes (else code `reauthentication_required`). */
    requireFreshSignIn?: boolean | ((input: z.infer<S>, ctx: ActionContext) => Promise<boolean> | boolean);
  },
) {
  const action = async (input: unknown): Promise<ActionResult<T>> => {
    try {
      const workspace = await resolveWorkspace(await requestHeaders(), "session");
      authorize(workspace, options.permission);
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        return { ok: false, error: "Please fix the highlighted fields.", code: "invalid_request", fieldErrors: fieldErrorsOf(parsed.error) };
      }
      const fresh = options.requireFreshSignIn;
      if (fresh === true || (typeof fresh === "function" && (await fresh(parsed.data, workspace)))) requireFreshSignIn(workspace);
      return { ok: true, data: await run(parsed.data, workspace) };
    } catch (error) {
      // Domain refusals (401, 403, 404, 409, …) are shown to the user; anything else is a bug and propagates.
      if (error instanceof AppError && httpStatusOf(error) < 500) {
        const fieldErrors: Record<string, string[]> = {};
        for (const issue of (Array.isArray(error.details) ? error.details : []) as { path?: string; message?: string }[]) {
          if (issue.path && issue.message) (fieldErrors[issue.path] ??= []).push(issue.message);
        }
        return { ok: false, error: error.message, code: error.code, fieldErrors };
      }
      throw error;
    }
  };
  // The permission travels with the action, so the authorization matrix test can check every one.
  return Object.assign(action, { permission: options.permission });
}

/**
 * For the few actions of a person rather than a team (accepting an invitation, creating a team when
 * they have none): a signed-in session is all they need.
 */
export function personAction<S extends z.ZodType, T>(
  schema: S,
  run: (input: z.infer<S>, person: { userId: string; email: string }) => Promise<T>,
) {
  const action = async (input: unknown): Promise<ActionResult<T>> => {
    try {
      const person = await getSignedInPerson();
      if (!person) throw notSignedIn();
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        return { ok: false, error: "Please fix the highlighted fields.", code: "invalid_request", fieldErrors: fieldErrorsOf(parsed.error) };
      }
      return { ok: true, data: await run(parsed.data, person) };
    } catch (error) {
      if (error instanceof AppError && httpStatusOf(error) < 500) return { ok: false, error: error.message, code: error.code, fieldErrors: {} };
      throw error;
    }
  };
  return Object.assign(action, { permission: "person" as const });
}
