// One database per process: node-postgres when DATABASE_URL is set, embedded PGlite otherwise.
// The instance lives on globalThis so dev reloads and route bundles share it; PGlite does not lock
// its data folder, so two instances on one folder would corrupt it. A failed start is not cached.
import path from "node:path";
import { and, eq, ne, sql } from "drizzle-orm";
import { drizzle as drizzleNodePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { legacyPgliteDataDir, pgliteDataDir } from "./data-dir";
import * as schema from "./schema";

export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle; every query function takes `Db | Tx`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export const DEFAULT_ACCOUNT_ID = "00000000-0000-4000-8000-000000000001";

/** Connections of the PostgreSQL pool (metrics): open, idle, and requests waiting for one. */
export type PoolStats = { total: number; idle: number; waiting: number };

type DatabaseHandle = { db: Db; driver: "postgres" | "pglite"; close: () => Promise<void>; poolStats?: () => PoolStats };

const globalForDb = globalThis as unknown as { hooklineDb?: Promise<DatabaseHandle> };

export function migrationsFolder(): string {
  return process.env.MIGRATIONS_DIR ?? path.join(process.cwd(), "db", "migrations");
}

export { pgliteDataDir } from "./data-dir";

/** A database left inside the project by an earlier version is not moved: say where it is and how to keep it. */
function noticeLegacyDataDir(dataDir: string, exists: (file: string) => boolean): void {
  const legacy = legacyPgliteDataDir();
  if (process.env.PGLITE_DIR || exists(dataDir) || !exists(legacy)) return;
  console.warn(
    `[db] The embedded database now lives outside the project, in ${dataDir}. An earlier one is in ${legacy}: ` +
      `to keep its data, stop the server and run \`mkdir -p ${path.dirname(dataDir)} && mv .data/* ${path.dirname(dataDir)}/\`.`,
  );
}

/** Advisory lock key held while one instance migrates and seeds ("hookline" in ASCII). */
const MIGRATION_LOCK_KEY = 0x686f6f6b6c696e65n;

/** How long a starting instance waits between tries of the migration lock. */
const MIGRATION_LOCK_RETRY_MS = 200;

/**
 * Instances starting together take turns: the first migrates and seeds, the others then find nothing
 * left to do. The lock is a transaction lock held by an open transaction on a connection of its own
 * while `work` runs on the pool, not a session lock: behind PgBouncer in transaction mode a session's
 * statements land on whichever server connection is free, so a session lock there neither keeps a
 * second instance out (it may get the same server connection, where the lock is already "its own")
 * nor is reliably released (the unlock can land elsewhere, leaving later instances waiting). A
 * transaction keeps its server connection until it ends, directly or through PgBouncer. Waiters try
 * and roll back rather than block, so they hold no server connection between tries.
 */
async function whileHoldingMigrationLock(url: string, work: () => Promise<void>): Promise<void> {
  const { Client } = await import("pg");
  const lock = new Client({ connectionString: url, connectionTimeoutMillis: Number(process.env.DATABASE_CONNECT_TIMEOUT_MS ?? 5_000) });
  lock.on("error", () => {});
  await lock.connect();
  try {
    for (;;) {
      await lock.query("begin");
      // The transaction idles while the pool migrates: a role's idle-in-transaction timeout must not end it.
      await lock.query("set local idle_in_transaction_session_timeout = 0");
      const { rows } = await lock.query<{ locked: boolean }>("select pg_try_advisory_xact_lock($1) as locked", [MIGRATION_LOCK_KEY.toString()]);
      if (rows[0]?.locked) break;
      await lock.query("rollback");
      await new Promise((resolve) => setTimeout(resolve, MIGRATION_LOCK_RETRY_MS));
    }
    try {
      await work();
    } catch (error) {
      await lock.query("rollback").catch(() => {});
      throw error;
    }
    await lock.query("commit");
  } finally {
    await lock.end().catch(() => {});
  }
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const { Pool } = await import("pg");
  const pool = new Pool({
    connectionString: url,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    // A restarted server leaves dead sockets in the pool; drop them rather than crash.
    idleTimeoutMillis: 30_000,
    // An unreachable server fails a request in seconds (answered 503) instead of hanging it.
    connectionTimeoutMillis: Number(process.env.DATABASE_CONNECT_TIMEOUT_MS ?? 5_000),
    // No JIT: every statement here reads or writes a few rows by index, and a cost estimate over a
    // big table (an empty one's guess, a union) made PostgreSQL spend ~30 ms compiling a query that
    // runs in under 1 ms (an event search by id on 1 M events). A SET on each new connection before
    // the pool hands it out, not an `options` startup parameter, which PgBouncer refuses by default.
    // Behind PgBouncer in transaction mode this SET reaches one server connection only: there, set
    // jit = off for the role or database instead (docs/scaling.md, PgBouncer).
    onConnect: async (client) => {
      await client.query("set jit = off").catch((error: Error) => console.error("[db] set jit = off failed:", error.message));
    },
  });
  pool.on("error", (error) => console.error("[db] idle client error:", error.message));
  // A connection terminated while checked out between two queries (inside a transaction, say) emits
  // 'error' on its client, which nothing else listens to then: without this the process would
  // crash. The query in progress, or the next one, fails by itself (answered 503, retried).
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = drizzleNodePg(pool, { schema });
  await whileHoldingMigrationLock(url, async () => {
    const client = await pool.connect();
    try {
      const locked = drizzleNodePg(client, { schema });
      await migrateNodePg(locked, { migrationsFolder: migrationsFolder() });
      await ensureDefaultAccount(locked as unknown as Db);
    } finally {
      client.release();
    }
  });
  const poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
  return { db, driver: "postgres", close: () => pool.end(), poolStats };
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (!dataDir.startsWith("memory://")) {
    const { existsSync, mkdirSync } = await import("node:fs");
    noticeLegacyDataDir(dataDir, existsSync);
    mkdirSync(dataDir, { recursive: true });
  }
  // pg_trgm: migration `event_search_and_replays` creates it (event search then used trigram indexes;
  // `event_search_words` replaced them with word indexes, but a migrated database still has it).
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  await ensureDefaultAccount(db as unknown as Db);
  // Both drivers expose the same query builder; `execute` answers `{ rows }` on both.
  return { db: db as unknown as Db, driver: "pglite", close: () => client.close() };
}

/** Opens (and migrates) a database outside the per-process singleton; the caller closes it. */
export async function openDatabase(options: { url?: string; dataDir?: string } = {}): Promise<DatabaseHandle> {
  const url = options.url ?? process.env.DATABASE_URL ?? "";
  return url ? openPostgres(url) : openPglite(options.dataDir ?? pgliteDataDir());
}

const open = () => openDatabase();

/** The shortest `API_KEY` accepted: shorter keys can be guessed. */
export const MIN_ENV_API_KEY_LENGTH = 32;
const ENV_API_KEY_NAME = "API_KEY";

/**
 * The default account (today's data, which becomes the first person's team) and the `API_KEY` of
 * the environment as one of its keys. A changed or removed `API_KEY` revokes the previous one.
 */
async function ensureDefaultAccount(db: Db): Promise<void> {
  await db
    .insert(schema.accounts)
    .values({ id: DEFAULT_ACCOUNT_ID, name: "Default team", slug: "default" })
    .onConflictDoNothing();
  const apiKey = process.env.API_KEY ?? "";
  const isUsable = apiKey.length >= MIN_ENV_API_KEY_LENGTH;
  if (apiKey && !isUsable) console.error(`[api] API_KEY is shorter than ${MIN_ENV_API_KEY_LENGTH} characters: not accepted`);
  const { apiKeyHints, hashApiKey } = await import("../lib/api-keys");
  const keyHash = isUsable ? hashApiKey(apiKey) : "";
  await db.transaction(async (tx) => {
    await tx
      .delete(schema.apiKeys)
      .where(
        and(
          eq(schema.apiKeys.accountId, DEFAULT_ACCOUNT_ID),
          eq(schema.apiKeys.name, ENV_API_KEY_NAME),
          ne(schema.apiKeys.keyHash, keyHash),
        ),
      );
    if (isUsable) {
      await tx
        .insert(schema.apiKeys)
        .values({ accountId: DEFAULT_ACCOUNT_ID, name: ENV_API_KEY_NAME, keyHash, ...apiKeyHints(apiKey) })
        .onConflictDoNothing();
    }
  });
}

export function getDatabase(): Promise<DatabaseHandle> {
  if (!globalForDb.hooklineDb) {
    const opening = open();
    globalForDb.hooklineDb = opening;
    opening.catch(() => {
      if (globalForDb.hooklineDb === opening) globalForDb.hooklineDb = undefined;
    });
  }
  return globalForDb.hooklineDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.hooklineDb;
  globalForDb.hooklineDb = undefined;
  if (current) await (await current).close();
}

/** Rows of a raw statement, the same on both drivers. */
export async function query<T>(db: DbOrTx, statement: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Runs `work` in a transaction with these planner settings (`set_config(…, true)`), which end with
 * it: for the few statements whose plan must not depend on the planner's estimates.
 */
export async function withPlannerSettings<T>(db: DbOrTx, settings: Record<string, string>, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const calls = Object.entries(settings).map(([name, value]) => sql`set_config(${name}, ${value}, true)`);
    await tx.execute(sql`select ${sql.join(calls, sql`, `)}`);
    return work(tx);
  });
}
