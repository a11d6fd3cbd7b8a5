// `npm run simulate` against the real ingest routes behind a real HTTP server on an ephemeral port.
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postCompanies } from "@/app/api/v1/companies/route";
import { POST as postJobs } from "@/app/api/v1/jobs/route";
import { query } from "@/db/client";
import { createTestAccount } from "@/test/fixtures";

const run = promisify(execFile);
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = new Request(`http://localhost${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
    });
    const handler = req.url === "/api/v1/jobs" ? postJobs : req.url === "/api/v1/companies" ? postCompanies : undefined;
    const response = handler ? await handler(request, { params: Promise.resolve({}) }) : new Response("not here", { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const simulate = (args: string[]) =>
  run(process.execPath, ["--import", "tsx", "scripts/simulate.ts", ...args], { cwd: process.cwd(), timeout: 60_000 }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe("npm run simulate", () => {
  it("posts batches of realistic jobs and companies with the API key and prints the answers", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const result = await simulate(["--url", baseUrl, "--key", apiKey, "--count", "3", "--interval", "10", "--size", "5"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout.match(/POST \/api\/v1\/jobs\s+\d+ jobs\s+→ 200 \{"new":\d+/g)?.length).toBe(3);
    expect(result.stdout.match(/POST \/api\/v1\/companies\s+\d+ companies\s+→ 200/g)?.length).toBe(3);
    const [counts] = await query<{ jobs: number; companies: number; titled: number }>(
      db,
      sql`SELECT (SELECT count(*)::int FROM jobs WHERE account_id = ${accountId}::uuid) AS jobs,
          (SELECT count(*)::int FROM companies WHERE account_id = ${accountId}::uuid) AS companies,
          (SELECT count(*)::int FROM jobs WHERE account_id = ${accountId}::uuid AND title <> '' AND country_code ~ '^[A-Z]{2}$') AS titled`,
    );
    expect(counts.jobs).toBeGreaterThanOrEqual(3);
    expect(counts.jobs).toBeLessThanOrEqual(15);
    expect(counts.companies).toBeGreaterThanOrEqual(3);
    expect(counts.titled).toBe(counts.jobs);
  }, 60_000);

  it("explains a bad URL, an unreachable server and a refused key", async () => {
    const badUrl = await simulate(["--url", "localhost-3000", "--key", "k"]);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/is not a URL/);
    const missingKey = await simulate(["--url", baseUrl]);
    expect(missingKey.code).toBe(2);
    expect(missingKey.stderr).toMatch(/--key is required/);
    const unreachable = await simulate(["--url", "http://127.0.0.1:1", "--key", "k", "--count", "1"]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/Could not reach http:\/\/127\.0\.0\.1:1 .*Is Hookline running/);
    const refused = await simulate(["--url", baseUrl, "--key", "hk_wrong", "--count", "1"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/API key was refused \(401\)/);
  }, 60_000);
});
