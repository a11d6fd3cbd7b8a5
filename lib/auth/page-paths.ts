// Shared by proxy.ts and the pages: where a stranger is sent, and how the requested path reaches pages.

/** The header proxy.ts sets to the requested path and query, for the sign-in redirect's `next`. */
export const PATH_HEADER = "x-hookline-path";

/** `/sign-in?next=…` for a same-site path; anything else (`//evil.example`, full URLs) is dropped. */
export function signInUrl(next: string | null | undefined): string {
  return isSafeNextPath(next) ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in";
}

const SAME_SITE_BASE = "http://same-site.invalid";

/**
 * A path on this site. Browsers drop tabs and newlines from URLs and read `\\` as `/`, so
 * `/\t/evil.example` would become `//evil.example`: control characters and backslashes are
 * refused outright, and what is left must still resolve to this site.
 */
export function isSafeNextPath(next: string | null | undefined): next is string {
  if (typeof next !== "string" || next.length > 2000 || !next.startsWith("/") || next.startsWith("//")) return false;
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return false;
  try {
    return new URL(next, SAME_SITE_BASE).origin === SAME_SITE_BASE;
  } catch {
    return false;
  }
}
