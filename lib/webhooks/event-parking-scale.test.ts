// Head-of-line blocking: a paused webhook's 20,000 events at the head of the due queue must not stand
// between a claim and a healthy webhook's events. A file of its own: the events rollup trigger keeps
// the plan it first made in a database session, and one made for a few rows after earlier tests
// turns a 20,000-row update quadratic (see the report on event_rollups_after_update).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { claimDueEvents } from "@/db/queries/delivery";
import { events } from "@/db/schema";
import { seedDueEvents } from "@/test/delivery";
import { createTestAccount } from "@/test/fixtures";
import { setWebhookActive } from "./service";

const HOUR = 3_600_000;

describe("parking at scale", () => {
  it("a claim behind 20,000 parked events at the head of the queue still gets a healthy webhook's event", async () => {
    const { db, accountId } = await createTestAccount();
    const t0 = new Date();
    const paused = await seedDueEvents(db, accountId, { url: "http://127.0.0.1:9/", count: 20_000, dueAt: new Date(t0.getTime() - 7 * 24 * HOUR) });
    const healthy = await seedDueEvents(db, accountId, { url: "http://127.0.0.1:9/", count: 2, dueAt: new Date(t0.getTime() - 1_000) });

    await setWebhookActive(db, accountId, paused.webhook.id, false, { now: t0 });
    const stillDue = await db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.webhookId, paused.webhook.id), inArray(events.status, ["in_progress", "failed"]), isNotNull(events.nextAttemptAt)));
    expect(stillDue).toHaveLength(0);

    const claimed = await claimDueEvents(db, { accountId, now: t0, leaseId: randomUUID(), leaseUntil: new Date(t0.getTime() + 60_000), limit: 5 });
    expect(claimed.map((row) => row.id).sort()).toEqual([...healthy.eventIds].sort());
  }, 60_000);
});
