// Each test seeds its own account (and API key), so tests never see each other's data.
import { randomUUID } from "node:crypto";
import { getDb } from "@/db/client";
import { accounts, apiKeys } from "@/db/schema";
import { apiKeyHints, generateApiKey, hashApiKey } from "@/lib/api-keys";

export async function createTestAccount(options: { credits?: number; name?: string } = {}) {
  const db = await getDb();
  const [account] = await db
    .insert(accounts)
    .values({ name: options.name ?? `test-${randomUUID().slice(0, 8)}`, credits: options.credits ?? 0 })
    .returning();
  const apiKey = generateApiKey();
  await db.insert(apiKeys).values({ accountId: account.id, name: "test", keyHash: hashApiKey(apiKey), ...apiKeyHints(apiKey) });
  return { db, account, accountId: account.id, apiKey };
}
