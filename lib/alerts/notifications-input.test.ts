// Settings → Notifications and secret rotation tried as a stranger would: another team's members and
// webhooks, private addresses as alert URLs, absurd grace periods. Each is refused with a 400 (or a
// 404 for another team's webhook) naming the field, through the real server actions and route, and
// nothing is written.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { notificationSettings, webhooks } from "@/db/schema";
import { updateNotificationSettingsAction } from "@/lib/actions/update-notification-settings";
import { getNotificationsView, updateNotificationSettings } from "./settings";
import { rotateWebhookSecretAction } from "@/lib/actions/rotate-webhook-secret";
import { withRequestHeaders } from "@/lib/auth/request-headers";
import { POST as rotateRoute } from "@/app/api/v1/webhooks/[id]/secret/rotate/route";
import { callRoute } from "@/test/api";
import { createApiKey, sessionHeaders, signUpPerson, type TestPerson } from "@/test/auth";
import { seedDueEvents } from "@/test/delivery";

let db: Db;
let owner: TestPerson;
let stranger: TestPerson;
let strangerWebhookId: string;
let ownWebhookId: string;
const previousAllow = process.env.ALLOW_PRIVATE_URLS;

beforeAll(async () => {
  db = await getDb();
  owner = await signUpPerson("Owner");
  stranger = await signUpPerson("Stranger");
  ownWebhookId = (await seedDueEvents(db, owner.accountId, { url: "https://hooks.example.invalid/own", count: 1, status: "success" })).webhook.id;
  strangerWebhookId = (await seedDueEvents(db, stranger.accountId, { url: "https://hooks.example.invalid/theirs", count: 1, status: "success" })).webhook.id;
});

afterEach(() => {
  if (previousAllow === undefined) delete process.env.ALLOW_PRIVATE_URLS;
  else process.env.ALLOW_PRIVATE_URLS = previousAllow;
});

const asOwner = <T>(run: () => Promise<T>) => withRequestHeaders(sessionHeaders(owner), run);
const settingsRow = async (accountId: string) => (await db.select().from(notificationSettings).where(eq(notificationSettings.accountId, accountId)))[0];

describe("Settings → Notifications refuses what it cannot use", () => {
  it("another team's member as a mail recipient: 400 naming email_user_ids, nothing saved", async () => {
    const result = await asOwner(() => updateNotificationSettingsAction({ email_user_ids: [stranger.userId], slack_url: "", ops_url: "" }));
    expect(result).toMatchObject({ ok: false, code: "invalid_request", fieldErrors: { email_user_ids: ["Only members of the team can get alert mail"] } });
    expect(await settingsRow(owner.accountId)).toBeUndefined();
  });

  it("private, loopback and metadata addresses as the Slack URL or the ops endpoint: 400 naming the field", async () => {
    process.env.ALLOW_PRIVATE_URLS = "false";
    const cases: [string, "slack_url" | "ops_url"][] = [
      ["http://10.0.0.7/services/T/B/x", "slack_url"],
      ["http://169.254.169.254/latest/meta-data", "slack_url"],
      ["http://127.0.0.1:5432/", "slack_url"],
      ["https://[::1]/ops", "ops_url"],
      ["http://localhost/ops", "ops_url"],
    ];
    for (const [url, field] of cases) {
      const input = { email_user_ids: [], slack_url: field === "slack_url" ? url : "", ops_url: field === "ops_url" ? url : "" };
      const result = await asOwner(() => updateNotificationSettingsAction(input));
      expect(result, url).toMatchObject({ ok: false, code: "invalid_request" });
      if (!result.ok) expect(Object.keys(result.fieldErrors), url).toEqual([field]);
    }
    expect(await settingsRow(owner.accountId)).toBeUndefined();
  });

  it("malformed shapes: 400 naming the field, never a thrown error", async () => {
    const cases: [unknown, string][] = [
      [{ email_user_ids: "everyone", slack_url: "", ops_url: "" }, "email_user_ids"],
      [{ email_user_ids: [], slack_url: "javascript:alert(1)", ops_url: "" }, "slack_url"],
      [{ email_user_ids: [], slack_url: `https://hooks.example.invalid/${"x".repeat(3000)}`, ops_url: "" }, "slack_url"],
      [{ email_user_ids: [], slack_url: "", ops_url: "https://exa mple.invalid/x" }, "ops_url"],
      [{ email_user_ids: [], slack_url: 42, ops_url: "" }, "slack_url"],
    ];
    for (const [input, field] of cases) {
      const result = await asOwner(() => updateNotificationSettingsAction(input));
      expect(result, JSON.stringify(input).slice(0, 80)).toMatchObject({ ok: false, code: "invalid_request" });
      if (!result.ok) expect(result.fieldErrors[field], field).toBeTruthy();
    }
    expect(await settingsRow(owner.accountId)).toBeUndefined();
  });
});

describe("Settings → Notifications as someone who cannot change it", () => {
  it("shows the Slack URL (a credential) by its host only, and no ops secret", async () => {
    const { accountId } = stranger;
    await updateNotificationSettings(db, accountId, { email_user_ids: [], slack_url: "https://hooks.example.invalid/services/T0/B0/s3cr3t", ops_url: "https://ops.example.invalid/hook" });
    const full = await getNotificationsView(db, accountId, { revealSecrets: true });
    expect(full.slackUrl).toBe("https://hooks.example.invalid/services/T0/B0/s3cr3t");
    expect(full.opsSecret).toMatch(/^whsec_/);
    const limited = await getNotificationsView(db, accountId, { revealSecrets: false });
    expect(limited).toMatchObject({ slackUrl: "https://hooks.example.invalid/…", opsUrl: "https://ops.example.invalid/hook", opsSecret: null });
    expect(JSON.stringify(limited)).not.toContain("s3cr3t");
  });
});

describe("secret rotation refuses what it cannot use", () => {
  const secretOf = async (id: string) => (await db.select({ secret: webhooks.secret }).from(webhooks).where(eq(webhooks.id, id)))[0].secret;

  it("from the details page: another team's webhook is not found; 8 days, -1 or a string of hours are 400s naming grace_period_hours", async () => {
    const theirs = await secretOf(strangerWebhookId);
    const foreign = await asOwner(() => rotateWebhookSecretAction({ webhook_id: strangerWebhookId }));
    expect(foreign).toMatchObject({ ok: false, code: "not_found" });
    expect(await secretOf(strangerWebhookId)).toBe(theirs);

    const ours = await secretOf(ownWebhookId);
    for (const grace of [192, -1, "24", Number.NaN]) {
      const result = await asOwner(() => rotateWebhookSecretAction({ webhook_id: ownWebhookId, grace_period_hours: grace }));
      expect(result, String(grace)).toMatchObject({ ok: false, code: "invalid_request" });
      if (!result.ok) expect(Object.keys(result.fieldErrors), String(grace)).toEqual(["grace_period_hours"]);
    }
    expect(await secretOf(ownWebhookId)).toBe(ours);

    // the chosen period is kept: the page then says when the old secret stops
    const rotated = await asOwner(() => rotateWebhookSecretAction({ webhook_id: ownWebhookId, grace_period_hours: 72 }));
    expect(rotated.ok).toBe(true);
    if (rotated.ok) expect(Math.abs(new Date(rotated.data.previousSecretExpiresAt!).getTime() - (Date.now() + 72 * 3_600_000))).toBeLessThan(60_000);
  });

  it("from the API: another team's webhook is 404; an overflowing number or a broken body is a 400 naming the problem", async () => {
    const apiKey = await createApiKey(owner.accountId);
    const foreign = await callRoute(rotateRoute, {
      method: "POST",
      path: `/api/v1/webhooks/${strangerWebhookId}/secret/rotate`,
      apiKey,
      params: { id: strangerWebhookId },
      body: { grace_period_hours: 1 },
    });
    expect(foreign.status).toBe(404);
    const ours = await secretOf(ownWebhookId);
    for (const rawBody of ['{"grace_period_hours": 1e400}', '{"grace_period_hours": 192}', '{"grace_period_hours": null}']) {
      const res = await callRoute(rotateRoute, {
        method: "POST",
        path: `/api/v1/webhooks/${ownWebhookId}/secret/rotate`,
        apiKey,
        params: { id: ownWebhookId },
        rawBody,
        headers: { "content-type": "application/json" },
      });
      expect(res.status, rawBody).toBe(400);
      expect(res.body.error.message.startsWith("grace_period_hours:"), rawBody).toBe(true);
    }
    const broken = await callRoute(rotateRoute, {
      method: "POST",
      path: `/api/v1/webhooks/${ownWebhookId}/secret/rotate`,
      apiKey,
      params: { id: ownWebhookId },
      rawBody: '{"grace_period_hours": ',
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);
    expect(await secretOf(ownWebhookId)).toBe(ours);
  });
});
