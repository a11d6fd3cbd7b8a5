// Endpoint health from real deliveries to a real receiver on 127.0.0.1 that answers 500 for a long
// stretch (windows shrunk: failing after 2 h, disabled after 4 h), then recovers.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { events, webhooks } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { receiversClosedAfterEach } from "@/test/receiver";
import { runDeliveryCycle } from "@/lib/delivery/run-cycle";
import { seedDueEvents } from "@/test/delivery";
import { setWebhookActive, getWebhook } from "@/lib/webhooks/service";
import { serializeWebhook } from "@/lib/webhooks/serialize";
import { DEFAULT_HEALTH_SETTINGS, type HealthSettings } from "./endpoint-health";
import { evaluateEndpointHealth } from "./evaluate";

const HOUR = 3_600_000;
const MIN = 60_000;
const receiver = receiversClosedAfterEach();
const settings: HealthSettings = { ...DEFAULT_HEALTH_SETTINGS, failingAfterMs: 2 * HOUR, disableAfterMs: 4 * HOUR, recoveredForMs: 30 * MIN };

describe("endpoint health", () => {
  it("goes degraded → failing → disabled over a long 500 stretch, once per change; disabling parks; re-enabling resumes", async () => {
    const { db, accountId } = await createTestAccount({ credits: 10 });
    const target = await receiver({ mode: { kind: "status", status: 500 } });
    const { webhook } = await seedDueEvents(db, accountId, { url: target.url, count: 5 });
    const t0 = new Date();
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const evaluate = (when: Date) => evaluateEndpointHealth(db, { now: when, settings, accountId });

    expect(await evaluate(t0)).toEqual([]); // nothing attempted yet
    await runDeliveryCycle(db, { accountId, now: () => t0 });
    const degraded = await evaluate(at(1_000));
    expect(degraded).toMatchObject([{ webhookId: webhook.id, from: "healthy", to: "degraded", reason: "the last 5 attempts failed" }]);
    expect(await evaluate(at(2_000))).toEqual([]); // no second change, no second alert
    let json = serializeWebhook(await getWebhook(db, accountId, webhook.id));
    expect(json.health).toMatchObject({ state: "degraded", since: at(1_000).toISOString(), reason: "the last 5 attempts failed" });

    // the hourly retries keep failing
    for (let hour = 1; hour <= 4; hour += 1) {
      await runDeliveryCycle(db, { accountId, now: () => at(hour * HOUR + 3 * MIN) });
      const changes = await evaluate(at(hour * HOUR + 4 * MIN));
      if (hour === 2) expect(changes).toMatchObject([{ from: "degraded", to: "failing" }]);
      else if (hour === 4) expect(changes).toMatchObject([{ from: "failing", to: "disabled", reason: "no successful delivery for 4 hours" }]);
      else expect(changes).toEqual([]);
    }
    const [disabled] = await db.select().from(webhooks).where(eq(webhooks.id, webhook.id));
    expect(disabled).toMatchObject({ isActive: false, pausedReason: "no successful delivery for 4 hours", healthState: "disabled" });
    const parked = await db.select().from(events).where(eq(events.webhookId, webhook.id));
    expect(parked.every((e) => e.status === "failed" && e.nextAttemptAt === null)).toBe(true);
    expect((await runDeliveryCycle(db, { accountId, now: () => at(6 * HOUR) })).claimed).toBe(0);

    // fixed and enabled again: its events resume, health starts afresh, and stays healthy
    target.setMode({ kind: "ok" });
    await setWebhookActive(db, accountId, webhook.id, true, { now: at(6 * HOUR) });
    json = serializeWebhook(await getWebhook(db, accountId, webhook.id));
    expect(json.health.state).toBe("healthy");
    expect(await runDeliveryCycle(db, { accountId, now: () => at(6 * HOUR + 1_000) })).toMatchObject({ claimed: 5, succeeded: 5 });
    expect(await evaluate(at(6 * HOUR + 2_000))).toEqual([]);
  }, 120_000);

  it("recovers on the first success after degraded, then reads healthy again", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver({ mode: (request) => (request.index < 5 ? { kind: "status", status: 503 } : { kind: "ok" }) });
    const { webhook } = await seedDueEvents(db, accountId, { url: target.url, count: 5 });
    const t0 = new Date();
    const at = (ms: number) => new Date(t0.getTime() + ms);
    await runDeliveryCycle(db, { accountId, now: () => t0 });
    expect(await evaluateEndpointHealth(db, { now: at(1_000), settings, accountId })).toMatchObject([{ to: "degraded" }]);
    await runDeliveryCycle(db, { accountId, now: () => at(HOUR + 3 * MIN) });
    expect(await evaluateEndpointHealth(db, { now: at(HOUR + 4 * MIN), settings, accountId })).toMatchObject([
      { webhookId: webhook.id, from: "degraded", to: "recovered" },
    ]);
    expect(await evaluateEndpointHealth(db, { now: at(HOUR + 10 * MIN), settings, accountId })).toEqual([]);
    expect(await evaluateEndpointHealth(db, { now: at(HOUR + 40 * MIN), settings, accountId })).toMatchObject([{ from: "recovered", to: "healthy" }]);
  });
});
