// The request of SPEC §4: a JSON body with one record, signed the Standard Webhooks way
// (HMAC-SHA256 over "id.timestamp.body", keyed with the webhook's whsec_ secret).
import { Webhook } from "standardwebhooks";
import { USER_AGENT } from "./config";

export const EVENT_TYPE_NAMES = { job: "job.new", company: "company.new" } as const;
export type RecordType = keyof typeof EVENT_TYPE_NAMES;
export type EventTypeName = (typeof EVENT_TYPE_NAMES)[RecordType];

export function buildEventBody(input: {
  eventId: string;
  type: RecordType;
  detectedAt: Date;
  webhookId: string;
  data: unknown;
}): string {
  return JSON.stringify({
    id: input.eventId,
    type: EVENT_TYPE_NAMES[input.type],
    timestamp: input.detectedAt.toISOString(),
    webhook_id: input.webhookId,
    data: input.data ?? {},
  });
}

// Decoding a secret is cheap but not free; a busy run signs thousands of requests for a few webhooks.
const signers = new Map<string, Webhook>();

function signerFor(secret: string): Webhook {
  let signer = signers.get(secret);
  if (!signer) {
    if (signers.size >= 1000) signers.clear();
    signer = new Webhook(secret);
    signers.set(secret, signer);
  }
  return signer;
}

/**
 * The request headers. `sentAt` is the wall clock (receivers check it within 5 minutes), not the
 * scheduling clock. Throws when the secret is not a valid whsec_/base64 key.
 */
export function signedHeaders(input: { eventId: string; body: string; secret: string; sentAt: Date }): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "webhook-id": input.eventId,
    "webhook-timestamp": String(Math.floor(input.sentAt.getTime() / 1000)),
    "webhook-signature": signerFor(input.secret).sign(input.eventId, input.sentAt, input.body),
  };
}
