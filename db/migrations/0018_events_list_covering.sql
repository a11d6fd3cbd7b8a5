-- A webhook's event list indexes carry the columns its filters test (INCLUDE), so counting a filtered
-- list ("failed, 5xx, attempts ≥ 3: 1,000+ matching") reads the index alone and stops at the cap,
-- instead of fetching every failed event's row (db/queries/event-search.ts countWebhookEventsMatching:
-- ~70 ms for a webhook with 1 M events, 100 K of them failed, read from disk). Same keys and names;
-- drizzle's index builder has no INCLUDE, so schema.ts says so beside them. Built before the old
-- ones are dropped, so the list never goes without an index.
CREATE INDEX "events_webhook_detected_cover_idx" ON "events" USING btree ("webhook_id","detected_at" DESC NULLS LAST,"id") INCLUDE ("status","last_response_status","attempt_count");--> statement-breakpoint
CREATE INDEX "events_webhook_status_detected_cover_idx" ON "events" USING btree ("webhook_id","status","detected_at" DESC NULLS LAST,"id") INCLUDE ("last_response_status","attempt_count");--> statement-breakpoint
DROP INDEX "events_webhook_detected_idx";--> statement-breakpoint
DROP INDEX "events_webhook_status_detected_idx";--> statement-breakpoint
ALTER INDEX "events_webhook_detected_cover_idx" RENAME TO "events_webhook_detected_idx";--> statement-breakpoint
ALTER INDEX "events_webhook_status_detected_cover_idx" RENAME TO "events_webhook_status_detected_idx";
