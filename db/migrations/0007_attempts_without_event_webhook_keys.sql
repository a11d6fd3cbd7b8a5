ALTER TABLE "attempts" DROP CONSTRAINT "attempts_webhook_id_webhooks_id_fk";
--> statement-breakpoint
ALTER TABLE "attempts" DROP CONSTRAINT "attempts_event_id_events_id_fk";
