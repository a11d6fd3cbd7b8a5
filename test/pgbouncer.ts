// PgBouncer in transaction mode in front of the test's PostgreSQL server (DATABASE_URL), for the tests
// that check Hookline behind it. Its binary is looked up on PATH and in /usr/sbin (Debian's
// `pgbouncer` package); without one those tests skip. Each start writes its own config to a
// temporary folder, listens on a free port of 127.0.0.1, and is stopped by its pid.
import { execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { freePort } from "./ports";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

export function findPgbouncer(): string | null {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    const candidate = path.join(dir, "pgbouncer");
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

export type Pgbouncer = {
  /** The URL of `database` through PgBouncer. */
  url: (database: string) => string;
  stop: () => Promise<void>;
};

/** Starts PgBouncer (pool_mode = transaction) in front of the server of `serverUrl`. */
export async function startPgbouncer(serverUrl: string, options: { poolSize?: number } = {}): Promise<Pgbouncer> {
  const binary = findPgbouncer();
  if (!binary) throw new Error("no pgbouncer binary");
  const server = new URL(serverUrl);
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "hookline-pgbouncer-"));
  const backend = [
    `host=${server.hostname}`,
    `port=${server.port || "5432"}`,
    `user=${decodeURIComponent(server.username || "postgres")}`,
    ...(server.password ? [`password=${decodeURIComponent(server.password)}`] : []),
  ].join(" ");
  const config = path.join(dir, "pgbouncer.ini");
  writeFileSync(
    config,
    [
      "[databases]",
      `* = ${backend}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      // Any client name is let in (127.0.0.1 only); PgBouncer logs in to the server as `user` above.
      "auth_type = any",
      "pool_mode = transaction",
      `default_pool_size = ${options.poolSize ?? 20}`,
      "max_client_conn = 500",
      "",
    ].join("\n"),
  );
  // PgBouncer refuses to run as root: then it runs as the postgres user, which must read its config.
  const args = [config];
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
    chownSync(config, uid, gid);
    args.unshift("-u", "postgres");
  }
  const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
  let output = "";
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = (database: string) => {
    const through = new URL(serverUrl);
    through.hostname = "127.0.0.1";
    through.port = String(port);
    through.pathname = `/${database}`;
    return through.toString();
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, "SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const started = Date.now();
  for (;;) {
    const probe = new pg.Client({ connectionString: url(server.pathname.slice(1) || "postgres") });
    try {
      await probe.connect();
      await probe.query("select 1");
      await probe.end();
      return { url, stop };
    } catch (error) {
      await probe.end().catch(() => {});
      if (child.exitCode !== null || Date.now() - started > 10_000) {
        await stop();
        throw new Error(`PgBouncer did not start: ${(error as Error).message}\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
