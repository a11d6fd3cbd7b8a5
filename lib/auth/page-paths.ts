// Shared by proxy.ts and the pages: where a stranger is sent, and how the requested path reaches pages.

/** The header proxy.ts sets to the requested path and query, for the sign-in redirect's `next`. */
export const PATH_HEADER = "x-hookline-path";

/** `/sign-in?next=…` for a same-site path; anything else (`//evil.example`, full URLs) is dropped. */
export function signInUrl(next: string | null | undefined): string {
  return isSafeNextPath(next) ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in";
}

export function isSafeNextPath(next: string | null | undefined): next is string {
  return typeof next === "string" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\");
}
