import "server-only";
// Alerts and the channels they go to (Settings → Notifications).
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
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
