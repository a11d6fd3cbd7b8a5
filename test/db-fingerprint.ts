// A digest of everything the given teams own, to assert that a refused request wrote nothing.
// Scoped to the teams (and their people), so test files running beside it on one server do not
// disturb it.
import { sql } from "drizzle-orm";
import { query, type Db } from "@/db/client";

const TEAM_TABLES = ["api_keys", "credit_transactions", "jobs", "companies", "searches", "webhooks", "events", "attempts", "members", "invitations", "audit_log", "replay_jobs"];
// Bookkeeping that a refused request may still write: a key's "last used" (it was used, then refused).
const IGNORED_COLUMNS: Record<string, string[]> = { api_keys: ["last_used_at"] };

export async function teamFingerprint(db: Db, accountIds: string[], userIds: string[] = []): Promise<string> {
  const teams = sql.join(accountIds.map((id) => sql`${id}::uuid`), sql`, `);
  const parts = TEAM_TABLES.map((table) => {
    const ignored = (IGNORED_COLUMNS[table] ?? []).map((column) => sql` - ${column}`);
    return sql`select ${table} || ':' || (to_jsonb(t)${sql.join(ignored, sql``)})::text as row from ${sql.identifier(table)} t where t.account_id in (${teams})`;
  });
  parts.push(sql`select 'accounts:' || t::text from accounts t where t.id in (${teams})`);
  if (userIds.length > 0) {
    const people = sql.join(userIds.map((id) => sql`${id}`), sql`, `);
    parts.push(sql`select 'users:' || t::text from users t where t.id in (${people})`);
  }
  const [row] = await query<{ digest: string; rows: number }>(
    db,
    sql`select md5(coalesce(string_agg(row, '|' order by row), '')) as digest, count(*)::int as rows from (${sql.join(parts, sql` union all `)}) x`,
  );
  return `${row.rows}:${row.digest}`;
}
