// Finding and replaying events, in a real browser against a built app and a real receiver: any
// event by id in two clicks (sidebar → search), search and filters on a webhook's page held in the
// URL, a server-side replay with live progress (its page and the header indicator) cancelled
// part-way, then "Recover since" for the rest.
import { expect, test } from "@playwright/test";
import { E2E_API_KEY } from "./env";
import { startReceiverProcess, type ReceiverProcess } from "./fixtures/receiver";

const auth = { authorization: `Bearer ${E2E_API_KEY}` };
// One page of the webhook's list (25), and a replay at 4 requests at a time (the per-webhook cap)
// of 5 s each runs ~30 s: long enough to watch and cancel it midway.
const COUNT = 24;
let receiver: ReceiverProcess;

test.beforeAll(async () => {
  receiver = await startReceiverProcess();
});

test.afterAll(async () => {
  await receiver?.stop();
});

test("find any event by id in two clicks, search and filter, replay with progress and cancel", async ({ page, request }) => {
  test.setTimeout(240_000);
  const runId = Date.now().toString(36);
  const keyword = `findme${runId}`;

  // Setup through the API: a webhook whose endpoint is down, and COUNT jobs it fails to deliver.
  await receiver.setStatus(500);
  expect((await request.post("/api/v1/credits", { headers: auth, data: { amount: 100 } })).status()).toBe(200);
  const search = await request.post("/api/v1/searches", { headers: auth, data: { name: `Search ${runId}`, type: "job", filters: { title_keywords: [keyword] } } });
  expect(search.status()).toBe(201);
  const webhook = await request.post("/api/v1/webhooks", {
    headers: auth,
    data: { name: `Replay hook ${runId}`, url: `${receiver.url}/hooks/${runId}`, search_id: (await search.json()).id },
  });
  expect(webhook.status()).toBe(201);
  const webhookId = (await webhook.json()).id as string;
  const records = Array.from({ length: COUNT }, (_, i) => ({
    external_id: `ext-${runId}-${i}`,
    title: `${i === 3 ? "Staff Platform Engineer" : "Data Analyst"} ${keyword}`,
    company_name: i === 3 ? `Zebracorp ${runId}` : "Acme",
  }));
  expect((await request.post("/api/v1/jobs", { headers: auth, data: { records } })).status()).toBe(200);
  const failedEvents = async () => {
    const response = await request.get(`/api/v1/events?webhook_id=${webhookId}&status=failed&limit=100`, { headers: auth });
    expect(response.status()).toBe(200);
    return (await response.json()).data as Array<{ id: string; record: { external_id: string } }>;
  };
  await expect.poll(async () => (await failedEvents()).length, { timeout: 60_000 }).toBe(COUNT);
  const events = await failedEvents();
  const target = events.find((event) => event.record.external_id === `ext-${runId}-3`)!;

  // Any event by id in two clicks: the sidebar's Events, then Search with the id pasted.
  await page.goto("/usage");
  await expect(page).toHaveURL(/[?&]tz=/); // Usage's own replace (it adds the time zone) must not overtake the click
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Events" }).click();
  await expect(page).toHaveURL(/\/events$/);
  await page.getByRole("searchbox", { name: "Search events" }).fill(target.id);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/webhooks/${webhookId}/events/${target.id}$`));
  await expect(page.getByText("Staff Platform Engineer").first()).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/events-search-by-id.png", fullPage: true });

  // The account-wide list: text in a company name, and the filter is in the URL.
  await page.goto("/events");
  await page.getByRole("searchbox", { name: "Search events" }).fill(`zebracorp ${runId}`);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/q=zebracorp/);
  await expect(page.getByTestId("event-row")).toHaveCount(1);
  await expect(page.getByTestId("event-row")).toHaveAttribute("data-event-id", target.id);
  await page.screenshot({ path: "e2e/screenshots/events-search-text.png", fullPage: true });
  // A refused filter names its field, and shows no list.
  await page.goto("/events?min_attempts=-2");
  await expect(page.getByTestId("events-query-error")).toContainText("min_attempts");
  await expect(page.getByTestId("filter-error")).toBeVisible();

  // The webhook's page: a record's external id, then filters (response class, attempts), kept in the URL.
  await page.goto(`/webhooks/${webhookId}`);
  await page.getByRole("searchbox", { name: "Search events" }).fill(`ext-${runId}-3`);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/q=ext-/);
  await expect(page.getByTestId("event-row")).toHaveCount(1);
  await page.goto(`/webhooks/${webhookId}?response=5xx&min_attempts=1`);
  await expect(page.getByTestId("event-row")).toHaveCount(COUNT);
  await expect(page.getByLabel("Last response")).toHaveValue("5xx");
  await page.goto(`/webhooks/${webhookId}?response=timeout`);
  await expect(page.getByText("No events match this search and these filters.")).toBeVisible();
  await page.goto(`/webhooks/${webhookId}?response=5xx`);
  await page.screenshot({ path: "e2e/screenshots/events-search-webhook-filters.png", fullPage: true });

  // Resend all matching: a dry run first, then a job on the server with live progress.
  await receiver.setStatus(200, { delayMs: 5_000 });
  await page.getByTestId("replay-filter").click();
  const dialog = page.getByRole("dialog", { name: "Resend every failed event matching this filter" });
  await expect(dialog.getByTestId("replay-preview")).toContainText(`${COUNT} failed events will be sent again.`);
  await expect(dialog.getByTestId("replay-preview")).toContainText("Credits: none.");
  await expect(dialog.getByTestId("replay-preview")).toContainText("48-hour window");
  await page.screenshot({ path: "e2e/screenshots/events-replay-dry-run.png", fullPage: true });
  await dialog.getByTestId("replay-confirm").click();
  await expect(page).toHaveURL(/\/replays\/[0-9a-f-]{36}$/);
  const replayUrl = page.url();
  const progress = page.getByTestId("replay-progress");
  await expect(progress).toHaveAttribute("data-status", "running");
  await expect(page.getByTestId("replay-indicator")).toContainText("Replaying");
  await expect.poll(async () => Number(await page.getByTestId("replay-delivered").textContent()), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.screenshot({ path: "e2e/screenshots/events-replay-progress.png", fullPage: true });

  // The indicator is on every page, and leads back to the job.
  await page.goto("/webhooks");
  await expect(page.getByTestId("replay-indicator")).toContainText("Replaying");
  await page.getByTestId("replay-indicator").getByRole("link").first().click();
  await expect(page).toHaveURL(replayUrl);

  // The progress re-renders every second; a dispatched click does not wait for the button to sit still.
  await page.getByRole("button", { name: "Cancel replay" }).dispatchEvent("click");
  await expect(progress).toHaveAttribute("data-status", "cancelled");
  await expect(page.getByTestId("replay-status")).toHaveText("Cancelled");
  const remaining = Number(await page.getByTestId("replay-remaining").textContent());
  expect(remaining).toBeGreaterThan(0);
  await page.screenshot({ path: "e2e/screenshots/events-replay-cancelled.png", fullPage: true });

  // Whatever was left stays failed: "Recover since" on the Events page replays it, to the end.
  await receiver.setStatus(200);
  await expect.poll(async () => (await failedEvents()).length, { timeout: 30_000 }).toBeLessThan(COUNT);
  // Attempts the cancelled job had already started (5 s each) may still land: wait until the failed
  // count stops moving for longer than one of them takes.
  let leftFailed = (await failedEvents()).length;
  await expect
    .poll(
      async () => {
        const before = leftFailed;
        await page.waitForTimeout(6_000);
        leftFailed = (await failedEvents()).length;
        return leftFailed === before;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  expect(leftFailed).toBeGreaterThan(0);
  await page.goto("/events");
  await page.getByTestId("replay-since").click();
  const since = page.getByRole("dialog", { name: "Recover failed events since a time" });
  await since.getByRole("button", { name: "Count" }).click();
  await expect(since.getByTestId("replay-preview")).toContainText(`${leftFailed} failed event`);
  await since.getByTestId("replay-confirm").click();
  await expect(page).toHaveURL(/\/replays\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("replay-progress")).toHaveAttribute("data-status", "completed", { timeout: 60_000 });
  await expect(page.getByTestId("replay-delivered")).toHaveText(String(leftFailed));
  await page.screenshot({ path: "e2e/screenshots/events-replay-completed.png", fullPage: true });
  expect(await failedEvents()).toEqual([]);

  // Both replays and the cancel are in the audit log.
  const audit = await request.get("/api/v1/audit-log?limit=20", { headers: auth });
  const actions = ((await audit.json()).data as Array<{ action: string }>).map((entry) => entry.action);
  expect(actions.filter((action) => action === "events.replay_started")).toHaveLength(2);
  expect(actions).toContain("events.replay_cancelled");
});
