CREATE TABLE "event_rollups_weekly" (
	"account_id" uuid NOT NULL,
	"week" date NOT NULL,
	"webhook_id" uuid NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "event_rollups_weekly_account_id_week_webhook_id_pk" PRIMARY KEY("account_id","week","webhook_id")
);
--> statement-breakpoint
ALTER TABLE "event_rollups_daily" ADD COLUMN "events_before_hour" bigint[] DEFAULT array_fill(0::bigint, ARRAY[24]) NOT NULL;--> statement-breakpoint
ALTER TABLE "event_rollups_daily" ADD COLUMN "executions_before_hour" bigint[] DEFAULT array_fill(0::bigint, ARRAY[24]) NOT NULL;