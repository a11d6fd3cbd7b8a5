// The Usage page with data made through the API, in a browser in New York: per-status counts of one
// webhook, the by-webhook view, totals that follow the range, a click on the failed segment landing on
// the failed events, the table view, and "Add credits" catching up events that waited for credits.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_API_KEY } from "./env";
import { startReceiverProcess, type ReceiverProcess } from "./fixtures/receiver";

const auth = { authorization: `Bearer ${E2E_API_KEY}` };
const TIME_ZONE = "America/New_York";
let receiver: ReceiverProcess;

test.use({ timezoneId: TIME_ZONE });

test.beforeAll(async () => {
  receiver = await startReceiverProcess();
});

test.afterAll(async () => {
  await receiver?.stop();
});

async function legendCount(page: Page, key: string): Promise<number> {
  const text = await page.getByTestId(`legend-${key}`).getByTestId("legend-count").textContent();
  return Number((text ?? "").replace(/[^0-9]/g, ""));
}

async function eventsTotal(page: Page): Promise<number> {
  return Number(((await page.getByTestId("events-total").textContent()) ?? "").replace(/[^0-9]/g, ""));
}

/** The count API's figures for one webhook over the last 30 days, by status. */
async function apiCounts(request: APIRequestContext, webhookId: string): Promise<Record<string, number>> {
  const response = await request.get(`/api/v1/webhooks/events/count?webhook_id=${webhookId}&timezone=${TIME_ZONE}`, { headers: auth });
  expect(response.status()).toBe(200);
  const out: Record<string, number> = {};
  for (const row of (await response.json()) as { status: string; number_of_events: number }[]) {
    out[row.status] = (out[row.status] ?? 0) + row.number_of_events;
  }
  return out;
}

async function post(request: APIRequestContext, path: string, data: unknown, expected = 200) {
  const response = await request.post(path, { headers: auth, data });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(expected);
  return response.json();
}

test("Usage counts events by status and by webhook, follows the range and opens the failed events", async ({ page, request }) => {
  test.setTimeout(180_000);
  const runId = Date.now().toString(36);
  const keyword = `usage${runId}`;
  const job = (n: number) => ({ external_id: `${runId}-${n}`, title: `Platform engineer ${keyword} ${n}`, company_name: `Company ${n}` });

  // Spend whatever balance earlier specs left, so the credits below are exact.
  const { balance } = await (await request.get("/api/v1/credits", { headers: auth })).json();
  if (balance > 0) {
    const drainSearch = await post(request, "/api/v1/searches", { name: `Drain ${runId}`, type: "job", filters: { title_keywords: [`drain${runId}`] } }, 201);
    await post(request, "/api/v1/webhooks", { name: `Drain ${runId}`, url: `${receiver.url}/drain`, search_id: drainSearch.id }, 201);
    for (let done = 0; done < balance; done += 1000) {
      const records = Array.from({ length: Math.min(1000, balance - done) }, (_, i) => ({ external_id: `drain-${runId}-${done + i}`, title: `drain${runId}` }));
      await post(request, "/api/v1/jobs", { records });
    }
  }
  expect((await (await request.get("/api/v1/credits", { headers: auth })).json()).balance).toBe(0);
  await post(request, "/api/v1/credits", { amount: 10 });

  // Two webhooks on one search: every record makes one event for each.
  const search = await post(request, "/api/v1/searches", { name: `Usage ${runId}`, type: "job", filters: { title_keywords: [keyword] } }, 201);
  const hookA = await post(request, "/api/v1/webhooks", { name: `Usage A ${runId}`, url: `${receiver.url}/a`, search_id: search.id }, 201);
  const hookB = await post(request, "/api/v1/webhooks", { name: `Usage B ${runId}`, url: `${receiver.url}/b`, search_id: search.id }, 201);

  // 3 delivered, 2 failed (the receiver answers 500), 2 waiting for credits: 7 events per webhook.
  expect(await post(request, "/api/v1/jobs", { records: [job(1), job(2), job(3)] })).toMatchObject({ new: 3, events_triggered: 6 });
  await expect.poll(() => apiCounts(request, hookA.id), { timeout: 30_000 }).toEqual({ success: 3 });
  await receiver.setStatus(500);
  expect(await post(request, "/api/v1/jobs", { records: [job(4), job(5)] })).toMatchObject({ new: 2, events_triggered: 4 });
  await expect.poll(() => apiCounts(request, hookB.id), { timeout: 30_000 }).toEqual({ success: 3, failed: 2 });
  await receiver.setStatus(200);
  expect(await post(request, "/api/v1/jobs", { records: [job(6), job(7)] })).toMatchObject({ new: 2, events_triggered: 0, events_not_triggered: 4 });
  expect(await apiCounts(request, hookA.id)).toEqual({ success: 3, failed: 2, not_triggered: 2 });

  // By status, for one webhook, in the browser's time zone.
  await page.goto("/usage");
  await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  await expect(page.getByTestId("usage-time-zone")).toHaveText(TIME_ZONE);
  await page.getByLabel("Webhook", { exact: true }).selectOption({ label: `Usage A ${runId}` });
  await expect.poll(() => eventsTotal(page)).toBe(7);
  expect(await legendCount(page, "success")).toBe(3);
  expect(await legendCount(page, "failed")).toBe(2);
  expect(await legendCount(page, "not_triggered")).toBe(2);
  expect(await legendCount(page, "in_progress")).toBe(0);
  await expect(page).toHaveURL(new RegExp(`webhook_id=${hookA.id}`));
  await page.screenshot({ path: "e2e/screenshots/usage-by-status.png", fullPage: true });

  // The same numbers as a table.
  await page.getByRole("button", { name: "Show as table" }).click();
  const table = page.getByTestId("usage-table");
  await expect(table.locator("tfoot td").last()).toHaveText("7");
  await expect(table.locator("thead th")).toContainText(["Day", "Success", "In progress", "Failed", "Not triggered", "Total"]);
  await page.getByRole("button", { name: "Show as chart" }).click();

  // A custom range: this team began today, so the range says where its data begins, and a range
  // that ends yesterday is refused under the fields (nothing to count there), the view unchanged.
  await page.getByRole("button", { name: "Custom" }).click();
  const today = await page.evaluate(() => new Date().toLocaleDateString("en-CA"));
  const yesterday = await page.evaluate(() => new Date(Date.now() - 86_400_000).toLocaleDateString("en-CA"));
  await expect(page.getByTestId("usage-data-begins")).toContainText(`begins on ${today}`);
  await page.getByLabel("To", { exact: true }).fill(yesterday);
  await expect(page.locator("#usage-range-error")).toContainText(`To: Is before this team's data, which begins on ${today}`);
  await expect(page).not.toHaveURL(new RegExp(`to=${yesterday}`));
  await expect.poll(() => eventsTotal(page)).toBe(7);
  await page.getByLabel("To", { exact: true }).fill(today);
  await expect(page.locator("#usage-range-error")).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`to=${today}`));
  await expect.poll(() => eventsTotal(page)).toBe(7);
  await page.getByRole("button", { name: "7 days" }).click();
  await expect.poll(() => eventsTotal(page)).toBe(7);

  // By webhook: both webhooks with their own totals.
  await page.getByLabel("Webhook", { exact: true }).selectOption({ label: "All webhooks" });
  await page.getByRole("button", { name: "By webhook" }).click();
  await expect(page.getByTestId(`legend-${hookA.id}`)).toBeVisible();
  expect(await legendCount(page, hookA.id)).toBe(7);
  expect(await legendCount(page, hookB.id)).toBe(7);
  await expect(page.getByTestId(`legend-${hookB.id}`)).toContainText(`Usage B ${runId}`);
  await page.screenshot({ path: "e2e/screenshots/usage-by-webhook.png", fullPage: true });

  // A click on the failed segment lands on the failed events of that day and webhook.
  await page.getByRole("button", { name: "By status" }).click();
  await page.getByLabel("Webhook", { exact: true }).selectOption({ label: `Usage A ${runId}` });
  await expect.poll(() => eventsTotal(page)).toBe(7);
  await page.locator(".usage-bar-failed path").last().click();
  await expect(page).toHaveURL(/\/events\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("status")).toBe("failed");
  expect(url.searchParams.get("webhook_id")).toBe(hookA.id);
  await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
  const rows = page.getByTestId("event-row");
  await expect(rows).toHaveCount(2);
  for (const status of await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-status")))) expect(status).toBe("failed");
  await expect(rows.first()).toContainText(`Usage A ${runId}`);
  await expect(rows.getByRole("link", { name: new RegExp(`${keyword} [45]$`) })).toHaveCount(2);
  await expect(rows.first().getByRole("link", { name: `Usage A ${runId}` })).toHaveAttribute("href", `/webhooks/${hookA.id}`);
  await page.screenshot({ path: "e2e/screenshots/usage-failed-events.png", fullPage: true });

  // A legend item opens that status over the whole range.
  await page.goBack();
  await expect.poll(() => eventsTotal(page)).toBe(7);
  await page.getByTestId("legend-not_triggered").click();
  await expect(page).toHaveURL(/status=not_triggered/);
  await expect(page.getByTestId("event-row")).toHaveCount(2);

  // Add credits: refused inline when invalid; then the 4 waiting events are caught up and delivered.
  await page.goto("/usage");
  const amount = page.getByLabel("Credits to add");
  await amount.fill("0");
  await page.getByRole("button", { name: "Add credits" }).click();
  await expect(page.getByTestId("field-error")).toHaveText("Add at least 1 credit");
  await expect(amount).toHaveAttribute("aria-invalid", "true");
  await amount.fill("4");
  await page.getByRole("button", { name: "Add credits" }).click();
  await expect(page.getByTestId("add-credits-result")).toContainText("4 waiting events were caught up");
  await expect(page.getByTestId("credit-balance")).toHaveText("0");
  await expect.poll(() => apiCounts(request, hookA.id), { timeout: 30_000 }).toEqual({ success: 5, failed: 2 });
  await page.getByLabel("Webhook", { exact: true }).selectOption({ label: `Usage A ${runId}` });
  await expect.poll(() => legendCount(page, "success"), { timeout: 20_000 }).toBe(5);
  expect(await legendCount(page, "not_triggered")).toBe(0);
  await page.screenshot({ path: "e2e/screenshots/usage-after-top-up.png", fullPage: true });
});
