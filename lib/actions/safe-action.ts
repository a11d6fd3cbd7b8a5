// One wrapper for every server action: resolve the account, safeParse the input, run, and return
// { ok: true, data } | { ok: false, error, fieldErrors }. Throw only for bugs.
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { ApiError, formatIssuePath } from "@/lib/api/errors";
import { getCurrentAccountId } from "@/lib/session";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors: Record<string, string[]> };

export type ActionContext = { accountId: string; db: Db };

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
) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      return { ok: false, error: "Please fix the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
    }
    const accountId = await getCurrentAccountId();
    const db = await getDb();
    try {
      return { ok: true, data: await run(parsed.data, { accountId, db }) };
    } catch (error) {
      // Domain refusals (404, 409, …) are shown to the user; anything else is a bug and propagates.
      if (error instanceof ApiError && error.status < 500) {
        const fieldErrors: Record<string, string[]> = {};
        for (const issue of (Array.isArray(error.details) ? error.details : []) as { path?: string; message?: string }[]) {
          if (issue.path && issue.message) (fieldErrors[issue.path] ??= []).push(issue.message);
        }
        return { ok: false, error: error.message, fieldErrors };
      }
      throw error;
    }
  };
}
