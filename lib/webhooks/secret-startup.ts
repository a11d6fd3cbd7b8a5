// Start-up step for signing secrets (instrumentation.ts): encrypt any still in plaintext (the data of
// a version before encryption at rest), and say loudly if some were encrypted under a key that is not
// configured, since their webhooks' deliveries fail until the key is given back.
import { getDb } from "@/db/client";
import { encryptionKeys } from "@/lib/security/encryption-key";
import { countUnreadableSecrets, encryptPlaintextSecrets } from "./secret-migration";

export async function prepareSigningSecrets(): Promise<void> {
  try {
    const keys = encryptionKeys();
    if (keys.source === "file") console.info("[secrets] development encryption key in the data folder (set HOOKLINE_ENCRYPTION_KEY in production)");
    const db = await getDb();
    const { rewritten } = await encryptPlaintextSecrets(db, keys);
    if (rewritten > 0) console.info(`[secrets] encrypted ${rewritten} signing secret${rewritten === 1 ? "" : "s"} stored in plaintext`);
    const unreadable = await countUnreadableSecrets(db, keys);
    if (unreadable > 0) {
      console.error(
        `[secrets] ${unreadable} signing secret${unreadable === 1 ? " was" : "s were"} encrypted with a key that is not configured: their deliveries fail until HOOKLINE_ENCRYPTION_KEY (or HOOKLINE_ENCRYPTION_KEY_PREVIOUS) holds it`,
      );
    }
  } catch (error) {
    // Not fatal: secrets are read in either form, and the next start tries again.
    console.error("[secrets] encrypting plaintext signing secrets failed:", (error as Error)?.message ?? error);
  }
}
