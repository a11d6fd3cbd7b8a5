-- Events whose last attempt got an HTTP error (300 and up), by code, newest first: an exact code
-- ("HTTP 418") or a class (4xx, 5xx) reads only those, where the list's index would be walked to its
-- end when few or none match (~470 ms for a webhook of 1 M events). Successful deliveries, the bulk,
-- never enter them, so the drain does not maintain them. The webhook's carries the columns its
-- count tests (INCLUDE, which drizzle's builder lacks).
CREATE INDEX "events_webhook_http_error_idx" ON "events" USING btree ("webhook_id","last_response_status","detected_at" DESC NULLS LAST,"id") INCLUDE ("status","attempt_count") WHERE "events"."last_response_status" >= 300;--> statement-breakpoint
CREATE INDEX "events_account_http_error_idx" ON "events" USING btree ("account_id","last_response_status","detected_at","id") WHERE "events"."last_response_status" >= 300;
--> statement-breakpoint
-- How status, last response and attempts go together (a 5xx is nearly always a failed event): without
-- it the planner multiplied their fractions, thought "failed, 5xx, attempts ≥ 3" rare, and sorted every
-- 5xx event of the webhook (~120 ms) instead of walking the list to a page of matches (~1 ms).
CREATE STATISTICS IF NOT EXISTS "events_outcome_stats" (mcv) ON "status", "last_response_status", "attempt_count" FROM "events";--> statement-breakpoint
ANALYZE "events";
