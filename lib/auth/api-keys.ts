// A team's API keys: made by an admin (shown once), used as bearer tokens on /api/v1, revoked.
// Every request looks its key up by hash with the revocation and expiry checked in the same
// statement, so a revoked or expired key is refused at once on every instance (nothing is cached).
// "Last used" is written at most once a minute per key, so the API's hot path stays one read.
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { findTeamApiKey, findUsableApiKeyByHash, insertApiKey, revokeApiKeyRow, touchApiKeyLastUsed } from "@/db/queries/api-keys";
import type { ApiKey } from "@/db/schema";
import { apiKeyHints, generateApiKey, hashApiKey } from "@/lib/api-keys";
import { conflict, notFound } from "@/lib/errors";
import { recordAudit, type AuditWho } from "@/lib/audit/record";
import type { CreateApiKeyInput } from "@/lib/validation/api-key";
import { DAY_MS } from "@/lib/time";

export const LAST_USED_WRITE_INTERVAL_S = 60;

export type AuthenticatedKey = { id: string; accountId: string; name: string };

/** The key behind a bearer token, if it may be used now; notes its use (at most once a minute). */
export async function authenticateApiKey(db: DbOrTx, token: string, now = Date.now()): Promise<AuthenticatedKey | undefined> {
  const key = await findUsableApiKeyByHash(db, hashApiKey(token));
  if (!key) return undefined;
  // Most requests stop at the read: the write happens only when the last one is over a minute old
  // (and the statement checks that again, so racing requests still write once).
  if (!key.lastUsedAt || now - key.lastUsedAt.getTime() >= LAST_USED_WRITE_INTERVAL_S * 1000) {
    await touchApiKeyLastUsed(db, key.id, LAST_USED_WRITE_INTERVAL_S);
  }
  return { id: key.id, accountId: key.accountId, name: key.name };
}

/** Makes a key for the team; `key` is the only time the secret exists outside its hash. */
export async function createTeamApiKey(
  db: DbOrTx,
  who: AuditWho,
  input: CreateApiKeyInput,
  now = new Date(),
): Promise<{ key: string; apiKey: ApiKey }> {
  const key = generateApiKey();
  const expiresAt = input.expires_in_days === null ? null : new Date(now.getTime() + input.expires_in_days * DAY_MS);
  return db.transaction(async (tx) => {
    const apiKey = await insertApiKey(tx, {
      accountId: who.accountId,
      name: input.name,
      keyHash: hashApiKey(key),
      ...apiKeyHints(key),
      createdByUserId: who.actor.kind === "user" ? who.actor.userId : null,
      expiresAt,
    });
    await recordAudit(tx, who, {
      action: "api_key.created",
      target: { type: "api_key", id: apiKey.id, name: apiKey.name },
      details: { prefix: apiKey.prefix, last4: apiKey.last4, expires_at: expiresAt?.toISOString() ?? null },
    });
    return { key, apiKey };
  });
}

export async function revokeTeamApiKey(db: DbOrTx, who: AuditWho, keyId: string): Promise<ApiKey> {
  if (!z.uuid().safeParse(keyId).success) throw notFound("API key");
  return db.transaction(async (tx) => {
    const revoked = await revokeApiKeyRow(tx, who.accountId, keyId);
    if (!revoked) {
      const existing = await findTeamApiKey(tx, who.accountId, keyId);
      throw existing ? conflict("This key is already revoked.") : notFound("API key");
    }
    await recordAudit(tx, who, {
      action: "api_key.revoked",
      target: { type: "api_key", id: revoked.id, name: revoked.name },
      details: { prefix: revoked.prefix, last4: revoked.last4 },
    });
    return revoked;
  });
}
