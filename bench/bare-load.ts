// The limit: bare undici POSTs of a signed-size body to the receiver at a given concurrency, no database.
// Usage: bare-load.ts <url> <count> <concurrency>
import { Pool } from "undici";
import { selfReport } from "./lib/process";

const [url, countArg, concurrencyArg] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
const target = new URL(url);
const pool = new Pool(target.origin, { connections: concurrency, pipelining: 1 });
const body = JSON.stringify({
  id: "00000000-0000-4000-8000-000000000000",
  type: "job.new",
  timestamp: new Date().toISOString(),
  webhook_id: "00000000-0000-4000-8000-000000000001",
  data: { external_id: "bench", title: "Senior Data Engineer", company_name: "Acme", country_code: "ES", remote: true },
});

let next = 0;
let ok = 0;
let limit = count;
async function worker(): Promise<void> {
  while (next < limit) {
    const index = next++;
    const response = await pool.request({
      method: "POST",
      path: target.pathname,
      headers: { "content-type": "application/json", "webhook-id": `bare-${index}` },
      body,
    });
    await response.body.dump();
    if (response.statusCode === 200) ok++;
  }
}

// Warm up connections and the JIT first, so the limit is measured at its best (conservative for us).
limit = Math.min(1_000, count);
await Promise.all(Array.from({ length: concurrency }, worker));
next = 0;
ok = 0;
limit = count;
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const durationMs = performance.now() - started;
await pool.close();
console.log(selfReport({ delivered: ok, duration_ms: Math.round(durationMs), rate: Math.round((ok / durationMs) * 1000) }));
