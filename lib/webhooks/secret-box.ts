// Signing secrets at rest: every read and write of webhooks.secret goes through here. A stored secret
// is `enc:v1:<key id>:<base64url(iv | ciphertext | tag)>`, AES-256-GCM under HOOKLINE_ENCRYPTION_KEY
// (lib/security/encryption-key.ts), with the webhook's id as additional data: a ciphertext copied
// onto another webhook (another team's, say) does not decrypt there. A value without the prefix is a
// secret from before encryption; the start-up step (secret-migration.ts) encrypts those, and until
// then they are read as they are.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { encryptionKeys, type EncryptionKeys } from "@/lib/security/encryption-key";

export const SEALED_PREFIX = "enc:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A stored secret that cannot be read with the configured keys (wrong key, or tampered with). */
export class SecretUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretUnreadableError";
  }
}

const additionalData = (webhookId: string) => Buffer.from(`hookline:webhook-secret:v1:${webhookId.toLowerCase()}`);

export function isSealed(stored: string): boolean {
  return stored.startsWith(SEALED_PREFIX);
}

/** The key id a stored secret was encrypted with; null for a plaintext one. */
export function sealedKeyId(stored: string): string | null {
  if (!isSealed(stored)) return null;
  const end = stored.indexOf(":", SEALED_PREFIX.length);
  return end < 0 ? "" : stored.slice(SEALED_PREFIX.length, end);
}

/** Encrypts a webhook's secret for storage under the current key. */
export function sealWebhookSecret(secret: string, webhookId: string, keys: EncryptionKeys = encryptionKeys()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keys.current.bytes, iv);
  cipher.setAAD(additionalData(webhookId));
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  const packed = Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString("base64url");
  return `${SEALED_PREFIX}${keys.current.id}:${packed}`;
}

/** The secret as stored → the whsec_ secret. Throws SecretUnreadableError when no configured key opens it. */
export function openWebhookSecret(stored: string, webhookId: string, keys: EncryptionKeys = encryptionKeys()): string {
  if (!isSealed(stored)) return stored;
  const keyId = sealedKeyId(stored)!;
  const key = keys.readable.get(keyId);
  if (!key) {
    throw new SecretUnreadableError(
      `The webhook's signing secret was encrypted with key ${keyId || "(none)"}, which is not configured: set HOOKLINE_ENCRYPTION_KEY (or HOOKLINE_ENCRYPTION_KEY_PREVIOUS) to that key, or rotate the secret`,
    );
  }
  const packed = Buffer.from(stored.slice(SEALED_PREFIX.length + keyId.length + 1), "base64url");
  if (packed.length <= IV_BYTES + TAG_BYTES) throw new SecretUnreadableError("The webhook's stored signing secret is damaged; rotate it");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.bytes, packed.subarray(0, IV_BYTES));
    decipher.setAAD(additionalData(webhookId));
    decipher.setAuthTag(packed.subarray(packed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(packed.subarray(IV_BYTES, packed.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretUnreadableError("The webhook's stored signing secret does not decrypt (damaged, or not this webhook's); rotate it");
  }
}

export type OpenedSecret = { secret: string; error: null } | { secret: null; error: string };

// Secrets the delivery loop opened lately, by webhook and stored value: a webhook's secret is
// decrypted once, not once per claimed event or batch (a drain claims 200 events over ~50 webhooks at
// a time). A rotated or re-encrypted secret is a new stored value, so it is never answered stale.
// Bounded like the signing keys derived from these secrets (lib/delivery/payload.ts).
const MAX_OPENED = 1000;
const recentlyOpened = new Map<string, { keysId: string; opened: OpenedSecret }>();

/**
 * Opens the secrets of claimed events (the delivery hot path): a webhook's unchanged secret from
 * memory after its first use. An unreadable secret is reported, not thrown, so only its own events fail.
 */
export function createBatchSecretOpener(keys: EncryptionKeys = encryptionKeys()): (stored: string, webhookId: string) => OpenedSecret {
  const keysId = [...keys.readable.keys()].join(",");
  return (stored, webhookId) => {
    const cacheKey = `${webhookId}\n${stored}`;
    const recent = recentlyOpened.get(cacheKey);
    if (recent && recent.keysId === keysId) return recent.opened;
    try {
      const opened: OpenedSecret = { secret: openWebhookSecret(stored, webhookId, keys), error: null };
      if (recentlyOpened.size >= MAX_OPENED) recentlyOpened.clear();
      recentlyOpened.set(cacheKey, { keysId, opened });
      return opened;
    } catch (error) {
      if (!(error instanceof SecretUnreadableError)) throw error;
      return { secret: null, error: error.message };
    }
  };
}
