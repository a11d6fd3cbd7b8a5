-- Rollup deltas of an UPDATE without joining the transition tables: every new row counts +1 and every
-- old row -1 in its bucket, and buckets that net to zero (claims, lease changes) are dropped. The join
-- this replaces was planned once per connection by PL/pgSQL; a plan made for a 1-row update became a
-- nested loop that took 33 s for a 20,000-row catch-up. Summing is linear whatever the plan.
CREATE OR REPLACE FUNCTION event_rollups_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Data-modifying CTEs all run to completion whatever reads them, but in no set order; each upsert
  -- reads the previous one's row count (a one-time filter, evaluated first) so they run hourly, then
  -- daily, then account: every transaction takes the rollup locks in the same order.
  WITH deltas AS (
    SELECT account_id, hour, webhook_id, status, sum(events) AS events, sum(executions) AS executions
    FROM (
      SELECT account_id, date_trunc('hour', detected_at, 'UTC') AS hour, webhook_id, status,
             1::bigint AS events, attempt_count::bigint AS executions
      FROM new_rows
      UNION ALL
      SELECT account_id, date_trunc('hour', detected_at, 'UTC'), webhook_id, status,
             -1::bigint, -attempt_count::bigint
      FROM old_rows
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
  GROUP BY 1, 2, 3
  HAVING sum(events) <> 0 OR sum(executions) <> 0
  ORDER BY 1, 2, 3
  ON CONFLICT (account_id, hour, status)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;
  RETURN NULL;
END $$;
