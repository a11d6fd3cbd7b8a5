// Sign → POST → failed attempt on an unusable secret: the one way a request leaves Hookline, for
// scheduled and manual deliveries (attempt.ts) and test sends (test-event.ts). Never throws.
import { postWebhook, type HttpOutcome, type PostOptions } from "./http-client";
import { signedHeaders } from "./payload";

export type SignedSend = {
  url: string;
  eventId: string;
  /** The exact body signed and sent. */
  body: string;
  /** The signing secret in clear; ignored when secretError is set. */
  secret: string;
  /** Why the stored secret could not be decrypted: nothing is sent, the attempt fails with invalid_secret. */
  secretError: string | null;
  /** The secret before a rotation, still signing during its grace period. */
  previousSecret?: string | null;
  /** The wall clock of webhook-timestamp. */
  sentAt: Date;
  /** The message when the secret is not a valid whsec_ key. */
  invalidSecretMessage: string;
} & PostOptions;

/** The request headers as sent ({} when nothing was sent) and the outcome. */
export async function sendSignedRequest(input: SignedSend): Promise<{ headers: Record<string, string>; outcome: HttpOutcome }> {
  let headers: Record<string, string>;
  try {
    if (input.secretError !== null) return { headers: {}, outcome: notSent("invalid_secret", input.secretError) };
    headers = signedHeaders({
      eventId: input.eventId,
      body: input.body,
      secret: input.secret,
      previousSecret: input.previousSecret,
      sentAt: input.sentAt,
    });
  } catch {
    return { headers: {}, outcome: notSent("invalid_secret", input.invalidSecretMessage) };
  }
  try {
    const outcome = await postWebhook(input.url, input.body, headers, { timeoutMs: input.timeoutMs, allowPrivateUrls: input.allowPrivateUrls });
    return { headers, outcome };
  } catch (error) {
    return { headers, outcome: notSent("internal_error", `Delivery failed: ${(error as Error)?.message ?? String(error)}`) };
  }
}

function notSent(errorCode: string, errorMessage: string): HttpOutcome {
  return { isSuccess: false, statusCode: null, responseBody: null, responseHeaders: null, errorCode, errorMessage, durationMs: 0 };
}
