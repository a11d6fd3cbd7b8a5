// Security headers and rate limits against the built app (`next start`, production):
// - the main pages (Usage with its chart, webhooks, a webhook's details, searches, sign-in) work under
//   the Content-Security-Policy, and the browser reports no violation on any of them;
// - a page and an API response carry every header, and the page's scripts carry the CSP's nonce;
// - a client cannot dodge per-address limits by sending its own X-Forwarded-For. These requests come
//   from other loopback addresses (127.0.0.2, 127.0.0.3), so the rest of the run from 127.0.0.1 keeps
//   its budgets.
import http from "node:http";
import { expect, test, type APIResponse } from "@playwright/test";
import { E2E_API_KEY, E2E_BASE_URL, E2E_PORT } from "./env";
import { watchCspViolations } from "./fixtures/csp";
import { startReceiverProcess, type ReceiverProcess } from "./fixtures/receiver";

const auth = { authorization: `Bearer ${E2E_API_KEY}` };
let receiver: ReceiverProcess;
let webhookId = "";

test.beforeAll(async ({ request }) => {
  receiver = await startReceiverProcess();
  const runId = Date.now().toString(36);
  const post = async (path: string, data: unknown) => {
    const response = await request.post(path, { headers: auth, data });
    expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
    return response.json();
  };
  await post("/api/v1/credits", { amount: 3 });
  const search = await post("/api/v1/searches", { name: `CSP ${runId}`, type: "job", filters: { title_keywords: [`csp${runId}`] } });
  const webhook = await post("/api/v1/webhooks", { name: `CSP ${runId}`, url: `${receiver.url}/csp`, search_id: search.id });
  webhookId = webhook.id;
  await post("/api/v1/jobs", { records: [1, 2, 3].map((n) => ({ external_id: `csp-${runId}-${n}`, title: `Engineer csp${runId} ${n}` })) });
});

test.afterAll(async () => {
  await receiver?.stop();
});

test("the main pages work under the Content-Security-Policy, with no violation reported", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const violations = await watchCspViolations(page);

  await page.goto("/usage");
  await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  // The chart is drawn in the browser: it shows only if the page's scripts ran.
  await expect(page.getByTestId("events-chart").locator("svg.recharts-surface").first()).toBeVisible();
  await expect(page.getByTestId("events-chart").locator(".recharts-bar-rectangle path").first()).toBeVisible();
  await page.getByRole("button", { name: "By webhook" }).click();
  await expect(page.getByRole("button", { name: "By webhook" })).toHaveAttribute("aria-pressed", "true");
  expect(await violations(), "/usage").toEqual([]);

  await page.goto("/webhooks");
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  expect(await violations(), "/webhooks").toEqual([]);

  await page.goto(`/webhooks/${webhookId}`);
  await expect(page.getByTestId("event-row").first()).toBeVisible();
  await page.getByTestId("event-row").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/events\//);
  expect(await violations(), "/webhooks/[id]").toEqual([]);

  await page.goto("/searches");
  await expect(page.getByRole("heading", { level: 1, name: "Searches" })).toBeVisible();
  await page.goto("/searches/new");
  await expect(page.getByLabel("Name", { exact: true })).toBeVisible();
  expect(await violations(), "/searches").toEqual([]);

  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  expect(await violations(), "404").toEqual([]);

  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const signInPage = await stranger.newPage();
  const strangerViolations = await watchCspViolations(signInPage);
  await signInPage.goto("/sign-in");
  await signInPage.getByLabel("Email").fill("nobody@hookline.example");
  await signInPage.getByLabel("Password").fill("not-the-password");
  await signInPage.getByRole("button", { name: "Sign in" }).click();
  // The answer comes through the page's scripts (the form does not submit natively).
  await expect(signInPage.getByRole("alert")).toBeVisible();
  expect(await strangerViolations(), "/sign-in").toEqual([]);
  // Pages without data of their own are rendered per request too, or their scripts would lack the nonce.
  await signInPage.goto("/forgot-password");
  await signInPage.getByLabel("Email").fill("nobody@hookline.example");
  await signInPage.getByRole("button", { name: /reset link/i }).click();
  await expect(signInPage.getByRole("status")).toContainText("If an account exists");
  expect(await strangerViolations(), "/forgot-password").toEqual([]);
  await stranger.close();
});

function expectSecurityHeaders(response: APIResponse, what: string) {
  const headers = response.headers();
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["strict-transport-security"], what).toMatch(/^max-age=\d+/); // next start is production
  expect(headers["content-security-policy"], what).toContain("frame-ancestors 'none'");
  expect(headers["x-powered-by"], what).toBeUndefined();
}

test("every header is on a page and an API response, and the page's scripts carry the nonce", async ({ page }) => {
  const pageResponse = await page.request.get("/webhooks");
  expect(pageResponse.status()).toBe(200);
  expectSecurityHeaders(pageResponse, "page");
  const csp = pageResponse.headers()["content-security-policy"];
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).not.toContain("unsafe-eval");
  const html = await pageResponse.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  // A fresh nonce for every response.
  expect((await page.request.get("/webhooks")).headers()["content-security-policy"]).not.toBe(csp);

  const api = await page.request.get("/api/v1/credits", { headers: auth });
  expect(api.status()).toBe(200);
  expectSecurityHeaders(api, "API");
  expect(api.headers()["content-security-policy"]).toContain("default-src 'none'");
  expectSecurityHeaders(await page.request.get("/api/v1/credits"), "API 401");

  const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(asset).toBeTruthy();
  expect((await page.request.get(asset!)).headers()["x-content-type-options"]).toBe("nosniff");
});

/** A request from another loopback address (its own socket address), naming the app's host. */
function fromAddress(localAddress: string, options: { method: string; path: string; headers?: Record<string, string>; body?: unknown }) {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: unknown }>((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port: E2E_PORT,
        localAddress,
        method: options.method,
        path: options.path,
        headers: {
          host: `127.0.0.1:${E2E_PORT}`,
          origin: E2E_BASE_URL,
          ...(body ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } : {}),
          ...options.headers,
        },
      },
      (response) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: parsed });
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

function expectLimited(reply: { status: number; headers: http.IncomingHttpHeaders; body: unknown }) {
  expect(reply.status).toBe(429);
  expect(Number(reply.headers["retry-after"])).toBeGreaterThan(0);
  expect(reply.body).toMatchObject({ error: { code: "rate_limited", message: expect.stringContaining("Too many requests") } });
}

test("a client changing X-Forwarded-For on every request still runs into its address's limits", async () => {
  test.setTimeout(120_000);
  const spoofed = (i: number) => ({ "x-forwarded-for": `203.0.113.${i}` });
  const statuses: number[] = [];
  for (let i = 1; i <= 20; i++) {
    const reply = await fromAddress("127.0.0.2", {
      method: "POST",
      path: "/api/auth/sign-in/email",
      headers: spoofed(i),
      body: { email: `spoof-${i}-${Date.now()}@hookline.example`, password: "not-the-password" },
    });
    statuses.push(reply.status);
  }
  expect(new Set(statuses)).toEqual(new Set([401]));
  expectLimited(
    await fromAddress("127.0.0.2", { method: "POST", path: "/api/auth/sign-in/email", headers: spoofed(21), body: { email: "spoof-21@hookline.example", password: "x-password" } }),
  );

  const wrongKeys: number[] = [];
  for (let i = 1; i <= 25; i++) {
    const reply = await fromAddress("127.0.0.3", { method: "GET", path: "/api/v1/credits", headers: { ...spoofed(i), authorization: `Bearer hk_wrong_${i}` } });
    wrongKeys.push(reply.status);
  }
  expect(wrongKeys.slice(0, 20)).toEqual(Array(20).fill(401));
  expect(wrongKeys.slice(20)).toEqual(Array(5).fill(429));
  expectLimited(await fromAddress("127.0.0.3", { method: "GET", path: "/api/v1/credits", headers: { ...spoofed(99), authorization: `Bearer ${E2E_API_KEY}` } }));
});
