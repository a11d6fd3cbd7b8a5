import "server-only";
// Retention's statements (lib/retention/retention.ts owns the periods and the pacing). Each one is a
// small batch in key order, in its own short transaction, so it never holds locks the delivery path
// waits on for long.
import { sql } from "drizzle-orm";
import { query, type DbOrTx } from "@/db/client";

/**
 * The smallest UUIDv7 of the millisecond `at` (migration `event_ids_uuid_v7`): every event id below
 * it was created before `at`. Bounding the walk of events_pkey by it means a pass reads only the
 * table's old end, never the live part.
 */
export function uuidV7Floor(at: Date): string {
  const hex = Math.max(0, Math.floor(at.getTime())).toString(16).padStart(12, "0").slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

type DeleteExpiredEventsParams = {
  cutoff: Date;
  limit: number;
  accountId?: string;
};

/**
 * Deletes up to `limit` events detected (and created) before `cutoff` that are finished — delivered,
 * failed for good, or never triggered — in id order, with their attempts. Events still due or
 * retrying stay, and so do events of trigger_once_per_company webhooks (their company key is what
 * stops a company from triggering the webhook twice). The rollups keep their counts: the delete
 * trigger skips them under hookline.retention (migration `retention`). Rows another transaction
 * holds are skipped, not waited for.
 */
export async function deleteExpiredEvents(
  db: DbOrTx,
  { cutoff, limit, accountId }: DeleteExpiredEventsParams,
): Promise<{ events: number; attempts: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('hookline.retention', 'on', true)`);
    const rows = await query<{ events: number | string; attempts: number | string }>(
      tx,
      sql`with doomed as (
            select id from events
            where id < ${uuidV7Floor(cutoff)}::uuid
              and detected_at < ${cutoff.toISOString()}::timestamptz
              and company_key is null
              ${accountId ? sql`and account_id = ${accountId}` : sql``}
              and (status in ('success', 'not_triggered') or (status = 'failed' and next_attempt_at is null))
            order by id
            limit ${limit}
            for update skip locked
          ), gone as (
            delete from events e using doomed where e.id = doomed.id returning e.id
          ), attempts_gone as (
            delete from attempts a using gone where a.event_id = gone.id returning 1
          )
          select (select count(*) from gone) as events, (select count(*) from attempts_gone) as attempts`,
    );
    return { events: Number(rows[0]?.events ?? 0), attempts: Number(rows[0]?.attempts ?? 0) };
  });
}

type DeleteExpiredEventlessAttemptsParams = {
  cutoff: Date;
  limit: number;
  accountId?: string;
};

/** Test sends made before a webhook was saved (attempts without an event), started before `cutoff`. */
export async function deleteExpiredEventlessAttempts(
  db: DbOrTx,
  { cutoff, limit, accountId }: DeleteExpiredEventlessAttemptsParams,
): Promise<number> {
  const rows = await query<{ id: number }>(
    db,
    sql`delete from attempts where id in (
          select id from attempts where event_id is null and started_at < ${cutoff.toISOString()}::timestamptz
            ${accountId ? sql`and account_id = ${accountId}` : sql``}
          order by id limit ${limit}
        ) returning id`,
  );
  return rows.length;
}

/** `accountId` limits a pass to one team (tests on a shared database), with a cursor of its own. */
const bodyCursor = (accountId?: string) => (accountId ? `attempt_bodies:${accountId}` : "attempt_bodies");

type TrimAttemptBodiesParams = {
  cutoff: Date;
  limit: number;
  accountId?: string;
};

/**
 * Trims the response bodies (and headers) of attempts started before `cutoff`, walking attempts in id order from
 * where the last pass stopped: it takes the next `limit` ids, trims up to the first attempt not old
 * enough yet, and moves the cursor there. Ids grow with start times (an attempt is inserted as it
 * starts), so the walk ends at the first young attempt. Answers the bodies trimmed and whether the
 * walk reached attempts too young to trim.
 */
export async function trimAttemptBodies(
  db: DbOrTx,
  { cutoff, limit, accountId }: TrimAttemptBodiesParams,
): Promise<{ trimmed: number; isCaughtUp: boolean }> {
  const cursor = bodyCursor(accountId);
  const ofAccount = accountId ? sql`and account_id = ${accountId}` : sql``;
  return db.transaction(async (tx) => {
    const rows = await query<{ last_old: number | string | null; first_young: number | string | null; seen: number | string }>(
      tx,
      sql`with batch as (
            select id, started_at < ${cutoff.toISOString()}::timestamptz as is_old from attempts
            where id > coalesce((select position from retention_cursors where name = ${cursor}), 0) ${ofAccount}
            order by id
            limit ${limit}
          ), young as (select min(id) as id from batch where not is_old)
          select (select max(id) from batch where is_old and id < coalesce((select id from young), 'infinity'::numeric)) as last_old,
                 (select id from young) as first_young,
                 (select count(*) from batch) as seen`,
    );
    const lastOld = rows[0]?.last_old == null ? null : Number(rows[0].last_old);
    const isCaughtUp = rows[0]?.first_young != null || Number(rows[0]?.seen ?? 0) < limit;
    if (lastOld === null) return { trimmed: 0, isCaughtUp };
    const trimmed = await query<{ id: number }>(
      tx,
      // Response headers (bounded like the body, and as personal) go with the body.
      sql`update attempts set response_body = null, response_headers = null
          where id > coalesce((select position from retention_cursors where name = ${cursor}), 0) and id <= ${lastOld}
            and (response_body is not null or response_headers is not null) ${ofAccount}
          returning id`,
    );
    await tx.execute(
      sql`insert into retention_cursors (name, position, updated_at) values (${cursor}, ${lastOld}, now())
          on conflict (name) do update set position = greatest(retention_cursors.position, excluded.position), updated_at = now()`,
    );
    return { trimmed: trimmed.length, isCaughtUp };
  });
}

const DELETED_BEFORE = "events_deleted_before";

/**
 * Remembers that events detected before `cutoff` have been deleted (the latest such cutoff wins), for
 * counts to know where only the rollups remain. `accountId`: a pass limited to one team (tests).
 */
export async function recordEventsDeletedBefore(db: DbOrTx, cutoff: Date, accountId?: string): Promise<void> {
  const name = accountId ? `${DELETED_BEFORE}:${accountId}` : DELETED_BEFORE;
  await db.execute(
    sql`insert into retention_cursors (name, position, updated_at) values (${name}, ${cutoff.getTime()}, now())
        on conflict (name) do update set position = greatest(retention_cursors.position, excluded.position), updated_at = now()`,
  );
}

/** Before this instant the team's events may have been deleted by retention (undefined: never). */
export async function readEventsDeletedBefore(db: DbOrTx, accountId: string): Promise<Date | undefined> {
  const rows = await query<{ position: number | string | null }>(
    db,
    sql`select max(position) as position from retention_cursors where name in (${DELETED_BEFORE}, ${`${DELETED_BEFORE}:${accountId}`})`,
  );
  const position = rows[0]?.position;
  return position === null || position === undefined ? undefined : new Date(Number(position));
}
