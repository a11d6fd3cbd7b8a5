// A fresh, migrated database on the test's PostgreSQL server, dropped by `close`: for tests whose
// server processes (cron routes, schedulers) act on every account's events, kept off other tests'.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { sql } from "drizzle-orm";
import { closeDb, getDb, openDatabase } from "@/db/client";

const freshName = (prefix: string) => `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;

export async function openOwnDatabase(prefix = "hookline_own") {
  const shared = await getDb();
  const name = freshName(prefix);
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

/**
 * On a PostgreSQL server, points this test process's own database (`getDb`, and so every route it
 * calls) at a fresh database before first use: for test files that call routes acting on every
 * account (a cron run drains the whole server's due events), so other files' rows cannot slow or
 * change them. On PGlite each test process already has its own in-memory database: nothing to do.
 * Returns what drops it again.
 */
export async function useOwnDatabaseForThisProcess(prefix = "hookline_file"): Promise<() => Promise<void>> {
  const sharedUrl = process.env.DATABASE_URL;
  if (!sharedUrl) return async () => {};
  const name = freshName(prefix);
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: sharedUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await closeDb();
  await admin(`create database ${name}`);
  const url = new URL(sharedUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  return async () => {
    await closeDb();
    process.env.DATABASE_URL = sharedUrl;
    await admin(`drop database if exists ${name} with (force)`);
  };
}
