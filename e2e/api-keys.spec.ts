// API keys and the audit log in a real browser against the built app: the owner creates a key (seen
// once), uses it against the API, revokes it and sees 401 at once; the Audit log page then shows
// each of those steps with who did it and from where, filters them, and refuses an absurd date.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { E2E_BASE_URL, E2E_OWNER } from "./env";

test.describe.configure({ mode: "serial" });

const keyName = `Deploy script ${Date.now().toString(36)}`;

/** Sensitive steps may ask for the password again (a sign-in older than 10 minutes) before `done` shows. */
async function confirmPasswordIfAsked(page: Page, done: Locator) {
  const dialog = page.getByRole("dialog", { name: "Confirm your password" });
  await expect(done.or(dialog)).toBeVisible();
  if (await dialog.isVisible()) {
    await dialog.getByLabel(/Password for/).fill(E2E_OWNER.password);
    await dialog.getByRole("button", { name: "Continue" }).click();
  }
}

test("create a key, see it once, use it, revoke it, and find it all in the audit log", async ({ page, playwright }) => {
  test.setTimeout(90_000);
  await page.goto("/usage");
  await expect(page).toHaveURL(/[?&]tz=/); // Usage's own replace (it adds the time zone) must not overtake the click
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();

  await page.getByLabel("Name").fill(keyName);
  await page.getByLabel("Expires").selectOption({ label: "30 days" });
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByTestId("new-api-key-value");
  await confirmPasswordIfAsked(page, shown);
  await expect(shown).toHaveText(/^hk_[A-Za-z0-9_-]{43}$/);
  const key = (await shown.textContent())!.trim();
  const row = page.getByTestId("api-key-row").filter({ hasText: keyName });
  await expect(row).toContainText(`${key.slice(0, 8)}…${key.slice(-4)}`);
  await expect(row).toContainText(`by ${E2E_OWNER.name}`);
  await expect(row).toContainText("Never");
  await expect(row.getByTestId("api-key-status")).toHaveText("Active");
  await page.screenshot({ path: "e2e/screenshots/api-keys.png", fullPage: true });

  // Once: after a reload only its first and last characters are left.
  await page.reload();
  await expect(page.getByTestId("new-api-key-value")).toHaveCount(0);
  expect(await page.content()).not.toContain(key);

  // The key works against the API (and its use is noted), with no cookie at all.
  const client = await playwright.request.newContext({ baseURL: E2E_BASE_URL, storageState: { cookies: [], origins: [] } });
  const bearer = { authorization: `Bearer ${key}` };
  expect((await client.get("/api/v1/credits", { headers: bearer })).status()).toBe(200);
  const topUp = await client.post("/api/v1/credits", { headers: bearer, data: { amount: 5 } });
  expect(topUp.status()).toBe(200);
  await page.reload();
  await expect(row.locator("td").nth(3)).not.toHaveText("Never");

  // Revoke (with a confirmation): refused at once.
  await row.getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("dialog", { name: `Revoke “${keyName}”?` });
  await expect(confirm).toContainText("refused from now on");
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(row.getByTestId("api-key-status")).toHaveText("Revoked");
  const refused = await client.get("/api/v1/credits", { headers: bearer });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe("unauthorized");
  await client.dispose();

  // The audit log: the key made by the owner, the credits added by the key, its revocation.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const created = page.getByTestId("audit-entry").filter({ hasText: "Created an API key" }).filter({ hasText: keyName });
  await expect(created).toHaveCount(1);
  await expect(created).toContainText(E2E_OWNER.email);
  await expect(created).toContainText("127.0.0.1");
  const added = page.getByTestId("audit-entry").filter({ hasText: "Added credits" }).first();
  await expect(added).toContainText(keyName);
  await expect(added).toContainText("API key");
  await expect(added).toContainText("+5 credits");
  const revoked = page.getByTestId("audit-entry").filter({ hasText: "Revoked an API key" }).filter({ hasText: keyName });
  await expect(revoked).toHaveCount(1);
  await expect(page.getByTestId("audit-entry").filter({ hasText: "Signed in" }).first()).toContainText(E2E_OWNER.email);
  await page.screenshot({ path: "e2e/screenshots/audit-log.png", fullPage: true });

  // Filter by action, then by person.
  await page.getByLabel("Action").selectOption({ label: "Revoked an API key" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/action=api_key.revoked/);
  await expect(page.getByTestId("audit-entry")).not.toHaveCount(0);
  for (const entry of await page.getByTestId("audit-entry").all()) await expect(entry).toHaveAttribute("data-action", "api_key.revoked");
  await page.getByLabel("Action").selectOption({ label: "Every action" });
  await page.getByLabel("Person or key").selectOption({ label: `${keyName} (API key)` });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("audit-entry")).toHaveCount(1);
  await expect(page.getByTestId("audit-entry")).toHaveAttribute("data-action", "credits.added");

  // Absurd dates are refused with a visible message, not an error page.
  const absurd = await page.goto("/settings/audit-log?from=1999-12-31&to=2026-01-01");
  expect(absurd?.status()).toBe(200);
  await expect(page.getByTestId("field-error")).toHaveText("Enter a date between 2000-01-01 and 2100-12-31 (YYYY-MM-DD)");
  await expect(page.getByTestId("audit-filter-error")).toBeVisible();
  await page.goto("/settings/audit-log?from=2026-05-02&to=2026-05-01");
  await expect(page.getByTestId("field-error")).toHaveText("Must be after the start of the range");
});
