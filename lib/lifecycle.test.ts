// A shutdown in one process (any database, PGlite included): the delivery run in progress stops
// claiming, finishes the attempts in flight, records them, hands the rest back; a new cron run is
// answered 503 with Retry-After. The separate-process version (real SIGTERM) is
// lib/delivery/shutdown.test.ts. A shutdown cannot be undone, so this file has its own process.
import { afterEach, describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import { GET as cronDeliver } from "@/app/api/cron/deliver/route";
import { attempts, events } from "@/db/schema";
import { runDeliveryCycle } from "@/lib/delivery/run-cycle";
import { seedDueEvents } from "@/test/delivery";
import { callRoute } from "@/test/api";
import { createTestAccount } from "@/test/fixtures";
import { startReceiver, type Receiver } from "@/test/receiver";
import { beginShutdown, isShuttingDown } from "./lifecycle";

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
});

describe("graceful shutdown", () => {
  it("stops claiming, finishes and records what is in flight, hands the rest back, refuses new cron runs", async () => {
    const { db, accountId } = await createTestAccount();
    receiver = await startReceiver({ mode: { kind: "slow", delayMs: 300 } });
    const { eventIds } = await seedDueEvents(db, accountId, { url: receiver.url, count: 100 });
    const run = runDeliveryCycle(db, { accountId, perHostConcurrency: 4, timeoutMs: 5_000 });
    await receiver.waitForRequests(8, 10_000);
    const stoppedAt = performance.now();
    const shutdown = beginShutdown("test");
    expect(isShuttingDown()).toBe(true);

    process.env.CRON_SECRET = "cron-secret-for-lifecycle-test";
    const refused = await callRoute(cronDeliver, {
      path: "/api/cron/deliver",
      headers: { authorization: `Bearer ${process.env.CRON_SECRET}` },
    });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe("shutting_down");

    const summary = await run;
    await shutdown;
    // Only the attempts in flight (300 ms each) were waited for.
    expect(performance.now() - stoppedAt).toBeLessThan(2_000);
    const sent = receiver.requests.length;
    expect(summary.succeeded).toBe(sent);
    expect(sent).toBeLessThan(eventIds.length);
    const rows = await db.select().from(events).where(inArray(events.id, eventIds));
    expect(rows.filter((row) => row.leaseId !== null)).toHaveLength(0);
    expect(rows.filter((row) => row.status === "success")).toHaveLength(sent);
    // The rest is due again at once, for another instance.
    expect(rows.filter((row) => row.status === "in_progress" && row.nextAttemptAt !== null && row.nextAttemptAt <= new Date())).toHaveLength(
      eventIds.length - sent,
    );
    const recorded = await db.select().from(attempts).where(inArray(attempts.eventId, eventIds));
    expect(recorded).toHaveLength(sent);
    expect(recorded.every((row) => row.isSuccess)).toBe(true);
  });
});
