import "server-only";
// Alerts and the channels they go to (Settings → Notifications).
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { query, type DbOrTx } from "../client";
import { alerts, members, notificationSettings, users, type Alert, type NotificationSettings } from "../schema";

export async function getNotificationSettings(db: DbOrTx, accountId: string): Promise<NotificationSettings | undefined> {
  const [row] = await db.select().from(notificationSettings).where(eq(notificationSettings.accountId, accountId));
  return row;
}

export async function upsertNotificationSettings(
  db: DbOrTx,
  accountId: string,
  values: { emailUserIds: string[]; slackUrl: string | null; opsUrl: string | null; opsSecret: string | null },
): Promise<NotificationSettings> {
  const [row] = await db
    .insert(notificationSettings)
    .values({ accountId, ...values })
    .onConflictDoUpdate({ target: notificationSettings.accountId, set: { ...values, updatedAt: sql`now()` } })
    .returning();
  return row;
}

/** Emails of these users that are members of the team (a member who left gets nothing). */
export async function memberEmails(db: DbOrTx, accountId: string, userIds: readonly string[]): Promise<{ userId: string; email: string }[]> {
  if (userIds.length === 0) return [];
  return db
    .select({ userId: users.id, email: users.email })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.organizationId, accountId), inArray(members.userId, [...userIds])));
}

/** Inserts the alert unless one with its dedupe key exists; returns it only when inserted. */
export async function insertAlertOnce(
  db: DbOrTx,
  alert: { accountId: string; webhookId: string | null; type: string; text: string; data: Record<string, unknown>; dedupeKey: string },
): Promise<Alert | undefined> {
  const [row] = await db.insert(alerts).values(alert).onConflictDoNothing().returning();
  return row;
}

export async function setAlertDeliveries(db: DbOrTx, id: number, deliveries: unknown[]): Promise<void> {
  await db.update(alerts).set({ deliveries }).where(eq(alerts.id, id));
}

export async function listAlerts(db: DbOrTx, accountId: string, limit = 50): Promise<Alert[]> {
  return db.select().from(alerts).where(eq(alerts.accountId, accountId)).orderBy(desc(alerts.id)).limit(limit);
}

export type CreditAlertCandidate = {
  account_id: string;
  credits: number;
  /** The latest top-up (credit transaction with a positive amount), 0 before any: alerts are once per top-up. */
  last_top_up_id: number;
  /** Events left not triggered (no credit) since that top-up. */
  has_not_triggered: boolean;
};

/** Teams with a live webhook whose credits are at or under `threshold`. */
export async function listCreditAlertCandidates(
  db: DbOrTx,
  options: { threshold: number; accountId?: string },
): Promise<CreditAlertCandidate[]> {
  const rows = await query<Record<string, unknown>>(db, sql`
    select a.id as account_id, a.credits, coalesce(t.id, 0) as last_top_up_id,
           (a.credits <= 0 and exists (
             select 1 from events e
             where e.account_id = a.id and e.status = 'not_triggered' and e.detected_at > coalesce(t.created_at, '-infinity'::timestamptz)
           )) as has_not_triggered
    from accounts a
    left join lateral (
      select id, created_at from credit_transactions
      where account_id = a.id and amount > 0 order by id desc limit 1
    ) t on true
    where a.credits <= ${options.threshold}
      ${options.accountId ? sql`and a.id = ${options.accountId}::uuid` : sql``}
      and exists (select 1 from webhooks w where w.account_id = a.id and w.is_active and not w.is_archived)`);
  return rows.map((row) => ({
    account_id: String(row.account_id),
    credits: Number(row.credits),
    last_top_up_id: Number(row.last_top_up_id),
    has_not_triggered: row.has_not_triggered === true || row.has_not_triggered === "t",
  }));
}

/**
 * Per team, the failed events whose retry window closed in [from, to) of their first failure (they
 * gave up then) and that nothing retries now: the hourly `event.exhausted` digest.
 */
export async function countEventsExhaustedBetween(
  db: DbOrTx,
  options: { firstFailedFrom: Date; firstFailedTo: Date; accountId?: string },
): Promise<{ account_id: string; events: number; webhook_ids: string[] }[]> {
  const rows = await query<{ account_id: string; events: number | string; webhook_ids: string[] }>(
    db,
    sql`
      select e.account_id, count(*) as events, array_agg(distinct e.webhook_id::text) as webhook_ids
      from events e
      where e.status = 'failed' and e.next_attempt_at is null
        and e.first_failed_at >= ${options.firstFailedFrom.toISOString()}::timestamptz
        and e.first_failed_at < ${options.firstFailedTo.toISOString()}::timestamptz
        ${options.accountId ? sql`and e.account_id = ${options.accountId}::uuid` : sql``}
      group by e.account_id`,
  );
  return rows.map((row) => ({ account_id: String(row.account_id), events: Number(row.events), webhook_ids: row.webhook_ids }));
}
