-- Keep event_rollups_hourly and account_event_rollups_hourly equal to a GROUP BY over events,
-- in the same transaction as every insert, status change and delete. Statement-level triggers with
-- transition tables, so a batch of 500 status changes costs one upsert per touched bucket, not 500.
-- Upserts are ordered by key so concurrent batches lock buckets in the same order (no deadlocks).
CREATE FUNCTION event_rollups_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_rollups_hourly AS r (account_id, hour, webhook_id, status, events, executions)
  SELECT account_id, date_trunc('hour', detected_at, 'UTC'), webhook_id, status, count(*), sum(attempt_count)
  FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (account_id, hour, webhook_id, status)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;

  INSERT INTO account_event_rollups_hourly AS r (account_id, hour, status, events, executions)
  SELECT account_id, date_trunc('hour', detected_at, 'UTC'), status, count(*), sum(attempt_count)
  FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, hour, status)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION event_rollups_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Claims and lease changes touch events too; only status, attempt_count or detected_at moves a count.
  WITH changed AS (
    SELECT n.account_id, n.webhook_id,
           date_trunc('hour', n.detected_at, 'UTC') AS new_hour, n.status AS new_status, n.attempt_count AS new_attempts,
           date_trunc('hour', o.detected_at, 'UTC') AS old_hour, o.status AS old_status, o.attempt_count AS old_attempts
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.status <> o.status OR n.attempt_count <> o.attempt_count OR n.detected_at <> o.detected_at
  ), deltas AS (
    SELECT account_id, hour, webhook_id, status, sum(events) AS events, sum(executions) AS executions
    FROM (
      SELECT account_id, new_hour AS hour, webhook_id, new_status AS status, 1::bigint AS events, new_attempts::bigint AS executions FROM changed
      UNION ALL
      SELECT account_id, old_hour, webhook_id, old_status, -1::bigint, -old_attempts::bigint FROM changed
    ) d
    GROUP BY 1, 2, 3, 4
    HAVING sum(events) <> 0 OR sum(executions) <> 0
  ), per_webhook AS (
    INSERT INTO event_rollups_hourly AS r (account_id, hour, webhook_id, status, events, executions)
    SELECT account_id, hour, webhook_id, status, events, executions FROM deltas ORDER BY 1, 2, 3, 4
    ON CONFLICT (account_id, hour, webhook_id, status)
    DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions
    RETURNING 1
  )
  INSERT INTO account_event_rollups_hourly AS r (account_id, hour, status, events, executions)
  SELECT account_id, hour, status, sum(events), sum(executions) FROM deltas GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, hour, status)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION event_rollups_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_rollups_hourly AS r (account_id, hour, webhook_id, status, events, executions)
  SELECT account_id, date_trunc('hour', detected_at, 'UTC'), webhook_id, status, -count(*), -sum(attempt_count)
  FROM old_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (account_id, hour, webhook_id, status)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;

  INSERT INTO account_event_rollups_hourly AS r (account_id, hour, status, events, executions)
  SELECT account_id, date_trunc('hour', detected_at, 'UTC'), status, -count(*), -sum(attempt_count)
  FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, hour, status)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER events_rollup_insert AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_rollups_after_insert();
--> statement-breakpoint
CREATE TRIGGER events_rollup_update AFTER UPDATE ON events
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_rollups_after_update();
--> statement-breakpoint
CREATE TRIGGER events_rollup_delete AFTER DELETE ON events
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION event_rollups_after_delete();
