// Retention on the Usage page: a range reaching back past RETENTION_DAYS (90 by default) says from
// which day its counts have no event detail; a range within it says nothing.
import { expect, test } from "@playwright/test";

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

test.use({ timezoneId: "UTC" });

test("the Usage page says which days have counts only", async ({ page }) => {
  const today = Date.now();
  await page.goto(`/usage?from=${isoDay(today - 120 * DAY_MS)}&to=${isoDay(today)}`);
  await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  const note = page.getByTestId("usage-counts-only");
  await expect(note).toBeVisible();
  const cutoff = new Date(today - 90 * DAY_MS).toLocaleDateString("en-US", { timeZone: "UTC", month: "short", day: "numeric" });
  await expect(note).toContainText("show counts only");
  await expect(note).toContainText("after 90 days");
  await expect(note).toContainText(cutoff.split(" ")[0]);
  await page.screenshot({ path: "e2e/screenshots/usage-retention.png", fullPage: true });

  await page.goto(`/usage?from=${isoDay(today - 29 * DAY_MS)}&to=${isoDay(today)}`);
  await expect(page.getByTestId("events-total")).toBeVisible();
  await expect(page.getByTestId("usage-counts-only")).toHaveCount(0);
});
