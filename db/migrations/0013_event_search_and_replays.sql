-- Event search: trigram indexes for `ilike '%text%'` on record titles and names (PGlite loads the
-- extension in db/client.ts), and the account-wide list in keyset order. Bulk replays: jobs and their events.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "replay_job_events" (
	"job_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempt_count_at_queue" integer,
	"queued_at" timestamp with time zone,
	"due_before_queue" timestamp with time zone,
	CONSTRAINT "replay_job_events_job_id_event_id_pk" PRIMARY KEY("job_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "replay_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"filter" jsonb NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"total" integer NOT NULL,
	"queued" integer DEFAULT 0 NOT NULL,
	"delivered" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"created_by_type" text NOT NULL,
	"created_by_id" text NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"cancelled_by_name" text
);
--> statement-breakpoint
ALTER TABLE "replay_job_events" ADD CONSTRAINT "replay_job_events_job_id_replay_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."replay_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replay_jobs" ADD CONSTRAINT "replay_jobs_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "replay_job_events_state_idx" ON "replay_job_events" USING btree ("job_id","state");--> statement-breakpoint
CREATE INDEX "replay_jobs_account_created_idx" ON "replay_jobs" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "replay_jobs_running_idx" ON "replay_jobs" USING btree ("created_at") WHERE "replay_jobs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "companies_name_trgm_idx" ON "companies" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "events_account_detected_idx" ON "events" USING btree ("account_id","detected_at","id");--> statement-breakpoint
CREATE INDEX "jobs_title_trgm_idx" ON "jobs" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "jobs_company_name_trgm_idx" ON "jobs" USING gin ("company_name" gin_trgm_ops);