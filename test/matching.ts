// Seeding helpers for the matching tests: searches and webhooks through the real services.
import type { Db } from "@/db/client";
import { searchCreateSchema } from "@/lib/validation/search";
import { webhookCreateSchema, type WebhookCreateBody } from "@/lib/validation/webhook";
import { createWebhook } from "@/lib/webhooks/service";
import { createSearch } from "@/lib/searches/service";

export async function seedSearch(db: Db, accountId: string, type: "job" | "company", filters: Record<string, unknown> = {}) {
  return createSearch(db, accountId, searchCreateSchema.parse({ name: `${type} search`, type, filters }));
}

export async function seedWebhook(
  db: Db,
  accountId: string,
  searchId: string,
  options: Partial<WebhookCreateBody> & { now?: Date } = {},
) {
  const { now, ...body } = options;
  const input = webhookCreateSchema.parse({ name: "hook", url: "http://127.0.0.1:9/hook", search_id: searchId, ...body });
  return createWebhook(db, accountId, input, { now });
}

export const day = (n: number) => n * 24 * 60 * 60 * 1000;
