// npm run simulate -- --url http://localhost:3000 --key <api key> [--count 5] [--interval 2000] [--type both] [--size 10]
// Sends realistic batches of new jobs and companies to any Hookline through its public API
// (POST /api/v1/jobs and /api/v1/companies), printing each answer. Stops after --count batches or on Ctrl-C.
import { parseArgs } from "node:util";
import {
  EUROPEAN_COUNTRY_CODES,
  createRng,
  generateCompany,
  generateJob,
  randomExternalId,
  randomInt,
  type Rng,
} from "../lib/demo/generator";

const USAGE = `Usage: npm run simulate -- --url <base url> --key <api key> [options]

  --url <url>        Hookline's base URL, e.g. http://localhost:3000 (or HOOKLINE_URL)
  --key <key>        an API key of the account (or HOOKLINE_API_KEY; the server's API_KEY works)
  --count <n>        batches to send before stopping (default 5)
  --interval <ms>    pause between batches (default 2000)
  --type <type>      job, company or both (default both)
  --size <n>         at most this many records per batch, 1–1000 (default 10)
`;

class UsageError extends Error {}

type Options = { url: URL; key: string; count: number; interval: number; type: "job" | "company" | "both"; size: number };

function positiveInt(name: string, value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: "string" },
      key: { type: "string" },
      count: { type: "string" },
      interval: { type: "string" },
      type: { type: "string" },
      size: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const rawUrl = values.url ?? process.env.HOOKLINE_URL;
  if (!rawUrl) throw new UsageError("--url is required");
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new UsageError(`--url "${rawUrl}" is not a URL; expected something like http://localhost:3000`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--url must be http(s), got "${rawUrl}"`);
  const key = values.key ?? process.env.HOOKLINE_API_KEY;
  if (!key) throw new UsageError("--key is required (an API key of the account, e.g. the server's API_KEY)");
  const type = values.type ?? "both";
  if (type !== "job" && type !== "company" && type !== "both") throw new UsageError(`--type must be job, company or both, got "${type}"`);
  return {
    url,
    key,
    count: positiveInt("count", values.count, 5),
    interval: values.interval === undefined ? 2000 : positiveInt("interval", values.interval, 2000),
    type,
    size: positiveInt("size", values.size, 10, 1000),
  };
}

function batchOf(rng: Rng, type: "job" | "company", size: number): unknown[] {
  const now = new Date();
  const count = randomInt(rng, 1, size);
  return Array.from({ length: count }, () => {
    if (type === "company") return generateCompany(rng, { now, externalId: randomExternalId(rng, "cmp_", now.getTime()) });
    // A third are data roles in Europe, so searches like the demo's get matches too.
    const focus = rng() < 0.33 ? { family: "data" as const, countryCodes: EUROPEAN_COUNTRY_CODES } : {};
    return generateJob(rng, { ...focus, now, externalId: randomExternalId(rng, "job_", now.getTime()) });
  });
}

async function post(options: Options, type: "job" | "company", records: unknown[]): Promise<void> {
  const path = type === "job" ? "/api/v1/jobs" : "/api/v1/companies";
  const endpoint = new URL(path, options.url);
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers: { authorization: `Bearer ${options.key}`, "content-type": "application/json" },
      body: JSON.stringify({ records }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`Could not reach ${endpoint.origin} (${cause?.code ?? cause?.message ?? (error as Error).message}). Is Hookline running there?`);
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: print the text
  }
  if (response.status === 401) throw new Error(`The API key was refused (401) by ${endpoint.origin}. Pass a key of this Hookline with --key.`);
  if (response.status === 404 && typeof body !== "object") throw new Error(`${endpoint.href} answered 404: is ${options.url.origin} a Hookline?`);
  const summary = typeof body === "object" ? JSON.stringify(body) : text.slice(0, 300);
  const label = `${records.length} ${type === "job" ? "jobs" : "companies"}`.padEnd(14);
  console.log(`  POST ${path.padEnd(19)} ${label} → ${response.status} ${summary}`);
  if (!response.ok) process.exitCode = 1;
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  let stopping = false;
  process.on("SIGINT", () => {
    if (stopping) process.exit(130);
    stopping = true;
    console.log("\nStopping after this batch (Ctrl-C again to quit now).");
  });
  const rng = createRng(Date.now());
  console.log(`Sending ${options.count} batches to ${options.url.origin}, every ${options.interval} ms.`);
  for (let i = 1; i <= options.count && !stopping; i++) {
    console.log(`Batch ${i}/${options.count}`);
    const types = options.type === "both" ? (["job", "company"] as const) : [options.type];
    for (const type of types) await post(options, type, batchOf(rng, type, options.size));
    if (i < options.count && !stopping) await new Promise((resolve) => setTimeout(resolve, options.interval));
  }
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
