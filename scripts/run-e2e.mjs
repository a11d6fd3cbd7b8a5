// npm run test:e2e — builds the app, then runs Playwright against `next start` in a real Chromium.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findChromium } from "./find-chromium.mjs";

// `next build` writes .next/ in place: two e2e runs in one work tree must not overlap, so a run
// re-executes itself under an exclusive lock on this tree (flock ships with util-linux).
if (!process.env.HOOKLINE_E2E_LOCKED) {
  const lockFile = path.join(os.tmpdir(), `hookline-e2e-${Buffer.from(process.cwd()).toString("hex").slice(-32)}.lock`);
  const locked = spawnSync("flock", ["-w", "1800", lockFile, process.execPath, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, HOOKLINE_E2E_LOCKED: "1" },
  });
  if (!locked.error) process.exit(locked.status ?? 1);
  // No flock on this machine: run unlocked.
}

const chromium = await findChromium();
if (!chromium) {
  console.error("No Chromium found. Install one (apt-get install chromium) or set CHROMIUM_PATH.");
  process.exit(1);
}
const env = { ...process.env, CHROMIUM_PATH: chromium };
// The e2e server always runs on its own embedded database, whatever DATABASE_URL says.
delete env.DATABASE_URL;
// A fresh embedded database per run, removed afterwards.
const dataDir = path.join(os.tmpdir(), `hookline-e2e-${process.pid}-${Date.now()}`);
env.E2E_DATA_DIR = dataDir;
process.on("exit", () => rmSync(dataDir, { recursive: true, force: true }));

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (process.env.E2E_SKIP_BUILD !== "1") run("npx", ["next", "build"]);
run("npx", ["playwright", "test", ...process.argv.slice(2)]);
