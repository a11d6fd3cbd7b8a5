import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events } from "@/db/schema";
import { redirectLogs } from "@/lib/log";
import { createTestAccount } from "@/test/fixtures";
import { startReceiver, type Receiver } from "@/test/receiver";
import { isDeliverySchedulerRunning, startDeliveryScheduler, stopDeliveryScheduler, wakeDeliveryScheduler } from "./scheduler";
import { ingestBodySchema } from "@/lib/validation/records";
import { ingestRecords } from "@/lib/matching/ingest";
import { seedDueEvents } from "../../test/delivery";

let receiver: Receiver | undefined;
afterEach(async () => {
  await stopDeliveryScheduler();
  await receiver?.close();
});

describe("built-in scheduler", () => {
  it("delivers a new event within seconds, once per process, and survives database errors", async () => {
    const { db, accountId } = await createTestAccount();
    receiver = await startReceiver();
    let failuresLeft = 2;
    const database = async (): Promise<Db> => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error("database is restarting");
      }
      return db;
    };
    const lines: string[] = [];
    const restoreLogs = redirectLogs({ write: (line: string) => void lines.push(line) }, "error");
    try {
      startDeliveryScheduler({ intervalMs: 50, cycle: { accountId }, database });
      startDeliveryScheduler({ intervalMs: 50, cycle: { accountId }, database });
      expect(isDeliverySchedulerRunning()).toBe(true);
      const { eventIds } = await seedDueEvents(db, accountId, { url: receiver.url });
      wakeDeliveryScheduler();
      await receiver.waitForRequests(1, 5_000);
      expect(Date.now() - receiver.requests[0].receivedAt).toBeLessThan(5_000);
      // Its result is written in a batch shortly after (on a busy PostgreSQL, sometimes past 300 ms).
      await expect
        .poll(async () => (await db.select().from(events).where(eq(events.id, eventIds[0])))[0].status, { timeout: 5_000, interval: 50 })
        .toBe("success");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.hits(eventIds[0])).toBe(1);
    } finally {
      restoreLogs();
    }
    const errors = lines.map((line) => JSON.parse(line)).filter((entry) => entry.component === "scheduler");
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors[0]).toMatchObject({ msg: "delivery cycle failed", err: { message: "database is restarting" } });
    await stopDeliveryScheduler();
    expect(isDeliverySchedulerRunning()).toBe(false);
  });

  it("is one continuous run: while requests hang, a new event is handed over as it is created and delivered at once", async () => {
    const { db, accountId } = await createTestAccount({ credits: 10 });
    receiver = await startReceiver({ mode: (request) => (request.path.includes("/hung") ? { kind: "hang" } : { kind: "ok" }) });
    await seedDueEvents(db, accountId, { url: `${receiver.url}/hung`, count: 2 });
    // Polls only every 5 s: only the hand-over from ingest explains a prompt delivery.
    startDeliveryScheduler({ intervalMs: 5_000, cycle: { accountId, timeoutMs: 4_000 } });
    await receiver.waitForRequests(2, 5_000);
    await seedDueEvents(db, accountId, { url: `${receiver.url}/healthy`, count: 0 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    const records = ingestBodySchema("job").parse({ records: [{ external_id: "wake-1", title: "Data engineer" }] }).records;
    const result = await ingestRecords(db, accountId, "job", records);
    // One event per webhook (both listen to every job); the hung one's hangs too, beside it.
    expect(result.events_triggered).toBe(2);
    const findHealthy = () => receiver!.requests.find((request) => request.path.includes("/healthy"));
    await expect.poll(findHealthy, { timeout: 3_000, interval: 20 }).toBeDefined();
    const healthy = findHealthy();
    expect(healthy!.receivedAt - started).toBeLessThan(1_000);
  }, 20_000);
});
