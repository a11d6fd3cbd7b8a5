-- Keep event_rollups_daily's hour vectors and event_rollups_weekly (events by webhook and UTC week)
-- equal to a GROUP BY over events, beside the rollups of 0001/0003. A vector is cumulative: element k
-- (1–24) counts the day's events in UTC hours [0, k), so any whole-hour piece [a, b) of the day is
-- v[b] − v[a] (v[0] reads as null, i.e. 0), two subscripts and no unnest, and adding two vectors
-- element by element still gives the vector of the sum. The functions below are 0003's and 0006's with those two added; the
-- tables are upserted in one order — hourly, daily, weekly, account — so concurrent statements
-- lock shared buckets in the same order.
-- Writes wait while this migration runs, so the backfill below and the new triggers see the same events.
LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
-- The cumulative vector of one day (element k: the counts of hours [0, k)), from the hours (0–23)
-- that have counts.
CREATE OR REPLACE FUNCTION rollup_hour_vector(hours int[], counts bigint[]) RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(c.total::bigint ORDER BY c.h)
  FROM (
    SELECT s.h, sum(coalesce(n.n, 0)) OVER (ORDER BY s.h) AS total
    FROM generate_series(0, 23) AS s(h)
    LEFT JOIN (SELECT u.h, sum(u.n) AS n FROM unnest(hours, counts) AS u(h, n) GROUP BY u.h) n ON n.h = s.h
  ) c
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rollup_add_vectors(a bigint[], b bigint[]) RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(x + y ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i)
$$;
--> statement-breakpoint
-- The Monday that starts a day's week (2000-01-03 was a Monday).
CREATE OR REPLACE FUNCTION rollup_week_of(day date) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT day - (((day - DATE '2000-01-03') % 7 + 7) % 7)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION event_rollups_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_rollups_hourly AS r (account_id, hour, webhook_id, status, events, executions)
  SELECT account_id, date_trunc('hour', detected_at, 'UTC'), webhook_id, status, count(*), sum(attempt_count)
  FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (account_id, hour, webhook_id, status)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions;

  INSERT INTO event_rollups_daily AS r (account_id, day, webhook_id, events, executions, events_before_hour, executions_before_hour)
  SELECT account_id, day, webhook_id, sum(events), sum(executions),
         rollup_hour_vector(array_agg(h), array_agg(events)), rollup_hour_vector(array_agg(h), array_agg(executions))
  FROM (
    SELECT account_id, (detected_at AT TIME ZONE 'UTC')::date AS day, webhook_id,
           extract(hour FROM detected_at AT TIME ZONE 'UTC')::int AS h, count(*) AS events, sum(attempt_count)::bigint AS executions
    FROM new_rows GROUP BY 1, 2, 3, 4
  ) g
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, day, webhook_id)
  DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions,
                events_before_hour = rollup_add_vectors(r.events_before_hour, excluded.events_before_hour),
                executions_before_hour = rollup_add_vectors(r.executions_before_hour, excluded.executions_before_hour);

  INSERT INTO event_rollups_weekly AS r (account_id, week, webhook_id, events)
  SELECT account_id, rollup_week_of((detected_at AT TIME ZONE 'UTC')::date), webhook_id, count(*)
  FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, week, webhook_id)
  DO UPDATE SET events = r.events + excluded.events;

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
  -- As 0006: every new row counts +1 and every old row -1 in its bucket, and buckets that net to zero
  -- (claims, lease changes) are dropped. Data-modifying CTEs all run to completion whatever reads
  -- them, but in no set order; each upsert reads the previous one's row count (a one-time filter,
  -- evaluated first) so they run hourly, then daily, then weekly, then account.
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
    INSERT INTO event_rollups_daily AS r (account_id, day, webhook_id, events, executions, events_before_hour, executions_before_hour)
    SELECT account_id, day, webhook_id, sum(events), sum(executions),
           rollup_hour_vector(array_agg(h), array_agg(events)), rollup_hour_vector(array_agg(h), array_agg(executions))
    FROM (
      SELECT account_id, (hour AT TIME ZONE 'UTC')::date AS day, webhook_id, extract(hour FROM hour AT TIME ZONE 'UTC')::int AS h,
             sum(events)::bigint AS events, sum(executions)::bigint AS executions
      FROM deltas
      WHERE (SELECT count(*) FROM per_webhook) >= 0
      GROUP BY 1, 2, 3, 4
      HAVING sum(events) <> 0 OR sum(executions) <> 0
    ) g
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (account_id, day, webhook_id)
    DO UPDATE SET events = r.events + excluded.events, executions = r.executions + excluded.executions,
                  events_before_hour = rollup_add_vectors(r.events_before_hour, excluded.events_before_hour),
                  executions_before_hour = rollup_add_vectors(r.executions_before_hour, excluded.executions_before_hour)
    RETURNING 1
  ), per_week AS (
    INSERT INTO event_rollups_weekly AS r (account_id, week, webhook_id, events)
    SELECT account_id, rollup_week_of((hour AT TIME ZONE 'UTC')::date), webhook_id, sum(events)
    FROM deltas
    WHERE (SELECT count(*) FROM per_day) >= 0
    GROUP BY 1, 2, 3
    HAVING sum(events) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (account_id, week, webhook_id)
    DO UPDATE SET events = r.events + excluded.events
    RETURNING 1
  )
  INSERT INTO account_event_rollups_hourly AS r (account_id, hour, status, events, executions)
  SELECT account_id, hour, status, sum(events), sum(executions)
  FROM deltas
  WHERE (SELECT count(*) FROM per_week) >= 0
  GROUP BY 1, 2, 3
  HAVING sum(events) <> 0 OR sum(executions) <> 0
  ORDER BY 1, 2, 3
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
--> statement-breakpoint
-- Backfill from the hourly rollup, which the triggers have kept equal to events.
UPDATE event_rollups_daily d
SET events_before_hour = v.events_before_hour, executions_before_hour = v.executions_before_hour
FROM (
  SELECT account_id, (hour AT TIME ZONE 'UTC')::date AS day, webhook_id,
         rollup_hour_vector(array_agg(extract(hour FROM hour AT TIME ZONE 'UTC')::int), array_agg(events)) AS events_before_hour,
         rollup_hour_vector(array_agg(extract(hour FROM hour AT TIME ZONE 'UTC')::int), array_agg(executions)) AS executions_before_hour
  FROM (
    SELECT account_id, hour, webhook_id, sum(events)::bigint AS events, sum(executions)::bigint AS executions
    FROM event_rollups_hourly GROUP BY 1, 2, 3
  ) h
  GROUP BY 1, 2, 3
) v
WHERE d.account_id = v.account_id AND d.day = v.day AND d.webhook_id = v.webhook_id;
--> statement-breakpoint
INSERT INTO event_rollups_weekly (account_id, week, webhook_id, events)
SELECT account_id, rollup_week_of(day), webhook_id, sum(events)
FROM event_rollups_daily GROUP BY 1, 2, 3
HAVING sum(events) <> 0;
