ALTER TABLE "attempts" ADD COLUMN "next_attempt_reason" text;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "paused_reason" text;--> statement-breakpoint
CREATE INDEX "events_failed_idle_idx" ON "events" USING btree ("webhook_id","detected_at" DESC NULLS LAST,"id") WHERE "events"."status" = 'failed' and "events"."next_attempt_at" is null;--> statement-breakpoint
CREATE INDEX "events_failed_scheduled_idx" ON "events" USING btree ("webhook_id","detected_at" DESC NULLS LAST,"id") WHERE "events"."status" = 'failed' and "events"."next_attempt_at" is not null;--> statement-breakpoint
CREATE INDEX "events_account_failed_scheduled_idx" ON "events" USING btree ("account_id","detected_at") WHERE "events"."status" = 'failed' and "events"."next_attempt_at" is not null;