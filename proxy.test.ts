// The proxy's jobs: security headers on every response, the one trusted client address in
// X-Forwarded-For, only the app's own origin may write with cookies (DNS rebinding and cross-site
// requests are refused), and strangers opening a page are sent to sign in.
import { NextRequest, type NextResponse } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clientIp, normalizeIp, rateLimitAddress, trustedForwardedFor } from "@/lib/security/client-ip";
import { contentSecurityPolicy } from "@/lib/security/headers";
import { proxy } from "./proxy";

const APP = "http://localhost:3000";

function request(path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  const url = new URL(path, APP);
  return new NextRequest(url, { method: init.method ?? "GET", headers: { host: url.host, ...init.headers } });
}

describe("proxy", () => {
  it("sends a stranger opening a page to sign in, and back afterwards", () => {
    const response = proxy(request("/webhooks/abc?status=failed"));
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(`${APP}/sign-in?next=${encodeURIComponent("/webhooks/abc?status=failed")}`);
    expect(proxy(request("/sign-in")).status).toBe(200);
  });

  it("refuses a server action or an auth call from another origin, or with none", () => {
    const cookie = "better-auth.session_token=x";
    const action = (origin?: string) =>
      proxy(request("/webhooks", { method: "POST", headers: { cookie, "next-action": "abc", ...(origin ? { origin } : {}) } }));
    expect(action("https://evil.example").status).toBe(403);
    expect(action().status).toBe(403);
    expect(action(APP).status).toBe(200);
    expect(action("http://127.0.0.1:3000").status).toBe(200); // development: both loopback names
    expect(proxy(request("/api/auth/sign-in/email", { method: "POST", headers: { origin: "https://evil.example" } })).status).toBe(403);
  });

  it("answers 400 for a path that does not percent-decode, which Next's router would answer with a 500", async () => {
    for (const path of ["/api/v1/webhooks/%E0%A4%A", "/api/v1/searches/%ZZ", "/webhooks/%C0"]) {
      for (const headers of [{ authorization: "Bearer hk_x" }, {}] as Record<string, string>[]) {
        const response = proxy(request(path, { headers }));
        expect(response.status, path).toBe(400);
        expect((await response.json()).error.code).toBe("invalid_request");
      }
    }
    expect(proxy(request("/api/v1/searches/caf%C3%A9", { headers: { authorization: "Bearer hk_x" } })).status).toBe(200);
  });

  it("refuses DNS rebinding: a request whose Host and Origin are both another name", () => {
    const url = "http://rebind.example:3000/api/auth/sign-in/email";
    const rebound = new NextRequest(url, { method: "POST", headers: { host: "rebind.example:3000", origin: "http://rebind.example:3000" } });
    expect(proxy(rebound).status).toBe(421);
    const page = new NextRequest("http://rebind.example:3000/usage", { headers: { host: "rebind.example:3000", cookie: "better-auth.session_token=x" } });
    expect(proxy(page).status).toBe(421);
  });

  it("lets bearer requests to the API through from any host, and checks the Origin of cookie-only API writes", () => {
    const bearer = new NextRequest("http://10.0.0.5:3000/api/v1/credits", { method: "POST", headers: { host: "10.0.0.5:3000", authorization: "Bearer k" } });
    expect(proxy(bearer).status).toBe(200);
    const cookieOnly = request("/api/v1/credits", { method: "POST", headers: { cookie: "better-auth.session_token=x", origin: "https://evil.example" } });
    expect(proxy(cookieOnly).status).toBe(403);
  });
});

/** The request headers the proxy hands on to the page or route (NextResponse.next's overrides). */
function forwardedRequestHeaders(response: NextResponse): Headers {
  const names = (response.headers.get("x-middleware-override-headers") ?? "").split(",").filter(Boolean);
  const headers = new Headers();
  for (const name of names) headers.set(name, response.headers.get(`x-middleware-request-${name}`) ?? "");
  return headers;
}

function policyOf(response: Response): Map<string, string> {
  const csp = response.headers.get("content-security-policy") ?? "";
  return new Map(csp.split(";").map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(" ")]));
}

describe("security headers", () => {
  afterEach(() => vi.unstubAllEnvs());

  const signedIn = { cookie: "better-auth.session_token=x" };
  const every = (response: Response) => {
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(policyOf(response).get("frame-ancestors")).toBe("'none'");
    expect(response.headers.has("x-powered-by")).toBe(false);
  };

  it("gives a page a CSP with a fresh nonce for scripts, and hands the nonce to Next on the request", () => {
    const first = proxy(request("/usage", { headers: signedIn }));
    const second = proxy(request("/usage", { headers: signedIn }));
    every(first);
    const script = policyOf(first).get("script-src")!;
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(script)![1];
    expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    expect(script).toContain("'strict-dynamic'");
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    expect(policyOf(first).get("style-src")).toBe(`'self' 'nonce-${nonce}'`);
    expect(policyOf(first).get("style-src-attr")).toBe("'unsafe-inline'");
    expect(policyOf(first).get("object-src")).toBe("'none'");
    expect(policyOf(second).get("script-src")).not.toBe(script);
    const forwarded = forwardedRequestHeaders(first);
    expect(forwarded.get("x-nonce")).toBe(nonce);
    expect(forwarded.get("content-security-policy")).toBe(first.headers.get("content-security-policy"));
  });

  it("puts the headers on API responses, redirects and refusals too", () => {
    const api = proxy(request("/api/v1/credits", { headers: { authorization: "Bearer k" } }));
    every(api);
    expect(policyOf(api).get("default-src")).toBe("'none'");
    expect(forwardedRequestHeaders(api).has("x-nonce")).toBe(false);
    every(proxy(request("/webhooks"))); // redirect to sign in
    every(proxy(request("/webhooks", { method: "POST", headers: { ...signedIn, origin: "https://evil.example" } })));
    every(proxy(new NextRequest("http://rebind.example:3000/usage", { headers: { host: "rebind.example:3000" } })));
  });

  it("sends HSTS in production only, and loosens the CSP only for next dev", () => {
    expect(proxy(request("/sign-in")).headers.has("strict-transport-security")).toBe(false);
    vi.stubEnv("NODE_ENV", "production");
    expect(proxy(request("/sign-in")).headers.get("strict-transport-security")).toMatch(/^max-age=\d{8}/);
    expect(policyOf(proxy(request("/sign-in"))).has("upgrade-insecure-requests")).toBe(false); // APP_URL is http here
    vi.stubEnv("NODE_ENV", "development");
    const dev = policyOf(proxy(request("/sign-in")));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("style-src")).toBe("'self' 'unsafe-inline'");
    expect(contentSecurityPolicy({ nonce: "n", isDevelopment: false, upgradeInsecureRequests: true })).toContain("upgrade-insecure-requests");
    // The API reference page alone takes inline <style> (its renderer injects them); scripts still need the nonce.
    const reference = contentSecurityPolicy({ nonce: "n", isDevelopment: false, upgradeInsecureRequests: false, allowInlineStyles: true });
    expect(reference).toContain("style-src 'self' 'unsafe-inline'");
    expect(reference).toContain("script-src 'self' 'nonce-n' 'strict-dynamic'");
    expect(reference).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy({ nonce: "n", isDevelopment: false, upgradeInsecureRequests: false })).toContain("style-src 'self' 'nonce-n'");
  });
});

describe("the client's address", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("drops a client's X-Forwarded-For, so Next sets the socket's address: no spoofing past per-address limits", () => {
    for (const path of ["/sign-in", "/api/auth/sign-in/email", "/api/v1/credits"]) {
      const response = proxy(request(path, { headers: { "x-forwarded-for": "203.0.113.7", authorization: "Bearer k" } }));
      const names = (response.headers.get("x-middleware-override-headers") ?? "").split(",");
      expect(names, path).not.toContain("x-forwarded-for");
      expect(names, path).toContain("host"); // the override list is complete: what is missing is removed
    }
  });

  it("behind TRUST_PROXY=n proxies, keeps the n-th address from the right", () => {
    vi.stubEnv("TRUST_PROXY", "1");
    const one = proxy(request("/sign-in", { headers: { "x-forwarded-for": "6.6.6.6, 198.51.100.4" } }));
    expect(forwardedRequestHeaders(one).get("x-forwarded-for")).toBe("198.51.100.4");
    vi.stubEnv("TRUST_PROXY", "2");
    const two = proxy(request("/sign-in", { headers: { "x-forwarded-for": "6.6.6.6, 198.51.100.4, 10.0.0.2" } }));
    expect(forwardedRequestHeaders(two).get("x-forwarded-for")).toBe("198.51.100.4");
    expect(trustedForwardedFor("not-an-address", 1)).toBeNull();
    expect(trustedForwardedFor("198.51.100.4", 0)).toBeNull();
  });

  it("reads one canonical address and counts IPv6 by its /64", () => {
    expect(normalizeIp("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeIp("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizeIp("198.51.100.4:5000")).toBe("198.51.100.4");
    expect(normalizeIp("<script>")).toBeNull();
    expect(clientIp(new Headers({ "x-forwarded-for": "::ffff:192.0.2.1" }))).toBe("192.0.2.1");
    expect(clientIp(new Headers())).toBeNull();
    expect(rateLimitAddress("2001:db8:1:2:aaaa::1")).toBe(rateLimitAddress("2001:db8:1:2:bbbb::9"));
    expect(rateLimitAddress("2001:db8:1:3::1")).not.toBe(rateLimitAddress("2001:db8:1:2::1"));
    expect(rateLimitAddress(null)).toBe("unknown");
  });
});
