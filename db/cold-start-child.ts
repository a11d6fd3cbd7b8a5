// Run as a child process by cold-start.test.ts: one instance starting on the database in
// DATABASE_URL (migrate, seed), then its first query.
import { sql } from "drizzle-orm";
import { openDatabase, query } from "./client";

const handle = await openDatabase();
const [row] = await query<{ accounts: number }>(handle.db, sql`select count(*)::int as accounts from accounts`);
process.stdout.write(`ok ${row.accounts}\n`);
await handle.close();
