import "server-only";
// The audit log: appended to (never changed), read a page at a time newest first, pruned by age.
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { query } from "../client";
import { auditLog, type AuditLogEntry, type NewAuditLogEntry } from "../schema";

export async function insertAuditEntries(db: DbOrTx, entries: NewAuditLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(auditLog).values(entries);
}

export type AuditLogFilter = {
  /** A person's user id or an API key's id. */
  actorId?: string;
  action?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
};

type ListAuditEntriesParams = {
  accountId: string;
  filter: AuditLogFilter;
  page: { limit: number; beforeId?: number };
};

/**
 * A page of a team's entries, newest first. `beforeId` is the previous page's last id (ids are the
 * insertion order); one row more than `limit` is read to know whether another page follows.
 */
export async function listAuditEntries(
  db: DbOrTx,
  { accountId, filter, page }: ListAuditEntriesParams,
): Promise<{ entries: AuditLogEntry[]; hasMore: boolean }> {
  const conditions = [eq(auditLog.accountId, accountId)];
  if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.from) conditions.push(gte(auditLog.createdAt, filter.from));
  if (filter.to) conditions.push(lt(auditLog.createdAt, filter.to));
  if (page.beforeId !== undefined) conditions.push(lt(auditLog.id, page.beforeId));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(page.limit + 1);
  return { entries: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

export type AuditActorOption = { actorType: "user" | "api_key"; actorId: string; actorName: string; actorEmail: string | null };

/** Everyone who appears in a team's log (the person filter), latest name first; at most `limit`. */
export async function listAuditActors(db: DbOrTx, accountId: string, limit = 200): Promise<AuditActorOption[]> {
  return query<AuditActorOption>(
    db,
    sql`select actor_type as "actorType", actor_id as "actorId", actor_name as "actorName", actor_email as "actorEmail"
        from (
          select distinct on (actor_id) actor_type, actor_id, actor_name, actor_email
          from audit_log where account_id = ${accountId}
          order by actor_id, id desc
        ) actors
        order by lower(actor_name), actor_id
        limit ${limit}`,
  );
}

/**
 * Deletes up to `batchSize` entries older than `cutoff`, oldest first, and answers how many. The
 * table's trigger lets only this transaction-local setting (or a deleted team) delete entries.
 */
export async function deleteAuditEntriesBefore(db: DbOrTx, cutoff: Date, batchSize: number): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('hookline.audit_prune', 'on', true)`);
    const rows = await query<{ id: number }>(
      tx,
      sql`delete from audit_log where id in (
            select id from audit_log where created_at < ${cutoff.toISOString()}::timestamptz order by created_at limit ${batchSize}
          ) returning id`,
    );
    return rows.length;
  });
}
