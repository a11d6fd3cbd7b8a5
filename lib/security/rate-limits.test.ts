// Rate limits through the real routes on the test's database (PGlite: in memory; PostgreSQL: the
// shared rate_limits table): sign-in, sign-up and password reset per address and per email; API
// requests per key and wrong keys per address; test sends per team. Every refusal is a 429 with
// Retry-After in the app's {error} shape. Each call names its address as the proxy would leave it.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as authPost } from "@/app/api/auth/[...all]/route";
import { GET as getCredits } from "@/app/api/v1/credits/route";
import { POST as postTestEvent } from "@/app/api/v1/webhooks/test/route";
import { closeDb, getDb, query } from "@/db/client";
import { sendTestEventAction } from "@/lib/actions/send-test-event";
import { appUrl } from "@/lib/auth/config";
import { withRequestHeaders } from "@/lib/auth/request-headers";
import { callRoute, randomTestAddress } from "@/test/api";
import { createApiKey, sessionHeaders, signUpPerson, TEST_PASSWORD } from "@/test/auth";
import { createTestAccount } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";
import { consumeRateLimit, subjectKey } from "./rate-limit";

type Reply = Awaited<ReturnType<typeof callRoute>>;

function auth(path: string, body: unknown, address: string): Promise<Reply> {
  return callRoute(authPost, { method: "POST", path: `/api/auth${path}`, body, headers: { origin: appUrl(), "x-forwarded-for": address } });
}

const signIn = (email: string, password: string, address = randomTestAddress()) => auth("/sign-in/email", { email, password }, address);

function expectRateLimited(reply: Reply, windowSeconds: number) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(429);
  const retryAfter = Number(reply.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(reply.body).toEqual({
    error: { code: "rate_limited", message: expect.stringMatching(/^Too many requests\. Try again in \d+ seconds?\.$/), details: { retry_after_seconds: retryAfter } },
  });
}

describe("sign-in and password reset", () => {
  it("answers the 11th wrong password for one email within a minute with 429, whatever address it comes from", async () => {
    const person = await signUpPerson();
    for (let attempt = 1; attempt <= 10; attempt++) expect((await signIn(person.email, `wrong-${attempt}`)).status).toBe(401);
    expectRateLimited(await signIn(person.email, "wrong-11"), 60);
    // Even the right password waits: the limit counts attempts, not failures.
    expectRateLimited(await signIn(person.email, TEST_PASSWORD), 60);
    // Another person is not locked out by it.
    const other = await signUpPerson();
    expect((await signIn(other.email, TEST_PASSWORD)).status).toBe(200);
  });

  it("lets one address try 20 sign-ins a minute across any emails, and no more", async () => {
    const address = randomTestAddress();
    for (let attempt = 1; attempt <= 20; attempt++) {
      expect((await signIn(`nobody-${randomUUID()}@hookline.example`, "whatever-password", address)).status).toBe(401);
    }
    expectRateLimited(await signIn(`nobody-${randomUUID()}@hookline.example`, "whatever-password", address), 60);
    expect((await signIn(`nobody-${randomUUID()}@hookline.example`, "whatever-password")).status).toBe(401);
  });

  it("limits password-reset mails per email, and reset attempts per address", async () => {
    const person = await signUpPerson();
    const request = () => auth("/request-password-reset", { email: person.email, redirectTo: "/reset-password" }, randomTestAddress());
    for (let attempt = 1; attempt <= 5; attempt++) expect((await request()).status).toBe(200);
    expectRateLimited(await request(), 600);

    const address = randomTestAddress();
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await auth("/reset-password", { newPassword: "new-password-123", token: `guess-${attempt}` }, address)).status).toBe(400);
    }
    expectRateLimited(await auth("/reset-password", { newPassword: "new-password-123", token: "guess-11" }, address), 60);
  });

  it("lets one address create 10 accounts per 10 minutes", async () => {
    const address = randomTestAddress();
    const signUp = () => auth("/sign-up/email", { email: `p-${randomUUID().slice(0, 12)}@hookline.example`, password: TEST_PASSWORD, name: "Many" }, address);
    for (let attempt = 1; attempt <= 10; attempt++) expect((await signUp()).status).toBe(200);
    expectRateLimited(await signUp(), 600);
  });
});

describe("the API", () => {
  it("answers a burst of 300 wrong keys from one address with 429s after 20, and refuses that address before looking keys up", async () => {
    const { apiKey } = await createTestAccount();
    const address = randomTestAddress();
    const wrong = () => callRoute(getCredits, { apiKey: `hk_${randomUUID()}`, headers: { "x-forwarded-for": address } });
    const replies: Reply[] = [];
    for (let sent = 0; sent < 300; sent += 50) replies.push(...(await Promise.all(Array.from({ length: 50 }, wrong))));
    expect(replies.filter((reply) => reply.status === 401)).toHaveLength(20);
    const limited = replies.filter((reply) => reply.status === 429);
    expect(limited).toHaveLength(280);
    expectRateLimited(limited[limited.length - 1], 60);
    // No key at all counts the same way.
    expectRateLimited(await callRoute(getCredits, { headers: { "x-forwarded-for": address } }), 60);
    // The address is refused whatever it sends; other addresses are not.
    expectRateLimited(await callRoute(getCredits, { apiKey, headers: { "x-forwarded-for": address } }), 60);
    expect((await callRoute(getCredits, { apiKey })).status).toBe(200);
  });

  it("allows each key 600 requests a minute (API_RATE_LIMIT), then 429", async () => {
    const { accountId, apiKey } = await createTestAccount();
    for (let sent = 0; sent < 600; sent += 100) {
      const statuses = await Promise.all(Array.from({ length: 100 }, () => callRoute(getCredits, { apiKey }).then((reply) => reply.status)));
      expect(new Set(statuses)).toEqual(new Set([200]));
    }
    expectRateLimited(await callRoute(getCredits, { apiKey }), 60);
    // The limit is the key's: the team's other key goes on.
    expect((await callRoute(getCredits, { apiKey: await createApiKey(accountId) })).status).toBe(200);
  });
});

describe("test sends", () => {
  it("allows a team 30 a minute, through the API and the app together", async () => {
    const person = await signUpPerson();
    const apiKey = await createApiKey(person.accountId);
    const receiver = await startReceiver();
    try {
      const send = () => callRoute(postTestEvent, { method: "POST", apiKey, body: { url: receiver.url, event_type: "job.new" } });
      for (let sent = 1; sent <= 29; sent++) expect((await send()).status).toBe(200);
      const fromApp = () => withRequestHeaders(sessionHeaders(person), () => sendTestEventAction({ url: receiver.url, event_type: "job.new" }));
      expect(await fromApp()).toMatchObject({ ok: true });
      expectRateLimited(await send(), 60);
      expect(await fromApp()).toMatchObject({ ok: false, code: "rate_limited", error: expect.stringContaining("Too many requests") });
      expect(receiver.requests).toHaveLength(30);
      // Another team's budget is its own.
      const other = await createTestAccount();
      expect((await callRoute(postTestEvent, { method: "POST", apiKey: other.apiKey, body: { url: receiver.url, event_type: "job.new" } })).status).toBe(200);
    } finally {
      await receiver.close();
    }
  });
});

// Last in the file: it reopens the database, as a second instance would open its own connections.
describe.runIf(Boolean(process.env.DATABASE_URL))("on PostgreSQL", () => {
  it("shares the counts between instances, and keeps no email in clear", async () => {
    const email = `shared-${randomUUID()}@hookline.example`;
    for (let attempt = 1; attempt <= 10; attempt++) await consumeRateLimit("sign_in_email", subjectKey(email));
    const rows = await query<{ key: string }>(await getDb(), sql`select key from rate_limits where key like ${"%" + email + "%"}`);
    expect(rows).toEqual([]);
    await closeDb();
    await expect(consumeRateLimit("sign_in_email", subjectKey(email))).rejects.toMatchObject({ code: "rate_limited" });
  });
});
