// Test seeding for event lists: a webhook with events of given statuses, straight into the database.
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { attempts, events, jobs, searches, webhooks, type EventStatus, type NewAttempt, type NewEvent } from "@/db/schema";
import { sealWebhookSecret } from "@/lib/webhooks/secret-box";

const HOUR = 3_600_000;

/** One job event per status; the i-th is detected i minutes before `now`, so the list order is the input order. */
export async function seedWebhookEvents(
  db: Db,
  accountId: string,
  statuses: EventStatus[],
  options: { now?: Date; url?: string; secret?: string } = {},
) {
  const now = options.now ?? new Date();
  const tag = randomUUID().slice(0, 8);
  const [search] = await db.insert(searches).values({ accountId, name: `Jobs ${tag}`, type: "job" }).returning();
  const webhookId = randomUUID();
  const secret = options.secret ?? `whsec_${Buffer.from(tag).toString("base64")}`;
  const [webhook] = await db
    .insert(webhooks)
    .values({ id: webhookId, accountId, searchId: search.id, name: `Hook ${tag}`, url: options.url ?? "http://127.0.0.1:9/hook", secret: sealWebhookSecret(secret, webhookId) })
    .returning();
  const jobRows = statuses.length
    ? await db
        .insert(jobs)
        .values(
          statuses.map((_, i) => ({
            accountId,
            externalId: `${tag}-${i}`,
            title: `Engineer ${i}`,
            companyName: `Company ${i}`,
            data: { external_id: `${tag}-${i}`, title: `Engineer ${i}`, company_name: `Company ${i}` },
          })),
        )
        .returning()
    : [];
  const values: NewEvent[] = statuses.map((status, i) => ({
    accountId,
    webhookId: webhook.id,
    type: "job",
    jobId: jobRows[i].id,
    status,
    detectedAt: new Date(now.getTime() - i * 60_000),
    triggeredAt: status === "not_triggered" ? null : new Date(now.getTime() - i * 60_000),
    attemptCount: status === "success" || status === "failed" ? 1 : 0,
    nextAttemptAt: status === "failed" ? new Date(now.getTime() + HOUR) : status === "in_progress" ? now : null,
    firstFailedAt: status === "failed" ? new Date(now.getTime() - i * 60_000) : null,
    lastResponseStatus: status === "failed" ? 500 : status === "success" ? 200 : null,
  }));
  const eventRows = values.length ? await db.insert(events).values(values).returning() : [];
  const attemptValues: NewAttempt[] = eventRows
    .filter((e) => e.status === "success" || e.status === "failed")
    .map((e) => ({
      accountId,
      webhookId: webhook.id,
      eventId: e.id,
      trigger: "scheduled" as const,
      url: webhook.url,
      startedAt: e.detectedAt,
      durationMs: 25,
      requestHeaders: { "content-type": "application/json", "webhook-id": e.id },
      responseStatus: e.status === "success" ? 200 : 500,
      responseBody: e.status === "success" ? "ok" : "Internal Server Error",
      isSuccess: e.status === "success",
    }));
  if (attemptValues.length) await db.insert(attempts).values(attemptValues);
  return { search, webhook, jobRows, eventRows };
}
