CREATE TABLE "alerts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alerts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" uuid NOT NULL,
	"webhook_id" uuid,
	"type" text NOT NULL,
	"text" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"deliveries" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_settings" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"email_user_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"slack_url" text,
	"ops_url" text,
	"ops_secret" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "next_attempt_reason" text;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "previous_secret" text;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "previous_secret_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "paused_reason" text;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "health_state" text DEFAULT 'healthy' NOT NULL;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "health_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "health_reason" text;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "health_baseline_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_dedupe_idx" ON "alerts" USING btree ("account_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "alerts_account_id_idx" ON "alerts" USING btree ("account_id","id");--> statement-breakpoint
CREATE INDEX "events_failed_idle_idx" ON "events" USING btree ("webhook_id","detected_at" DESC NULLS LAST,"id") WHERE "events"."status" = 'failed' and "events"."next_attempt_at" is null;--> statement-breakpoint
CREATE INDEX "events_failed_scheduled_idx" ON "events" USING btree ("webhook_id","detected_at" DESC NULLS LAST,"id") WHERE "events"."status" = 'failed' and "events"."next_attempt_at" is not null;--> statement-breakpoint
CREATE INDEX "events_account_failed_scheduled_idx" ON "events" USING btree ("account_id","detected_at") WHERE "events"."status" = 'failed' and "events"."next_attempt_at" is not null;