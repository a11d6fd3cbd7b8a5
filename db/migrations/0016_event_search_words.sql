-- Event search by words: GIN indexes on the words of a job's title and company name and of a
-- company's name (to_tsvector 'simple'), in place of the trigram indexes, whose posting lists for
-- common trigrams made a rare phrase cost ~100 ms on a team of 10 M records (db/queries/event-search.ts).
-- The "timeout" and "connection error" filters walk the events with no response, newest first; the
-- statistics on (last_response_status, last_error) let the planner see how many such events there are
-- (the two columns go together), so it walks the index in order and stops at the page's end.
DROP INDEX "companies_name_trgm_idx";--> statement-breakpoint
DROP INDEX "jobs_title_trgm_idx";--> statement-breakpoint
DROP INDEX "jobs_company_name_trgm_idx";--> statement-breakpoint
CREATE INDEX "companies_search_words_idx" ON "companies" USING gin (to_tsvector('simple'::regconfig, "name"));--> statement-breakpoint
CREATE INDEX "events_webhook_no_response_idx" ON "events" USING btree ("webhook_id","detected_at" DESC NULLS LAST,"id") WHERE "events"."last_response_status" is null and "events"."last_error" is not null;--> statement-breakpoint
CREATE INDEX "events_account_no_response_idx" ON "events" USING btree ("account_id","detected_at","id") WHERE "events"."last_response_status" is null and "events"."last_error" is not null;--> statement-breakpoint
CREATE INDEX "jobs_search_words_idx" ON "jobs" USING gin (to_tsvector('simple'::regconfig, "title" || ' ' || coalesce("company_name", '')));--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "events_response_stats" (mcv) ON "last_response_status", "last_error" FROM "events";--> statement-breakpoint
ANALYZE "events";
