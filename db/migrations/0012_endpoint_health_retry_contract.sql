ALTER TABLE "attempts" ADD COLUMN "next_attempt_reason" text;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "paused_reason" text;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "health_state" text DEFAULT 'healthy' NOT NULL;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "health_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "health_reason" text;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "health_baseline_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "events_failed_idle_idx" ON "events" USING btree ("webhook_id","detected_at" DESC NULLS LAST,"id") WHERE "events"."status" = 'failed' and "events"."next_attempt_at" is null;--> statement-breakpoint
CREATE INDEX "events_failed_scheduled_idx" ON "events" USING btree ("webhook_id","detected_at" DESC NULLS LAST,"id") WHERE "events"."status" = 'failed' and "events"."next_attempt_at" is not null;--> statement-breakpoint
CREATE INDEX "events_account_failed_scheduled_idx" ON "events" USING btree ("account_id","detected_at") WHERE "events"."status" = 'failed' and "events"."next_attempt_at" is not null;