// The proxy's two jobs: only the app's own origin may write with cookies (DNS rebinding and
// cross-site requests are refused), and strangers opening a page are sent to sign in.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
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
