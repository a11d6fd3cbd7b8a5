// Credit alerts against a real database and a real Slack-style receiver: low once per top-up, then
// "exhausted" once events are being left not triggered, and low again after the next top-up.
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { accounts, alerts } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { receiversClosedAfterEach } from "@/test/receiver";
import { seedDueEvents } from "@/test/delivery";
import { addCreditsAndCatchUp } from "@/lib/credits/service";
import { evaluateCreditAlerts } from "./credits";
import { updateNotificationSettings } from "./settings";

const receiver = receiversClosedAfterEach();

describe("credit alerts", () => {
  it("tells a team once when its credits run low, once when they run out and matches are not triggered, and again after a top-up", async () => {
    const { db, accountId } = await createTestAccount({ credits: 0 });
    const slack = await receiver();
    await updateNotificationSettings(db, accountId, { email_user_ids: [], slack_url: slack.url, ops_url: null });
    await seedDueEvents(db, accountId, { url: "https://hooks.example.invalid/credits", count: 1, status: "success" });
    const evaluate = () => evaluateCreditAlerts(db, { accountId, threshold: 10 });
    const typesRaised = async () =>
      (await db.select({ type: alerts.type }).from(alerts).where(eq(alerts.accountId, accountId)).orderBy(alerts.id)).map((row) => row.type);

    // Above the threshold: nothing.
    await db.update(accounts).set({ credits: 50 }).where(eq(accounts.id, accountId));
    expect(await evaluate()).toBe(0);

    await db.update(accounts).set({ credits: 5 }).where(eq(accounts.id, accountId));
    expect(await evaluate()).toBe(1);
    expect(await evaluate()).toBe(0);
    expect(await typesRaised()).toEqual(["credits.low"]);
    expect(JSON.parse(slack.requests[0].body).text).toMatch(/^Credits are low: 5 left/);

    // Out of credits, and a new match left not triggered.
    await db.update(accounts).set({ credits: 0 }).where(eq(accounts.id, accountId));
    await seedDueEvents(db, accountId, { url: "https://hooks.example.invalid/credits-2", count: 1, status: "not_triggered" });
    expect(await evaluate()).toBe(1);
    expect(await evaluate()).toBe(0);
    expect(await typesRaised()).toEqual(["credits.low", "credits.exhausted"]);
    expect(JSON.parse(slack.requests[1].body).text).toMatch(/^Credits ran out: new matches are not being sent/);

    // A top-up (the waiting event is triggered with it), then low again: a new alert.
    await addCreditsAndCatchUp(db, accountId, 8);
    expect(await evaluate()).toBe(1);
    expect(await typesRaised()).toEqual(["credits.low", "credits.exhausted", "credits.low"]);
    const [latest] = await db.select().from(alerts).where(and(eq(alerts.accountId, accountId), eq(alerts.type, "credits.low"))).orderBy(alerts.id).limit(1).offset(1);
    expect(latest.deliveries).toEqual([expect.objectContaining({ channel: "slack", status: "sent" })]);
  });
});
