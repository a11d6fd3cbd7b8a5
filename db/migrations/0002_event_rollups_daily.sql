CREATE TABLE "event_rollups_daily" (
	"account_id" uuid NOT NULL,
	"day" date NOT NULL,
	"webhook_id" uuid NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"executions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "event_rollups_daily_account_id_day_webhook_id_pk" PRIMARY KEY("account_id","day","webhook_id")
);
--> statement-breakpoint
CREATE INDEX "event_rollups_daily_webhook_day_idx" ON "event_rollups_daily" USING btree ("webhook_id","day");