// API keys are random 32-byte tokens shown once; only their sha256 is stored.
import { createHash, randomBytes } from "node:crypto";

export const API_KEY_PREFIX = "hk_";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}
