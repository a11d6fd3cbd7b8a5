import { expect, test } from "@playwright/test";
import { E2E_API_KEY } from "./env";

const auth = { authorization: `Bearer ${E2E_API_KEY}` };

test("create a saved search through the form: a field error first, then it is listed with its live count", async ({ page, request }) => {
  const runId = Date.now().toString(36);
  const ingest = await request.post("/api/v1/jobs", {
    headers: auth,
    data: {
      records: [
        { external_id: `e2e-${runId}-1`, title: "Senior Data Engineer", country_code: "ES", remote: true },
        { external_id: `e2e-${runId}-2`, title: "Data engineer (ETL)", country_code: "PT", remote: true },
        { external_id: `e2e-${runId}-3`, title: "Data engineer", country_code: "DE", remote: true },
        { external_id: `e2e-${runId}-4`, title: "Product designer", country_code: "ES", remote: true },
      ],
    },
  });
  expect(ingest.status()).toBe(200);

  await page.goto("/searches");
  await expect(page.getByRole("heading", { level: 1, name: "Searches" })).toBeVisible();
  await page.getByRole("link", { name: "New search" }).click();
  await expect(page).toHaveURL(/\/searches\/new$/);

  const name = `Iberian data jobs ${runId}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Title keywords", { exact: true }).fill("data engineer");
  await page.getByLabel("Countries", { exact: true }).fill("ES, Spain");
  await page.getByLabel("Remote", { exact: true }).selectOption("true");
  await page.getByRole("button", { name: "Create search" }).click();

  const countryError = page.getByTestId("field-error").filter({ hasText: "Spain" });
  await expect(countryError).toContainText("2-letter ISO");
  await expect(page.getByLabel("Countries", { exact: true })).toHaveAttribute("aria-invalid", "true");
  // What was typed survives the failed submit.
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  await page.screenshot({ path: "e2e/screenshots/searches-field-error.png", fullPage: true });

  await page.getByLabel("Countries", { exact: true }).fill("ES, PT");
  await expect(page.getByTestId("field-error")).toHaveCount(0);
  await expect(page.getByTestId("live-count")).toHaveText("2");
  await page.screenshot({ path: "e2e/screenshots/searches-form.png", fullPage: true });
  await page.getByRole("button", { name: "Create search" }).click();

  await expect(page).toHaveURL(/\/searches$/);
  await expect(page.getByTestId("toast").filter({ hasText: "Search created" })).toBeVisible();
  const row = page.getByTestId("search-row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("matching-records")).toHaveText("2");
  await expect(row).toContainText("Remote only");
  await page.screenshot({ path: "e2e/screenshots/searches-list.png", fullPage: true });

  // The API sees the same search, with normalized filters.
  const list = await request.get("/api/v1/searches", { headers: auth });
  const created = (await list.json()).data.find((s: { name: string }) => s.name === name);
  expect(created).toMatchObject({ type: "job", filters: { title_keywords: ["data engineer"], country_codes: ["ES", "PT"], remote: true } });

  // Edit: the type is locked, and a wider filter updates the count.
  await row.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("radio", { name: "Companies" })).toBeDisabled();
  await page.getByLabel("Countries", { exact: true }).fill("ES, PT, DE");
  await expect(page.getByTestId("live-count")).toHaveText("3");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(/\/searches$/);
  await expect(page.getByTestId("search-row").filter({ hasText: name }).getByTestId("matching-records")).toHaveText("3");
});
