// A bulk replay of 1,000 failed events survives a server restart in the middle: the server is a
// separate process (lib/delivery/lifecycle-child.ts, built-in scheduler on, which runs the replay
// feeder), stopped with SIGTERM part-way and started again. Every event is replayed exactly once and
// the job completes with the right counts. PostgreSQL only: PGlite is one process.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { eq, inArray, sql } from "drizzle-orm";
import { accounts, attempts, events, replayJobs } from "@/db/schema";
import { countReplayEventsByState } from "@/db/queries/replays";
import { startReceiver, type Receiver } from "@/test/receiver";
import { createReplay } from "./service";
import { seedFailedEvents } from "../../test/replays";
import { openOwnDatabase } from "@/test/own-database";

const isPostgres = Boolean(process.env.DATABASE_URL);
const COUNT = 1_000;

let receiver: Receiver | undefined;
let child: ChildProcessWithoutNullStreams | undefined;
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
  await receiver?.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function startServer(env: Record<string, string>) {
  const spawned = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(import.meta.dirname, "..", "delivery", "lifecycle-child.ts")], {
    cwd: path.join(import.meta.dirname, "..", ".."),
    env: { ...process.env, ALLOW_PRIVATE_URLS: "true", SHUTDOWN_GRACE_MS: "5000", LOG_LEVEL: "warn", LIFE_SCHEDULER: "on", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child = spawned;
  let stderr = "";
  let stdout = "";
  spawned.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => spawned.on("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start; stderr: ${stderr}`)), 30_000);
    spawned.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (/ready \d+/.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => reject(new Error(`child exited early; stderr: ${stderr}`)));
  });
  return { process: spawned, exited, stderr: () => stderr };
}

describe.skipIf(!isPostgres)("a bulk replay across a server restart", () => {
  it("replays each of 1,000 failed events exactly once and completes", async () => {
    const own = await openOwnDatabase("hookline_replay");
    cleanups.push(own.close);
    const { db } = own;
    const [account] = await db.insert(accounts).values({ name: `replay-${randomUUID().slice(0, 8)}` }).returning();
    // Slow enough that the restart lands in the middle: ~8 in flight × 25 ms.
    receiver = await startReceiver({ mode: { kind: "slow", delayMs: 25 } });
    const seeded = await seedFailedEvents(db, account.id, `${receiver.url}/hook`, "whsec_dGVzdHRlc3R0ZXN0dGVzdA==", COUNT);
    const job = await createReplay(db, { accountId: account.id, actor: { kind: "api_key", keyId: "test", name: "restart test" }, ip: null }, "filter", {
      webhookId: seeded.webhook.id,
    });
    expect(job.total).toBe(COUNT);

    const env = { DATABASE_URL: own.url, LIFE_ACCOUNT_ID: account.id, LIFE_PER_HOST: "8", DELIVERY_PER_HOST_CONCURRENCY: "8", DELIVERY_PER_WEBHOOK_CONCURRENCY: "8" };
    const first = await startServer(env);
    await receiver.waitForRequests(250, 60_000);
    first.process.kill("SIGTERM");
    expect(await first.exited).toBe(143);
    const [halfway] = await db.select().from(replayJobs).where(eq(replayJobs.id, job.id));
    expect(halfway.status).toBe("running");
    const sentBeforeRestart = receiver.requests.length;
    expect(sentBeforeRestart).toBeLessThan(COUNT);

    const second = await startServer(env);
    const deadline = Date.now() + 120_000;
    let finished = halfway;
    while (finished.status === "running" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      [finished] = await db.select().from(replayJobs).where(eq(replayJobs.id, job.id));
    }
    second.process.kill("SIGTERM");
    expect(await second.exited).toBe(143);

    expect(finished, second.stderr()).toMatchObject({ status: "completed", total: COUNT, delivered: COUNT, failed: 0, skipped: 0 });
    const counts = receiver.countsById();
    expect(counts.size).toBe(COUNT);
    const repeated = seeded.eventIds.filter((id) => counts.get(id) !== 1);
    expect(repeated, "events not received exactly once").toEqual([]);
    const attemptRows = await db
      .select({ eventId: attempts.eventId, count: sql<number>`count(*)::int` })
      .from(attempts)
      .where(inArray(attempts.eventId, seeded.eventIds))
      .groupBy(attempts.eventId);
    expect(attemptRows.filter((row) => Number(row.count) !== 1)).toEqual([]);
    const statuses = await db.select({ status: events.status }).from(events).where(inArray(events.id, seeded.eventIds));
    expect(statuses.every((row) => row.status === "success")).toBe(true);
    expect(await countReplayEventsByState(db, job.id)).toEqual({ delivered: COUNT });
  }, 240_000);
});
