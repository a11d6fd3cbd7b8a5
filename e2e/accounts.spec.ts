// Accounts, in a real browser against the built app: a person signs up and creates a team, invites a
// viewer and a member who accept through the mailed links (read from the outbox), the viewer sees
// but cannot change, and another team's person finds nothing. Then every dashboard page is walked
// as a stranger, as another team's person, as the viewer and as the member.
import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { E2E_BASE_URL, E2E_OWNER_STATE } from "./env";

test.describe.configure({ mode: "serial" });
test.use({ storageState: { cookies: [], origins: [] } });

const runId = Date.now().toString(36);
const PASSWORD = "journey-password-123";
const people = {
  founder: { name: "Fran Founder", email: `founder-${runId}@hookline.example` },
  viewer: { name: "Vic Viewer", email: `viewer-${runId}@hookline.example` },
  member: { name: "Meg Member", email: `member-${runId}@hookline.example` },
};
const teamName = `Acme ${runId}`;
const contexts: Record<string, BrowserContext> = {};
let searchId = "";
let webhookId = "";

async function signUp(page: Page, person: { name: string; email: string }) {
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(PASSWORD);
  // Sign-ups are limited per address (10 per 10 minutes, lib/security/rate-limit-rules.ts) and every
  // person of the run comes from 127.0.0.1, well within it; should a limit answer "Too many requests",
  // wait a little and submit again.
  for (let attempt = 0; ; attempt++) {
    await page.getByRole("button", { name: "Create your account" }).click();
    const outcome = await Promise.race([
      page.waitForURL((url) => url.pathname !== "/sign-up", { timeout: 15_000 }).then(() => "signed up", () => "timeout"),
      page.getByText("Too many requests").waitFor({ timeout: 15_000 }).then(() => "limited", () => "timeout"),
    ]);
    if (outcome === "signed up") return;
    expect(outcome).toBe("limited");
    expect(attempt, "still rate-limited after waiting").toBeLessThan(2);
    await page.waitForTimeout(10_500);
  }
}

/** The API as the signed-in person: their session cookie, from the app's own origin. */
function api(request: APIRequestContext) {
  const headers = { origin: E2E_BASE_URL };
  return {
    post: (url: string, data: unknown) => request.post(url, { headers, data }),
    patch: (url: string, data: unknown) => request.patch(url, { headers, data }),
  };
}

async function acceptInvitationFromOutbox(browser: Browser, person: { name: string; email: string }) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/dev/outbox");
  const mail = page.getByTestId("outbox-mail").filter({ hasText: person.email }).first();
  await expect(mail).toContainText(`Join ${teamName}`);
  await mail.getByRole("link").click();
  // Not signed in yet: the link goes through sign-up and comes back.
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faccept-invitation%2F/);
  await signUp(page, person);
  await expect(page.getByRole("heading", { name: `Join ${teamName}` })).toBeVisible();
  await page.getByRole("button", { name: "Accept and join" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  await expect(page.getByLabel("Team", { exact: true })).toHaveValue(/.+/);
  await expect(page.getByLabel("Team", { exact: true }).locator("option:checked")).toHaveText(teamName);
  return context;
}

test("sign up, create a team, and invite a viewer and a member who accept by the mailed link", async ({ browser, page }) => {
  test.setTimeout(120_000);
  await page.goto("/webhooks");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fwebhooks$/);
  await signUp(page, people.founder);
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  await expect(page.getByLabel("Team", { exact: true }).locator("option:checked")).toHaveText("Fran Founder's team");

  await page.getByRole("link", { name: "Team", exact: true }).click();
  await page.getByLabel("Team name").fill(teamName);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByLabel("Team", { exact: true }).locator("option:checked")).toHaveText(teamName);
  contexts.founder = page.context();

  // A search and a webhook in the new team, through the API as the signed-in founder.
  const founderApi = api(page.request);
  const search = await founderApi.post("/api/v1/searches", { name: `Jobs ${runId}`, type: "job", filters: { title_keywords: [runId] } });
  expect(search.status()).toBe(201);
  searchId = (await search.json()).id;
  const webhook = await founderApi.post("/api/v1/webhooks", { name: `Acme CRM ${runId}`, url: "https://hooks.example.invalid/acme", search_id: searchId });
  expect(webhook.status()).toBe(201);
  webhookId = (await webhook.json()).id;

  await page.goto("/settings/team");
  for (const [who, role] of [["viewer", "Viewer"], ["member", "Member"]] as const) {
    await page.getByLabel("Email").fill(people[who].email);
    await page.getByLabel("Role", { exact: true }).selectOption({ label: role });
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByTestId("pending-invitation").filter({ hasText: people[who].email })).toBeVisible();
  }
  await page.screenshot({ path: "e2e/screenshots/team-settings.png", fullPage: true });

  contexts.viewer = await acceptInvitationFromOutbox(browser, people.viewer);
  contexts.member = await acceptInvitationFromOutbox(browser, people.member);
  await page.reload();
  await expect(page.getByRole("combobox", { name: `Role of ${people.viewer.email}` })).toHaveValue("viewer");
  await expect(page.getByTestId("pending-invitation")).toHaveCount(0);
});

test("the viewer sees Usage and the webhook but no Resend or Edit, and a forced change gets 403", async () => {
  const page = await contexts.viewer.newPage();
  await page.goto("/usage");
  await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  await page.goto(`/webhooks/${webhookId}`);
  await expect(page.getByRole("heading", { level: 1, name: `Acme CRM ${runId}` })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toContainText("Viewer");
  await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Resend/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Reveal" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Archive" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Test the endpoint" })).toHaveCount(0);
  await expect(page.getByText("A viewer cannot reveal the secret")).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/viewer-webhook.png", fullPage: true });

  const forced = await api(page.request).patch(`/api/v1/webhooks/${webhookId}/status`, { is_active: false });
  expect(forced.status()).toBe(403);
  expect((await forced.json()).error.code).toBe("forbidden");
  const after = await page.request.get(`/api/v1/webhooks/${webhookId}`);
  expect((await after.json()).is_active).toBe(true);

  await page.goto(`/webhooks/${webhookId}/edit`);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
});

test("another team's person gets not found on this team's webhook", async ({ browser }) => {
  const context = await browser.newContext({ storageState: E2E_OWNER_STATE });
  const page = await context.newPage();
  const response = await page.goto(`/webhooks/${webhookId}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText(/could not be found|not found/i).first()).toBeVisible();
  expect((await page.request.get(`/api/v1/webhooks/${webhookId}`)).status()).toBe(404);
  await context.close();
});

/** Every dashboard page, with this team's ids in place of its [params]. */
function dashboardPages(): { file: string; url: string; needs: "read" | "write" | "admin" }[] {
  const root = path.join(import.meta.dirname, "..", "app", "(dashboard)");
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith("page.tsx"));
  return files.map((file) => {
    const route = `/${path.dirname(file)}`.replace(/\/\.$/, "");
    const url = route.replace("/webhooks/[id]/events/[eventId]", `/webhooks/${webhookId}/events/00000000-0000-4000-8000-00000000000e`)
      .replace("/webhooks/[id]", `/webhooks/${webhookId}`)
      .replace("/searches/[id]", `/searches/${searchId}`)
      .replace("/replays/[id]", "/replays/00000000-0000-4000-8000-00000000000f");
    expect(url, `give ${file} an id in dashboardPages()`).not.toContain("[");
    // API keys and the audit log are for admins and owners.
    const needs = /\/(new|edit)$/.test(route) ? "write" : /^\/settings\/(api-keys|audit-log)$/.test(route) ? "admin" : "read";
    return { file, url, needs };
  });
}

test("every dashboard page: strangers sign in first, other teams find nothing, roles see what they may", async ({ browser }) => {
  test.setTimeout(120_000);
  const pages = dashboardPages();
  expect(pages.length).toBeGreaterThanOrEqual(10);
  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const otherTeam = await browser.newContext({ storageState: E2E_OWNER_STATE });
  for (const { file, url, needs } of pages) {
    const isOwned = url.includes(webhookId) || url.includes(searchId);
    // The event and replay ids above are made up: those pages are 404 for everyone, which still shows nothing.
    const isMadeUp = url.includes("/events/0000") || url.includes("/replays/0000");
    const asStranger = await stranger.request.get(url, { maxRedirects: 0 });
    expect(asStranger.status(), `${file} as a stranger`).toBe(307);
    expect(asStranger.headers().location, file).toContain(`/sign-in?next=${encodeURIComponent(url)}`);

    const asOther = await otherTeam.request.get(url);
    expect(asOther.status(), `${file} as another team`).toBe(isOwned || isMadeUp ? 404 : 200);

    const expectedViewer = isMadeUp ? 404 : needs === "read" ? 200 : 403;
    expect((await contexts.viewer.request.get(url)).status(), `${file} as viewer`).toBe(expectedViewer);
    const expectedMember = isMadeUp ? 404 : needs === "admin" ? 403 : 200;
    expect((await contexts.member.request.get(url)).status(), `${file} as member`).toBe(expectedMember);
  }
  await stranger.close();
  await otherTeam.close();
});

test.afterAll(async () => {
  for (const context of Object.values(contexts)) await context.close().catch(() => {});
});
