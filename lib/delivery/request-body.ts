// The exact body an event's deliveries POST (and sign), rebuilt from what the event and its record
// hold: records never change after ingest and the body is built by the same function from the same
// query shape as a claim, so the bytes are those that were signed ("Copy as cURL").
import type { DbOrTx } from "@/db/client";
import { findEventRequestSource } from "@/db/queries/attempts";
import { eventBodyOf } from "./attempt";

export async function getEventRequestBody(db: DbOrTx, accountId: string, eventId: string): Promise<string | null> {
  const source = await findEventRequestSource(db, accountId, eventId);
  if (!source) return null;
  return eventBodyOf({
    eventId: source.id,
    type: source.type,
    detectedAt: source.detected_at instanceof Date ? source.detected_at : new Date(source.detected_at),
    webhookId: source.webhook_id,
    data: source.data,
  });
}
