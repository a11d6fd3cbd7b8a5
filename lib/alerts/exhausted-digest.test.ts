// The hourly digest of events that gave up, against a real database and a Slack-style receiver.
import { describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { alerts, events } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { receiversClosedAfterEach } from "@/test/receiver";
import { seedDueEvents } from "@/test/delivery";
import { evaluateExhaustedDigest } from "./exhausted-digest";
import { updateNotificationSettings } from "./settings";

const HOUR = 3_600_000;
const receiver = receiversClosedAfterEach();

describe("event.exhausted digest", () => {
  it("sends one alert per hour counting the events whose 48 hours of retries ended in the hour before, and none for events still retrying", async () => {
    const { db, accountId } = await createTestAccount();
    const slack = await receiver();
    await updateNotificationSettings(db, accountId, { email_user_ids: [], slack_url: slack.url, ops_url: null });
    const now = new Date(Date.UTC(2026, 10, 30, 12, 20));
    const gaveUp = await seedDueEvents(db, accountId, { url: "https://hooks.example.invalid/gone", count: 3, status: "failed" });
    const retrying = await seedDueEvents(db, accountId, { url: "https://hooks.example.invalid/later", count: 2, status: "failed" });
    // First failures 48 h before 11:00–12:00: those retries ended in the hour before now's hour.
    await db.update(events).set({ nextAttemptAt: null, firstFailedAt: new Date(Date.UTC(2026, 10, 28, 11, 30)) }).where(inArray(events.id, gaveUp.eventIds));
    // Still inside their window: scheduled.
    await db.update(events).set({ nextAttemptAt: new Date(now.getTime() + HOUR), firstFailedAt: new Date(now.getTime() - 10 * HOUR) }).where(inArray(events.id, retrying.eventIds));

    expect(await evaluateExhaustedDigest(db, { now, accountId })).toBe(1);
    expect(await evaluateExhaustedDigest(db, { now: new Date(now.getTime() + 30 * 60_000), accountId })).toBe(0);
    const raised = await db.select().from(alerts).where(eq(alerts.accountId, accountId));
    expect(raised.map((row) => row.type)).toEqual(["event.exhausted"]);
    expect(raised[0].data).toMatchObject({ events: 3, webhook_ids: [gaveUp.webhook.id] });
    expect(raised[0].webhookId).toBe(gaveUp.webhook.id);
    expect(JSON.parse(slack.requests[0].body).text).toMatch(/^3 events gave up in the last hour/);

    // The next hour has nothing new to say.
    expect(await evaluateExhaustedDigest(db, { now: new Date(now.getTime() + HOUR), accountId })).toBe(0);
  });
});
