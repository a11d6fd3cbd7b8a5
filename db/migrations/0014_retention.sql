CREATE TABLE "retention_cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"position" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
-- Retention (lib/retention/retention.ts) deletes events past RETENTION_DAYS in small batches, in a
-- transaction that sets hookline.retention = 'on' (set_config(…, true), so it ends with the
-- transaction). Those deletes must not take the events out of the rollups — hourly, daily, weekly
-- and per account — which keep the Usage page and the count API's full history. Any other delete
-- (an account deleted with its data) still takes its events out of them, as before. 0009's function
-- with that check first.
CREATE OR REPLACE FUNCTION event_rollups_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Retention deletes events that have aged out but keeps their counts: the rollups are the history.
  IF current_setting('hookline.retention', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO event_rollups_hourly AS r (account_id, hour, webhook_id, status, events, executions)
  SELECT account_id, date_trunc('hour', detected_at, 'UTC'), webhook_id, status, -count(*), -sum(attempt_count)
  FROM old_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (account_id, hour, webhook_id, status)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;

  INSERT INTO event_rollups_daily AS r (account_id, day, webhook_id, events, executions, events_before_hour, executions_before_hour)
  SELECT account_id, day, webhook_id, sum(events), sum(executions),
         rollup_hour_vector(array_agg(h), array_agg(events)), rollup_hour_vector(array_agg(h), array_agg(executions))
  FROM (
    SELECT account_id, (detected_at AT TIME ZONE 'UTC')::date AS day, webhook_id,
           extract(hour FROM detected_at AT TIME ZONE 'UTC')::int AS h, -count(*) AS events, -sum(attempt_count)::bigint AS executions
    FROM old_rows GROUP BY 1, 2, 3, 4
  ) g
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, day, webhook_id)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions,
                events_before_hour = rollup_add_vectors(r.events_before_hour, excluded.events_before_hour),
                executions_before_hour = rollup_add_vectors(r.executions_before_hour, excluded.executions_before_hour);

  INSERT INTO event_rollups_weekly AS r (account_id, week, webhook_id, events)
  SELECT account_id, rollup_week_of((detected_at AT TIME ZONE 'UTC')::date), webhook_id, -count(*)
  FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, week, webhook_id)
  DO UPDATE SET events = r.events + excluded.events;

  INSERT INTO account_event_rollups_hourly AS r (account_id, hour, status, events, executions)
  SELECT account_id, date_trunc('hour', detected_at, 'UTC'), status, -count(*), -sum(attempt_count)
  FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, hour, status)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;
  RETURN NULL;
END $$;
