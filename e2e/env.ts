// Settings shared by playwright.config.ts and the specs. The server gets a fresh PGlite folder per run.
import os from "node:os";
import path from "node:path";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_API_KEY = "hk_e2e_test_key_0123456789abcdefghijklmnop";
export const E2E_CRON_SECRET = "e2e-cron-secret";
export const E2E_DATA_DIR =
  process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `hookline-e2e-${process.env.E2E_RUN_ID ?? process.pid}`);
export const E2E_AUTH_SECRET = "e2e-better-auth-secret-0123456789abcdefghij";
/** Encrypts signing secrets at rest (required by `next start`, a production server). */
export const E2E_ENCRYPTION_KEY = "ZTJlLWVuY3J5cHRpb24ta2V5LTAxMjM0NTY3ODlhYmM=";
/** The first person to sign up: owner of the default team (the one API_KEY belongs to). */
export const E2E_OWNER_STATE = path.join(import.meta.dirname, ".auth", "owner.json");
export const E2E_OWNER = { name: "E2E Owner", email: "owner@hookline.example", password: "owner-password-123" };
