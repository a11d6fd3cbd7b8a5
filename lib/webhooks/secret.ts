// Signing secrets in the Standard Webhooks format: "whsec_" + base64 of random bytes.
import { randomBytes } from "node:crypto";

export const WEBHOOK_SECRET_PREFIX = "whsec_";

export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(24).toString("base64");
}
