// Delivery under faults, with the server as a separate process (lifecycle-child.ts) on 127.0.0.1
// and real HTTP receivers: SIGTERM mid-drain (built-in scheduler, and cron route) loses nothing,
// sends nothing twice, exits within the grace period and hands its unsent claims back at once; a
// database whose connections are terminated again and again for 10 s mid-drain loses nothing,
// every send is in the attempt history, and the API answers 503, never 500. PostgreSQL only: PGlite
// is one process.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { query, type Db } from "@/db/client";
import { OUTCOME_UNKNOWN } from "@/db/queries/delivery";
import { accounts, attempts, events } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { startReceiver, type Receiver } from "@/test/receiver";
import { runDeliveryCycle } from "./run-cycle";
import { seedDueEvents } from "../../test/delivery";
import { openOwnDatabase } from "@/test/own-database";

const isPostgres = Boolean(process.env.DATABASE_URL);
const GRACE_MS = 5_000;
const CRON_SECRET = "life-test-cron-secret-0123456789abcdef";

let receiver: Receiver | undefined;
const children: ChildProcessWithoutNullStreams[] = [];

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await receiver?.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

type Server = { child: ChildProcessWithoutNullStreams; port: number; exited: Promise<{ code: number | null; at: number }>; stderr: () => string };

async function startServer(env: Record<string, string>): Promise<Server> {
  const spawned = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(import.meta.dirname, "lifecycle-child.ts")],
    {
      cwd: path.join(import.meta.dirname, "..", ".."),
      // One webhook per test: it may use its destination's whole bound (the cron route reads the environment).
      env: {
        ...process.env,
        ALLOW_PRIVATE_URLS: "true",
        SHUTDOWN_GRACE_MS: String(GRACE_MS),
        CRON_SECRET,
        LOG_LEVEL: "warn",
        DELIVERY_PER_HOST_CONCURRENCY: env.LIFE_PER_HOST ?? "8",
        DELIVERY_PER_WEBHOOK_CONCURRENCY: env.LIFE_PER_HOST ?? "8",
        ...env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  children.push(spawned);
  let stderr = "";
  let stdout = "";
  spawned.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    spawned.on("exit", (code) => resolve({ code, at: performance.now() })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start; stderr: ${stderr}`)), 45_000);
    spawned.stdout.on("data", (chunk) => {
      stdout += chunk;
      const match = /ready (\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then(() => reject(new Error(`child exited early; stderr: ${stderr}`)));
  });
  return { child: spawned, port, exited, stderr: () => stderr };
}

async function waitFor(count: number, timeoutMs: number, server: Server) {
  try {
    await receiver!.waitForRequests(count, timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}; child stderr: ${server.stderr()}`);
  }
}

/** Attempts recorded per event (only those with this error code, when given). */
async function attemptCounts(db: Db, eventIds: string[], errorCode?: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ eventId: attempts.eventId, count: sql<number>`count(*)::int` })
    .from(attempts)
    .where(and(inArray(attempts.eventId, eventIds), errorCode ? eq(attempts.errorCode, errorCode) : undefined))
    .groupBy(attempts.eventId);
  return new Map(rows.map((row) => [row.eventId!, Number(row.count)]));
}

/** Delivers what is left from this process, as another instance would; resolves with how long it took. */
async function deliverRest(db: Db, accountId: string, eventIds: string[], timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    await runDeliveryCycle(db, { accountId, timeoutMs: 5_000, perHostConcurrency: 8, perWebhookConcurrency: 8 });
    const rows = await db.select({ status: events.status }).from(events).where(inArray(events.id, eventIds));
    if (rows.every((row) => row.status === "success")) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not delivered within ${timeoutMs} ms`);
}

/**
 * 0 lost, every send in the attempt history, and the number of events sent more than once. `exact`:
 * every send is exactly one attempt and none is left "outcome unknown" (a shutdown hands back what it
 * did not send). Otherwise an attempt may stay "outcome unknown" where a process could not record its
 * outcome (a claim whose answer was lost with its connection is one): then sends lie between the
 * completed attempts and all attempts.
 */
async function checkDelivered(db: Db, eventIds: string[], options: { exact: boolean }): Promise<number> {
  const rows = await db.select().from(events).where(inArray(events.id, eventIds));
  expect(rows.filter((row) => row.status !== "success").length).toBe(0);
  expect(rows.filter((row) => row.leaseId !== null).length).toBe(0);
  const counts = receiver!.countsById();
  const recorded = await attemptCounts(db, eventIds);
  const unknown = await attemptCounts(db, eventIds, OUTCOME_UNKNOWN);
  let duplicates = 0;
  for (const id of eventIds) {
    const sends = counts.get(id) ?? 0;
    expect(sends, `sends of ${id}`).toBeGreaterThanOrEqual(1);
    const all = recorded.get(id) ?? 0;
    if (options.exact) {
      expect(all, `attempts of ${id}`).toBe(sends);
      expect(unknown.get(id) ?? 0, `unknown attempts of ${id}`).toBe(0);
    } else {
      // Every send, a duplicate included, is in the event's attempt history.
      expect(all, `attempts of ${id}`).toBeGreaterThanOrEqual(sends);
      expect(all - (unknown.get(id) ?? 0), `completed attempts of ${id}`).toBeLessThanOrEqual(sends);
    }
    if (sends > 1) duplicates += 1;
  }
  return duplicates;
}

describe.skipIf(!isPostgres)("delivery under faults (PostgreSQL only: separate processes)", () => {
  it("SIGTERM mid-drain with the built-in scheduler: finishes what is in flight, hands the rest back, exits in time, 0 lost, 0 duplicates", async () => {
    const { db, accountId } = await createTestAccount();
    receiver = await startReceiver({ mode: { kind: "slow", delayMs: 200 } });
    const { eventIds } = await seedDueEvents(db, accountId, { url: receiver.url, count: 300 });
    const server = await startServer({ LIFE_SCHEDULER: "on", LIFE_ACCOUNT_ID: accountId, LIFE_PER_HOST: "8" });
    await waitFor(40, 20_000, server);
    const signalledAt = performance.now();
    server.child.kill("SIGTERM");
    const { code, at } = await server.exited;
    const exitMs = at - signalledAt;
    expect(code, server.stderr()).toBe(143);
    expect(exitMs).toBeLessThan(GRACE_MS);
    const sentBySigtermed = receiver.requests.length;

    // Nothing is left leased: what was sent is recorded, what was not is due again at once.
    const held = await db.select().from(events).where(inArray(events.id, eventIds));
    expect(held.filter((row) => row.leaseId !== null).length).toBe(0);
    const recorded = await attemptCounts(db, eventIds);
    expect([...recorded.values()].reduce((a, b) => a + b, 0)).toBe(sentBySigtermed);

    const restMs = await deliverRest(db, accountId, eventIds, 20_000);
    expect(await checkDelivered(db, eventIds, { exact: true })).toBe(0);
    console.info(`[shutdown/scheduler] exit ${Math.round(exitMs)} ms after SIGTERM, ${sentBySigtermed} sent before it, rest delivered in ${Math.round(restMs)} ms`);
  }, 90_000);

  it("SIGTERM mid-drain with the cron route: the running request stops claiming and answers, new ones get 503, keep-alive does not hold the exit", async () => {
    // The cron route delivers every account's due events: a database of its own keeps it off the
    // events of tests running beside it.
    const { db, url, close } = await openOwnDatabase("hookline_life");
    cleanups.push(close);
    const [account] = await db.insert(accounts).values({ name: "cron shutdown" }).returning();
    const accountId = account.id;
    receiver = await startReceiver({ mode: { kind: "slow", delayMs: 200 } });
    const { eventIds } = await seedDueEvents(db, accountId, { url: receiver.url, count: 300 });
    const server = await startServer({
      DATABASE_URL: url,
      DELIVERY_PER_HOST_CONCURRENCY: "8",
      DELIVERY_TIMEOUT_MS: "5000",
    });
    const cronUrl = `http://127.0.0.1:${server.port}/api/cron/deliver`;
    const headers = { authorization: `Bearer ${CRON_SECRET}` };
    // A keep-alive client that has just used the server holds an idle connection open.
    expect((await fetch(`http://127.0.0.1:${server.port}/nothing`, { headers })).status).toBe(404);
    const running = fetch(cronUrl, { headers });
    await waitFor(40, 20_000, server);
    const signalledAt = performance.now();
    server.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await fetch(cronUrl, { headers });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await refused.json()).error.code).toBe("shutting_down");

    const answered = await running.catch((error: Error) => {
      throw new Error(`${error.message} (${String(error.cause)}); child stderr: ${server.stderr()}`);
    });
    expect(answered.status).toBe(200);
    const summary = await answered.json();
    const { code, at } = await server.exited;
    const exitMs = at - signalledAt;
    expect(code, server.stderr()).toBe(143);
    expect(exitMs).toBeLessThan(GRACE_MS);
    const sentBySigtermed = receiver.requests.length;
    // It answered what it did: every send it made, and no more.
    expect(summary.succeeded + summary.failed).toBe(sentBySigtermed);
    expect(summary.claimed).toBeGreaterThanOrEqual(sentBySigtermed);

    const restMs = await deliverRest(db, accountId, eventIds, 20_000);
    expect(await checkDelivered(db, eventIds, { exact: true })).toBe(0);
    console.info(`[shutdown/cron] exit ${Math.round(exitMs)} ms after SIGTERM, ${sentBySigtermed} sent before it, rest delivered in ${Math.round(restMs)} ms`);
  }, 90_000);

  it("connections terminated again and again for 10 s mid-drain: 0 lost, every send in the attempt history, the API answers 503 not 500", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    receiver = await startReceiver({ mode: { kind: "slow", delayMs: 100 } });
    const { eventIds } = await seedDueEvents(db, accountId, { url: receiver.url, count: 1200 });
    const appName = `hookline-life-${randomUUID().slice(0, 8)}`;
    // The default lease (6 s, renewed every 2 s): heartbeats fail during the outage too. A claim whose
    // answer was lost with its connection is only known to the database: it waits out its lease.
    const server = await startServer({ LIFE_SCHEDULER: "on", LIFE_ACCOUNT_ID: accountId, LIFE_PER_HOST: "16", PGAPPNAME: appName });
    await waitFor(100, 20_000, server);

    const apiStatuses: number[] = [];
    let terminated = 0;
    const inFlightAtFirstFault = 16;
    const outageEnds = performance.now() + 10_000;
    while (performance.now() < outageEnds) {
      const [row] = await query<{ count: number }>(
        db,
        sql`select count(pg_terminate_backend(pid))::int as count from pg_stat_activity where application_name = ${appName}`,
      );
      terminated += Number(row?.count ?? 0);
      const response = await fetch(`http://127.0.0.1:${server.port}/api/v1/webhooks`, {
        headers: { authorization: `Bearer ${apiKey}` },
      }).catch((error: Error) => {
        throw new Error(`${error.message} (${String(error.cause)}); child stderr: ${server.stderr()}`);
      });
      apiStatuses.push(response.status);
      const body = await response.json();
      if (response.status === 503) {
        // In the API's {error} shape, with a Retry-After.
        expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
        expect(body).toEqual({ error: { code: "database_unavailable", message: expect.any(String) } });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(terminated).toBeGreaterThan(0);
    expect(apiStatuses.filter((status) => status === 500).length).toBe(0);
    expect(apiStatuses.filter((status) => status === 503).length).toBeGreaterThan(0);
    const sentDuringOutage = receiver.requests.length;

    // Once the database answers again, the server finishes the drain by itself.
    const started = performance.now();
    for (;;) {
      const rows = await db.select({ status: events.status }).from(events).where(inArray(events.id, eventIds));
      if (rows.every((row) => row.status === "success")) break;
      if (performance.now() - started > 30_000) throw new Error(`drain did not finish; stderr: ${server.stderr().slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const duplicates = await checkDelivered(db, eventIds, { exact: false });
    expect(duplicates).toBeLessThanOrEqual(inFlightAtFirstFault);
    console.info(
      `[outage] ${terminated} connections terminated, API ${apiStatuses.filter((s) => s === 503).length}×503/${apiStatuses.length}, ` +
        `${sentDuringOutage} sent by the end of it, drain finished ${Math.round(performance.now() - started)} ms later, ${duplicates} duplicates`,
    );
    server.child.kill("SIGTERM");
    await server.exited;
  }, 90_000);

  it("two instances with their schedulers and an overlapping cron request: each event sent once, recorded once", async () => {
    // Cron runs deliver every account's due events: a database of its own keeps them off other tests' events.
    const { db, url, close } = await openOwnDatabase("hookline_life");
    cleanups.push(close);
    const [account] = await db.insert(accounts).values({ name: "two instances" }).returning();
    receiver = await startReceiver({ mode: { kind: "slow", delayMs: 100 } });
    const eventIds: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const seeded = await seedDueEvents(db, account.id, { url: `${receiver.url}/hook/${i}`, count: 200 });
      eventIds.push(...seeded.eventIds);
    }
    const env = { DATABASE_URL: url, LIFE_SCHEDULER: "on", LIFE_PER_HOST: "16", DELIVERY_PER_HOST_CONCURRENCY: "16", DELIVERY_PER_WEBHOOK_CONCURRENCY: "4" };
    const [first, second] = await Promise.all([startServer(env), startServer(env)]);
    await waitFor(50, 20_000, first);
    // The cron route, over HTTP on one of them, overlapping both schedulers.
    const cron = await fetch(`http://127.0.0.1:${first.port}/api/cron/deliver`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(cron.status, first.stderr()).toBe(200);
    const summary = await cron.json();
    const started = performance.now();
    for (;;) {
      const rows = await db.select({ status: events.status }).from(events).where(inArray(events.id, eventIds));
      if (rows.every((row) => row.status === "success")) break;
      if (performance.now() - started > 30_000) throw new Error(`drain did not finish; stderr: ${first.stderr()} ${second.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(summary.claimed).toBeGreaterThan(0);
    expect(await checkDelivered(db, eventIds, { exact: true })).toBe(0);
    for (const server of [first, second]) server.child.kill("SIGTERM");
    await Promise.all([first.exited, second.exited]);
    console.info(`[two instances + cron] the cron request sent ${summary.succeeded + summary.failed} of ${eventIds.length}`);
  }, 90_000);
});
