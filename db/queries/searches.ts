import "server-only";
import { and, count, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { searches, webhooks, type NewSearch, type Search } from "../schema";

export async function insertSearch(db: DbOrTx, values: NewSearch): Promise<Search> {
  const [row] = await db.insert(searches).values(values).returning();
  return row;
}

export async function getSearch(db: DbOrTx, accountId: string, id: string): Promise<Search | undefined> {
  const [row] = await db
    .select()
    .from(searches)
    .where(and(eq(searches.accountId, accountId), eq(searches.id, id)));
  return row;
}

export async function listSearches(db: DbOrTx, accountId: string): Promise<Search[]> {
  return db
    .select()
    .from(searches)
    .where(eq(searches.accountId, accountId))
    .orderBy(desc(searches.createdAt), desc(searches.id));
}

type UpdateSearchRowParams = {
  accountId: string;
  id: string;
  values: { name?: string; filters?: unknown };
};

export async function updateSearchRow(db: DbOrTx, { accountId, id, values }: UpdateSearchRowParams): Promise<Search | undefined> {
  const [row] = await db
    .update(searches)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(searches.accountId, accountId), eq(searches.id, id)))
    .returning();
  return row;
}

export async function deleteSearchRow(db: DbOrTx, accountId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(searches)
    .where(and(eq(searches.accountId, accountId), eq(searches.id, id)))
    .returning({ id: searches.id });
  return rows.length > 0;
}

/** Webhooks (archived ones included) that point at a search: it cannot be deleted while any do. */
export async function countWebhooksUsingSearch(db: DbOrTx, accountId: string, searchId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(webhooks)
    .where(and(eq(webhooks.accountId, accountId), eq(webhooks.searchId, searchId)));
  return Number(row?.n ?? 0);
}

/** Active, non-archived webhooks of a search (edits to its filters re-run their detection). */
export async function listActiveWebhookIdsOfSearch(db: DbOrTx, accountId: string, searchId: string): Promise<string[]> {
  const rows = await db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(
      and(
        eq(webhooks.accountId, accountId),
        eq(webhooks.searchId, searchId),
        eq(webhooks.isActive, true),
        eq(webhooks.isArchived, false),
      ),
    );
  return rows.map((row) => row.id);
}
