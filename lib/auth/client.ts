// better-auth's browser client, for the sign-in forms (same-origin: the base URL is the page's).
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();

/**
 * The message of a failed auth call: better-auth's `{message}`, or the app's `{error:{message}}`
 * (its 429s are answered in the app's shape: "Too many requests. Try again in 42 seconds.").
 */
export function authErrorMessage(error: { message?: string; error?: { message?: string } } | null | undefined, fallback: string): string {
  return error?.message || error?.error?.message || fallback;
}
