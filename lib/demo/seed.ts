// The demo account (SPEC §8): three saved searches, four webhooks aimed at the built-in demo
// receivers, and 30 days of history that tells a story on the Usage page — steady successes, a
// flaky endpoint that needs retries, one that is down (older events with retries exhausted), a slow
// one, a short endpoint outage on the healthy webhook two hours ago (failed, retry due soon), a
// paused webhook whose last events wait (in progress), and a two-day stretch ten days ago when
// credits ran out (not_triggered). Records and events are built in
// memory and written with a handful of set-based statements, so it takes seconds even on PGlite.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { createRng, generateCompany, generateJob, randomExternalId, type DemoCompany, type DemoJob, type JobOptions, type Rng } from "./generator";
import {
  DEMO_RECEIVER_RESPONSES,
  DEMO_SEARCHES,
  DEMO_WEBHOOKS,
  SLOW_RECEIVER_DELAY_MS,
  FLAKY_RECEIVER_FAILURE_RATE,
  demoReceiverUrl,
  type DemoReceiverKind,
  type DemoSearchKey,
  type DemoWebhook,
  type DemoWebhookKey,
} from "./scenario";
import { USER_AGENT } from "@/lib/delivery/config";
import { generateWebhookSecret } from "@/lib/webhooks/secret";
import { sealWebhookSecret } from "@/lib/webhooks/secret-box";
import { query, type Db, type DbOrTx } from "@/db/client";
import type { EventStatus } from "@/db/schema";
import { MAX_SCHEDULED_ATTEMPTS } from "@/lib/delivery/retry-policy";
import { DAY_MS, HOUR_MS } from "@/lib/time";

const TOP_UP_AFTER_OUTAGE = 25_000;

export type SeedDemoOptions = {
  accountId: string;
  /** Base URL of this server (`http://localhost:3000`); webhooks point at its demo receivers. */
  receiverBaseUrl: string;
  /** The end of the history. Default: now. */
  now?: Date;
  /** Days of history. Default 30. */
  days?: number;
  /** Seed of the random source, for reproducible data. */
  seed?: number;
  /** Multiplies the daily volume (default 1: ~450 jobs and ~90 companies on a weekday). */
  volume?: number;
};

export type SeedDemoResult =
  | { seeded: false }
  | {
      seeded: true;
      jobs: number;
      companies: number;
      events: number;
      attempts: number;
      credits: number;
      searchIds: Record<DemoSearchKey, string>;
      webhookIds: Record<DemoWebhookKey, string>;
    };

type EventRow = {
  x: string; // external id of the record
  type: "job" | "company";
  w: string; // webhook id
  status: EventStatus;
  detected_at: string;
  triggered_at: string | null;
  attempt_count: number;
  next_attempt_at: string | null;
  first_failed_at: string | null;
  last_attempt_at: string | null;
  last_response_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
};

type ReceiverProfile = { failStatus: number; failBody: string; minMs: number; maxMs: number };

const RECEIVER_PROFILES: Record<DemoReceiverKind, ReceiverProfile> = {
  ok: { failStatus: DEMO_RECEIVER_RESPONSES.badGateway.status, failBody: DEMO_RECEIVER_RESPONSES.badGateway.body, minMs: 18, maxMs: 160 },
  flaky: { failStatus: DEMO_RECEIVER_RESPONSES.failure.status, failBody: DEMO_RECEIVER_RESPONSES.failure.body, minMs: 40, maxMs: 420 },
  down: { failStatus: DEMO_RECEIVER_RESPONSES.down.status, failBody: DEMO_RECEIVER_RESPONSES.down.body, minMs: 2, maxMs: 14 },
  slow: {
    failStatus: DEMO_RECEIVER_RESPONSES.failure.status,
    failBody: DEMO_RECEIVER_RESPONSES.failure.body,
    minMs: SLOW_RECEIVER_DELAY_MS + 3,
    maxMs: SLOW_RECEIVER_DELAY_MS + 160,
  },
};

const iso = (ms: number) => new Date(ms).toISOString();

/** The story's clock, relative to `now`. */
export function demoTimeline(now: Date, days = 30) {
  const end = now.getTime();
  return {
    start: end - days * DAY_MS,
    end,
    // Credits ran out 11 days ago and were topped up two days later.
    outageStart: end - 11 * DAY_MS,
    outageEnd: end - 9 * DAY_MS,
    // The healthy webhook's endpoint answered 502 for twenty minutes, 100 to 80 minutes ago.
    badGatewayStart: end - 100 * 60_000,
    badGatewayEnd: end - 80 * 60_000,
    // Events this recent are still waiting for their first delivery.
    inProgressSince: end - 60_000,
  };
}

// Discoveries per hour of the day (UTC): a feed is busiest in European and American office hours.
const HOUR_WEIGHTS = [2, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 7, 8, 9, 9, 8, 7, 6, 5, 4, 3, 3, 2];
const HOUR_WEIGHT_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);

function randomTimeInDay(rng: Rng, dayStart: number): number {
  let roll = rng() * HOUR_WEIGHT_TOTAL;
  let hour = 0;
  while (hour < 23 && roll >= HOUR_WEIGHTS[hour]) roll -= HOUR_WEIGHTS[hour++];
  return dayStart + hour * HOUR_MS + Math.floor(rng() * HOUR_MS);
}

/** Events that wait on a paused webhook: those detected shortly before it was paused. */
const PAUSED_PENDING_MS = 12 * 60_000;

/** One webhook's event for a record detected at `detectedAt`, as it stands at `now`; null when there is none. */
function buildEvent(
  rng: Rng,
  webhook: DemoWebhook,
  detectedAt: number,
  timeline: ReturnType<typeof demoTimeline>,
): Omit<EventRow, "x" | "type" | "w"> | null {
  const { receiver } = webhook;
  const pausedAt = webhook.pausedMinutesAgo === undefined ? null : timeline.end - webhook.pausedMinutesAgo * 60_000;
  // A paused webhook detects nothing.
  if (pausedAt !== null && detectedAt >= pausedAt) return null;
  const base = {
    detected_at: iso(detectedAt),
    triggered_at: null,
    attempt_count: 0,
    next_attempt_at: null,
    first_failed_at: null,
    last_attempt_at: null,
    last_response_status: null,
    last_error: null,
    delivered_at: null,
  };
  if (detectedAt >= timeline.outageStart && detectedAt < timeline.outageEnd) return { ...base, status: "not_triggered" };
  if (detectedAt >= timeline.inProgressSince || (pausedAt !== null && detectedAt >= pausedAt - PAUSED_PENDING_MS)) {
    return { ...base, status: "in_progress", triggered_at: iso(detectedAt), next_attempt_at: iso(detectedAt) };
  }
  const profile = RECEIVER_PROFILES[receiver];
  // The built-in scheduler picks an event up within a few seconds.
  const firstAttempt = detectedAt + 300 + Math.floor(rng() * 2500);
  const duration = () => profile.minMs + Math.floor(rng() * (profile.maxMs - profile.minMs));
  let attempts = 0;
  let succeeded = false;
  for (let k = 1; k <= MAX_SCHEDULED_ATTEMPTS; k++) {
    if (firstAttempt + (k - 1) * HOUR_MS > timeline.end) break;
    attempts = k;
    const fails =
      receiver === "down" ||
      (receiver === "flaky" && rng() < FLAKY_RECEIVER_FAILURE_RATE) ||
      (webhook.key === "crm" && detectedAt >= timeline.badGatewayStart && detectedAt < timeline.badGatewayEnd);
    if (!fails) {
      succeeded = true;
      break;
    }
  }
  const lastAttempt = firstAttempt + (attempts - 1) * HOUR_MS;
  const triggered = { ...base, triggered_at: iso(detectedAt), attempt_count: attempts, last_attempt_at: iso(lastAttempt) };
  const firstFailedAt = attempts > 1 || !succeeded ? iso(firstAttempt) : null;
  if (succeeded) {
    return {
      ...triggered,
      status: "success",
      first_failed_at: firstFailedAt,
      last_response_status: 200,
      delivered_at: iso(lastAttempt + duration()),
    };
  }
  return {
    ...triggered,
    status: "failed",
    first_failed_at: firstFailedAt,
    last_response_status: profile.failStatus,
    last_error: `Endpoint answered HTTP ${profile.failStatus}`,
    // Retries exhausted after 49 attempts: no next attempt.
    next_attempt_at: attempts >= MAX_SCHEDULED_ATTEMPTS ? null : iso(firstAttempt + attempts * HOUR_MS),
  };
}

type GeneratedHistory = {
  jobs: (DemoJob & { _at: string })[];
  companies: (DemoCompany & { _at: string })[];
  events: EventRow[];
};

function generateHistory(
  rng: Rng,
  timeline: ReturnType<typeof demoTimeline>,
  days: number,
  volume: number,
  webhookIds: Record<DemoWebhookKey, string>,
): GeneratedHistory {
  const history: GeneratedHistory = { jobs: [], companies: [], events: [] };
  const webhooksBySearch = new Map<DemoSearchKey, DemoWebhook[]>();
  for (const webhook of DEMO_WEBHOOKS) {
    webhooksBySearch.set(webhook.search, [...(webhooksBySearch.get(webhook.search) ?? []), webhook]);
  }
  const detect = (record: DemoJob | DemoCompany, type: "job" | "company", at: number) => {
    for (const search of DEMO_SEARCHES) {
      if (search.type !== type || !search.matches(record)) continue;
      for (const webhook of webhooksBySearch.get(search.key) ?? []) {
        const event = buildEvent(rng, webhook, at, timeline);
        if (event) history.events.push({ x: record.external_id, type, w: webhookIds[webhook.key], ...event });
      }
    }
  };
  for (let day = 0; day < days; day++) {
    const dayStart = timeline.start + day * DAY_MS;
    const weekday = new Date(dayStart).getUTCDay();
    const weekendFactor = weekday === 0 || weekday === 6 ? 0.4 : 1;
    // Volume grows a little over the month, with day-to-day noise.
    const factor = volume * weekendFactor * (0.85 + rng() * 0.3) * (0.85 + (0.3 * day) / days);
    const jobCount = Math.round(450 * factor);
    const companyCount = Math.round(90 * factor);
    for (let i = 0; i < jobCount + companyCount; i++) {
      const at = randomTimeInDay(rng, dayStart);
      if (at > timeline.end - 1000) continue;
      if (i < jobCount) {
        const job = generateJob(rng, { now: new Date(at), externalId: randomExternalId(rng, "job_", at) });
        history.jobs.push({ ...job, _at: iso(at) });
        detect(job, "job", at);
      } else {
        const company = generateCompany(rng, { now: new Date(at), externalId: randomExternalId(rng, "cmp_", at) });
        history.companies.push({ ...company, _at: iso(at) });
        detect(company, "company", at);
      }
    }
  }
  // Moments of the story that must not depend on chance: a few engineering jobs just before a webhook
  // was paused (they wait there, in progress), and the last minute's discoveries.
  const late: [number, JobOptions][] = [];
  for (const webhook of DEMO_WEBHOOKS) {
    if (webhook.pausedMinutesAgo === undefined) continue;
    for (let i = 1; i <= 4; i++) late.push([timeline.end - webhook.pausedMinutesAgo * 60_000 - i * 150_000, { family: "engineering" }]);
  }
  // Jobs during the CRM's 502 stretch, so there are always failed events with a retry due.
  for (let i = 0; i < 3; i++) late.push([timeline.badGatewayStart + (3 + 6 * i) * 60_000, { family: "engineering" }]);
  late.push([timeline.end - 40_000, { family: "engineering" }], [timeline.end - 28_000, { family: "data", countryCodes: ["DE"] }]);
  for (const [at, options] of late) {
    const job = generateJob(rng, { ...options, now: new Date(at), externalId: randomExternalId(rng, "job_", at) });
    history.jobs.push({ ...job, _at: iso(at) });
    detect(job, "job", at);
  }
  return history;
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

async function insertRecords(tx: DbOrTx, accountId: string, history: GeneratedHistory): Promise<void> {
  // `_at` is the discovery time; `data` is the record as the API would have received it.
  await tx.execute(sql`
    INSERT INTO jobs (account_id, external_id, title, company_name, company_domain, country_code, location, remote,
      seniority, min_annual_salary_usd, max_annual_salary_usd, date_posted, url, data, discovered_at)
    SELECT ${accountId}::uuid, v->>'external_id', v->>'title', v->>'company_name', v->>'company_domain', v->>'country_code',
      v->>'location', (v->>'remote')::boolean, v->>'seniority', (v->>'min_annual_salary_usd')::int,
      (v->>'max_annual_salary_usd')::int, ((v->>'date_posted') || 'T00:00:00Z')::timestamptz, v->>'url', v - '_at',
      (v->>'_at')::timestamptz
    FROM jsonb_array_elements(${json(history.jobs)}) AS t(v)
    ON CONFLICT DO NOTHING`);
  await tx.execute(sql`
    INSERT INTO companies (account_id, external_id, name, domain, country_code, industry, employee_count, technologies, data, discovered_at)
    SELECT ${accountId}::uuid, v->>'external_id', v->>'name', v->>'domain', v->>'country_code', v->>'industry',
      (v->>'employee_count')::int, ARRAY(SELECT jsonb_array_elements_text(v->'technologies')), v - '_at',
      (v->>'_at')::timestamptz
    FROM jsonb_array_elements(${json(history.companies)}) AS t(v)
    ON CONFLICT DO NOTHING`);
}

async function insertEvents(tx: DbOrTx, accountId: string, events: EventRow[]): Promise<void> {
  await tx.execute(sql`
    INSERT INTO events (account_id, webhook_id, type, job_id, company_id, status, detected_at, triggered_at, attempt_count,
      next_attempt_at, first_failed_at, last_attempt_at, last_response_status, last_error, delivered_at)
    SELECT ${accountId}::uuid, e.w, e.type::record_type, j.id, c.id, e.status::event_status, e.detected_at, e.triggered_at,
      e.attempt_count, e.next_attempt_at, e.first_failed_at, e.last_attempt_at, e.last_response_status, e.last_error, e.delivered_at
    FROM jsonb_to_recordset(${json(events)}) AS e(x text, type text, w uuid, status text, detected_at timestamptz,
      triggered_at timestamptz, attempt_count int, next_attempt_at timestamptz, first_failed_at timestamptz,
      last_attempt_at timestamptz, last_response_status int, last_error text, delivered_at timestamptz)
    LEFT JOIN jobs j ON e.type = 'job' AND j.account_id = ${accountId}::uuid AND j.external_id = e.x
    LEFT JOIN companies c ON e.type = 'company' AND c.account_id = ${accountId}::uuid AND c.external_id = e.x
    WHERE j.id IS NOT NULL OR c.id IS NOT NULL
    ORDER BY e.detected_at`);
}

/** One attempt row per attempt an event counts, hourly back from its last attempt. */
async function insertAttempts(tx: DbOrTx, accountId: string, webhookIds: Record<DemoWebhookKey, string>): Promise<number> {
  const profiles = DEMO_WEBHOOKS.map((webhook) => {
    const profile = RECEIVER_PROFILES[webhook.receiver];
    return {
      webhook_id: webhookIds[webhook.key],
      fail_status: profile.failStatus,
      fail_body: profile.failBody,
      min_ms: profile.minMs,
      max_ms: profile.maxMs,
    };
  });
  const rows = await query<{ n: number }>(
    tx,
    sql`WITH inserted AS (
      INSERT INTO attempts (account_id, webhook_id, event_id, trigger, url, started_at, duration_ms, request_headers,
        response_status, response_body, error_code, error_message, is_success)
      SELECT e.account_id, e.webhook_id, e.id, 'scheduled', w.url, a.started_at,
        p.min_ms + floor(random() * (p.max_ms - p.min_ms))::int,
        jsonb_build_object('content-type', 'application/json', 'user-agent', ${USER_AGENT}::text,
          'webhook-id', e.id::text, 'webhook-timestamp', floor(extract(epoch FROM a.started_at))::bigint::text),
        CASE WHEN a.is_success THEN 200 ELSE p.fail_status END,
        CASE WHEN a.is_success THEN ${DEMO_RECEIVER_RESPONSES.ok.body} ELSE p.fail_body END,
        CASE WHEN a.is_success THEN NULL ELSE 'http_error' END,
        CASE WHEN a.is_success THEN NULL ELSE 'Endpoint answered HTTP ' || p.fail_status END,
        a.is_success
      FROM events e
      JOIN webhooks w ON w.id = e.webhook_id
      JOIN jsonb_to_recordset(${json(profiles)}) AS p(webhook_id uuid, fail_status int, fail_body text, min_ms int, max_ms int)
        ON p.webhook_id = e.webhook_id
      CROSS JOIN LATERAL generate_series(1, e.attempt_count) AS i(n)
      CROSS JOIN LATERAL (
        SELECT e.last_attempt_at - (e.attempt_count - i.n) * interval '1 hour' AS started_at,
               (e.status = 'success' AND i.n = e.attempt_count) AS is_success
      ) a
      WHERE e.account_id = ${accountId}::uuid AND e.attempt_count > 0
      RETURNING 1
    ) SELECT count(*)::int AS n FROM inserted`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * The credit ledger of the story: a first top-up that lasts exactly until the outage, hourly debits
 * of triggered events, and a top-up when the outage ends. Returns the final balance.
 */
async function insertCreditHistory(
  tx: DbOrTx,
  accountId: string,
  events: EventRow[],
  timeline: ReturnType<typeof demoTimeline>,
): Promise<number> {
  const debitsByHour = new Map<number, number>();
  let beforeOutage = 0;
  let afterOutage = 0;
  for (const event of events) {
    if (event.status === "not_triggered") continue;
    const at = Date.parse(event.detected_at);
    const hour = at - (at % HOUR_MS);
    debitsByHour.set(hour, (debitsByHour.get(hour) ?? 0) + 1);
    if (at < timeline.outageStart) beforeOutage++;
    else afterOutage++;
  }
  const ledger = [
    { amount: beforeOutage, reason: "top-up", at: iso(timeline.start - HOUR_MS) },
    { amount: TOP_UP_AFTER_OUTAGE, reason: "top-up", at: iso(timeline.outageEnd) },
    ...[...debitsByHour].map(([hour, n]) => ({ amount: -n, reason: `${n} events`, at: iso(hour + HOUR_MS - 1000) })),
  ];
  await tx.execute(sql`
    INSERT INTO credit_transactions (account_id, amount, reason, created_at)
    SELECT ${accountId}::uuid, l.amount, l.reason, l.at
    FROM jsonb_to_recordset(${json(ledger)}) AS l(amount bigint, reason text, at timestamptz)
    ORDER BY l.at`);
  const balance = TOP_UP_AFTER_OUTAGE - afterOutage;
  await tx.execute(sql`UPDATE accounts SET credits = ${balance} WHERE id = ${accountId}::uuid`);
  return balance;
}

/**
 * Seeds the demo into an account that has no saved searches yet; otherwise does nothing and answers
 * `{ seeded: false }`. Safe to call twice at once: both lock the account row, the second then sees
 * the first one's searches.
 */
export async function seedDemoAccount(db: Db, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const now = options.now ?? new Date();
  const days = options.days ?? 30;
  const timeline = demoTimeline(now, days);
  const rng = createRng(options.seed ?? 20_240_611);
  const { accountId } = options;
  return db.transaction(async (tx) => {
    const locked = await query<{ id: string }>(tx, sql`SELECT id FROM accounts WHERE id = ${accountId}::uuid FOR UPDATE`);
    if (locked.length === 0) throw new Error(`account ${accountId} not found`);
    const existing = await query<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM searches WHERE account_id = ${accountId}::uuid`);
    if (Number(existing[0].n) > 0) return { seeded: false } as const;

    const createdAt = iso(timeline.start - 2 * HOUR_MS);
    const searchRows = await query<{ id: string; name: string }>(
      tx,
      sql`INSERT INTO searches (account_id, name, type, filters, created_at, updated_at)
        SELECT ${accountId}::uuid, s.name, s.type::record_type, s.filters, ${createdAt}::timestamptz, ${createdAt}::timestamptz
        FROM jsonb_to_recordset(${json(DEMO_SEARCHES.map(({ name, type, filters }) => ({ name, type, filters })))})
          AS s(name text, type text, filters jsonb)
        RETURNING id, name`,
    );
    const searchIds = Object.fromEntries(
      DEMO_SEARCHES.map((search) => [search.key, searchRows.find((row) => row.name === search.name)!.id]),
    ) as Record<DemoSearchKey, string>;

    const webhookValues = DEMO_WEBHOOKS.map((webhook) => {
      const pausedAt = webhook.pausedMinutesAgo === undefined ? null : iso(timeline.end - webhook.pausedMinutesAgo * 60_000);
      const id = randomUUID();
      return {
        id,
        name: webhook.name,
        url: demoReceiverUrl(options.receiverBaseUrl, webhook.receiver),
        description: webhook.description,
        search_id: searchIds[webhook.search],
        secret: sealWebhookSecret(generateWebhookSecret(), id),
        is_active: pausedAt === null,
        paused_at: pausedAt,
        updated_at: pausedAt ?? createdAt,
      };
    });
    const webhookRows = await query<{ id: string; name: string }>(
      tx,
      sql`INSERT INTO webhooks (id, account_id, search_id, name, url, description, is_active, paused_at, listening_start_time, secret,
          created_at, updated_at)
        SELECT w.id, ${accountId}::uuid, w.search_id, w.name, w.url, w.description, w.is_active, w.paused_at,
          ${iso(timeline.start)}::timestamptz, w.secret, ${createdAt}::timestamptz, w.updated_at
        FROM jsonb_to_recordset(${json(webhookValues)})
          AS w(id uuid, name text, url text, description text, search_id uuid, secret text, is_active boolean, paused_at timestamptz,
               updated_at timestamptz)
        RETURNING id, name`,
    );
    const webhookIds = Object.fromEntries(
      DEMO_WEBHOOKS.map((webhook) => [webhook.key, webhookRows.find((row) => row.name === webhook.name)!.id]),
    ) as Record<DemoWebhookKey, string>;

    const history = generateHistory(rng, timeline, days, options.volume ?? 1, webhookIds);
    await insertRecords(tx, accountId, history);
    await insertEvents(tx, accountId, history.events);
    const attempts = await insertAttempts(tx, accountId, webhookIds);
    const credits = await insertCreditHistory(tx, accountId, history.events, timeline);
    return {
      seeded: true,
      jobs: history.jobs.length,
      companies: history.companies.length,
      events: history.events.length,
      attempts,
      credits,
      searchIds,
      webhookIds,
    } as const;
  });
}

/** Points the demo webhooks at this server's receivers again (the port may differ from the first start). */
export async function updateDemoWebhookUrls(db: DbOrTx, accountId: string, receiverBaseUrl: string): Promise<number> {
  const rows = await query<{ id: string }>(
    db,
    sql`UPDATE webhooks
      SET url = ${receiverBaseUrl.replace(/\/$/, "")} || substring(url FROM position('/api/demo/receivers/' IN url))
      WHERE account_id = ${accountId}::uuid AND position('/api/demo/receivers/' IN url) > 0
        AND url <> ${receiverBaseUrl.replace(/\/$/, "")} || substring(url FROM position('/api/demo/receivers/' IN url))
      RETURNING id`,
  );
  return rows.length;
}

/** Whether the account holds the demo: any webhook aimed at a demo receiver. */
export async function hasDemoWebhooks(db: DbOrTx, accountId: string): Promise<boolean> {
  const rows = await query<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM webhooks WHERE account_id = ${accountId}::uuid AND NOT is_archived
      AND position('/api/demo/receivers/' IN url) > 0`,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}
