import { expect, test } from "@playwright/test";

test("the shell reaches Usage, Webhooks and Searches, and / goes to /usage", async ({ page }) => {
  await page.goto("/");
  // The Usage link holds the person's time zone.
  await expect(page).toHaveURL(/\/usage(\?tz=[^&]+)?$/);
  await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Usage" })).toHaveAttribute("aria-current", "page");
  await page.screenshot({ path: "e2e/screenshots/shell-usage.png", fullPage: true });

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
  await expect(page).toHaveURL(/\/webhooks$/);
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Searches" }).click();
  await expect(page).toHaveURL(/\/searches$/);
  await expect(page.getByRole("heading", { level: 1, name: "Searches" })).toBeVisible();
});
