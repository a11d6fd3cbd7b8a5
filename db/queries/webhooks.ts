import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { searches, webhooks, type NewWebhook, type Webhook } from "../schema";

export type WebhookWithSearch = Webhook & { searchType: "job" | "company"; searchName: string };

const withSearchColumns = { searchType: searches.type, searchName: searches.name };

export async function insertWebhook(db: DbOrTx, values: NewWebhook): Promise<Webhook> {
  const [row] = await db.insert(webhooks).values(values).returning();
  return row;
}

export async function getWebhookWithSearchType(db: DbOrTx, accountId: string, id: string): Promise<WebhookWithSearch | undefined> {
  const [row] = await db
    .select({ webhook: webhooks, ...withSearchColumns })
    .from(webhooks)
    .innerJoin(searches, eq(searches.id, webhooks.searchId))
    .where(and(eq(webhooks.accountId, accountId), eq(webhooks.id, id)));
  return row ? { ...row.webhook, searchType: row.searchType, searchName: row.searchName } : undefined;
}

export async function listWebhooksWithSearch(
  db: DbOrTx,
  accountId: string,
  options: { isArchived?: boolean } = {},
): Promise<WebhookWithSearch[]> {
  const rows = await db
    .select({ webhook: webhooks, ...withSearchColumns })
    .from(webhooks)
    .innerJoin(searches, eq(searches.id, webhooks.searchId))
    .where(
      and(
        eq(webhooks.accountId, accountId),
        options.isArchived === undefined ? undefined : eq(webhooks.isArchived, options.isArchived),
      ),
    )
    .orderBy(desc(webhooks.createdAt), desc(webhooks.id));
  return rows.map((row) => ({ ...row.webhook, searchType: row.searchType, searchName: row.searchName }));
}

type UpdateWebhookRowParams = {
  accountId: string;
  id: string;
  values: Partial<Omit<NewWebhook, "id" | "accountId" | "createdAt">>;
};

export async function updateWebhookRow(db: DbOrTx, { accountId, id, values }: UpdateWebhookRowParams): Promise<Webhook | undefined> {
  const [row] = await db
    .update(webhooks)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(webhooks.accountId, accountId), eq(webhooks.id, id)))
    .returning();
  return row;
}

/** Locks the webhook row so concurrent edits of one webhook apply one after the other. */
export async function lockWebhook(db: DbOrTx, accountId: string, id: string): Promise<Webhook | undefined> {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.accountId, accountId), eq(webhooks.id, id)))
    .for("update");
  return row;
}

type PauseLiveWebhookParams = {
  accountId: string;
  id: string;
  pause: { reason: string; now: Date };
};

/** Pauses the webhook with a reason if it is live (active, not archived); its name when it did. */
export async function pauseLiveWebhook(db: DbOrTx, { accountId, id, pause }: PauseLiveWebhookParams): Promise<string | undefined> {
  const rows = await db
    .update(webhooks)
    .set({ isActive: false, pausedAt: pause.now, pausedReason: pause.reason, updatedAt: sql`now()` })
    .where(and(eq(webhooks.accountId, accountId), eq(webhooks.id, id), eq(webhooks.isActive, true), eq(webhooks.isArchived, false)))
    .returning({ name: webhooks.name });
  return rows[0]?.name;
}
