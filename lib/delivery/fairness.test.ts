// Fairness between webhooks on one host (SPEC §4): a webhook whose endpoint hangs holds at most its
// own few slots, so a healthy webhook at the same host and port (another path of one receiver) is
// delivered as fast as when it is alone. Both with the default caps (8 per host, 4 per webhook): the
// cap that protects other webhooks leaves a webhook alone at its host the 4 in flight it had before it.
import { afterEach, describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import { events } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { DEFAULT_PER_HOST_CONCURRENCY, perHostConcurrency, perWebhookConcurrency } from "./config";
import { startReceiver, type Receiver } from "@/test/receiver";
import { runDeliveryCycle } from "./run-cycle";
import { seedDueEvents } from "../../test/delivery";

const HEALTHY_EVENTS = 400;
let receiver: Receiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
}

/** Each event's time from the run's start to its arrival at the receiver. */
function latencies(target: Receiver, eventIds: readonly string[], startedAt: number): number[] {
  const ids = new Set(eventIds);
  return target.requests.filter((request) => request.webhookId && ids.has(request.webhookId)).map((request) => request.receivedAt - startedAt);
}

describe("a hung endpoint beside a healthy one on the same host", () => {
  it("does not slow the healthy webhook: its p95 stays within 2× its solo p95, and all its events are delivered", async () => {
    receiver = await startReceiver({ mode: (request) => (request.path.includes("/hung") ? { kind: "hang" } : { kind: "ok" }) });
    // The default caps (no DELIVERY_PER_* in the test environment): 4 of the host's 8 per webhook.
    expect([perHostConcurrency(), perWebhookConcurrency()]).toEqual([8, 4]);
    const settings = { timeoutMs: 3_000, pollIntervalMs: 50 };

    // Alone.
    const solo = await createTestAccount();
    const alone = await seedDueEvents(solo.db, solo.accountId, { url: `${receiver.url}/healthy`, count: HEALTHY_EVENTS });
    const soloStart = Date.now();
    await runDeliveryCycle(solo.db, { accountId: solo.accountId, ...settings });
    const soloLatencies = latencies(receiver, alone.eventIds, soloStart);
    expect(soloLatencies).toHaveLength(HEALTHY_EVENTS);

    // Beside a hung webhook on the same host and port whose events are due first.
    const { db, accountId } = await createTestAccount();
    await seedDueEvents(db, accountId, { url: `${receiver.url}/hung`, count: 20, dueAt: new Date(Date.now() - 60_000) });
    const healthy = await seedDueEvents(db, accountId, { url: `${receiver.url}/healthy`, count: HEALTHY_EVENTS });
    const started = Date.now();
    const stop = new AbortController();
    const run = runDeliveryCycle(db, { accountId, ...settings, budgetMs: 30_000, signal: stop.signal });
    const deadline = started + 30_000;
    while (Date.now() < deadline && latencies(receiver, healthy.eventIds, started).length < HEALTHY_EVENTS) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Stop claiming; the hung attempts end at their timeout.
    stop.abort();
    const besideLatencies = latencies(receiver, healthy.eventIds, started);
    expect(besideLatencies).toHaveLength(HEALTHY_EVENTS);
    expect(receiver.requests.some((request) => request.path.includes("/hung"))).toBe(true);
    expect(p95(besideLatencies), `p95 beside a hung webhook vs alone (${p95(soloLatencies)} ms)`).toBeLessThanOrEqual(2 * p95(soloLatencies));
    await run;
    const rows = await db.select().from(events).where(inArray(events.id, healthy.eventIds));
    expect(rows.every((row) => row.status === "success")).toBe(true);
  }, 60_000);

  it("leaves a slow webhook alone at its host the 4 requests in flight it had before the per-webhook cap", async () => {
    const delayMs = 200;
    receiver = await startReceiver({ mode: { kind: "slow", delayMs } });
    const { db, accountId } = await createTestAccount();
    const { eventIds } = await seedDueEvents(db, accountId, { url: receiver.url, count: 40 });
    await runDeliveryCycle(db, { accountId, timeoutMs: 3_000, pollIntervalMs: 50 });
    expect(receiver.requests).toHaveLength(eventIds.length);
    // Each request is answered delayMs after it arrives, and the next of its slot follows the answer:
    // the most arrivals within any delayMs window is the number of requests in flight.
    const arrivals = receiver.requests.map((request) => request.receivedAt).sort((a, b) => a - b);
    const peak = Math.max(...arrivals.map((at) => arrivals.filter((other) => other >= at && other < at + delayMs).length));
    expect(peak).toBe(DEFAULT_PER_HOST_CONCURRENCY / 2);
  }, 30_000);
});
