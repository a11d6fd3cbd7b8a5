// The attempt inspector (issue 17): response headers kept with every attempt, bounded, and
// "Copy as cURL" reproducing the exact signed request — run against a real receiver, it verifies.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { attempts, jobs } from "@/db/schema";
import { trimAttemptBodies } from "@/db/queries/retention";
import { getEventWithAttempts } from "@/lib/events/service";
import { createTestAccount } from "@/test/fixtures";
import { randomWebhookSecret, receiversClosedAfterEach } from "@/test/receiver";
import { MAX_RESPONSE_HEADER_COUNT, MAX_RESPONSE_HEADER_VALUE_CHARS, MAX_RESPONSE_HEADERS_CHARS } from "./config";
import { curlCommand } from "./curl";
import { captureResponseHeaders } from "./http-client";
import { getEventRequestBody } from "./request-body";
import { runDeliveryCycle } from "./run-cycle";
import { sendTestEvent } from "./test-event";
import { seedDueEvents } from "@/test/delivery";

const receiver = receiversClosedAfterEach();
const run = promisify(execFile);

describe("response headers", () => {
  it("are kept with the attempt and shown by the event API, as the endpoint sent them", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver({
      mode: { kind: "status", status: 503, body: "busy", headers: { "x-request-id": "req-42", "retry-after": "120", "x-trace": "a'b\"c" } },
    });
    const { eventIds } = await seedDueEvents(db, accountId, { url: target.url });
    await runDeliveryCycle(db, { accountId });

    const [row] = await db.select().from(attempts).where(eq(attempts.eventId, eventIds[0]));
    expect(row.responseHeaders).toMatchObject({ "x-request-id": "req-42", "retry-after": "120", "x-trace": "a'b\"c", "content-type": "text/plain" });
    const event = await getEventWithAttempts(db, accountId, eventIds[0]);
    expect(event.attempts[0]).toMatchObject({ response_status: 503, response_body: "busy" });
    expect(event.attempts[0].response_headers).toMatchObject({ "x-request-id": "req-42" });
    expect(event.attempts[0].duration_ms).toBeGreaterThanOrEqual(0);
  });

  it("go with the body when retention trims old attempts", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver({ mode: { kind: "status", status: 200, headers: { "x-request-id": "old" } } });
    const { eventIds } = await seedDueEvents(db, accountId, { url: target.url });
    await runDeliveryCycle(db, { accountId });
    await trimAttemptBodies(db, { cutoff: new Date(Date.now() + 60_000), limit: 100, accountId });
    const [row] = await db.select().from(attempts).where(eq(attempts.eventId, eventIds[0]));
    expect(row).toMatchObject({ responseStatus: 200, responseBody: null, responseHeaders: null });
  });

  it("are null when there was no response", async () => {
    const { db, accountId } = await createTestAccount();
    const { eventIds } = await seedDueEvents(db, accountId, { url: "http://127.0.0.1:9/closed" });
    await runDeliveryCycle(db, { accountId });
    const event = await getEventWithAttempts(db, accountId, eventIds[0]);
    expect(event.attempts[0]).toMatchObject({ error_code: "connection_refused", response_headers: null });
  });

  it("are bounded whatever the endpoint sends: count, value length and total", async () => {
    const { db, accountId } = await createTestAccount();
    const many: Record<string, string> = { "x-huge": "h".repeat(3_000) };
    for (let i = 0; i < 80; i += 1) many[`x-h-${String(i).padStart(2, "0")}`] = "v".repeat(100);
    const target = await receiver({ mode: { kind: "status", status: 200, headers: many } });
    const { eventIds } = await seedDueEvents(db, accountId, { url: target.url });
    await runDeliveryCycle(db, { accountId });
    const [row] = await db.select().from(attempts).where(eq(attempts.eventId, eventIds[0]));
    const kept = row.responseHeaders ?? {};
    expect(row.isSuccess).toBe(true);
    expect(Object.keys(kept).length).toBe(MAX_RESPONSE_HEADER_COUNT);
    expect(kept["x-huge"]).toBe("h".repeat(MAX_RESPONSE_HEADER_VALUE_CHARS));
    const total = Object.entries(kept).reduce((sum, [name, value]) => sum + name.length + value.length, 0);
    expect(total).toBeLessThanOrEqual(MAX_RESPONSE_HEADERS_CHARS);
  });

  it("captureResponseHeaders joins repeated headers, lower-cases names, drops NULs and stops at the total", () => {
    expect(captureResponseHeaders({ "Set-Cookie": ["a=1", "b=2"], "X-Nul": "a\u0000b", gone: undefined })).toEqual({
      "set-cookie": "a=1, b=2",
      "x-nul": "ab",
    });
    const big: Record<string, string> = {};
    for (let i = 0; i < 20; i += 1) big[`h${i}`] = "x".repeat(1_000);
    const kept = captureResponseHeaders(big);
    const total = Object.entries(kept).reduce((sum, [name, value]) => sum + name.length + value.length, 0);
    expect(total).toBeLessThanOrEqual(MAX_RESPONSE_HEADERS_CHARS);
    expect(Object.keys(kept).length).toBeLessThan(20);
  });

  it("come back with a test send and are kept with its attempt", async () => {
    const { db, accountId } = await createTestAccount();
    const target = await receiver({ mode: { kind: "status", status: 422, body: "nope", headers: { "x-why": "schema" } } });
    const result = await sendTestEvent({ url: target.url, event_type: "job.new", accountId }, { db });
    expect(result).toMatchObject({ ok: false, status_code: 422, response_body: "nope" });
    expect(result.response_headers).toMatchObject({ "x-why": "schema" });
    const [row] = await db.select().from(attempts).where(eq(attempts.accountId, accountId));
    expect(row.responseHeaders).toMatchObject({ "x-why": "schema" });
  });
});

describe("Copy as cURL", () => {
  it("reproduces the exact signed request: run by curl it verifies with the webhook's secret, which it never contains", async () => {
    const { db, accountId } = await createTestAccount();
    const secret = randomWebhookSecret();
    const target = await receiver({ secret });
    const { eventIds } = await seedDueEvents(db, accountId, { url: target.url, secret });
    // A record whose JSON needs care in a shell and in PostgreSQL's text form.
    const [event] = await db.select({ jobId: jobs.id }).from(jobs).where(eq(jobs.accountId, accountId));
    await db
      .update(jobs)
      .set({ data: { external_id: "x-1", title: `O'Reilly "data" — ü $HOME \`id\` \\ back`, salary: 1.5e3, tags: ["a", "b"], nested: { z: 1, a: null } } })
      .where(eq(jobs.id, event.jobId));
    await runDeliveryCycle(db, { accountId });
    expect(target.requests).toHaveLength(1);
    const sent = target.requests[0];
    expect(sent.verification).toEqual({ standardwebhooks: true, svix: true });

    const view = await getEventWithAttempts(db, accountId, eventIds[0]);
    const body = await getEventRequestBody(db, accountId, eventIds[0]);
    expect(body).toBe(sent.body);
    const command = curlCommand({ url: view.attempts[0].url, headers: view.attempts[0].request_headers, body: body ?? "" });
    expect(command).not.toContain(secret);
    expect(command).not.toContain(secret.slice("whsec_".length));
    expect(command).toContain(`-H 'webhook-signature: ${sent.headers["webhook-signature"]}'`);
    // The signature over the rebuilt body verifies with standardwebhooks…
    expect(() => new Webhook(secret).verify(body ?? "", view.attempts[0].request_headers)).not.toThrow();

    // …and so does the request curl makes from the command.
    await run("sh", ["-c", command], { timeout: 10_000 });
    expect(target.requests).toHaveLength(2);
    const replayed = target.requests[1];
    expect(replayed.method).toBe("POST");
    expect(replayed.body).toBe(sent.body);
    expect(replayed.verification).toEqual({ standardwebhooks: true, svix: true });
    for (const name of ["content-type", "user-agent", "webhook-id", "webhook-timestamp", "webhook-signature"]) {
      expect(replayed.headers[name]).toBe(sent.headers[name]);
    }
  });
});
