// The claim: takes what can start soon, records each claimed event's attempt as started, and a
// hand-back removes what was not sent.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { attempts, events } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { seedDueEvents } from "@/test/delivery";
import { claimDueEvents, OUTCOME_UNKNOWN, releaseLeases } from "./delivery";

describe("claimDueEvents", () => {
  it("takes at most perWebhookLimit events of one webhook, so another webhook's events (among the first 4 × limit due) come in the same claim", async () => {
    const { db, accountId } = await createTestAccount();
    const backlog = await seedDueEvents(db, accountId, { url: "https://hooks.example.invalid/a", count: 30, dueAt: new Date(Date.now() - 60_000) });
    const other = await seedDueEvents(db, accountId, { url: "https://hooks.example.invalid/b", count: 5 });
    const rows = await claimDueEvents(db, { accountId, leaseId: randomUUID(), leaseMs: 6_000, limit: 10, perWebhookLimit: 3 });
    const byWebhook = (id: string) => rows.filter((row) => row.webhook_id === id).length;
    expect(byWebhook(backlog.webhook.id)).toBe(3);
    expect(byWebhook(other.webhook.id)).toBe(3);

    // Without the limit the backlog fills the claim.
    const more = await claimDueEvents(db, { accountId, leaseId: randomUUID(), leaseMs: 6_000, limit: 10 });
    expect(more.filter((row) => row.webhook_id === backlog.webhook.id).length).toBeGreaterThanOrEqual(8);
  });

  it("records each claimed event's attempt as started ('outcome unknown'); handing the claim back removes them and makes the events due again", async () => {
    const { db, accountId } = await createTestAccount();
    const dueAt = new Date(Date.now() - 5_000);
    const { eventIds } = await seedDueEvents(db, accountId, { url: "https://hooks.example.invalid/c", count: 4, dueAt });
    const leaseId = randomUUID();
    const rows = await claimDueEvents(db, { accountId, leaseId, leaseMs: 6_000, limit: 10 });
    expect(rows.map((row) => row.id).sort()).toEqual([...eventIds].sort());
    expect(rows.every((row) => row.attempt_id !== null)).toBe(true);
    const started = await db.select().from(attempts).where(inArray(attempts.eventId, eventIds));
    expect(started).toHaveLength(4);
    expect(started.every((row) => row.errorCode === OUTCOME_UNKNOWN && row.trigger === "scheduled")).toBe(true);
    expect(new Set(started.map((row) => row.id))).toEqual(new Set(rows.map((row) => Number(row.attempt_id))));

    // A second claim finds nothing: the lease holds them.
    expect(await claimDueEvents(db, { accountId, leaseId: randomUUID(), leaseMs: 6_000, limit: 10 })).toEqual([]);

    const [sent, ...unsent] = rows;
    await releaseLeases(
      db,
      unsent.map((row) => ({ id: row.id, lease_id: leaseId, due_at: new Date(row.due_at!).toISOString(), attempt_id: Number(row.attempt_id) })),
    );
    const left = await db.select().from(attempts).where(inArray(attempts.eventId, eventIds));
    expect(left.map((row) => row.eventId)).toEqual([sent.id]);
    const released = await db.select().from(events).where(and(inArray(events.id, unsent.map((row) => row.id)), eq(events.status, "in_progress")));
    expect(released.every((row) => row.leaseId === null && row.nextAttemptAt?.getTime() === dueAt.getTime())).toBe(true);
    expect(released).toHaveLength(3);
  });
});
