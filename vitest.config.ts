import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": import.meta.dirname,
      // `server-only` throws outside a React Server environment; tests are server code.
      "server-only": path.join(import.meta.dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", ".data/**"],
    globalSetup: ["test/global-setup.ts"],
    env: {
      // Each worker gets its own in-memory PGlite unless DATABASE_URL points at a server.
      PGLITE_DIR: "memory://",
      ALLOW_PRIVATE_URLS: "true",
      // One key for every worker: on a shared PostgreSQL database they read each other's rows.
      HOOKLINE_ENCRYPTION_KEY: "dGVzdC1lbmNyeXB0aW9uLWtleS0wMTIzNDU2Nzg5YWI=",
    },
    pool: "forks",
    // On PGlite each worker has its own in-memory database, and a test file spends most of its time in
    // PGlite's single-threaded WASM: two workers on a 2-core machine cut the run by about a quarter
    // (vitest's default is the cores less one). On a PostgreSQL server the default stays: the fault
    // tests start app processes and time them against each other.
    maxWorkers: process.env.DATABASE_URL ? undefined : Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
