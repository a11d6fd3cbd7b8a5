import "server-only";
// API keys: looked up by hash on every API request, listed and revoked per team.
import { and, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { apiKeys, users, type ApiKey } from "../schema";

export async function findApiKeyByHash(db: DbOrTx, keyHash: string) {
  const [row] = await db
    .select({ id: apiKeys.id, accountId: apiKeys.accountId })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, keyHash));
  return row;
}

/**
 * The key with this hash if it may be used now: not revoked, not expired (by the database's clock,
 * the same for every instance). One index lookup; nothing is cached, so a revocation holds at once.
 */
export async function findUsableApiKeyByHash(db: DbOrTx, keyHash: string) {
  const [row] = await db
    .select({ id: apiKeys.id, accountId: apiKeys.accountId, name: apiKeys.name, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.keyHash, keyHash),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)),
      ),
    );
  return row;
}

/**
 * Sets last_used_at unless it was set within the last `minIntervalSeconds`; the condition is in the
 * statement, so concurrent requests on any number of instances write it once. Answers whether it wrote.
 */
export async function touchApiKeyLastUsed(db: DbOrTx, id: string, minIntervalSeconds: number): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.id, id),
        or(isNull(apiKeys.lastUsedAt), sql`${apiKeys.lastUsedAt} < now() - make_interval(secs => ${minIntervalSeconds})`),
      ),
    )
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

export async function insertApiKey(
  db: DbOrTx,
  values: { accountId: string; name: string; keyHash: string; prefix: string; last4: string; createdByUserId?: string | null; expiresAt?: Date | null },
): Promise<ApiKey> {
  const [row] = await db.insert(apiKeys).values(values).returning();
  return row;
}

export type ApiKeyListItem = Omit<ApiKey, "keyHash"> & { createdByName: string | null; createdByEmail: string | null; isExpired: boolean };

/** A team's keys, newest first, with who made each (never the hash); expired by the database's clock. */
export async function listApiKeys(db: DbOrTx, accountId: string): Promise<ApiKeyListItem[]> {
  return db
    .select({
      id: apiKeys.id,
      accountId: apiKeys.accountId,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      last4: apiKeys.last4,
      createdByUserId: apiKeys.createdByUserId,
      createdAt: apiKeys.createdAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
      createdByName: users.name,
      createdByEmail: users.email,
      isExpired: sql<boolean>`coalesce(${apiKeys.expiresAt} <= now(), false)`,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .where(eq(apiKeys.accountId, accountId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/** Marks a team's key revoked (once); undefined when it is not the team's or already revoked. */
export async function revokeApiKeyRow(db: DbOrTx, accountId: string, id: string): Promise<ApiKey | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)))
    .returning();
  return row;
}

export async function findTeamApiKey(db: DbOrTx, accountId: string, id: string) {
  const [row] = await db
    .select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.accountId, accountId)));
  return row;
}
