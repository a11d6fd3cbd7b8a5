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
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
