// The demo's trickle of new discoveries: every few seconds a handful of jobs and companies go
// through the real ingest, so detection and the built-in scheduler deliver them to the demo
// receivers and the pages move. One loop per process (globalThis survives dev reloads).
import type { Db } from "@/db/client";
import { log } from "@/lib/log";
import { ingestRecords, type IngestResult } from "@/lib/matching/ingest";
import { ingestBodySchema } from "@/lib/validation/records";
import { EUROPEAN_COUNTRY_CODES, createRng, generateCompany, generateJob, randomExternalId, randomInt, type Rng } from "./generator";

export const DEMO_TRICKLE_INTERVAL_MS = 5000;

/** Ingests 1–4 new records (mostly jobs, a third of them data roles in Europe so every webhook gets some). */
export async function trickleOnce(db: Db, accountId: string, rng: Rng, now = new Date()): Promise<IngestResult[]> {
  const jobs: unknown[] = [];
  const companies: unknown[] = [];
  const count = randomInt(rng, 1, 4);
  for (let i = 0; i < count; i++) {
    const roll = rng();
    if (roll < 0.25) {
      companies.push(generateCompany(rng, { now, externalId: randomExternalId(rng, "cmp_", now.getTime()) }));
    } else {
      const focus = roll < 0.5 ? { family: "data" as const, countryCodes: EUROPEAN_COUNTRY_CODES } : {};
      jobs.push(generateJob(rng, { ...focus, now, externalId: randomExternalId(rng, "job_", now.getTime()) }));
    }
  }
  const results: IngestResult[] = [];
  if (jobs.length > 0) {
    const { records } = ingestBodySchema("job").parse({ records: jobs });
    results.push(await ingestRecords(db, accountId, "job", records, { now }));
  }
  if (companies.length > 0) {
    const { records } = ingestBodySchema("company").parse({ records: companies });
    results.push(await ingestRecords(db, accountId, "company", records, { now }));
  }
  return results;
}

/** `stop` resolves once a tick in flight has finished. */
export type DemoTrickle = { stop: () => Promise<void> };

const globalForTrickle = globalThis as unknown as { hooklineDemoTrickle?: DemoTrickle };

/** Starts the loop once per process; later calls return the running one. */
export function startDemoTrickle(options: {
  getDb: () => Promise<Db>;
  accountId: string;
  intervalMs?: number;
}): DemoTrickle {
  if (globalForTrickle.hooklineDemoTrickle) return globalForTrickle.hooklineDemoTrickle;
  const intervalMs = options.intervalMs ?? DEMO_TRICKLE_INTERVAL_MS;
  const rng = createRng(Date.now());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    inFlight = runTick();
  };
  const runTick = async () => {
    try {
      await trickleOnce(await options.getDb(), options.accountId, rng);
    } catch (error) {
      // A database hiccup skips a beat; the demo goes on.
      log.warn({ component: "demo", err: error }, "trickle skipped a beat");
    }
    if (!stopped) schedule();
  };
  const schedule = () => {
    timer = setTimeout(tick, intervalMs * (0.6 + rng() * 0.8));
    timer.unref?.();
  };
  schedule();
  const trickle: DemoTrickle = {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (globalForTrickle.hooklineDemoTrickle === trickle) globalForTrickle.hooklineDemoTrickle = undefined;
      await inFlight;
    },
  };
  globalForTrickle.hooklineDemoTrickle = trickle;
  return trickle;
}
