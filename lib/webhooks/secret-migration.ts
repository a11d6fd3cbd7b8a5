// Moving stored signing secrets under the current key: at start-up, secrets still in plaintext (from
// before encryption at rest) are encrypted; `npm run secrets:reencrypt` re-encrypts every secret not
// under the current key (after HOOKLINE_ENCRYPTION_KEY changed). Both walk the table in id order in
// pages and replace a value only if it is unchanged since read, so they are idempotent, resumable,
// and safe with several instances starting at once.
import type { DbOrTx } from "@/db/client";
import { countStoredSecretsByKey, listStoredSecrets, replaceStoredSecrets, type SecretColumn } from "@/db/queries/webhook-secrets";
import { encryptionKeys, type EncryptionKeys } from "@/lib/security/encryption-key";
import { isSealed, openWebhookSecret, sealedKeyId, sealWebhookSecret, SecretUnreadableError } from "./secret-box";

const PAGE = 500;

export type SecretMigrationSummary = {
  /** Secrets looked at. */
  scanned: number;
  /** Secrets written under the current key. */
  rewritten: number;
  /** Webhooks whose secret no configured key opens (left as they are). */
  unreadable: string[];
};

async function rewriteSecrets(db: DbOrTx, keys: EncryptionKeys, onlyPlaintext: boolean): Promise<SecretMigrationSummary> {
  const summary: SecretMigrationSummary = { scanned: 0, rewritten: 0, unreadable: [] };
  // The previous secret of a rotation still verifies for receivers during the overlap: it moves too.
  for (const column of ["secret", "previous_secret"] as const) await rewriteColumn(db, keys, { onlyPlaintext, column }, summary);
  return summary;
}

async function rewriteColumn(
  db: DbOrTx,
  keys: EncryptionKeys,
  options: { onlyPlaintext: boolean; column: SecretColumn },
  summary: SecretMigrationSummary,
): Promise<void> {
  const { onlyPlaintext, column } = options;
  let afterId: string | null = null;
  for (;;) {
    const rows = await listStoredSecrets(db, { afterId, limit: PAGE, onlyPlaintext, column });
    if (rows.length === 0) return;
    afterId = rows[rows.length - 1].id;
    summary.scanned += rows.length;
    const replacements: Array<{ id: string; from: string; to: string }> = [];
    for (const row of rows) {
      if (isSealed(row.secret) && sealedKeyId(row.secret) === keys.current.id) continue;
      try {
        const secret = openWebhookSecret(row.secret, row.id, keys);
        replacements.push({ id: row.id, from: row.secret, to: sealWebhookSecret(secret, row.id, keys) });
      } catch (error) {
        if (!(error instanceof SecretUnreadableError)) throw error;
        if (!summary.unreadable.includes(row.id)) summary.unreadable.push(row.id);
      }
    }
    summary.rewritten += await replaceStoredSecrets(db, replacements, column);
    if (rows.length < PAGE) return;
  }
}

/** The start-up step: encrypts every plaintext secret under the current key. */
export function encryptPlaintextSecrets(db: DbOrTx, keys: EncryptionKeys = encryptionKeys()): Promise<SecretMigrationSummary> {
  return rewriteSecrets(db, keys, true);
}

/** Re-encrypts every secret not under the current key (plaintext ones too), reading with the previous keys. */
export function reencryptSecrets(db: DbOrTx, keys: EncryptionKeys = encryptionKeys()): Promise<SecretMigrationSummary> {
  return rewriteSecrets(db, keys, false);
}

/** Stored secrets no configured key can open: counted at start-up so a wrong key is reported at once. */
export async function countUnreadableSecrets(db: DbOrTx, keys: EncryptionKeys = encryptionKeys()): Promise<number> {
  const counts = await countStoredSecretsByKey(db);
  return counts.filter((row) => row.key_id !== null && !keys.readable.has(row.key_id)).reduce((sum, row) => sum + row.n, 0);
}
