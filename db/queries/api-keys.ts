import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { apiKeys } from "../schema";

export async function findApiKeyByHash(db: DbOrTx, keyHash: string) {
  const [row] = await db
    .select({ id: apiKeys.id, accountId: apiKeys.accountId })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, keyHash));
  return row;
}

export async function insertApiKey(
  db: DbOrTx,
  values: { accountId: string; name: string; keyHash: string; prefix: string },
): Promise<void> {
  await db.insert(apiKeys).values(values);
}
