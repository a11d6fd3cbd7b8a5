CREATE TYPE "public"."attempt_trigger" AS ENUM('scheduled', 'manual', 'test');--> statement-breakpoint
CREATE TYPE "public"."event_status" AS ENUM('in_progress', 'success', 'failed', 'not_triggered');--> statement-breakpoint
CREATE TYPE "public"."record_type" AS ENUM('job', 'company');--> statement-breakpoint
CREATE TABLE "account_event_rollups_hourly" (
	"account_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"status" "event_status" NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"executions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "account_event_rollups_hourly_account_id_hour_status_pk" PRIMARY KEY("account_id","hour","status")
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"credits" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_credits_non_negative" CHECK ("accounts"."credits" >= 0)
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" uuid NOT NULL,
	"webhook_id" uuid,
	"event_id" uuid,
	"trigger" "attempt_trigger" NOT NULL,
	"url" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"request_headers" jsonb NOT NULL,
	"response_status" integer,
	"response_body" text,
	"error_code" text,
	"error_message" text,
	"is_success" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "companies" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "companies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"domain" text,
	"country_code" text,
	"industry" text,
	"employee_count" integer,
	"technologies" text[] DEFAULT '{}'::text[] NOT NULL,
	"data" jsonb NOT NULL,
	"discovered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_transactions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "credit_transactions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_rollups_hourly" (
	"account_id" uuid NOT NULL,
	"webhook_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"status" "event_status" NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"executions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "event_rollups_hourly_account_id_hour_webhook_id_status_pk" PRIMARY KEY("account_id","hour","webhook_id","status")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"webhook_id" uuid NOT NULL,
	"type" "record_type" NOT NULL,
	"job_id" bigint,
	"company_id" bigint,
	"company_key" text,
	"status" "event_status" NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"triggered_at" timestamp with time zone,
	"attempt_count" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"lease_id" uuid,
	"first_failed_at" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"last_response_status" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "events_one_record" CHECK (num_nonnulls("events"."job_id", "events"."company_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"title" text NOT NULL,
	"company_name" text,
	"company_domain" text,
	"country_code" text,
	"location" text,
	"remote" boolean,
	"seniority" text,
	"min_annual_salary_usd" integer,
	"max_annual_salary_usd" integer,
	"date_posted" timestamp with time zone,
	"url" text,
	"data" jsonb NOT NULL,
	"discovered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "searches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" "record_type" NOT NULL,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"search_id" uuid NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"is_archived" boolean DEFAULT false NOT NULL,
	"listening_start_time" timestamp with time zone,
	"trigger_once_per_company" boolean DEFAULT false NOT NULL,
	"secret" text NOT NULL,
	"paused_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_transactions" ADD CONSTRAINT "credit_transactions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "searches" ADD CONSTRAINT "searches_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_search_id_searches_id_fk" FOREIGN KEY ("search_id") REFERENCES "public"."searches"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_idx" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_account_idx" ON "api_keys" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "attempts_event_idx" ON "attempts" USING btree ("event_id","started_at");--> statement-breakpoint
CREATE INDEX "attempts_webhook_time_idx" ON "attempts" USING btree ("webhook_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "companies_account_external_id_idx" ON "companies" USING btree ("account_id","external_id");--> statement-breakpoint
CREATE INDEX "companies_account_discovered_idx" ON "companies" USING btree ("account_id","discovered_at");--> statement-breakpoint
CREATE INDEX "credit_transactions_account_time_idx" ON "credit_transactions" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "event_rollups_webhook_hour_idx" ON "event_rollups_hourly" USING btree ("webhook_id","hour");--> statement-breakpoint
CREATE UNIQUE INDEX "events_webhook_job_idx" ON "events" USING btree ("webhook_id","job_id");--> statement-breakpoint
CREATE UNIQUE INDEX "events_webhook_company_idx" ON "events" USING btree ("webhook_id","company_id");--> statement-breakpoint
CREATE UNIQUE INDEX "events_webhook_company_key_idx" ON "events" USING btree ("webhook_id","company_key") WHERE "events"."company_key" is not null;--> statement-breakpoint
CREATE INDEX "events_due_idx" ON "events" USING btree ("next_attempt_at") WHERE "events"."status" in ('in_progress', 'failed') and "events"."next_attempt_at" is not null;--> statement-breakpoint
CREATE INDEX "events_webhook_detected_idx" ON "events" USING btree ("webhook_id","detected_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "events_webhook_status_detected_idx" ON "events" USING btree ("webhook_id","status","detected_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "events_not_triggered_idx" ON "events" USING btree ("account_id","detected_at") WHERE "events"."status" = 'not_triggered';--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_account_external_id_idx" ON "jobs" USING btree ("account_id","external_id");--> statement-breakpoint
CREATE INDEX "jobs_account_discovered_idx" ON "jobs" USING btree ("account_id","discovered_at");--> statement-breakpoint
CREATE INDEX "searches_account_idx" ON "searches" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "webhooks_account_idx" ON "webhooks" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "webhooks_search_idx" ON "webhooks" USING btree ("search_id");