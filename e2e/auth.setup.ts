// The first person signs up through the form: a stranger is sent to sign in, and after signing up
// lands where they were going, as the owner of the default team (the data from before sign-in).
import { expect, test as setup } from "@playwright/test";
import { E2E_OWNER, E2E_OWNER_STATE } from "./env";

setup("the first person signs up and takes over the default team", async ({ page }) => {
  await page.goto("/usage");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fusage$/);
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill(E2E_OWNER.name);
  await page.getByLabel("Email").fill(E2E_OWNER.email);
  await page.getByLabel("Password").fill(E2E_OWNER.password);
  await page.getByRole("button", { name: "Create your account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toContainText(E2E_OWNER.email);
  await expect(page.getByTestId("signed-in-as")).toContainText("Owner");
  await expect(page.getByLabel("Team", { exact: true })).toHaveValue(/.+/);
  await page.context().storageState({ path: E2E_OWNER_STATE });
});
