-- The unique (webhook, record) indexes of events, record first: event search finds a record's events
-- across a team's webhooks with one lookup instead of one per webhook (db/queries/event-search.ts),
-- and the job/company foreign keys' cascades find their events. Same uniqueness; created before the
-- old ones are dropped.
CREATE UNIQUE INDEX "events_job_webhook_idx" ON "events" USING btree ("job_id","webhook_id") WHERE "events"."job_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "events_company_webhook_idx" ON "events" USING btree ("company_id","webhook_id") WHERE "events"."company_id" is not null;--> statement-breakpoint
DROP INDEX "events_webhook_job_idx";--> statement-breakpoint
DROP INDEX "events_webhook_company_idx";
