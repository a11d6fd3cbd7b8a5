// Instances starting together on an empty PostgreSQL database: one migrates and seeds under an
// advisory lock while the others wait, and every instance's first query succeeds. Separate
// processes, so PostgreSQL only.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrationsFolder } from "./client";

const serverUrl = process.env.DATABASE_URL;

function startInstance(url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "cold-start-child.ts")], {
    cwd: path.join(import.meta.dirname, ".."),
    env: { ...process.env, DATABASE_URL: url, API_KEY: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe("a cold start of several instances", () => {
  it.skipIf(!serverUrl)("migrates once, and every instance's first query answers", { timeout: 120_000 }, async () => {
    const name = `hookline_cold_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    try {
      const results = await Promise.all([0, 1, 2].map(() => startInstance(url.toString())));
      for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0, stdout: "ok 1\n" });

      const check = new pg.Client({ connectionString: url.toString() });
      await check.connect();
      const journal = JSON.parse(readFileSync(path.join(migrationsFolder(), "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
      const applied = await check.query("select count(*)::int as n from drizzle.__drizzle_migrations");
      expect(applied.rows[0].n).toBe(journal.entries.length);
      await check.end();
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
