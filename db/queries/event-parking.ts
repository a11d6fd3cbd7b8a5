import "server-only";
// Parking: a paused or archived webhook's due events leave events_due_idx (next_attempt_at = null),
// so a claim never walks past them — 700,000 events of one paused webhook at the head of the index
// would otherwise slow every tenant's claims. Parked events keep their status and first_failed_at;
// resuming makes them due at once. Neither step moves the 48-hour retry window (SPEC §2), which hangs
// off first_failed_at alone: a failed event whose window ended while parked stays "retries exhausted".
// An event leased by an attempt in flight is left alone: its result write (recordDeliveryResults)
// parks it when its webhook is no longer live. The claim's per-row webhook check remains the safety
// net for whatever slips through (a lease handed back unsent, a result written while a pause commits).
import { sql } from "drizzle-orm";
import { query, type DbOrTx } from "../client";

type ParkWebhookEventsParams = {
  accountId: string;
  webhookId: string;
  now: Date;
};

/** Parks the webhook's due events, leases in flight excepted. Returns how many were parked. */
export async function parkWebhookEvents(db: DbOrTx, { accountId, webhookId, now }: ParkWebhookEventsParams): Promise<number> {
  const [row] = await query<{ parked: number }>(
    db,
    sql`
      with parked as (
        update events e
        set next_attempt_at = null
        where e.account_id = ${accountId}::uuid
          and e.webhook_id = ${webhookId}::uuid
          and e.status in ('in_progress', 'failed')
          and e.next_attempt_at is not null
          and not (e.lease_id is not null and e.next_attempt_at > ${now.toISOString()}::timestamptz)
        returning 1
      )
      select count(*)::int as parked from parked`,
  );
  return Number(row?.parked ?? 0);
}

type ResumeParkedWebhookEventsParams = {
  accountId: string;
  webhookId: string;
  now: Date;
  retryWindowStart: Date;
};

/**
 * Makes the webhook's parked events due at `now`: every in_progress one, and the failed ones whose
 * first failure came after `retryWindowStart` (now minus the retry window, i.e. their window is still
 * open). Failed events with an older first failure stay without a next attempt. Returns how many.
 */
export async function resumeParkedWebhookEvents(
  db: DbOrTx,
  { accountId, webhookId, ...options }: ResumeParkedWebhookEventsParams,
): Promise<number> {
  const [row] = await query<{ resumed: number }>(
    db,
    sql`
      with resumed as (
        update events e
        set next_attempt_at = ${options.now.toISOString()}::timestamptz
        where e.account_id = ${accountId}::uuid
          and e.webhook_id = ${webhookId}::uuid
          and e.status in ('in_progress', 'failed')
          and e.next_attempt_at is null
          and (e.status = 'in_progress' or e.first_failed_at > ${options.retryWindowStart.toISOString()}::timestamptz)
        returning 1
      )
      select count(*)::int as resumed from resumed`,
  );
  return Number(row?.resumed ?? 0);
}
