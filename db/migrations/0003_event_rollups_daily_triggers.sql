-- Keep event_rollups_daily (events by webhook and UTC day) equal to a GROUP BY over events, beside the
-- hourly rollups of 0001: one more key-ordered upsert per statement, and none for a status change that
-- keeps attempt_count (its per-day delta is zero).
-- Every function now upserts in one table order — hourly, daily, account — so an ingest and a
-- delivery touching the same buckets lock them in the same order (0001's update function upserted
-- the account rollup before the per-webhook one, the other two functions after it).
-- Writes wait while this migration runs, so the backfill below and the new triggers see the same events.
LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION event_rollups_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_rollups_hourly AS r (account_id, hour, webhook_id, status, events, executions)
  SELECT account_id, date_trunc('hour', detected_at, 'UTC'), webhook_id, status, count(*), sum(attempt_count)
  FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (account_id, hour, webhook_id, status)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;

  INSERT INTO event_rollups_daily AS r (account_id, day, webhook_id, events, executions)
  SELECT account_id, (detected_at AT TIME ZONE 'UTC')::date, webhook_id, count(*), sum(attempt_count)
  FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, day, webhook_id)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;

  INSERT INTO account_event_rollups_hourly AS r (account_id, hour, status, events, executions)
  SELECT account_id, date_trunc('hour', detected_at, 'UTC'), status, count(*), sum(attempt_count)
  FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, hour, status)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION event_rollups_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Claims and lease changes touch events too; only status, attempt_count or detected_at moves a count.
  -- One statement so the transition tables are joined once. Data-modifying CTEs all run to completion
  -- whatever reads them, but in no set order; each upsert reads the previous one's row count (a
  -- one-time filter, evaluated first) so they run hourly, then daily, then account.
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
  ), per_day AS (
    INSERT INTO event_rollups_daily AS r (account_id, day, webhook_id, events, executions)
    SELECT account_id, (hour AT TIME ZONE 'UTC')::date, webhook_id, sum(events), sum(executions)
    FROM deltas
    WHERE (SELECT count(*) FROM per_webhook) >= 0
    GROUP BY 1, 2, 3
    HAVING sum(events) <> 0 OR sum(executions) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (account_id, day, webhook_id)
    DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions
    RETURNING 1
  )
  INSERT INTO account_event_rollups_hourly AS r (account_id, hour, status, events, executions)
  SELECT account_id, hour, status, sum(events), sum(executions)
  FROM deltas
  WHERE (SELECT count(*) FROM per_day) >= 0
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, hour, status)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION event_rollups_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_rollups_hourly AS r (account_id, hour, webhook_id, status, events, executions)
  SELECT account_id, date_trunc('hour', detected_at, 'UTC'), webhook_id, status, -count(*), -sum(attempt_count)
  FROM old_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (account_id, hour, webhook_id, status)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;

  INSERT INTO event_rollups_daily AS r (account_id, day, webhook_id, events, executions)
  SELECT account_id, (detected_at AT TIME ZONE 'UTC')::date, webhook_id, -count(*), -sum(attempt_count)
  FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, day, webhook_id)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;

  INSERT INTO account_event_rollups_hourly AS r (account_id, hour, status, events, executions)
  SELECT account_id, date_trunc('hour', detected_at, 'UTC'), status, -count(*), -sum(attempt_count)
  FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, hour, status)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;
  RETURN NULL;
END $$;
--> statement-breakpoint
INSERT INTO event_rollups_daily (account_id, day, webhook_id, events, executions)
SELECT account_id, (detected_at AT TIME ZONE 'UTC')::date, webhook_id, count(*), sum(attempt_count)
FROM events GROUP BY 1, 2, 3;
