// npm run test:dev — the development loop stays calm (issue 18):
// 1. `PORT=<free port> npm run dev` on a fresh default data folder (seeds the demo), then stopped;
// 2. started again on that existing database (the case that used to rebuild on every database write);
// 3. the demo's Usage page, open in Chromium for OBSERVE_MS while the demo trickle writes to the
//    database, must not reload once, and its chart must draw; the demo receivers' requests are not
//    logged meanwhile (only with LOG_LEVEL=debug);
// 4. the sign-in page must hydrate at both http://localhost:<port> and http://127.0.0.1:<port>.
// The default data folder is used (HOME and XDG_DATA_HOME point at a temporary folder), so the test
// checks where a fresh clone keeps its database. Every process started here is stopped by its pid
// (the dev server's whole process group); the whole run is bounded by DEADLINE_MS.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { findChromium } from "./find-chromium.mjs";

const OBSERVE_MS = Number(process.env.DEV_LOOP_OBSERVE_MS ?? 20_000);
const DEADLINE_MS = Number(process.env.DEV_LOOP_DEADLINE_MS ?? 10 * 60_000);
const started = Date.now();
const children = new Set();
let browser;
const home = mkdtempSync(path.join(os.tmpdir(), "hookline-dev-loop-"));

function log(message) {
  console.log(`[dev-loop ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

async function cleanUp() {
  await browser?.close().catch(() => {});
  for (const child of children) await stopServer(child);
  rmSync(home, { recursive: true, force: true });
}

async function fail(message) {
  console.error(`[dev-loop] FAILED: ${message}`);
  for (const child of children) console.error(`--- the dev server's last output ---\n${child.output.slice(-4_000)}`);
  await cleanUp();
  process.exit(1);
}

const deadline = setTimeout(() => void fail(`not finished within ${DEADLINE_MS} ms`), DEADLINE_MS);
deadline.unref();
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => void fail(`stopped by ${signal}`));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function startServer(port) {
  const env = {
    ...process.env,
    PORT: String(port),
    HOME: home,
    XDG_DATA_HOME: path.join(home, "share"),
    NODE_ENV: "development",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // The test is about the default database location: no PostgreSQL server, no explicit folder.
  for (const name of ["DATABASE_URL", "PGLITE_DIR", "APP_URL", "BETTER_AUTH_URL", "DEMO", "CI", "LOG_LEVEL"]) delete env[name];
  // Its own process group, so stopping it stops npm, next and next's workers together.
  const child = spawn("npm", ["run", "dev"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.output = "";
  const keep = (chunk) => {
    child.output = (child.output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.exited = new Promise((resolve) => child.once("exit", resolve));
  children.add(child);
  return child;
}

async function stopServer(child) {
  if (!children.has(child)) return;
  children.delete(child);
  if (child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
    const stopped = await Promise.race([child.exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 10_000))]);
    if (!stopped) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
      await child.exited;
    }
  }
}

async function waitForHealth(child, port) {
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) await fail(`the dev server exited (${child.exitCode}):\n${child.output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await fail(`the dev server did not answer /api/health within 180 s:\n${child.output}`);
}

/** Whether React has hydrated the page: its elements carry React's fiber properties. */
async function waitForHydration(page, label) {
  try {
    await page.waitForFunction(
      () => {
        const element = document.querySelector("form, button, a");
        return element !== null && Object.keys(element).some((key) => key.startsWith("__reactFiber$") || key.startsWith("__reactProps$"));
      },
      null,
      { timeout: 60_000 },
    );
  } catch {
    await fail(`${label}: the page never hydrated`);
  }
}

async function main() {
  const executablePath = await findChromium();
  if (!executablePath) await fail("no Chromium found (set CHROMIUM_PATH)");

  const port = await freePort();
  log(`first start on port ${port} (fresh default data folder under ${home})`);
  let server = startServer(port);
  await waitForHealth(server, port);
  // The demo is seeded during start-up; let the trickle write a little before stopping.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await stopServer(server);

  log("restart on the existing database");
  server = startServer(port);
  await waitForHealth(server, port);

  browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) log(`navigated to ${frame.url()}`);
  });

  await page.goto(`http://localhost:${port}/sign-in`, { timeout: 120_000 });
  await waitForHydration(page, "localhost");
  await page.getByRole("button", { name: /explore the demo/i }).click();
  await page.waitForURL(/\/usage/, { timeout: 60_000 });
  await waitForHydration(page, "usage");
  // The chart draws once the page has hydrated and fetched its data.
  await page.locator("[data-testid=events-chart] svg.recharts-surface").first().waitFor({ timeout: 60_000 }).catch(() => fail("the Usage chart never drew"));

  // A full reload loads a new document ("load"), and loses the marker set below; the page's own
  // history.replaceState (the Usage URL holding its zone) is a same-document navigation, not a reload.
  let reloads = 0;
  page.on("load", () => {
    reloads += 1;
  });
  await page.evaluate(() => {
    window.__hooklineLoaded = true;
  });
  log(`watching /usage for ${OBSERVE_MS / 1000} s`);
  await page.waitForTimeout(OBSERVE_MS);
  const survived = await page.evaluate(() => window.__hooklineLoaded === true).catch(() => false);
  if (reloads > 0 || !survived) await fail(`the page reloaded ${reloads} time(s) in ${OBSERVE_MS / 1000} s on a restarted dev server`);
  log("no reloads");
  // The demo trickle delivered to the demo receivers meanwhile; at the default log level they are not logged.
  const receiverLines = server.output.split("\n").filter((line) => line.includes("/api/demo/receivers/"));
  if (receiverLines.length > 0) await fail(`the demo receivers are logged at the default level:\n${receiverLines.slice(0, 5).join("\n")}`);

  const loopback = await context.newPage();
  await loopback.goto(`http://127.0.0.1:${port}/sign-in`, { timeout: 120_000 });
  await waitForHydration(loopback, "127.0.0.1");
  log("hydrated at localhost and 127.0.0.1");
  if (pageErrors.length > 0) await fail(`errors in the page: ${pageErrors.join("; ")}`);
}

try {
  await main();
} catch (error) {
  await fail(error instanceof Error ? error.stack ?? error.message : String(error));
}
await cleanUp();
log("passed");
process.exit(0);
