// Test seeding for delivery: a webhook with due events, straight into the database (no detection).
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { companies, events, jobs, searches, webhooks, type EventStatus } from "@/db/schema";
import { sealWebhookSecret } from "@/lib/webhooks/secret-box";
import { randomWebhookSecret } from "@/test/receiver";

const CHUNK = 1000;

export async function seedDueEvents(
  db: Db,
  accountId: string,
  options: {
    url: string;
    secret?: string;
    count?: number;
    type?: "job" | "company";
    /** Due time of the events (default a second ago). */
    dueAt?: Date;
    status?: EventStatus;
    detectedAt?: Date;
    isActive?: boolean;
  },
) {
  const type = options.type ?? "job";
  const count = options.count ?? 1;
  const secret = options.secret ?? randomWebhookSecret();
  const dueAt = options.dueAt ?? new Date(Date.now() - 1_000);
  const detectedAt = options.detectedAt ?? new Date(dueAt.getTime() - 1_000);
  const tag = randomUUID().slice(0, 8);
  const [search] = await db.insert(searches).values({ accountId, name: `Search ${tag}`, type }).returning();
  const webhookId = randomUUID();
  const [webhook] = await db
    .insert(webhooks)
    .values({ id: webhookId, accountId, searchId: search.id, name: `Hook ${tag}`, url: options.url, secret: sealWebhookSecret(secret, webhookId), isActive: options.isActive ?? true })
    .returning();
  const eventIds: string[] = [];
  for (let start = 0; start < count; start += CHUNK) {
    const size = Math.min(CHUNK, count - start);
    const indexes = Array.from({ length: size }, (_, i) => start + i);
    const recordIds =
      type === "job"
        ? (
            await db
              .insert(jobs)
              .values(
                indexes.map((i) => ({
                  accountId,
                  externalId: `${tag}-${i}`,
                  title: `Data engineer ${i}`,
                  data: { external_id: `${tag}-${i}`, title: `Data engineer ${i}`, country_code: "ES", remote: true },
                })),
              )
              .returning({ id: jobs.id })
          ).map((row) => row.id)
        : (
            await db
              .insert(companies)
              .values(
                indexes.map((i) => ({
                  accountId,
                  externalId: `${tag}-${i}`,
                  name: `Company ${i}`,
                  data: { external_id: `${tag}-${i}`, name: `Company ${i}`, technologies: ["postgresql"] },
                })),
              )
              .returning({ id: companies.id })
          ).map((row) => row.id);
    const inserted = await db
      .insert(events)
      .values(
        recordIds.map((recordId) => ({
          accountId,
          webhookId: webhook.id,
          type,
          jobId: type === "job" ? recordId : null,
          companyId: type === "company" ? recordId : null,
          status: options.status ?? "in_progress",
          detectedAt,
          triggeredAt: detectedAt,
          nextAttemptAt: dueAt,
        })),
      )
      .returning({ id: events.id });
    eventIds.push(...inserted.map((row) => row.id));
  }
  return { search, webhook, secret, eventIds };
}
