// Every route that reads a date, a date-time, a time zone or a range (issue 14): the requests that
// hung the server or answered 500 now answer 400 naming the parameter at once, and fast-check's
// random and extreme values get 2xx or a 400 naming one of the parameters sent — within 2 s, never
// 5xx, nothing written after a refusal — while the event loop keeps turning.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { and, count, eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { jobs, webhooks } from "@/db/schema";
import { GET as getUsage } from "@/app/api/dashboard/usage/route";
import { GET as getPreview } from "@/app/api/dashboard/webhooks/preview/route";
import { GET as getCounts } from "@/app/api/v1/webhooks/events/count/route";
import { POST as postWebhook } from "@/app/api/v1/webhooks/route";
import { POST as postJobs } from "@/app/api/v1/jobs/route";
import { createApiKey, signUpPerson, type TestPerson } from "@/test/auth";
import { callRoute } from "@/test/api";
import { seedWebhookEvents } from "@/test/events";

/** Issue 14's bound: no request holds the server longer than this. */
const REQUEST_BOUND_MS = 2_000;

let person: TestPerson;
let apiKey: string;
let searchId: string;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

beforeAll(async () => {
  person = await signUpPerson();
  apiKey = await createApiKey(person.accountId);
  const { search } = await seedWebhookEvents(await getDb(), person.accountId, ["success", "failed"], { now: new Date("2026-03-08T06:30:00Z") });
  searchId = search.id;
  loopDelay.enable();
});

afterAll(() => {
  loopDelay.disable();
  // A day loop that never ended blocked everything; a whole suite of odd dates keeps the loop turning.
  expect(loopDelay.max / 1e6).toBeLessThan(REQUEST_BOUND_MS);
});

async function timedCall(...args: Parameters<typeof callRoute>) {
  const started = performance.now();
  const response = await callRoute(...args);
  const elapsed = performance.now() - started;
  expect(elapsed, `${args[1]?.path} took ${Math.round(elapsed)} ms`).toBeLessThan(REQUEST_BOUND_MS);
  return response;
}

const qs = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, value);
  return search.toString();
};

function expectRefused(response: { status: number; body: { error?: { code: string; message: string; details?: { path: string }[] } } }, param: string, context: string) {
  expect(response.status, `${context}: ${JSON.stringify(response.body)}`).toBe(400);
  expect(response.body.error?.code).toBe("invalid_request");
  expect(response.body.error?.message.startsWith(`${param}:`), `${context}: ${response.body.error?.message}`).toBe(true);
  expect(response.body.error?.details?.[0]?.path, context).toBe(param);
}

describe("the dates that hung the server or answered 500", () => {
  it("GET /api/dashboard/usage with years 9999 or 0001 answers 400 naming the parameter, at once", async () => {
    for (const [query, param] of [
      ["from=9999-12-31&to=9999-12-31", "from"],
      ["from=0001-01-01&to=0001-01-05", "from"],
      ["from=0000-01-01&to=0000-01-01", "from"],
      ["from=2026-01-01&to=9999-12-31", "to"],
      ["from=1999-12-31&to=2000-01-02", "from"],
      ["from=2100-12-01&to=2101-01-01", "to"],
      ["from=%2B010000-01-01&to=%2B010000-01-01", "from"],
      ["from=2000-01-01&to=2100-12-31", "to"],
    ] as const) {
      expectRefused(await timedCall(getUsage, { cookie: person.cookie, path: `/api/dashboard/usage?${query}` }), param, query);
    }
    // The edges of what is accepted still answer, day by day.
    const first = await timedCall(getUsage, { cookie: person.cookie, path: "/api/dashboard/usage?from=2000-01-01&to=2000-01-03&tz=Pacific/Kiritimati" });
    expect(first.status).toBe(200);
    expect(first.body.series.days.map((d: { day: string }) => d.day)).toEqual(["2000-01-01", "2000-01-02", "2000-01-03"]);
    const last = await timedCall(getUsage, { cookie: person.cookie, path: "/api/dashboard/usage?from=2100-12-29&to=2100-12-31&tz=Pacific/Pago_Pago" });
    expect(last.status).toBe(200);
    expect(last.body.series.days).toHaveLength(3);
  });

  it("the webhook preview with since=0000-01-01T00:00:00Z answers 400 naming since, not a 500 from PostgreSQL", async () => {
    const path = (since: string) => `/api/dashboard/webhooks/preview?${qs({ search_id: searchId, listening_start: "keep", since })}`;
    for (const since of ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+010000-01-01T00:00:00Z", "2026-02-30T00:00:00Z"]) {
      expectRefused(await timedCall(getPreview, { cookie: person.cookie, path: path(since) }), "since", since);
    }
    const ok = await timedCall(getPreview, { cookie: person.cookie, path: path("2026-01-01T00:00:00Z") });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ records: expect.any(Number), balance: expect.any(Number) });
  });

  it("the count API refuses extreme start and end date-times by name", async () => {
    for (const [query, param] of [
      ["start_datetime=0000-01-01T00:00:00Z", "start_datetime"],
      ["start_datetime=0001-01-01&end_datetime=0001-01-05", "end_datetime"],
      ["start_datetime=9999-12-31&end_datetime=9999-12-31T23:00:00Z", "end_datetime"],
      ["end_datetime=9999-12-31", "end_datetime"],
      ["start_datetime=2000-01-01&end_datetime=2100-12-31", "end_datetime"],
    ] as const) {
      expectRefused(await timedCall(getCounts, { apiKey, path: `/api/v1/webhooks/events/count?${query}` }), param, query);
    }
  });

  it("a webhook's listening_start_time and a job's date_posted outside 2000–2100 are refused by name, and nothing is written", async () => {
    const db = await getDb();
    const countWebhooks = async () => (await db.select({ n: count() }).from(webhooks).where(eq(webhooks.accountId, person.accountId)))[0].n;
    const countJobs = async () => (await db.select({ n: count() }).from(jobs).where(eq(jobs.accountId, person.accountId)))[0].n;
    const [hooksBefore, jobsBefore] = [await countWebhooks(), await countJobs()];
    for (const value of ["0000-01-01T00:00:00Z", "9999-12-31T00:00:00Z", "1970-01-01T00:00:00Z"]) {
      const body = { name: "h", url: "http://127.0.0.1:9/hook", search_id: searchId, listening_start_time: value };
      expectRefused(await timedCall(postWebhook, { method: "POST", apiKey, body }), "listening_start_time", value);
      const jobsResponse = await timedCall(postJobs, { method: "POST", apiKey, body: [{ external_id: `j-${value}`, title: "t", date_posted: value }] });
      expectRefused(jobsResponse, "records[0].date_posted", value);
    }
    expect([await countWebhooks(), await countJobs()]).toEqual([hooksBefore, jobsBefore]);
  });
});

describe("date parameters under fast-check", () => {
  /** Dates and date-times from year 0 to beyond 9999, well-formed or nearly, plus anything at all. */
  const dateText = fc.oneof(
    fc.record({ y: fc.integer({ min: 0, max: 12000 }), m: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }) }).map(
      ({ y, m, d }) => `${y > 9999 ? `+${String(y).padStart(6, "0")}` : String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
    ),
    fc.date({ min: new Date("1990-01-01"), max: new Date("2110-01-01"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  );
  const dateTimeText = fc.oneof(
    dateText,
    fc.tuple(dateText, fc.constantFrom("T00:00:00Z", "T23:59:59.999+14:00", "T12:00", " 25:00", "T10:00:00-0930", "T00:00:00+24:00")).map(([d, t]) => d + t),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.string({ maxLength: 30 }),
  );
  const zoneText = fc.oneof(
    fc.constantFrom("UTC", "America/New_York", "Europe/Paris", "Australia/Lord_Howe", "Asia/Kathmandu", "+05:30", "Mars/Olympus", "utc", "Etc/GMT+12", ""),
    fc.string({ maxLength: 20 }),
  );
  const optional = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  /** A range near or inside what is accepted: a day of 2000–2100 (or just outside) and 0–400 days on. */
  const nearlyGoodRange = fc
    .record({ first: fc.integer({ min: Date.UTC(1999, 11, 1) / 86_400_000, max: Date.UTC(2101, 0, 31) / 86_400_000 }), length: fc.integer({ min: -2, max: 400 }) })
    .map(({ first, length }) => [first, first + length].map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10)) as [string, string]);
  const seen = new Set<number>();
  afterAll(() => expect([...seen].sort()).toEqual([200, 400]));

  it("GET /api/dashboard/usage: 200 for a good range, else 400 naming from, to or tz", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.tuple(optional(dateText), optional(dateText)), nearlyGoodRange), optional(zoneText), async ([from, to], tz) => {
        const response = await timedCall(getUsage, { cookie: person.cookie, path: `/api/dashboard/usage?${qs({ from, to, tz })}` });
        seen.add(response.status);
        expect([200, 400], JSON.stringify({ from, to, tz, body: response.body })).toContain(response.status);
        if (response.status === 400) expect(["from", "to", "tz"]).toContain(response.body.error.details[0].path);
        else expect(response.body.series.days.length).toBeLessThanOrEqual(366);
      }),
      { numRuns: 60 },
    );
  });

  it("GET /api/v1/webhooks/events/count: 200, or 400 naming start_datetime, end_datetime or timezone", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.tuple(optional(dateTimeText), optional(dateTimeText)), nearlyGoodRange), optional(zoneText), async ([start, end], timezone) => {
        const query = qs({ start_datetime: start, end_datetime: end, timezone });
        const response = await timedCall(getCounts, { apiKey, path: `/api/v1/webhooks/events/count?${query}` });
        seen.add(response.status);
        expect([200, 400], `${query}: ${JSON.stringify(response.body)}`).toContain(response.status);
        if (response.status === 400) expect(["start_datetime", "end_datetime", "timezone"]).toContain(response.body.error.details[0].path);
      }),
      { numRuns: 60 },
    );
  });

  it("GET /api/dashboard/webhooks/preview: 200, or 400 naming since", async () => {
    await fc.assert(
      fc.asyncProperty(dateTimeText, async (since) => {
        const path = `/api/dashboard/webhooks/preview?${qs({ search_id: searchId, listening_start: "keep", since })}`;
        const response = await timedCall(getPreview, { cookie: person.cookie, path });
        seen.add(response.status);
        expect([200, 400], `${since}: ${JSON.stringify(response.body)}`).toContain(response.status);
        if (response.status === 400) expect(response.body.error.details[0].path).toBe("since");
      }),
      { numRuns: 40 },
    );
  });

  it("POST /api/v1/webhooks: created, or 400 naming listening_start_time with no webhook written", async () => {
    const db = await getDb();
    const named = (name: string) => db.select({ n: count() }).from(webhooks).where(and(eq(webhooks.accountId, person.accountId), eq(webhooks.name, name)));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(dateTimeText, async (listeningStart) => {
        const name = `fuzz ${run++}`;
        const body = { name, url: "http://127.0.0.1:9/hook", search_id: searchId, is_active: false, listening_start_time: listeningStart };
        const response = await timedCall(postWebhook, { method: "POST", apiKey, body });
        expect([201, 400], `${listeningStart}: ${JSON.stringify(response.body)}`).toContain(response.status);
        const [{ n }] = await named(name);
        if (response.status === 400) {
          expect(response.body.error.details[0].path).toBe("listening_start_time");
          expect(n).toBe(0);
        } else {
          expect(n).toBe(1);
        }
      }),
      { numRuns: 30 },
    );
  });
});
