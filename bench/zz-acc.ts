import { sql } from "drizzle-orm";
import { closeDb, getDb, query } from "@/db/client";
import { searchAccountEvents } from "@/db/queries/event-search";
const db = await getDb();
const [acct] = await query<{ id: string }>(db, sql`select id from accounts where name like 'bench event search%' limit 1`);
for (const q of ["Engineer 54321", "Engineer 54321", "Engineer 23456", "Engineer 1234", "Engineer 1234"]) {
  const s = performance.now();
  const rows = await searchAccountEvents(db, { accountId: acct.id, filter: { q }, page: { limit: 51 } });
  console.log(q, rows.length, (performance.now() - s).toFixed(1), "ms");
}
await db.execute(sql`set log_min_duration_statement = 0`);
await closeDb();
