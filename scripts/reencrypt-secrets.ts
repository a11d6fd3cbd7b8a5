// npm run secrets:reencrypt [-- --from-key <old key>]
// Re-encrypts every webhook signing secret under HOOKLINE_ENCRYPTION_KEY (the new key), reading
// secrets encrypted under the old key given by --from-key or HOOKLINE_ENCRYPTION_KEY_PREVIOUS
// (comma-separated when several). Plaintext secrets are encrypted too. Safe to run while servers run
// on PostgreSQL (each secret is replaced only if unchanged since read) and to run again; on the
// embedded database, stop the server first (PGlite allows one process). See README, "Rotating the
// encryption key".
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { pgliteDataDir, type Db } from "@/db/client";
import * as schema from "@/db/schema";
import { encryptionKeys } from "@/lib/security/encryption-key";
import { reencryptSecrets } from "@/lib/webhooks/secret-migration";

const USAGE = `Usage: HOOKLINE_ENCRYPTION_KEY=<new key> npm run secrets:reencrypt -- [--from-key <old key>]

  --from-key <key>   the key the secrets are encrypted with now (or HOOKLINE_ENCRYPTION_KEY_PREVIOUS)

Database: DATABASE_URL, else the embedded one (PGLITE_DIR, default ~/.local/share/hookline/<project>-<hash>/pglite).`;

/**
 * The database as it is: no migrations and none of the server's start-up writes (the API_KEY
 * bookkeeping would revoke a key this command's environment does not carry).
 */
async function openExistingDatabase(): Promise<{ db: Db; close: () => Promise<unknown> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new Pool({ connectionString: url, max: 2 });
    return { db: drizzle(pool, { schema }), close: () => pool.end() };
  }
  const dataDir = pgliteDataDir();
  if (!existsSync(dataDir)) throw new Error(`No embedded database at ${dataDir} (set DATABASE_URL or PGLITE_DIR)`);
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  return { db: drizzle(client, { schema }) as unknown as Db, close: () => client.close() };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { "from-key": { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const env = { ...process.env };
  const fromKey = values["from-key"];
  if (fromKey) env.HOOKLINE_ENCRYPTION_KEY_PREVIOUS = [fromKey, env.HOOKLINE_ENCRYPTION_KEY_PREVIOUS].filter(Boolean).join(",");
  let keys;
  try {
    keys = encryptionKeys(env);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const handle = await openExistingDatabase();
  try {
    const summary = await reencryptSecrets(handle.db, keys);
    console.log(
      `Re-encrypted ${summary.rewritten} of ${summary.scanned} signing secrets under key ${keys.current.id} (${keys.source === "env" ? "HOOKLINE_ENCRYPTION_KEY" : "the development key"}).`,
    );
    if (summary.unreadable.length > 0) {
      console.error(
        `${summary.unreadable.length} secret(s) could not be decrypted with the keys given (pass the key they were encrypted with in --from-key): webhooks ${summary.unreadable.join(", ")}`,
      );
      return 1;
    }
    return 0;
  } finally {
    await handle.close();
  }
}

process.exitCode = await main();
