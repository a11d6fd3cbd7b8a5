import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { events } from "@/db/schema";
import { callRoute } from "@/test/api";
import { createTestAccount } from "@/test/fixtures";
import { startReceiver, type Receiver } from "@/test/receiver";
import { seedDueEvents } from "@/test/delivery";
import { GET, POST } from "./route";

const SECRET = "cron-secret-for-tests";
const saved = { secret: process.env.CRON_SECRET, timeout: process.env.DELIVERY_TIMEOUT_MS };
let receiver: Receiver | undefined;

beforeEach(() => {
  process.env.CRON_SECRET = SECRET;
  // The route runs for every account in the database: keep any other test's unreachable URL short.
  process.env.DELIVERY_TIMEOUT_MS = "2000";
});
afterEach(async () => {
  process.env.CRON_SECRET = saved.secret;
  process.env.DELIVERY_TIMEOUT_MS = saved.timeout;
  if (saved.secret === undefined) delete process.env.CRON_SECRET;
  if (saved.timeout === undefined) delete process.env.DELIVERY_TIMEOUT_MS;
  await receiver?.close();
});

describe("/api/cron/deliver", () => {
  it("answers 401 without the secret or with a wrong one, and sends nothing", async () => {
    const { db, accountId } = await createTestAccount();
    receiver = await startReceiver();
    const { eventIds } = await seedDueEvents(db, accountId, { url: receiver.url });
    for (const headers of [
      {} as Record<string, string>,
      { authorization: "Bearer wrong" },
      { authorization: `Bearer ${SECRET}x` },
      { authorization: `Basic ${SECRET}` },
      { authorization: SECRET },
    ]) {
      const response = await callRoute(GET, { path: "/api/cron/deliver", headers });
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.body.error.code).toBe("unauthorized");
    }
    expect(receiver.requests).toHaveLength(0);
    const [row] = await db.select().from(events).where(eq(events.id, eventIds[0]));
    expect(row.status).toBe("in_progress");
  });

  it("refuses to run when CRON_SECRET is unset", async () => {
    delete process.env.CRON_SECRET;
    const response = await callRoute(POST, { method: "POST", path: "/api/cron/deliver", headers: { authorization: "Bearer " } });
    expect(response.status).toBe(503);
    expect(response.body.error.message).toMatch(/CRON_SECRET/);
  });

  it.each([
    ["GET", GET],
    ["POST", POST],
  ] as const)("%s with the secret delivers due events and answers the summary", async (method, handler) => {
    const { db, accountId } = await createTestAccount();
    receiver = await startReceiver();
    const { eventIds } = await seedDueEvents(db, accountId, { url: receiver.url });
    const response = await callRoute(handler, { method, path: "/api/cron/deliver", headers: { authorization: `Bearer ${SECRET}` } });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(["claimed", "duration_ms", "failed", "succeeded"]);
    expect(response.body.claimed).toBeGreaterThanOrEqual(1);
    expect(response.body.succeeded).toBeGreaterThanOrEqual(1);
    expect(receiver.hits(eventIds[0])).toBe(1);
    const [row] = await db.select().from(events).where(eq(events.id, eventIds[0]));
    expect(row.status).toBe("success");
  });
});
