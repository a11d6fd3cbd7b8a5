// What a person does with webhooks, in a real browser against a built app and a real receiver on
// 127.0.0.1: create one through the form, watch deliveries succeed, break the endpoint and read the
// attempt logs, repair it, Resend one row in place, then resend all failed ones as a server-side job.
import { expect, test } from "@playwright/test";
import { E2E_API_KEY, E2E_BASE_URL, E2E_OWNER } from "./env";
import { startReceiverProcess, type ReceiverProcess } from "./fixtures/receiver";
import { WebhookDetailsPage, WebhookFormPage } from "./fixtures/webhook-pages";

const auth = { authorization: `Bearer ${E2E_API_KEY}` };
let receiver: ReceiverProcess;

test.beforeAll(async () => {
  receiver = await startReceiverProcess();
});

test.afterAll(async () => {
  await receiver?.stop();
});

test("create a webhook, watch deliveries, break the endpoint, read the attempts, repair it and resend", async ({ page, request }) => {
  test.setTimeout(180_000);
  const runId = Date.now().toString(36);
  const keyword = `hookline${runId}`;
  const job = (n: number, title: string, company: string) => ({
    external_id: `${runId}-${n}`,
    title: `${title} ${keyword}`,
    company_name: company,
    company_domain: `${company.toLowerCase().replace(/\W/g, "")}.example`,
    country_code: "ES",
    remote: true,
  });

  // Setup through the API, as a script would: credits, and a saved search to watch.
  expect((await request.post("/api/v1/credits", { headers: auth, data: { amount: 100 } })).status()).toBe(200);
  const searchResponse = await request.post("/api/v1/searches", {
    headers: auth,
    data: { name: `Remote roles ${runId}`, type: "job", filters: { title_keywords: [keyword] } },
  });
  expect(searchResponse.status()).toBe(201);

  // Create the webhook through the form: a bad URL is refused inline first.
  await page.goto("/webhooks");
  await page.getByRole("link", { name: "Create webhook" }).first().click();
  await expect(page).toHaveURL(/\/webhooks\/new$/);
  const form = new WebhookFormPage(page);
  const name = `CRM sync ${runId}`;
  await form.name.fill(name);
  await form.url.fill("not a url");
  await form.search.selectOption({ label: `Remote roles ${runId} (jobs)` });
  await expect(form.preview).toContainText("balance", { ignoreCase: true });
  await form.submit();
  await expect(form.fieldError("Enter a valid http(s) URL")).toBeVisible();
  await expect(form.url).toHaveAttribute("aria-invalid", "true");
  await expect(form.name).toHaveValue(name);
  await page.screenshot({ path: "e2e/screenshots/webhooks-form-error.png", fullPage: true });

  await form.url.fill(`${receiver.url}/hooks/crm`);
  const testResult = await form.sendTestEvent();
  await expect(testResult).toHaveAttribute("data-ok", "true");
  await expect(testResult).toContainText("200 OK");
  await page.getByLabel("From the start of the search").check();
  await expect(form.preview).toContainText("0 matching records");
  await page.screenshot({ path: "e2e/screenshots/webhooks-form.png", fullPage: true });
  await page.getByLabel("From now").check();
  await form.submit();

  await expect(page).toHaveURL(/\/webhooks\/[0-9a-f-]{36}(\?.*)?$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const webhookId = /\/webhooks\/([0-9a-f-]{36})/.exec(page.url())![1];
  const details = new WebhookDetailsPage(page);

  // Records arrive through the API; the built-in scheduler delivers them within seconds.
  const healthy = [job(1, "Senior Data Engineer", "Acme"), job(2, "Analytics Engineer", "Globex"), job(3, "Data Scientist", "Initech")];
  const ingest = await request.post("/api/v1/jobs", { headers: auth, data: { records: healthy } });
  expect(await ingest.json()).toMatchObject({ new: 3, events_triggered: 3 });
  for (const record of healthy) await details.expectStatus(record.title, "success");
  await expect(details.row(healthy[0].title)).toContainText("200 OK");
  const delivered = (await receiver.received()).filter((r) => String(r.body?.data?.external_id ?? "").startsWith(runId));
  expect(delivered.map((r) => r.body?.data?.external_id).sort()).toEqual(healthy.map((r) => r.external_id).sort());

  // The endpoint breaks: new events fail, with their attempt logs.
  await receiver.setStatus(500);
  const broken = [job(4, "Platform Engineer", "Umbrella"), job(5, "ML Engineer", "Hooli"), job(6, "Data Architect", "Stark")];
  expect((await request.post("/api/v1/jobs", { headers: auth, data: { records: broken } })).status()).toBe(200);
  for (const record of broken) await details.expectStatus(record.title, "failed");
  await expect(details.row(broken[0].title)).toContainText("500 Internal Server Error");
  await expect(page.getByTestId("failure-banner")).toContainText("3 events have failed to deliver");
  await expect(page.getByTestId("failure-banner")).toContainText("3 will be retried");
  await expect(details.tab("Failed")).toContainText("3");
  await page.screenshot({ path: "e2e/screenshots/webhooks-details-failing.png", fullPage: true });

  // The failed filter is kept in the URL.
  await details.tab("Failed").click();
  await expect(page).toHaveURL(/status=failed/);
  await expect(details.rows()).toHaveCount(3);
  await page.reload();
  await expect(details.rows()).toHaveCount(3);
  await expect(details.tab("Failed")).toHaveAttribute("aria-current", "page");

  // The event view: the payload as delivered and every attempt with its request and response.
  await details.row(broken[0].title).getByRole("link", { name: `View event ${broken[0].title}` }).click();
  await expect(page).toHaveURL(new RegExp(`/webhooks/${webhookId}/events/[0-9a-f-]{36}$`));
  await expect(page.getByTestId("event-status")).toContainText("Failed");
  const attempt = page.getByTestId("attempt").first();
  await expect(attempt).toContainText("500 Internal Server Error");
  await expect(attempt).toContainText("scheduled");
  await expect(attempt).toContainText("webhook-signature");
  await expect(attempt).toContainText("receiver is down for maintenance");
  await expect(page.getByLabel("Event payload")).toContainText(`"external_id": "${broken[0].external_id}"`);
  await expect(page.getByRole("note")).toContainText("Next automatic retry");
  // The attempt inspector: how long it took, the response headers beside the body, and the exact
  // request as a cURL command with the signature and never the secret.
  await expect(attempt.getByTestId("attempt-duration")).toHaveText(/^\d+(\.\d+)? (ms|s)$/);
  await expect(attempt.getByTestId("response-headers")).toContainText("content-type");
  await expect(attempt.getByTestId("response-headers")).toContainText("application/json");
  await attempt.getByText("cURL command").click();
  const curl = attempt.getByTestId("attempt-curl");
  await expect(curl).toContainText(`curl -X POST '${receiver.url}/hooks/crm'`);
  await expect(curl).toContainText("-H 'webhook-signature: v1,");
  await expect(curl).toContainText(`--data-raw '{"id":"`);
  await expect(curl).toContainText(broken[0].external_id);
  expect(await curl.textContent()).not.toContain("whsec_");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await attempt.getByRole("button", { name: "Copy as cURL" }).click();
  await expect(attempt.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await curl.textContent());
  await page.screenshot({ path: "e2e/screenshots/webhooks-event-view.png", fullPage: true });

  // A test send from the saved webhook: its result shows status, time, response headers and body,
  // and the webhook's page lists it as a test, apart from its events.
  await page.goto(`/webhooks/${webhookId}`);
  const sentTest = await new WebhookFormPage(page).sendTestEvent();
  await expect(sentTest).toHaveAttribute("data-ok", "false");
  await expect(sentTest).toContainText("500");
  await page.getByTestId("test-event-response-body").getByText("Response headers and body").click();
  await expect(page.getByTestId("test-event-response-body").getByTestId("response-headers")).toContainText("content-type");
  await expect(page.getByTestId("test-event-response-body").getByTestId("response-body")).toContainText("receiver is down for maintenance");
  const testSend = page.getByTestId("test-send").first();
  await expect(testSend).toContainText("Test");
  await expect(testSend).toContainText("500");
  await testSend.getByText("Test", { exact: true }).click();
  await expect(testSend.getByTestId("response-headers")).toContainText("content-type");
  // Not an event: the list still holds the webhook's six.
  await expect(details.rows()).toHaveCount(6);
  await page.screenshot({ path: "e2e/screenshots/webhooks-test-sends.png", fullPage: true });

  // Repaired: Resend one row; it turns success in place, without a reload.
  await receiver.setStatus(200);
  await page.goto(`/webhooks/${webhookId}`);
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  const row = details.row(broken[0].title);
  await row.getByRole("button", { name: `Resend ${broken[0].title}` }).click();
  await expect(row).toHaveAttribute("data-status", "success", { timeout: 15_000 });
  await expect(row).toContainText("200 OK");
  await expect(details.toasts().filter({ hasText: "Delivered — 200 OK" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  // Resend all matching (the failed ones): counted first, then a job on the server, whose page
  // shows it done; the webhook's list then shows them delivered.
  await page.getByTestId("replay-filter").click();
  const dialog = page.getByRole("dialog", { name: "Resend every failed event matching this filter" });
  await expect(dialog.getByTestId("replay-preview")).toContainText("2 failed events will be sent again.");
  await dialog.getByTestId("replay-confirm").click();
  await expect(page).toHaveURL(/\/replays\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("replay-progress")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  await expect(page.getByTestId("replay-delivered")).toHaveText("2");
  await page.goto(`/webhooks/${webhookId}`);
  for (const record of broken) await details.expectStatus(record.title, "success", 15_000);
  await expect(page.getByTestId("failure-banner")).toHaveCount(0);
  await page.screenshot({ path: "e2e/screenshots/webhooks-details.png", fullPage: true });

  // The event view now shows the manual attempt on top of the failed scheduled one.
  await details.row(broken[0].title).getByRole("link", { name: `View event ${broken[0].title}` }).click();
  await expect(page.getByTestId("attempt")).toHaveCount(2);
  await expect(page.getByTestId("attempt").first()).toHaveAttribute("data-trigger", "manual");
  await expect(page.getByTestId("attempt").first()).toContainText("200 OK");

  // The list: the webhook with its last 24 hours and success rate.
  await page.goto("/webhooks");
  const listRow = page.getByTestId("webhook-row").filter({ hasText: name });
  await expect(listRow).toContainText("Active");
  await expect(listRow).toContainText("6");
  await expect(listRow).toContainText("100.0%");
  await page.screenshot({ path: "e2e/screenshots/webhooks-list.png", fullPage: true });

  // The API agrees with the page.
  const count = await request.get(`/api/v1/webhooks/${webhookId}/events/count`, { headers: auth });
  expect(await count.json()).toMatchObject({ count: 6, by_status: { success: 6, failed: 0 } });
});

test("manage a webhook: reveal and rotate its secret, pause and re-enable (catching up), edit, archive", async ({ page, request }) => {
  test.setTimeout(120_000);
  const runId = `m${Date.now().toString(36)}`;
  const keyword = `manage${runId}`;
  expect((await request.post("/api/v1/credits", { headers: auth, data: { amount: 10 } })).status()).toBe(200);
  const search = await (
    await request.post("/api/v1/searches", { headers: auth, data: { name: `Managed ${runId}`, type: "job", filters: { title_keywords: [keyword] } } })
  ).json();
  const createdResponse = await request.post("/api/v1/webhooks", {
    headers: auth,
    data: { name: `Slack ${runId}`, url: `${receiver.url}/hooks/slack`, search_id: search.id },
  });
  expect(createdResponse.status()).toBe(201);
  const created = await createdResponse.json();
  const details = new WebhookDetailsPage(page);
  await page.goto(`/webhooks/${created.id}`);

  // Secrets need a sign-in within the last 10 minutes, and this run's first sign-in may be older: sign in again.
  const signInAgain = await page.request.post("/api/auth/sign-in/email", {
    headers: { origin: E2E_BASE_URL },
    data: { email: E2E_OWNER.email, password: E2E_OWNER.password },
  });
  expect(signInAgain.status()).toBe(200);
  await page.reload();

  // The secret is masked until revealed; rotating replaces it after a confirmation.
  const secret = page.getByTestId("webhook-secret");
  await expect(secret).not.toContainText(created.secret);
  await page.getByRole("button", { name: "Reveal" }).click();
  await expect(secret).toHaveText(created.secret);
  // The old secret keeps signing for the chosen grace period (24 h unless chosen), and the page says until when.
  await expect(page.getByTestId("previous-secret-expiry")).toHaveCount(0);
  await page.getByRole("button", { name: "Rotate" }).click();
  const rotateDialog = page.getByRole("dialog", { name: "Rotate the signing secret?" });
  await expect(rotateDialog.getByLabel("Keep the current secret signing for")).toHaveValue("24");
  await rotateDialog.getByLabel("Keep the current secret signing for").selectOption({ label: "3 days" });
  await rotateDialog.getByRole("button", { name: "Rotate secret" }).click();
  await expect(details.toasts().filter({ hasText: "Secret rotated" })).toBeVisible();
  await expect(secret).toHaveText(/^whsec_/);
  await expect(secret).not.toHaveText(created.secret);
  const expiry = page.getByTestId("previous-secret-expiry");
  await expect(expiry).toContainText("The previous secret keeps signing beside this one until");
  const stopsAt = new Date((await expiry.locator("time").getAttribute("datetime"))!).getTime();
  expect(Math.abs(stopsAt - (Date.now() + 72 * 3_600_000))).toBeLessThan(5 * 60_000);

  // Paused: a new match waits; enabling again catches it up and it is delivered.
  const toggle = page.getByRole("switch", { name: "Active" });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await expect(details.toasts().filter({ hasText: "Webhook paused" })).toBeVisible();
  const title = `Support Engineer ${keyword}`;
  const ingest = await request.post("/api/v1/jobs", {
    headers: auth,
    data: { records: [{ external_id: `${runId}-1`, title, company_name: "Wayne" }] },
  });
  expect(await ingest.json()).toMatchObject({ new: 1, events_triggered: 0 });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await expect(details.toasts().filter({ hasText: "Webhook enabled" })).toContainText("Caught up: 1 event triggered");
  await details.expectStatus(title, "success");

  // Edit through the form.
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/webhooks/${created.id}/edit$`));
  const form = new WebhookFormPage(page);
  await expect(form.name).toHaveValue(`Slack ${runId}`);
  await form.name.fill(`Slack alerts ${runId}`);
  await form.url.fill("ftp://example.com/hook");
  await form.submit();
  await expect(form.fieldError("Enter a valid http(s) URL")).toBeVisible();
  await form.url.fill(`${receiver.url}/hooks/slack-v2`);
  await expect(form.fieldError("Enter a valid http(s) URL")).toHaveCount(0);
  await page.screenshot({ path: "e2e/screenshots/webhooks-edit.png", fullPage: true });
  await form.submit();
  await expect(page).toHaveURL(new RegExp(`/webhooks/${created.id}(\\?.*)?$`));
  await expect(page.getByRole("heading", { level: 1, name: `Slack alerts ${runId}` })).toBeVisible();
  await expect(page.getByTestId("webhook-url")).toHaveText(`${receiver.url}/hooks/slack-v2`);

  // Archive: confirmed first, then it leaves the main list for the archived one.
  await page.getByRole("button", { name: "Archive" }).click();
  await page.getByRole("dialog", { name: `Archive “Slack alerts ${runId}”?` }).getByRole("button", { name: "Archive webhook" }).click();
  await expect(details.toasts().filter({ hasText: "Webhook archived" })).toBeVisible();
  await expect(page.getByText("Archived", { exact: true })).toBeVisible();
  await page.goto("/webhooks");
  await expect(page.getByTestId("webhook-row").filter({ hasText: `Slack alerts ${runId}` })).toHaveCount(0);
  await page.getByRole("link", { name: /^Archived/ }).click();
  await expect(page.getByTestId("webhook-row").filter({ hasText: `Slack alerts ${runId}` })).toContainText("Archived");

  // Every sensitive step above is in the team's audit log, newest first, with who did it.
  await page.goto("/settings/audit-log");
  const entries = page.getByTestId("audit-entry").filter({ hasText: runId });
  await expect(entries.first()).toBeVisible();
  const actions = await entries.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action")));
  expect(actions).toEqual(
    expect.arrayContaining(["webhook.created", "webhook.secret_revealed", "webhook.secret_rotated", "webhook.paused", "webhook.enabled", "webhook.updated", "webhook.archived"]),
  );
  expect(actions.indexOf("webhook.archived")).toBeLessThan(actions.indexOf("webhook.created"));
  const entry = (action: string) => page.locator(`[data-testid="audit-entry"][data-action="${action}"]`).filter({ hasText: runId }).first();
  await expect(entry("webhook.updated")).toContainText("/hooks/slack → ");
  await expect(entry("webhook.updated")).toContainText("/hooks/slack-v2");
  await expect(entry("webhook.secret_revealed")).toContainText(E2E_OWNER.email);
});
