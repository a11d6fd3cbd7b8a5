import { defineConfig, devices } from "@playwright/test";
import { E2E_API_KEY, E2E_AUTH_SECRET, E2E_BASE_URL, E2E_CRON_SECRET, E2E_DATA_DIR, E2E_ENCRYPTION_KEY, E2E_OWNER_STATE, E2E_PORT } from "./e2e/env";

export default defineConfig({
  testDir: "./e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    // The first person signs up (and so owns the default team and its API_KEY); the specs start signed in as them.
    { name: "setup", testMatch: /auth\.setup\.ts/, use: { ...devices["Desktop Chrome"] } },
    {
      name: "chromium",
      dependencies: ["setup"],
      use: { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 }, storageState: E2E_OWNER_STATE },
    },
  ],
  webServer: {
    command: `npx next start -p ${E2E_PORT}`,
    url: `${E2E_BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    env: {
      PGLITE_DIR: E2E_DATA_DIR,
      DEMO: "0",
      API_KEY: E2E_API_KEY,
      CRON_SECRET: E2E_CRON_SECRET,
      ALLOW_PRIVATE_URLS: "true",
      SCHEDULER: "internal",
      // Replays hand delivery a few events at a time, so a cancel in e2e/events-search.spec.ts lands mid-job.
      REPLAY_WINDOW: "2",
      DATABASE_URL: "",
      APP_URL: E2E_BASE_URL,
      BETTER_AUTH_SECRET: E2E_AUTH_SECRET,
      HOOKLINE_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
      // No SMTP here: invitation and reset mails are read from the outbox page.
      DEV_MAIL_OUTBOX: "1",
      // Endpoint health is evaluated every second, and "recovered" shows for 10 minutes (e2e/notifications.spec.ts).
      HEALTH_EVAL_INTERVAL_MS: "1000",
      HEALTH_RECOVERED_MS: "600000",
    },
  },
});
