// Alerts, as a person sets them up and reads them: Settings → Notifications (a bad URL refused
// inline, then email, a Slack-compatible URL and an operational endpoint saved), an endpoint that
// breaks (degraded banner on its page, "retrying" on its failed rows), is repaired (recovered
// banner), and both alerts listed with how each channel took them. Health is evaluated every second
// here (HEALTH_EVAL_INTERVAL_MS in playwright.config.ts); the receiver is a real process on 127.0.0.1.
import { expect, test } from "@playwright/test";
import { E2E_API_KEY, E2E_OWNER } from "./env";
import { startReceiverProcess, type ReceiverProcess } from "./fixtures/receiver";
import { WebhookDetailsPage } from "./fixtures/webhook-pages";

const auth = { authorization: `Bearer ${E2E_API_KEY}` };
let receiver: ReceiverProcess;

test.beforeAll(async () => {
  receiver = await startReceiverProcess();
});

test.afterAll(async () => {
  await receiver?.stop();
});

test("set up alert channels, watch an endpoint degrade and recover, and read the alerts", async ({ page, request }) => {
  test.setTimeout(180_000);
  const runId = Date.now().toString(36);

  // Settings → Notifications from the navigation.
  await page.goto("/usage");
  // Usage writes the person's time zone into its own URL once it has loaded (a replace); a click on
  // the sidebar before that can be overtaken by it and land back on Usage.
  await expect(page).toHaveURL(/[?&]tz=/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notifications" }).click();
  await expect(page).toHaveURL(/\/settings\/notifications$/);
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  const form = page.getByRole("form", { name: "Alert channels" });
  const slack = form.getByLabel("Slack-compatible incoming webhook URL");
  const ops = form.getByLabel("Operational events endpoint");

  // A URL that is not http(s) is refused inline, and nothing is saved.
  await form.getByLabel(`Email ${E2E_OWNER.email}`).check();
  await slack.fill("ftp://hooks.example.invalid/slack");
  await form.getByRole("button", { name: "Save alert channels" }).click();
  await expect(form.getByTestId("field-error")).toContainText("Enter an http or https URL");
  await expect(slack).toHaveAttribute("aria-invalid", "true");

  await slack.fill(`${receiver.url}/slack`);
  await ops.fill(`${receiver.url}/ops`);
  await form.getByRole("button", { name: "Save alert channels" }).click();
  // saved: the operational endpoint's secret appears
  await expect(page.getByTestId("ops-secret")).toContainText("whsec_");
  await page.reload();
  await expect(form.getByLabel(`Email ${E2E_OWNER.email}`)).toBeChecked();
  await expect(slack).toHaveValue(`${receiver.url}/slack`);
  await expect(page.getByTestId("ops-secret")).toContainText("whsec_");
  await page.screenshot({ path: "e2e/screenshots/notifications-settings.png", fullPage: true });

  // A webhook whose endpoint is down: five events fail, and it turns degraded.
  expect((await request.post("/api/v1/credits", { headers: auth, data: { amount: 50 } })).status()).toBe(200);
  const keyword = `healthcheck${runId}`;
  const search = await request.post("/api/v1/searches", { headers: auth, data: { name: `Health ${runId}`, type: "job", filters: { title_keywords: [keyword] } } });
  expect(search.status()).toBe(201);
  await receiver.setStatus(500);
  const created = await request.post("/api/v1/webhooks", {
    headers: auth,
    data: { name: `Enrichment ${runId}`, url: `${receiver.url}/hooks/enrichment`, search_id: (await search.json()).id },
  });
  expect(created.status()).toBe(201);
  const webhookId: string = (await created.json()).id;
  const records = Array.from({ length: 5 }, (_, i) => ({ external_id: `${runId}-${i}`, title: `Data Engineer ${i} ${keyword}`, company_name: "Acme" }));
  expect((await request.post("/api/v1/jobs", { headers: auth, data: { records } })).status()).toBe(200);

  await page.goto(`/webhooks/${webhookId}`);
  const details = new WebhookDetailsPage(page);
  for (const record of records) await details.expectStatus(record.title, "failed");
  const banner = page.getByTestId("health-banner");
  await expect(banner).toHaveAttribute("data-health", "degraded", { timeout: 30_000 });
  await expect(banner).toContainText("Endpoint degraded");
  await expect(banner).toContainText("the last 5 attempts failed");
  await expect(page.getByTestId("failure-banner")).toContainText("5 will be retried");
  await expect(details.row(records[0].title).getByTestId("retry-state")).toContainText("retrying at");
  await expect(details.tab("Retrying")).toContainText("5");
  await page.screenshot({ path: "e2e/screenshots/notifications-degraded.png", fullPage: true });

  // The account-wide Events page tells them apart too: a Retrying tab, and the sub-state on each row.
  await page.goto(`/events?webhook_id=${webhookId}`);
  await page.getByRole("navigation", { name: "Filter by status" }).getByRole("link", { name: "Retrying" }).click();
  await expect(page).toHaveURL(/status=failed/);
  await expect(page).toHaveURL(/retry_state=retrying/);
  await expect(page.getByTestId("event-row")).toHaveCount(5);
  await expect(page.getByTestId("event-row").first().getByTestId("retry-state")).toContainText("retrying at");
  await page.getByRole("navigation", { name: "Filter by status" }).getByRole("link", { name: "Gave up" }).click();
  await expect(page).toHaveURL(/retry_state=exhausted/);
  await expect(page.getByText("No events match these filters")).toBeVisible();
  await page.goto(`/webhooks/${webhookId}`);

  // Repaired: one resend succeeds, and the banner turns "recovered" without a reload.
  await receiver.setStatus(200);
  const row = details.row(records[0].title);
  await row.getByRole("button", { name: `Resend ${records[0].title}` }).click();
  await expect(row).toHaveAttribute("data-status", "success", { timeout: 15_000 });
  await expect(banner).toHaveAttribute("data-health", "recovered", { timeout: 30_000 });
  await expect(banner).toContainText("Endpoint recovered");
  await page.screenshot({ path: "e2e/screenshots/notifications-recovered.png", fullPage: true });

  // The list shows its health; the API too.
  await page.goto("/webhooks");
  const listRow = page.getByTestId("webhook-row").filter({ hasText: `Enrichment ${runId}` });
  await expect(listRow.getByTestId("health-badge")).toHaveAttribute("data-health", "recovered");
  const json = await (await request.get(`/api/v1/webhooks/${webhookId}`, { headers: auth })).json();
  expect(json.health).toMatchObject({ state: "recovered", reason: "deliveries succeed again" });

  // Both alerts, once each, with each channel's outcome: no SMTP here, so the mail is logged; Slack
  // and the ops endpoint got the degraded alert while the receiver answered 500, the recovered one after.
  await page.goto("/settings/notifications");
  // The team's other alerts (other specs' webhooks, credits) are listed too: this webhook's are the ones that link to it.
  const alertRows = page.getByTestId("alert-row").filter({ has: page.locator(`a[href="/webhooks/${webhookId}"]`) });
  await expect(alertRows).toHaveCount(2);
  await expect(alertRows.nth(0)).toHaveAttribute("data-alert-type", "endpoint.recovered");
  await expect(alertRows.nth(1)).toHaveAttribute("data-alert-type", "endpoint.degraded");
  await expect(alertRows.nth(0).getByTestId("alert-delivery")).toHaveText([`${E2E_OWNER.email} · logged`, "slack · sent", "endpoint · sent"]);
  await expect(alertRows.nth(1).getByTestId("alert-delivery")).toHaveText([`${E2E_OWNER.email} · logged`, "slack · failed", "endpoint · failed"]);
  const received = await receiver.received();
  const opsEvents = received.filter((r) => r.path === "/ops").map((r) => r.body as { type: string; data: { webhook_id?: string; credits?: number } });
  expect(opsEvents.filter((e) => e.data.webhook_id === webhookId).map((e) => e.type)).toEqual(["endpoint.degraded", "endpoint.recovered"]);
  // Other alerts of the team (credits.low when this run's balance is low, other specs' webhooks) may
  // come too, depending on which specs ran before: only this webhook's are counted here.
  await page.screenshot({ path: "e2e/screenshots/notifications-alerts.png", fullPage: true });
});
