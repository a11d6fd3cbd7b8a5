// Smoke test of the deployable build (CI, after the PostgreSQL tests): starts
// `node .next/standalone/server.js` as production on a fresh PostgreSQL database, signs up and signs
// in, uses the API with a key, and waits for one signed delivery at a receiver on 127.0.0.1. Then it
// stops the server by its pid (SIGTERM, checking the graceful exit) and drops the database.
//
//   npm run build:standalone && node scripts/smoke-standalone.mjs
//
// PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres) name the server to create the database on;
// SMOKE_DATABASE_URL uses an existing database instead (it is not dropped).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { Webhook } from "standardwebhooks";

const root = process.cwd();
const serverDir = path.join(root, ".next", "standalone");
const serverJs = path.join(serverDir, "server.js");
if (!existsSync(serverJs) || !existsSync(path.join(serverDir, "db", "migrations"))) {
  console.error("No prepared standalone server: run `npm run build:standalone` (next build + scripts/prepare-standalone.mjs).");
  process.exit(1);
}

const pg = { host: process.env.PGHOST ?? "127.0.0.1", port: process.env.PGPORT ?? "5432", user: process.env.PGUSER ?? "postgres" };
const pgArgs = ["-h", pg.host, "-p", pg.port, "-U", pg.user];
const ownDatabase = !process.env.SMOKE_DATABASE_URL;
const dbName = `hookline_smoke_${Date.now()}_${randomBytes(3).toString("hex")}`;
const databaseUrl = process.env.SMOKE_DATABASE_URL ?? `postgres://${pg.user}@${pg.host}:${pg.port}/${dbName}`;

const step = (message) => console.log(`[smoke] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// The receiver: records every POST and answers 200.
const received = [];
const receiver = http.createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    received.push({ path: request.url, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
    response.writeHead(200, { "content-type": "text/plain" }).end("ok");
  });
});
await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const receiverUrl = `http://127.0.0.1:${receiver.address().port}/hooks`;

const port = Number(process.env.SMOKE_PORT ?? (await freePort()));
const baseUrl = `http://127.0.0.1:${port}`;
const apiKey = `hk_smoke_${randomBytes(24).toString("hex")}`;
const metricsToken = randomBytes(16).toString("hex");

let server = null;
let serverExit = null;
let serverLog = "";
let failed = false;

async function cleanUp() {
  if (server && server.exitCode === null && server.signalCode === null) {
    process.kill(server.pid, "SIGKILL");
    await serverExit;
  }
  receiver.close();
  if (ownDatabase) spawnSync("dropdb", [...pgArgs, "--if-exists", dbName], { stdio: "inherit" });
}

async function api(method, pathname, body, headers = {}) {
  const response = await fetch(`${baseUrl}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, json, text, headers: response.headers };
}

function expect(condition, message, detail) {
  if (!condition) {
    const error = new Error(message);
    error.detail = detail;
    throw error;
  }
}

try {
  if (ownDatabase) {
    const created = spawnSync("createdb", [...pgArgs, dbName], { stdio: "inherit" });
    expect(created.status === 0, `createdb ${dbName} failed`);
    step(`database ${dbName}`);
  }

  const started = performance.now();
  server = spawn(process.execPath, ["server.js"], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      NEXT_MANUAL_SIG_HANDLE: "true",
      DATABASE_URL: databaseUrl,
      APP_URL: baseUrl,
      BETTER_AUTH_SECRET: randomBytes(32).toString("base64"),
      HOOKLINE_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      API_KEY: apiKey,
      METRICS_TOKEN: metricsToken,
      ALLOW_PRIVATE_URLS: "true",
      SCHEDULER: "internal",
      LOG_LEVEL: "warn",
      SHUTDOWN_GRACE_MS: "5000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  serverExit = new Promise((resolve) => server.once("exit", (code, signal) => resolve({ code, signal })));
  server.stdout.on("data", (chunk) => (serverLog += chunk));
  server.stderr.on("data", (chunk) => (serverLog += chunk));
  step(`node .next/standalone/server.js (pid ${server.pid}) on ${baseUrl}`);

  // Up: /api/health answers 200 once the database is migrated.
  for (;;) {
    expect(server.exitCode === null, "the server exited during start-up");
    expect(performance.now() - started < 90_000, "the server did not answer /api/health within 90 s");
    const health = await fetch(`${baseUrl}/api/health`).then((r) => r.status, () => 0);
    if (health === 200) break;
    await sleep(250);
  }
  step(`healthy after ${Math.round(performance.now() - started)} ms`);

  // A page's static assets come from .next/static beside the server.
  const signInPage = await fetch(`${baseUrl}/sign-in`);
  const html = await signInPage.text();
  expect(signInPage.status === 200, `/sign-in answered ${signInPage.status}`);
  const asset = html.match(/\/_next\/static\/[^"' ]+\.(?:js|css)/)?.[0];
  expect(asset, "/sign-in links no /_next/static asset");
  const assetStatus = (await fetch(`${baseUrl}${asset}`)).status;
  expect(assetStatus === 200, `${asset} answered ${assetStatus}`);
  step(`sign-in page and ${asset}: 200`);

  // Sign up (the first person takes over the default team), then sign in with the password.
  const person = { name: "Smoke Test", email: `smoke-${Date.now()}@hookline.example`, password: "smoke-password-123" };
  const authHeaders = { "content-type": "application/json", origin: baseUrl };
  const signUp = await fetch(`${baseUrl}/api/auth/sign-up/email`, { method: "POST", headers: authHeaders, body: JSON.stringify(person) });
  expect(signUp.status === 200, `sign-up answered ${signUp.status}`, await signUp.text());
  const signIn = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: authHeaders,
    body: JSON.stringify({ email: person.email, password: person.password }),
  });
  expect(signIn.status === 200, `sign-in answered ${signIn.status}`, await signIn.text());
  const cookie = signIn.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  expect(cookie.includes("session_token"), "sign-in set no session cookie", cookie);
  const usage = await fetch(`${baseUrl}/usage`, { headers: { cookie }, redirect: "manual" });
  const usageHtml = await usage.text();
  expect(usage.status === 200 && usageHtml.includes(person.email), `/usage signed in answered ${usage.status} without the person's email`);
  step(`signed up and signed in as ${person.email}; /usage shows them`);

  // The API with the key: credits, a search, a webhook to the receiver, one job.
  const credits = await api("POST", "/api/v1/credits", { amount: 10 });
  expect(credits.status === 200 || credits.status === 201, `POST /api/v1/credits answered ${credits.status}`, credits.text);
  const search = await api("POST", "/api/v1/searches", { name: "Smoke search", type: "job", filters: { title_keywords: ["smoke"] } });
  expect(search.status === 201, `POST /api/v1/searches answered ${search.status}`, search.text);
  const webhook = await api("POST", "/api/v1/webhooks", { name: "Smoke receiver", url: receiverUrl, search_id: search.json.id });
  expect(webhook.status === 201, `POST /api/v1/webhooks answered ${webhook.status}`, webhook.text);
  const secret = webhook.json.secret;
  expect(typeof secret === "string" && secret.startsWith("whsec_"), "the new webhook's answer has no whsec_ secret", webhook.text);
  const jobs = await api("POST", "/api/v1/jobs", { records: [{ external_id: `smoke-${Date.now()}`, title: "Smoke test engineer", country_code: "ES" }] });
  expect(jobs.status === 200 || jobs.status === 201, `POST /api/v1/jobs answered ${jobs.status}`, jobs.text);
  expect(jobs.json?.events_triggered === 1, "the job triggered no event", jobs.text);
  step("API: credits, search, webhook and one job accepted; one event triggered");

  // One delivery arrives, signed with the webhook's secret.
  const sentAt = performance.now();
  while (received.length === 0) {
    expect(performance.now() - sentAt < 20_000, "no delivery reached the receiver within 20 s");
    await sleep(50);
  }
  const delivery = received[0];
  const payload = new Webhook(secret).verify(delivery.body, delivery.headers);
  expect(payload?.type === "job.new", "the delivery is not a job.new event", delivery.body);
  step(`delivery received after ${Math.round(performance.now() - sentAt)} ms, signature verified (webhook-id ${delivery.headers["webhook-id"]})`);

  // The metrics endpoint counts it (bearer METRICS_TOKEN).
  let metrics = "";
  for (const started = performance.now(); performance.now() - started < 5_000; await sleep(200)) {
    const response = await fetch(`${baseUrl}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(response.status === 200, `/api/metrics answered ${response.status}`);
    metrics = await response.text();
    if (/hookline_deliveries_total\{[^}]*outcome="success"[^}]*\} 1\b/.test(metrics)) break;
  }
  expect(/hookline_deliveries_total\{[^}]*outcome="success"[^}]*\} 1\b/.test(metrics), "/api/metrics does not count the delivery", metrics.slice(0, 2000));
  const anonymous = await fetch(`${baseUrl}/api/metrics`);
  expect(anonymous.status === 401, `/api/metrics without the token answered ${anonymous.status}`);
  step("/api/metrics counts the delivery, and refuses a scrape without the token");

  // Stop by pid: SIGTERM ends the server gracefully (exit 143) within its grace period.
  const stopAt = performance.now();
  process.kill(server.pid, "SIGTERM");
  const exit = await Promise.race([serverExit, sleep(15_000).then(() => null)]);
  expect(exit !== null, "the server did not exit within 15 s of SIGTERM");
  expect(exit.code === 143 || exit.code === 0, `the server exited with ${JSON.stringify(exit)} after SIGTERM`);
  step(`stopped by SIGTERM in ${Math.round(performance.now() - stopAt)} ms (exit ${exit.code})`);
  step("passed");
} catch (error) {
  failed = true;
  console.error(`[smoke] FAILED: ${error.message}`);
  if (error.detail) console.error(String(error.detail).slice(0, 4000));
  console.error(`[smoke] server output:\n${serverLog.slice(-6000)}`);
} finally {
  await cleanUp();
}
process.exit(failed ? 1 : 0);
