ALTER TABLE "events" DROP CONSTRAINT "events_account_id_accounts_id_fk";
--> statement-breakpoint
DROP INDEX "events_webhook_job_idx";--> statement-breakpoint
DROP INDEX "events_webhook_company_idx";--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "id" SET DEFAULT uuid_v7();--> statement-breakpoint
CREATE UNIQUE INDEX "events_webhook_job_idx" ON "events" USING btree ("webhook_id","job_id") WHERE "events"."job_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "events_webhook_company_idx" ON "events" USING btree ("webhook_id","company_id") WHERE "events"."company_id" is not null;