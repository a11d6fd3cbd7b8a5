// A delivering process killed mid-batch loses nothing: its leases end and every event it held is
// delivered by the next run. Needs a second process on the same database, so PostgreSQL only.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { OUTCOME_UNKNOWN } from "@/db/queries/delivery";
import { attempts, events } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { startReceiver, type Receiver } from "@/test/receiver";
import { runDeliveryCycle } from "./run-cycle";
import { seedDueEvents } from "../../test/delivery";

const isPostgres = Boolean(process.env.DATABASE_URL);
let receiver: Receiver | undefined;

afterEach(async () => {
  await receiver?.close();
});

describe("a delivering process killed mid-batch", () => {
  it.skipIf(!isPostgres)(
    "loses nothing: after the lease ends every leased event is delivered (PostgreSQL only: PGlite is one process)",
    async () => {
      const { db, accountId } = await createTestAccount();
      // The first few answer at once, then the endpoint hangs: the child dies with attempts in flight.
      let isHealthy = false;
      receiver = await startReceiver({
        mode: (request) => (isHealthy || request.index < 5 ? { kind: "ok" } : { kind: "hang" }),
      });
      const { eventIds } = await seedDueEvents(db, accountId, { url: receiver.url, count: 40 });
      const leaseMs = 3_000;
      const child = spawn(
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", path.join(import.meta.dirname, "crash-child.ts")],
        {
          cwd: path.join(import.meta.dirname, "..", ".."),
          env: {
            ...process.env,
            CRASH_ACCOUNT_ID: accountId,
            CRASH_LEASE_MS: String(leaseMs),
            CRASH_TIMEOUT_MS: "2000",
            CRASH_BATCH_SIZE: "40",
            ALLOW_PRIVATE_URLS: "true",
            DELIVERY_PER_WEBHOOK_CONCURRENCY: "4",
          },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let stderr = "";
      child.stderr.on("data", (chunk) => (stderr += chunk));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
      try {
        await receiver.waitForRequests(9, 20_000);
      } catch (error) {
        child.kill("SIGKILL");
        throw new Error(`${(error as Error).message}; child stderr: ${stderr}`);
      }
      // (Attempts are recorded as started by the claim itself, before any request goes out.)
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");

      // The requests it had in flight are in their events' history, as attempts with no outcome.
      const hung = receiver.requests.slice(5).map((request) => request.webhookId!);
      const unknown = await db
        .select({ eventId: attempts.eventId })
        .from(attempts)
        .where(and(inArray(attempts.eventId, eventIds), eq(attempts.errorCode, OUTCOME_UNKNOWN)));
      const unknownIds = new Set(unknown.map((row) => row.eventId));
      expect(hung.length).toBeGreaterThanOrEqual(4);
      for (const id of hung) expect(unknownIds.has(id), id).toBe(true);

      const held = await db.select().from(events).where(inArray(events.id, eventIds));
      const leased = held.filter((row) => row.leaseId !== null);
      // Everything it claimed and had not finished: the attempts in flight and the rest of its claim,
      // which takes at most 32 events of one webhook (8 × its concurrency of 4), not all 40.
      expect(leased.length).toBeGreaterThanOrEqual(hung.length);
      expect(leased.length).toBeLessThanOrEqual(32);
      expect(leased.length + 5).toBeGreaterThanOrEqual(32);
      // While the dead run's lease lasts, nobody else takes its events; what it never claimed goes at once.
      isHealthy = true;
      const unclaimed = held.filter((row) => row.leaseId === null && row.status !== "success").map((row) => row.id);
      const sentBefore = receiver.countsById();
      expect((await runDeliveryCycle(db, { accountId })).claimed).toBe(unclaimed.length);
      const sentAfter = receiver.countsById();
      for (const row of leased) expect(sentAfter.get(row.id) ?? 0, row.id).toBe(sentBefore.get(row.id) ?? 0);

      const deadline = Date.now() + 15_000;
      let delivered = 0;
      while (Date.now() < deadline) {
        await runDeliveryCycle(db, { accountId });
        const rows = await db.select().from(events).where(inArray(events.id, eventIds));
        delivered = rows.filter((row) => row.status === "success").length;
        if (delivered === eventIds.length) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(delivered).toBe(eventIds.length);
      const counts = receiver.countsById();
      for (const id of eventIds) expect(counts.get(id) ?? 0, id).toBeGreaterThanOrEqual(1);
      const rows = await db.select().from(events).where(inArray(events.id, eventIds));
      expect(rows.every((row) => row.leaseId === null && row.nextAttemptAt === null)).toBe(true);
      // A hung event's history: the attempt cut short, then the one that delivered it.
      const history = await db.select().from(attempts).where(eq(attempts.eventId, hung[0])).orderBy(attempts.startedAt);
      expect(history.map((row) => row.errorCode ?? (row.isSuccess ? "success" : "failed"))).toEqual([OUTCOME_UNKNOWN, "success"]);
    },
    40_000,
  );
});
