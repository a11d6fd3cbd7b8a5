// /docs/api: the API reference renders the OpenAPI document under the app's CSP (its renderer's
// bundle from the app itself, no CSP violation), is behind sign-in, is linked from the sidebar, and
// sends a real call with the API key a person enters.
import { expect, test, type ConsoleMessage } from "@playwright/test";
import { E2E_API_KEY } from "./env";

test("the API reference renders under the CSP and tries a call with a key", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const violations: string[] = [];
  const onConsole = (message: ConsoleMessage) => {
    if (/Content Security Policy|Refused to (load|apply|execute)/i.test(message.text())) violations.push(message.text());
  };
  page.on("console", onConsole);
  const outside: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["127.0.0.1", "localhost"].includes(url.hostname) && url.protocol.startsWith("http")) outside.push(request.url());
  });

  await page.goto("/usage");
  await expect(page).toHaveURL(/[?&]tz=/); // Usage's own replace (it adds the time zone) must not overtake the click
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/docs\/api$/);
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  const reference = page.getByTestId("api-reference");
  await expect(reference.getByText("List webhooks").first()).toBeVisible({ timeout: 30_000 });
  await expect(reference.getByText("Create a saved search").first()).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/api-reference.png" });

  // Try a call: the reference's client sends GET /api/v1/webhooks with the key typed in.
  await reference.getByRole("button", { name: "Test Request (get /webhooks)" }).click();
  const send = page.getByRole("button", { name: /^Send get request to .*\/api\/v1\/webhooks$/ }).filter({ visible: true }).last();
  await expect(send).toBeVisible();
  const token = page.getByRole("textbox", { name: "Bearer Token" }).filter({ visible: true }).last();
  await token.click();
  await page.keyboard.type(E2E_API_KEY);
  const answered = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/v1/webhooks" && response.request().method() === "GET");
  await send.click();
  const response = await answered;
  expect(response.status()).toBe(200);
  expect(response.request().headers().authorization).toBe(`Bearer ${E2E_API_KEY}`);
  await page.screenshot({ path: "e2e/screenshots/api-reference-try.png" });

  expect(violations).toEqual([]);
  expect(outside).toEqual([]);

  // Behind sign-in: a stranger is sent to sign in.
  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const strangerPage = await stranger.newPage();
  await strangerPage.goto("/docs/api");
  await expect(strangerPage).toHaveURL(/\/sign-in\?next=%2Fdocs%2Fapi$/);
  await stranger.close();
});

test("only the API reference page relaxes style-src; its scripts still need the nonce", async ({ request }) => {
  const reference = (await request.get("/docs/api")).headers()["content-security-policy"];
  expect(reference).toContain("style-src 'self' 'unsafe-inline'");
  expect(reference).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  const usage = (await request.get("/usage")).headers()["content-security-policy"];
  expect(usage).toMatch(/style-src 'self' 'nonce-/);
});
