// Every dashboard page at a phone's width (390 px) and a desktop's (1,400 px): the page never scrolls
// sideways (wide tables scroll inside their own box), the sidebar becomes a menu, and axe finds no
// serious or critical accessibility violation. Screenshots of every page at both widths go to
// docs/screenshots/ (HOOKLINE_SCREENSHOTS=docs updates the committed ones).
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { E2E_API_KEY } from "./env";

const auth = { authorization: `Bearer ${E2E_API_KEY}` };
const SCREENSHOT_DIR = process.env.HOOKLINE_SCREENSHOTS === "docs" ? "docs/screenshots" : "e2e/screenshots";

type Target = { name: string; path: string; heading: RegExp | string };
let targets: Target[] = [];

test.beforeAll(async ({ request }) => {
  const runId = Date.now().toString(36);
  expect((await request.post("/api/v1/credits", { headers: auth, data: { amount: 50 } })).status()).toBe(200);
  const search = await request.post("/api/v1/searches", {
    headers: auth,
    data: { name: `Responsive ${runId}`, type: "job", filters: { title_keywords: [`responsive${runId}`] } },
  });
  expect(search.status()).toBe(201);
  const searchId = (await search.json()).id as string;
  const webhook = await request.post("/api/v1/webhooks", {
    headers: auth,
    data: {
      name: `A webhook with a rather long name for narrow screens ${runId}`,
      url: `https://hooks.example.invalid/a/very/long/path/that/would/push/a/narrow/page/sideways/${runId}?token=abcdefghijklmnopqrstuvwxyz`,
      search_id: searchId,
    },
  });
  expect(webhook.status()).toBe(201);
  const webhookId = (await webhook.json()).id as string;
  const ingest = await request.post("/api/v1/jobs", {
    headers: auth,
    data: { records: [{ external_id: `r-${runId}`, title: `Staff engineer responsive${runId}`, company_name: "Narrow Screens Ltd", country_code: "ES" }] },
  });
  expect(ingest.status()).toBeLessThan(300);
  let eventId = "";
  await expect(async () => {
    const events = await request.get(`/api/v1/webhooks/${webhookId}/events`, { headers: auth });
    eventId = (await events.json()).data?.[0]?.id ?? "";
    expect(eventId).not.toBe("");
  }).toPass({ timeout: 15_000 });

  targets = [
    { name: "usage", path: "/usage", heading: "Usage" },
    { name: "webhooks", path: "/webhooks", heading: "Webhooks" },
    { name: "webhook-new", path: "/webhooks/new", heading: /webhook/i },
    { name: "webhook-details", path: `/webhooks/${webhookId}`, heading: /A webhook with a rather long name/ },
    { name: "webhook-edit", path: `/webhooks/${webhookId}/edit`, heading: /Edit/i },
    { name: "event", path: `/webhooks/${webhookId}/events/${eventId}`, heading: /Staff engineer|event/i },
    { name: "events", path: "/events", heading: /event/i },
    { name: "searches", path: "/searches", heading: "Searches" },
    { name: "search-new", path: "/searches/new", heading: /search/i },
    { name: "search-edit", path: `/searches/${searchId}/edit`, heading: /search|Responsive/i },
    { name: "team", path: "/settings/team", heading: /Team/i },
    { name: "api-keys", path: "/settings/api-keys", heading: /API keys/i },
    { name: "audit-log", path: "/settings/audit-log", heading: /Audit log/i },
  ];
});

async function open(page: Page, target: Target) {
  await page.goto(target.path);
  await expect(page.getByRole("heading", { level: 1 }).first()).toContainText(target.heading);
  if (target.name === "usage") await expect(page.locator("[data-testid=events-chart] svg.recharts-surface").first()).toBeVisible();
  // Client parts (React Query tables, charts) settle.
  await page.waitForTimeout(500);
}

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).slice(0, 3).join(", ")}`);
}

test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("no dashboard page scrolls sideways, and each passes axe", async ({ page }) => {
    test.setTimeout(240_000);
    const problems: string[] = [];
    for (const target of targets) {
      await open(page, target);
      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      if (scrollWidth > innerWidth) problems.push(`${target.path}: ${scrollWidth} px wide in a ${innerWidth} px window`);
      for (const violation of await seriousViolations(page)) problems.push(`${target.path}: ${violation}`);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/390/${target.name}.png`, fullPage: true });
    }
    expect(problems).toEqual([]);
  });

  test("the sidebar is a menu: closed at first, opened by its button, closed again by a navigation", async ({ page }) => {
    await page.goto("/usage");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(nav).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/390/menu-open.png` });
    await nav.getByRole("link", { name: "Webhooks" }).click();
    await expect(page).toHaveURL(/\/webhooks$/);
    await expect(nav).toBeHidden();
    await menu.focus();
    await page.keyboard.press("Enter");
    await expect(nav).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(nav).toBeHidden();
  });
});

test.describe("at 1,400 px", () => {
  test.use({ viewport: { width: 1400, height: 900 } });

  test("every dashboard page fits and passes axe, and the sign-in page too", async ({ page, browser }) => {
    test.setTimeout(240_000);
    const problems: string[] = [];
    for (const target of targets) {
      await open(page, target);
      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      if (scrollWidth > innerWidth) problems.push(`${target.path}: ${scrollWidth} px wide in a ${innerWidth} px window`);
      for (const violation of await seriousViolations(page)) problems.push(`${target.path}: ${violation}`);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/1400/${target.name}.png`, fullPage: true });
    }
    // The webhooks list's own table fits too (it used to overflow its box at this width).
    await page.goto("/webhooks");
    const table = page.locator("table").first();
    expect(await table.evaluate((element) => element.parentElement!.scrollWidth <= element.parentElement!.clientWidth)).toBe(true);

    const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    for (const width of [390, 1400]) {
      const signIn = await stranger.newPage();
      await signIn.setViewportSize({ width, height: 844 });
      await signIn.goto("/sign-in");
      await expect(signIn.getByRole("heading", { level: 1 }).first()).toBeVisible();
      const { scrollWidth, innerWidth } = await horizontalOverflow(signIn);
      if (scrollWidth > innerWidth) problems.push(`/sign-in at ${width}: ${scrollWidth} px wide`);
      for (const violation of await seriousViolations(signIn)) problems.push(`/sign-in: ${violation}`);
      await signIn.screenshot({ path: `${SCREENSHOT_DIR}/${width}/sign-in.png`, fullPage: true });
    }
    await stranger.close();
    expect(problems).toEqual([]);
  });
});

test("after a failed submit, focus moves to the first invalid field", async ({ page }) => {
  await page.goto("/webhooks/new");
  await page.getByLabel("Endpoint URL", { exact: true }).fill("not a url");
  await page.getByRole("button", { name: "Create webhook" }).click();
  const name = page.getByLabel("Name", { exact: true });
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toBeFocused();
});

test("one time zone per person: picked on Usage, held in the link, named on every page; a future range or one before the data is refused visibly", async ({ page }) => {
  await page.goto("/usage");
  await expect(page).toHaveURL(/[?&]tz=/);
  await page.getByLabel("Time zone", { exact: true }).selectOption("Asia/Tokyo");
  await expect(page).toHaveURL(/tz=Asia%2FTokyo/);
  await expect(page.getByTestId("usage-time-zone")).toHaveText("Asia/Tokyo");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByTestId("person-time-zone")).toContainText("Asia/Tokyo");
  await page.goto("/usage");
  await expect(page).toHaveURL(/tz=Asia%2FTokyo/);

  const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  await page.goto(`/usage?from=${day(-10)}&to=${day(40)}`);
  await expect(page.getByTestId("usage-link-error")).toContainText("in the future");
  // Before the team's data: refused the same way, naming the day the data begins.
  await page.goto("/usage?from=2001-01-01&to=2001-01-31");
  await expect(page.getByTestId("usage-link-error")).toContainText("before this team's data, which begins on");
});
