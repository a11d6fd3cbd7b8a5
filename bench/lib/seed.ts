// Set-based seeding for benchmarks: an account, webhooks aimed at the bench receiver, and due events.
import { sql } from "drizzle-orm";
import { query, type Db } from "@/db/client";
import { encryptPlaintextSecrets } from "@/lib/webhooks/secret-migration";

export async function createBenchAccount(db: Db, name: string, credits = 0): Promise<string> {
  const [row] = await query<{ id: string }>(db, sql`insert into accounts (name, credits) values (${name}, ${credits}) returning id`);
  return row.id;
}

export async function createJobWebhooks(
  db: Db,
  accountId: string,
  count: number,
  urlFor: (index: number) => string,
): Promise<string[]> {
  const [search] = await query<{ id: string }>(
    db,
    sql`insert into searches (account_id, name, type, filters) values (${accountId}, 'bench: all jobs', 'job', '{}'::jsonb) returning id`,
  );
  const urls = Array.from({ length: count }, (_, index) => urlFor(index));
  const rows = await query<{ id: string }>(
    db,
    sql`insert into webhooks (account_id, search_id, name, url, secret, listening_start_time)
        select ${accountId}, ${search.id}, 'bench hook ' || ordinality, url, 'whsec_' || encode(decode(md5(random()::text) || md5(random()::text), 'hex'), 'base64'), null
        from unnest(${sql.raw(`ARRAY[${urls.map((url) => `'${url.replace(/'/g, "''")}'`).join(",")}]::text[]`)}) with ordinality as u(url)
        order by ordinality
        returning id`,
  );
  // Stored encrypted, as the app stores them (the same step that encrypts plaintext secrets at start-up).
  await encryptPlaintextSecrets(db);
  return rows.map((row) => row.id);
}

/** `count` jobs, each with one in_progress event due now, spread round-robin over the webhooks. */
export async function seedDueEvents(db: Db, accountId: string, webhookIds: string[], count: number, batch = 50_000): Promise<void> {
  const webhookArray = sql.raw(`ARRAY[${webhookIds.map((id) => `'${id}'`).join(",")}]::uuid[]`);
  for (let offset = 0; offset < count; offset += batch) {
    const size = Math.min(batch, count - offset);
    await db.execute(sql`
      with new_jobs as (
        insert into jobs (account_id, external_id, title, company_name, company_domain, country_code, remote, data, discovered_at)
        select ${accountId}, 'bench-' || md5(random()::text) || '-' || g, 'Senior Data Engineer ' || g, 'Acme ' || (g % 997),
               'acme' || (g % 997) || '.example', 'ES', true,
               jsonb_build_object('external_id', 'bench-' || g, 'title', 'Senior Data Engineer ' || g,
                 'company_name', 'Acme ' || (g % 997), 'country_code', 'ES', 'remote', true),
               now()
        from generate_series(1, ${size}) as g
        returning id
      ), numbered as (
        select id, row_number() over (order by id) as n from new_jobs
      )
      insert into events (account_id, webhook_id, type, job_id, status, detected_at, triggered_at, next_attempt_at)
      select ${accountId}, (${webhookArray})[1 + (n % ${webhookIds.length})], 'job', id, 'in_progress', now(), now(), now()
      from numbered`);
  }
}

export async function countByStatus(db: Db, accountId: string): Promise<Record<string, number>> {
  const rows = await query<{ status: string; n: number }>(
    db,
    sql`select status, count(*)::int as n from events where account_id = ${accountId} group by status`,
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

/**
 * `count` finished (success) events detected `ageDays` ago, each with one attempt (a short response
 * body), ids made at that time (UUIDv7 of the detection, as ingest then would have made them): what
 * retention finds past RETENTION_DAYS. Spread round-robin over the webhooks.
 */
export async function seedExpiredEvents(db: Db, accountId: string, webhookIds: string[], count: number, ageDays: number, batch = 50_000): Promise<void> {
  const webhookArray = sql.raw(`ARRAY[${webhookIds.map((id) => `'${id}'`).join(",")}]::uuid[]`);
  for (let offset = 0; offset < count; offset += batch) {
    const size = Math.min(batch, count - offset);
    await db.execute(sql`
      with new_jobs as (
        insert into jobs (account_id, external_id, title, country_code, remote, data, discovered_at)
        select ${accountId}, 'old-' || md5(random()::text) || '-' || g, 'Old Data Engineer ' || g, 'ES', true,
               jsonb_build_object('external_id', 'old-' || g, 'title', 'Old Data Engineer ' || g), now() - ${ageDays} * interval '1 day'
        from generate_series(1, ${size}) as g
        returning id
      ), numbered as (
        select id, row_number() over (order by id) as n,
               now() - ${ageDays} * interval '1 day' + (row_number() over (order by id)) * interval '1 millisecond' as at
        from new_jobs
      ), new_events as (
        insert into events (id, account_id, webhook_id, type, job_id, status, detected_at, triggered_at, attempt_count, delivered_at, last_attempt_at, last_response_status)
        select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                 placing substring(int8send((extract(epoch from at) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid,
               ${accountId}, (${webhookArray})[1 + (n % ${webhookIds.length})], 'job', id, 'success', at, at, 1, at, at, 200
        from numbered
        returning id, webhook_id, detected_at
      )
      insert into attempts (account_id, webhook_id, event_id, trigger, url, started_at, duration_ms, request_headers, response_status, response_body, is_success)
      select ${accountId}, webhook_id, id, 'scheduled', 'http://127.0.0.1/old', detected_at, 12, '{}'::jsonb, 200, 'ok', true
      from new_events`);
  }
}
