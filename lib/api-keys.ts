// API keys are random 32-byte tokens shown once; only their sha256, their first characters and
// their last four are stored (enough to recognise a key in a list, never to use it).
import { createHash, randomBytes } from "node:crypto";

export const API_KEY_PREFIX = "hk_";
/** How many leading characters are kept: "hk_" and five of the random part. */
export const API_KEY_SHOWN_PREFIX_LENGTH = 8;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

/** What is kept of a key besides its hash. */
export function apiKeyHints(key: string): { prefix: string; last4: string } {
  return { prefix: key.slice(0, API_KEY_SHOWN_PREFIX_LENGTH), last4: key.length > 12 ? key.slice(-4) : "" };
}

/** "hk_Ab3dE…wXyZ": how a stored key is shown. */
export function maskApiKey(prefix: string, last4: string): string {
  return last4 ? `${prefix}…${last4}` : `${prefix}…`;
}
