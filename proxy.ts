// Runs before every request (Next 16's proxy, the former middleware):
// - every response carries the security headers (lib/security/headers.ts): a Content-Security-Policy
//   with a fresh nonce for pages (also set on the request, where Next finds it and puts it on its
//   scripts), frame-ancestors 'none', nosniff, a referrer policy, and HSTS in production;
// - X-Forwarded-For is rewritten to the one address the app trusts (lib/security/client-ip.ts), so no
//   client can pick the address that rate limits count by;
// - cookie-authenticated writes (server actions, the auth routes) must come from the app's own origin,
//   and every browser-facing request must name the app's own host: a page on another name that
//   resolves here (DNS rebinding) is refused;
// - a stranger (no session cookie) opening a page is sent to /sign-in?next=…; pages still check the
//   session itself (lib/auth/page.ts), since a cookie's presence proves nothing.
import { NextResponse, type NextRequest } from "next/server";
import { getSessionCookie } from "better-auth/cookies";
import { allowedOrigins, appUrl, isProduction } from "@/lib/auth/config";
import { PATH_HEADER, signInUrl } from "@/lib/auth/page-paths";
import { FORWARDED_FOR, trustedForwardedFor, trustedProxyHops } from "@/lib/security/client-ip";
import { API_REFERENCE_PATH, applySecurityHeaders, contentSecurityPolicy, createNonce, NONCE_HEADER } from "@/lib/security/headers";

// Machine-to-machine routes authenticate with bearer tokens and may be called by any host name.
const BEARER_PREFIXES = ["/api/v1/", "/api/cron/", "/api/health", "/api/demo/receivers/"];
const PUBLIC_PAGES = ["/sign-in", "/sign-up", "/forgot-password", "/reset-password", "/dev/outbox"];

function refuse(status: number, code: string, message: string): NextResponse {
  return NextResponse.json({ error: { code, message } }, { status });
}

/** Whether every path segment percent-decodes to UTF-8: one that does not makes Next's router answer 500. */
function isDecodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname === "/api" || pathname.startsWith("/api/");
  const nonce = isApi ? null : createNonce();
  const csp = contentSecurityPolicy({
    nonce,
    isDevelopment: process.env.NODE_ENV === "development",
    upgradeInsecureRequests: isProduction() && appUrl().startsWith("https:"),
    allowInlineStyles: pathname === API_REFERENCE_PATH,
  });
  const secured = <T extends NextResponse>(response: T): T => {
    applySecurityHeaders(response.headers, { csp, isProduction: isProduction() });
    return response;
  };

  const headers = new Headers(request.headers);
  const forwardedFor = trustedForwardedFor(request.headers.get(FORWARDED_FOR), trustedProxyHops());
  // Removed, Next fills it in with the socket's peer address after the proxy.
  if (forwardedFor) headers.set(FORWARDED_FOR, forwardedFor);
  else headers.delete(FORWARDED_FOR);
  const next = () => secured(NextResponse.next({ request: { headers } }));

  if (!isDecodablePath(pathname)) return secured(refuse(400, "invalid_request", "The path is not valid percent-encoded UTF-8."));

  // A bearer request carries its own credentials; one with only cookies acts as the signed-in person.
  const isBearer = request.headers.has("authorization") || !request.headers.has("cookie");
  if (isBearer && BEARER_PREFIXES.some((prefix) => pathname === prefix.replace(/\/$/, "") || pathname.startsWith(prefix))) {
    return next();
  }

  const origins = allowedOrigins();
  const hosts = new Set(origins.map((origin) => new URL(origin).host));
  const host = request.headers.get("host") ?? "";
  if (!hosts.has(host)) {
    return secured(refuse(421, "misdirected_request", `This server answers to ${[...hosts].join(", ")}, not ${host || "an empty Host"}.`));
  }

  const isWrite = !["GET", "HEAD", "OPTIONS"].includes(request.method);
  if (isWrite || request.headers.has("next-action")) {
    const origin = request.headers.get("origin");
    if (!origin || !origins.includes(origin)) return secured(refuse(403, "invalid_origin", "Cross-origin request refused."));
  }

  if (isApi) return next();

  headers.set(PATH_HEADER, pathname + search);
  headers.set(NONCE_HEADER, nonce!);
  headers.set("content-security-policy", csp);
  const isPublic = PUBLIC_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`));
  if (!isPublic && !getSessionCookie(request)) {
    return secured(NextResponse.redirect(new URL(signInUrl(pathname + search), request.url)));
  }
  return next();
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
