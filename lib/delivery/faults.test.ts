// Delivery under faults, with real instances: separate Node processes on one PostgreSQL database
// and real receivers on 127.0.0.1. PostgreSQL only (PGlite is one process). Each test is bounded.
// - kill -9 mid-drain: the dead instance's claims come back within one short lease (≤ 10 s), nothing
//   is lost, and only requests that were in flight at the kill can be sent twice;
// - an instance whose clock is 75 s ahead beside a normal one: leases and due times are on the
//   database's clock, so nothing is sent twice and nothing is lost;
// (Two instances with an overlapping cron request, over HTTP, are in shutdown.test.ts.)
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { OUTCOME_UNKNOWN } from "@/db/queries/delivery";
import { attempts, events } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { startReceiver, type Receiver } from "@/test/receiver";
import { runDeliveryCycle } from "./run-cycle";
import { seedDueEvents } from "../../test/delivery";

const isPostgres = Boolean(process.env.DATABASE_URL);
const root = path.join(import.meta.dirname, "..", "..");
const children: ChildProcessWithoutNullStreams[] = [];
let receiver: Receiver | undefined;

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await receiver?.close();
  receiver = undefined;
});

type Instance = { child: ChildProcessWithoutNullStreams; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; output: () => string };

function startInstance(env: Record<string, string>, options: { skewMs?: number } = {}): Instance {
  const preload = options.skewMs ? ["--import", path.join(root, "test", "skew-clock.mjs")] : [];
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", ...preload, "--import", "tsx", path.join(import.meta.dirname, "drain-child.ts")],
    {
      cwd: root,
      env: {
        ...process.env,
        ALLOW_PRIVATE_URLS: "true",
        DELIVERY_PER_HOST_CONCURRENCY: "16",
        DELIVERY_PER_WEBHOOK_CONCURRENCY: "4",
        ...(options.skewMs ? { CLOCK_SKEW_MS: String(options.skewMs) } : {}),
        ...env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  children.push(child);
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

/** Several webhooks at one receiver (different paths), `perWebhook` due events each. */
async function seedWebhooks(db: Db, accountId: string, url: string, webhooks: number, perWebhook: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < webhooks; i += 1) {
    const { eventIds } = await seedDueEvents(db, accountId, { url: `${url}/hook/${i}`, count: perWebhook });
    ids.push(...eventIds);
  }
  return ids;
}

function duplicatesOf(target: Receiver, eventIds: readonly string[]): { lost: string[]; duplicates: number } {
  const counts = target.countsById();
  const lost = eventIds.filter((id) => (counts.get(id) ?? 0) === 0);
  const duplicates = eventIds.reduce((sum, id) => sum + Math.max(0, (counts.get(id) ?? 0) - 1), 0);
  return { lost, duplicates };
}

async function statusesOf(db: Db, eventIds: readonly string[]) {
  const rows = await db.select().from(events).where(inArray(events.id, [...eventIds]));
  return { success: rows.filter((row) => row.status === "success").length, leased: rows.filter((row) => row.leaseId !== null) };
}

/** Per event: all its attempts, and those left "outcome unknown". */
async function attemptsByEvent(db: Db, eventIds: readonly string[]) {
  const rows = await db
    .select({ eventId: attempts.eventId, errorCode: attempts.errorCode })
    .from(attempts)
    .where(inArray(attempts.eventId, [...eventIds]));
  const byEvent = new Map<string, { all: number; unknown: number }>();
  for (const row of rows) {
    const entry = byEvent.get(row.eventId!) ?? { all: 0, unknown: 0 };
    entry.all += 1;
    if (row.errorCode === OUTCOME_UNKNOWN) entry.unknown += 1;
    byEvent.set(row.eventId!, entry);
  }
  return byEvent;
}

describe("delivery under faults (separate processes, PostgreSQL only)", () => {
  it.skipIf(!isPostgres)(
    "kill -9 mid-drain: abandoned claims are delivered within 10 s, none lost, duplicates only for requests in flight",
    async () => {
      const { db, accountId } = await createTestAccount();
      const delayMs = 200;
      receiver = await startReceiver({ mode: { kind: "slow", delayMs } });
      const eventIds = await seedWebhooks(db, accountId, receiver.url, 8, 40);
      const concurrency = 16;
      const instance = startInstance({
        DRAIN_ACCOUNT_ID: accountId,
        DRAIN_CONCURRENCY: String(concurrency),
        DRAIN_BATCH_SIZE: "32",
        DRAIN_TIMEOUT_MS: "5000",
      });
      try {
        await receiver.waitForRequests(60, 30_000);
      } catch (error) {
        throw new Error(`${(error as Error).message}; instance output: ${instance.output()}`);
      }
      instance.child.kill("SIGKILL");
      const killedAt = Date.now();
      expect((await instance.exited).signal).toBe("SIGKILL");
      // What the dead instance had written to its sockets has arrived by now; the survivor has not started.
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Its requests in flight at the kill: sent, and their outcome not recorded (no answer yet, or an
      // answer whose result was still waiting to be written): their attempts are still "outcome unknown".
      const unknownAtKill = new Set(
        [...(await attemptsByEvent(db, eventIds))].filter(([, entry]) => entry.unknown > 0).map(([id]) => id),
      );
      const inFlightAtKill = new Set(receiver.requests.map((request) => request.webhookId!).filter((id) => unknownAtKill.has(id)));
      const abandoned = (await statusesOf(db, eventIds)).leased.map((row) => row.id);
      expect(abandoned.length).toBeGreaterThan(0);

      // The survivor: a run in this process, as a second instance would run it.
      const deadline = killedAt + 20_000;
      while (Date.now() < deadline) {
        await runDeliveryCycle(db, { accountId, concurrency, perHostConcurrency: 16, perWebhookConcurrency: 4, timeoutMs: 5_000, pollIntervalMs: 50, budgetMs: 2_000 });
        if ((await statusesOf(db, eventIds)).success === eventIds.length) break;
      }
      const { lost, duplicates } = duplicatesOf(receiver, eventIds);
      expect(lost).toEqual([]);
      expect((await statusesOf(db, eventIds)).success).toBe(eventIds.length);
      // No more than the requests in flight at the kill, and each event sent twice was one of them.
      expect(duplicates, `${inFlightAtKill.size} in flight at the kill`).toBeLessThanOrEqual(inFlightAtKill.size);
      const counted = receiver.countsById();
      const notInFlight = eventIds.filter((id) => (counted.get(id) ?? 0) > 1 && !inFlightAtKill.has(id));
      expect(notInFlight).toEqual([]);
      // Every abandoned event reached the receiver again (or for the first time) within 10 s of the kill.
      const lastArrival = new Map<string, number>();
      for (const request of receiver.requests) if (request.webhookId) lastArrival.set(request.webhookId, request.receivedAt);
      const late = abandoned.filter((id) => (lastArrival.get(id) ?? Infinity) - killedAt > 10_000);
      expect(late).toEqual([]);
      // Every send, the duplicates included, is in the attempt history: the claim recorded each
      // attempt as started before it was sent, so the dead instance's sends stay "outcome unknown".
      const counts = receiver.countsById();
      const history = await attemptsByEvent(db, eventIds);
      const unrecorded = eventIds.filter((id) => (history.get(id)?.all ?? 0) < (counts.get(id) ?? 0));
      expect(unrecorded).toEqual([]);
      const unknown = [...history.values()].reduce((sum, entry) => sum + entry.unknown, 0);
      expect(unknown).toBeGreaterThanOrEqual(duplicates);
      const slowest = Math.max(...abandoned.map((id) => lastArrival.get(id)! - killedAt));
      console.info(
        `[kill -9] ${inFlightAtKill.size} requests in flight at the kill, ${abandoned.length} abandoned claims, the last delivered ` +
          `${slowest} ms after the kill; ${duplicates} duplicates, ${unknown} "outcome unknown" attempts`,
      );
    },
    60_000,
  );

  it.skipIf(!isPostgres)(
    "an instance whose clock is 75 s ahead, beside a normal one: 0 duplicates, 0 lost",
    async () => {
      const { db, accountId } = await createTestAccount();
      receiver = await startReceiver({ mode: { kind: "slow", delayMs: 50 } });
      const eventIds = await seedWebhooks(db, accountId, receiver.url, 6, 60);
      const env = { DRAIN_ACCOUNT_ID: accountId, DRAIN_CONCURRENCY: "12", DRAIN_BATCH_SIZE: "24", DRAIN_TIMEOUT_MS: "5000" };
      const skewed = startInstance(env, { skewMs: 75_000 });
      const normal = startInstance(env);
      const [a, b] = await Promise.all([skewed.exited, normal.exited]);
      expect(a.code, skewed.output()).toBe(0);
      expect(b.code, normal.output()).toBe(0);
      // Both took part (the skewed one did not sit out, nor did it steal live leases).
      const summaries = [skewed, normal].map((instance) => JSON.parse(instance.output().trim().split("\n").at(-1)!));
      expect(summaries.every((summary) => summary.claimed > 0)).toBe(true);
      const { lost, duplicates } = duplicatesOf(receiver, eventIds);
      expect(lost).toEqual([]);
      expect(duplicates).toBe(0);
      expect((await statusesOf(db, eventIds)).success).toBe(eventIds.length);
    },
    60_000,
  );
});
