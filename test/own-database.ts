// A fresh, migrated database on the test's PostgreSQL server, dropped by `close`: for tests whose
// server processes (cron routes, schedulers) act on every account's events, kept off other tests'.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { getDb, openDatabase } from "@/db/client";

export async function openOwnDatabase(prefix = "hookline_own") {
  const shared = await getDb();
  const name = `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await shared.execute(sql.raw(`create database ${name}`));
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  return {
    db: handle.db,
    url: url.toString(),
    close: async () => {
      await handle.close();
      await shared.execute(sql.raw(`drop database if exists ${name} with (force)`));
    },
  };
}
