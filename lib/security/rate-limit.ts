// Rate limits (rate-limiter-flexible). On PostgreSQL the counters live in the database
// (RateLimiterPostgres, its own `rate_limits` table, created on first use), so every instance counts
// against the same budget; on the embedded database (one process) they live in memory. A request
// over a limit gets 429 with Retry-After (rate_limited → lib/api/errors.ts). Delivery never passes
// through here.
//
// Once a subject is over its limit this process also remembers it until the window ends, so a flood
// (300 wrong API keys in 3 s) is refused from memory without touching the database, and callers can
// refuse a blocked address before doing any work (refuseIfRateLimited). The table and its SQL are
// the library's (not db/queries): a key, a count and an expiry per row.
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createHash } from "node:crypto";
import { getDatabase } from "@/db/client";
import { rateLimited } from "@/lib/errors";
import { rateLimitRules, type RateLimitName } from "./rate-limit-rules";

export type { RateLimitName };

const TABLE = "rate_limits";

type Limiters = {
  get(name: RateLimitName): Promise<RateLimiterAbstract>;
  /** name + "\n" + subject → when this process may stop refusing it (performance.now() ms). */
  blockedUntil: Map<string, number>;
};

const globalForLimits = globalThis as unknown as { hooklineRateLimits?: WeakMap<object, Limiters> };

function createLimiters(handle: { driver: "postgres" | "pglite"; db: unknown }): Limiters {
  const rules = rateLimitRules();
  const made = new Map<RateLimitName, Promise<RateLimiterAbstract>>();
  let table: Promise<void> | null = null;
  const pool = (handle.db as { $client?: unknown }).$client;

  async function make(name: RateLimitName): Promise<RateLimiterAbstract> {
    const rule = rules[name];
    const options = { keyPrefix: name, points: rule.points, duration: rule.durationSeconds };
    if (handle.driver !== "postgres" || !pool) return new RateLimiterMemory(options);
    const storeOptions = {
      ...options,
      storeClient: pool,
      storeType: "pool",
      tableName: TABLE,
      // Over the limit: refuse from memory until the window ends, without a query per request.
      inMemoryBlockOnConsumed: rule.points + 1,
      // The database unreachable: count in memory meanwhile rather than fail every request.
      insuranceLimiter: new RateLimiterMemory(options),
    };
    // The first limiter creates the table (CREATE TABLE IF NOT EXISTS; a concurrent create by another
    // instance is tolerated by the library); the others wait for it.
    table ??= new Promise<void>((resolve, reject) => {
      new RateLimiterPostgres({ ...storeOptions, keyPrefix: "table" }, (error?: Error) => (error ? reject(error) : resolve()));
    }).catch((error) => {
      table = null;
      throw error;
    });
    await table;
    // Expired rows are swept every 5 minutes by the table's first limiter only.
    return new RateLimiterPostgres({ ...storeOptions, tableCreated: true, clearExpiredByTimeout: false });
  }

  return {
    blockedUntil: new Map(),
    get(name) {
      let limiter = made.get(name);
      if (!limiter) {
        limiter = make(name);
        made.set(name, limiter);
        limiter.catch(() => made.delete(name));
      }
      return limiter;
    },
  };
}

async function limitersOf(): Promise<Limiters> {
  const handle = await getDatabase();
  const cache = (globalForLimits.hooklineRateLimits ??= new WeakMap());
  let limiters = cache.get(handle);
  if (!limiters) {
    limiters = createLimiters(handle);
    cache.set(handle, limiters);
  }
  return limiters;
}

/** Keys are at most 255 characters and should not keep emails in clear: long or personal subjects are hashed. */
export function subjectKey(subject: string): string {
  return createHash("sha256").update(subject).digest("base64url");
}

const MAX_REMEMBERED_BLOCKS = 10_000;

function rememberBlock(limiters: Limiters, key: string, msBeforeNext: number): void {
  const now = performance.now();
  if (limiters.blockedUntil.size >= MAX_REMEMBERED_BLOCKS) {
    for (const [entry, until] of limiters.blockedUntil) if (until <= now) limiters.blockedUntil.delete(entry);
    if (limiters.blockedUntil.size >= MAX_REMEMBERED_BLOCKS) limiters.blockedUntil.clear();
  }
  limiters.blockedUntil.set(key, now + msBeforeNext);
}

/**
 * Counts one request of `subject` against `name`; throws a rate_limited AppError (429, Retry-After) when it
 * is over the limit.
 */
export async function consumeRateLimit(name: RateLimitName, subject: string): Promise<void> {
  const limiters = await limitersOf();
  const key = `${name}\n${subject}`;
  const remembered = limiters.blockedUntil.get(key);
  if (remembered !== undefined) {
    const ms = remembered - performance.now();
    if (ms > 0) throw rateLimited(ms / 1000);
    limiters.blockedUntil.delete(key);
  }
  const limiter = await limiters.get(name);
  try {
    await limiter.consume(subject);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    rememberBlock(limiters, key, error.msBeforeNext);
    throw rateLimited(error.msBeforeNext / 1000);
  }
}

/** Throws a rate_limited AppError when this process already knows `subject` is over `name` (no counting, no query). */
export async function refuseIfRateLimited(name: RateLimitName, subject: string): Promise<void> {
  const limiters = await limitersOf();
  const until = limiters.blockedUntil.get(`${name}\n${subject}`);
  if (until === undefined) return;
  const ms = until - performance.now();
  if (ms > 0) throw rateLimited(ms / 1000);
}
