import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { accounts, attempts, events } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { randomWebhookSecret, type Receiver, receiversClosedAfterEach } from "@/test/receiver";
import { AppError } from "@/lib/errors";
import { resendEvents } from "./resend";
import { retryJitterMs } from "./retry-policy";
import { runDeliveryCycle } from "./run-cycle";
import { seedDueEvents } from "../../test/delivery";

const HOUR = 3_600_000;
const receiver = receiversClosedAfterEach();

async function eventRow(db: Awaited<ReturnType<typeof createTestAccount>>["db"], id: string) {
  const [row] = await db.select().from(events).where(eq(events.id, id));
  return row;
}

/** An event that failed its first scheduled attempt at t0. */
async function failedEvent(mode: Parameters<Receiver["setMode"]>[0] = { kind: "status", status: 500 }) {
  const account = await createTestAccount({ credits: 5 });
  const secret = randomWebhookSecret();
  const target = await receiver({ secret, mode: { kind: "status", status: 500 } });
  const { eventIds } = await seedDueEvents(account.db, account.accountId, { url: target.url, secret });
  const t0 = new Date();
  await runDeliveryCycle(account.db, { accountId: account.accountId, now: () => t0 });
  target.setMode(mode);
  return { ...account, target, eventId: eventIds[0], t0 };
}

describe("resendEvents", () => {
  it("makes a manual attempt now: success ends the retries, costs no credit, same webhook-id", async () => {
    const { db, accountId, target, eventId, t0 } = await failedEvent({ kind: "ok" });
    const results = await resendEvents(db, accountId, [eventId], { now: new Date(t0.getTime() + 10 * 60_000) });
    expect(results).toEqual([{ event_id: eventId, status: "success", response_status: 200, error: null }]);
    expect(target.requests.map((r) => r.webhookId)).toEqual([eventId, eventId]);
    expect(target.requests.every((r) => r.verification?.standardwebhooks && r.verification?.svix)).toBe(true);
    const row = await eventRow(db, eventId);
    expect(row).toMatchObject({ status: "success", attemptCount: 2, nextAttemptAt: null, leaseId: null });
    const rows = await db.select().from(attempts).where(eq(attempts.eventId, eventId)).orderBy(attempts.id);
    expect(rows.map((r) => r.trigger)).toEqual(["scheduled", "manual"]);
    const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(account.credits).toBe(5);
  });

  it("keeps the original schedule when the resend fails: the 48-hour window never grows", async () => {
    const { db, accountId, eventId, t0 } = await failedEvent();
    const [inWindow] = await resendEvents(db, accountId, [eventId], { now: new Date(t0.getTime() + 30 * HOUR + 30 * 60_000) });
    expect(inWindow).toMatchObject({ status: "failed", response_status: 500 });
    expect(inWindow.error).toMatch(/500/);
    let row = await eventRow(db, eventId);
    expect(row.firstFailedAt).toEqual(t0);
    expect(row.nextAttemptAt).toEqual(new Date(t0.getTime() + 31 * HOUR + retryJitterMs(eventId, 31)));

    await resendEvents(db, accountId, [eventId], { now: new Date(t0.getTime() + 60 * HOUR) });
    row = await eventRow(db, eventId);
    expect(row).toMatchObject({ status: "failed", nextAttemptAt: null, attemptCount: 3 });
    expect(row.firstFailedAt).toEqual(t0);
  });

  it("resends a success event too", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver();
    const { eventIds } = await seedDueEvents(db, accountId, { url: target.url });
    await runDeliveryCycle(db, { accountId });
    const [result] = await resendEvents(db, accountId, eventIds);
    expect(result.status).toBe("success");
    expect(target.hits(eventIds[0])).toBe(2);
  });

  it("refuses unknown, other accounts' and malformed ids with 404, not_triggered with 409, sending nothing", async () => {
    const { db, accountId, target, eventId } = await failedEvent({ kind: "ok" });
    const other = await createTestAccount();
    const { eventIds: foreign } = await seedDueEvents(other.db, other.accountId, { url: target.url });
    const { eventIds: untriggered } = await seedDueEvents(db, accountId, { url: target.url, status: "not_triggered" });
    const before = target.requests.length;
    for (const ids of [[eventId, foreign[0]], ["not-a-uuid"], [crypto.randomUUID()]]) {
      const error = await resendEvents(db, accountId, ids).catch((e) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe("not_found");
      expect(error.details.event_ids).toContain(ids[ids.length - 1]);
    }
    const conflictError = await resendEvents(db, accountId, [eventId, untriggered[0]]).catch((e) => e);
    expect(conflictError.code).toBe("conflict");
    expect(conflictError.details.event_ids).toEqual([untriggered[0]]);
    expect(target.requests.length).toBe(before);
    expect((await eventRow(db, untriggered[0])).status).toBe("not_triggered");
  });

  it("never runs at once with a scheduled attempt of the same event", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver({ mode: (request) => (request.index === 0 ? { kind: "slow", delayMs: 600 } : { kind: "ok" }) });
    const { eventIds } = await seedDueEvents(db, accountId, { url: target.url });
    const cycle = runDeliveryCycle(db, { accountId });
    await target.waitForRequests(1, 5_000);
    const [result] = await resendEvents(db, accountId, eventIds);
    await cycle;
    expect(result.status).toBe("success");
    expect(target.requests).toHaveLength(2);
    // The manual attempt started only after the scheduled one had been answered.
    expect(target.requests[1].receivedAt).toBeGreaterThanOrEqual(target.requests[0].receivedAt + 600);
    expect(await eventRow(db, eventIds[0])).toMatchObject({ status: "success", attemptCount: 2, leaseId: null });
  });
});
