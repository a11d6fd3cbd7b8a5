-- Time-ordered event ids (UUIDv7, RFC 9562): the first 48 bits are the Unix time in ms, the rest stay
-- random (74 bits). A batch of events then lands at the right-hand end of events_pkey instead of on
-- one random leaf page per row, which is most of the pkey's cost on a 75k-row ingest statement.
-- Ids are still opaque uuids to clients (webhook-id header, API paths); none of them is parsed.
-- SQL-language so the planner inlines it into the column default.
CREATE FUNCTION uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        placing substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
        FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;
