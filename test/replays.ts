// Test seeding for replays: failed events that the normal schedule would not retry for a while.
import { inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events } from "@/db/schema";
import { seedDueEvents } from "@/test/delivery";

/** `count` failed events (one attempt each, first failed 30 minutes ago, retried in an hour) of a new webhook aimed at `url`. */
export async function seedFailedEvents(db: Db, accountId: string, url: string, secret: string, count: number) {
  const seeded = await seedDueEvents(db, accountId, { url, secret, count, status: "failed", dueAt: new Date(Date.now() + 3_600_000) });
  await db
    .update(events)
    .set({ attemptCount: 1, firstFailedAt: sql`now() - interval '30 minutes'`, lastResponseStatus: 503, lastError: "HTTP 503" })
    .where(inArray(events.id, seeded.eventIds));
  return seeded;
}
