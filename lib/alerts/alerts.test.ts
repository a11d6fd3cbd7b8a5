// Alerts end to end with real parts on 127.0.0.1: an SMTP server (smtp-server) that receives the
// mails, a Slack-compatible receiver, and an operational-events endpoint whose deliveries verify
// with standardwebhooks and svix. Health changes come from real deliveries to a receiver answering
// 503, then 200; a 410 pauses the webhook and alerts too.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import type { AddressInfo } from "node:net";
import { alerts, members, users, webhooks } from "@/db/schema";
import { eq } from "drizzle-orm";
import { createTestAccount } from "@/test/fixtures";
import { receiversClosedAfterEach } from "@/test/receiver";
import { runDeliveryCycle } from "@/lib/delivery/run-cycle";
import { resendEvents } from "@/lib/delivery/resend";
import { seedDueEvents } from "@/test/delivery";
import { DEFAULT_HEALTH_SETTINGS } from "@/lib/health/endpoint-health";
import { evaluateEndpointHealth } from "@/lib/health/evaluate";
import { getNotificationsView, updateNotificationSettings } from "./settings";
import { AppError } from "@/lib/errors";

const HOUR = 3_600_000;
const receiver = receiversClosedAfterEach();
type Mail = { to: string[]; raw: string };
const mails: Mail[] = [];
let smtp: SMTPServer;
let previousSmtpUrl: string | undefined;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  previousSmtpUrl = process.env.SMTP_URL;
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (previousSmtpUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previousSmtpUrl;
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function addMember(db: Awaited<ReturnType<typeof createTestAccount>>["db"], accountId: string, email: string) {
  const userId = randomUUID();
  await db.insert(users).values({ id: userId, name: email.split("@")[0], email });
  await db.insert(members).values({ id: randomUUID(), organizationId: accountId, userId, role: "admin" });
  return userId;
}

describe("alerts", () => {
  it("mails the chosen members, posts {text} to Slack and a signed event to the ops endpoint, once per health change", async () => {
    const { db, accountId } = await createTestAccount();
    const tag = randomUUID().slice(0, 6);
    const alice = await addMember(db, accountId, `alice-${tag}@hookline.example`);
    await addMember(db, accountId, `bob-${tag}@hookline.example`);
    const slack = await receiver();
    const finalOps = await receiver();
    await updateNotificationSettings(db, accountId, { email_user_ids: [alice], slack_url: slack.url, ops_url: finalOps.url });
    const opsSecret = (await getNotificationsView(db, accountId)).opsSecret!;
    expect(opsSecret).toMatch(/^whsec_/);
    // saving the same endpoint again keeps its secret; another endpoint would get a new one
    await updateNotificationSettings(db, accountId, { email_user_ids: [alice], slack_url: slack.url, ops_url: finalOps.url });
    expect((await getNotificationsView(db, accountId)).opsSecret).toBe(opsSecret);

    const target = await receiver({ mode: (request) => (request.index < 5 ? { kind: "status", status: 503 } : { kind: "ok" }) });
    const { webhook } = await seedDueEvents(db, accountId, { url: target.url, count: 5 });
    const t0 = new Date();
    const mailsBefore = mails.length;
    await runDeliveryCycle(db, { accountId, now: () => t0 });
    await evaluateEndpointHealth(db, { now: new Date(t0.getTime() + 1_000), accountId, settings: DEFAULT_HEALTH_SETTINGS });
    await evaluateEndpointHealth(db, { now: new Date(t0.getTime() + 2_000), accountId, settings: DEFAULT_HEALTH_SETTINGS });

    // one alert: one mail (to alice only), one Slack post, one signed ops event
    const degradedMails = mails.slice(mailsBefore);
    expect(degradedMails).toHaveLength(1);
    expect(degradedMails[0].to).toEqual([`alice-${tag}@hookline.example`]);
    // the subject is MIME-encoded; the text part carries the same line and the webhook's link
    expect(degradedMails[0].raw).toMatch(/^Subject: =\?UTF-8\?Q\?=5BHookline=5D_Webhook/m);
    expect(degradedMails[0].raw).toMatch(/\r?\n\r?\nWebhook "Hook [^"]+" is degraded: the last 5 attempts failed\r?\n\r?\nhttp[^\s]+\/webhooks\//);
    expect(slack.requests).toHaveLength(1);
    expect(JSON.parse(slack.requests[0].body).text).toMatch(/is degraded: the last 5 attempts failed .*\/webhooks\//);
    expect(finalOps.requests).toHaveLength(1);
    const { headers, body } = finalOps.requests[0];
    expect(() => new StandardWebhook(opsSecret).verify(body, headers)).not.toThrow();
    expect(() => new SvixWebhook(opsSecret).verify(body, { "svix-id": headers["webhook-id"], "svix-timestamp": headers["webhook-timestamp"], "svix-signature": headers["webhook-signature"] })).not.toThrow();
    expect(() => new StandardWebhook(`whsec_${Buffer.from("another key of 24 bytes!").toString("base64")}`).verify(body, headers)).toThrow();
    const opsEvent = JSON.parse(finalOps.requests[0].body);
    expect(opsEvent).toMatchObject({ type: "endpoint.degraded", data: { webhook_id: webhook.id, state: "degraded", previous_state: "healthy" } });

    // recovered: a second alert
    await runDeliveryCycle(db, { accountId, now: () => new Date(t0.getTime() + HOUR + 3 * 60_000) });
    await evaluateEndpointHealth(db, { now: new Date(t0.getTime() + HOUR + 4 * 60_000), accountId, settings: DEFAULT_HEALTH_SETTINGS });
    expect(mails.slice(mailsBefore)).toHaveLength(2);
    expect(JSON.parse(finalOps.requests[1].body).type).toBe("endpoint.recovered");

    const listed = (await getNotificationsView(db, accountId)).alerts;
    expect(listed.map((a) => a.type)).toEqual(["endpoint.recovered", "endpoint.degraded"]);
    expect(listed[1].deliveries).toEqual([
      { channel: "email", target: `alice-${tag}@hookline.example`, status: "sent" },
      { channel: "slack", target: slack.url, status: "sent" },
      { channel: "endpoint", target: finalOps.url, status: "sent" },
    ]);
  }, 120_000);

  it("alerts when an endpoint answers 410 Gone, and records a failing channel as failed", async () => {
    const { db, accountId } = await createTestAccount();
    const tag = randomUUID().slice(0, 6);
    const carol = await addMember(db, accountId, `carol-${tag}@hookline.example`);
    const slack = await receiver({ mode: { kind: "status", status: 500 } });
    await updateNotificationSettings(db, accountId, { email_user_ids: [carol], slack_url: slack.url, ops_url: null });
    const target = await receiver({ mode: { kind: "status", status: 410 } });
    const { webhook, eventIds } = await seedDueEvents(db, accountId, { url: target.url });
    const before = mails.length;
    await runDeliveryCycle(db, { accountId });
    const rows = await db.select().from(alerts).where(eq(alerts.accountId, accountId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "endpoint.disabled", webhookId: webhook.id });
    expect(rows[0].text).toMatch(/paused: its endpoint answered 410 Gone/);
    expect(rows[0].deliveries).toEqual([
      { channel: "email", target: `carol-${tag}@hookline.example`, status: "sent" },
      { channel: "slack", target: slack.url, status: "failed", error: "Endpoint answered HTTP 500" },
    ]);
    expect(mails.slice(before).map((m) => m.to[0])).toEqual([`carol-${tag}@hookline.example`]);
    // Its health says what the alert said; the evaluator adds no second alert for the same change,
    // nor does another 410 (a resend): one alert per webhook per change.
    expect((await db.select().from(webhooks).where(eq(webhooks.id, webhook.id)))[0]).toMatchObject({ healthState: "disabled", healthReason: "endpoint gone" });
    expect(await evaluateEndpointHealth(db, { accountId, settings: DEFAULT_HEALTH_SETTINGS })).toEqual([]);
    await resendEvents(db, accountId, eventIds);
    expect(await db.select().from(alerts).where(eq(alerts.accountId, accountId))).toHaveLength(1);
  });

  it("refuses a bad URL and a stranger as recipient with a 400 naming the field, writing nothing", async () => {
    const { db, accountId } = await createTestAccount();
    const bad = await updateNotificationSettings(db, accountId, { email_user_ids: ["not-a-member"], slack_url: null, ops_url: null }).catch((e) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect(bad.code).toBe("invalid_request");
    expect(bad.message).toMatch(/^email_user_ids:/);
    const metadata = await updateNotificationSettings(db, accountId, { email_user_ids: [], slack_url: "ftp://hooks.example.invalid/x", ops_url: null }).catch((e) => e);
    expect(metadata.code).toBe("invalid_request");
    expect(metadata.message).toMatch(/^slack_url:/);
    expect((await getNotificationsView(db, accountId)).slackUrl).toBeNull();
  });
});
