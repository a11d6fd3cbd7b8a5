// Where a webhook may point when private URLs are not allowed (tests run with them allowed, so each
// test turns the setting off itself): private and reserved addresses are refused when the webhook is
// saved — by the API and by the form's action — without showing the address a name resolved to;
// DELIVERY_ALLOWED_PORTS limits ports at saving and at delivery. Only literal addresses, reserved
// names and `localhost` (from the hosts file) are used: nothing is looked up on the network.
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as postWebhook } from "@/app/api/v1/webhooks/route";
import { PATCH as patchWebhook } from "@/app/api/v1/webhooks/[id]/route";
import { createWebhookAction } from "@/lib/actions/create-webhook";
import { withRequestHeaders } from "@/lib/auth/request-headers";
import { postWebhook as deliver } from "@/lib/delivery/http-client";
import { seedSearch } from "@/test/matching";
import { createWebhook, updateWebhook } from "@/lib/webhooks/service";
import { callRoute } from "@/test/api";
import { sessionHeaders, signUpPerson } from "@/test/auth";
import { teamFingerprint } from "@/test/db-fingerprint";
import { createTestAccount } from "@/test/fixtures";
import { receiversClosedAfterEach } from "@/test/receiver";
import { webhookDestinationProblem } from "./webhook-destination";

const startTestReceiver = receiversClosedAfterEach();
const publicOnly = { allowPrivateUrls: false, allowedPorts: null } as const;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("webhook destinations", () => {
  it("refuses private and reserved literal addresses, and names that point at this machine", async () => {
    for (const url of [
      "http://127.0.0.1:3000/hooks",
      "http://0x7f.1/", // 127.0.0.1 in another spelling
      "http://2130706433/",
      "http://[::1]/",
      "http://[::127.0.0.1]/", // IPv4-compatible ::/96
      "http://[::ffff:10.0.0.1]/",
      "http://[64:ff9b::a9fe:a9fe]/", // NAT64 of the metadata service
      "http://[2002:c0a8:101::1]/", // 6to4 of 192.168.1.1
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00:ec2::254]/",
      "http://100.100.100.200/",
      "http://198.18.0.1/",
      "http://192.0.2.10/",
      "http://[2001:db8::1]/",
      "http://0.0.0.0/",
      "http://localhost:3000/", // resolved: the hosts file says 127.0.0.1
      "http://admin.localhost/",
    ]) {
      const problem = await webhookDestinationProblem(url, publicOnly);
      expect(problem, url).toMatch(/only to public addresses/);
      expect(problem, url).not.toMatch(/127\.0\.0\.1|::1|10\.0\.0\.1|169\.254/);
    }
  });

  it("accepts public addresses and names that do not resolve, and anything when private URLs are allowed", async () => {
    for (const url of ["https://8.8.8.8/hooks", "https://[2606:4700:4700::1111]/", "https://[64:ff9b::808:808]/", "https://hooks.example.invalid/x"]) {
      expect(await webhookDestinationProblem(url, publicOnly), url).toBeNull();
    }
    expect(await webhookDestinationProblem("http://127.0.0.1:3000/", { allowPrivateUrls: true, allowedPorts: null })).toBeNull();
  });

  it("allows only the listed ports when DELIVERY_ALLOWED_PORTS is set", async () => {
    const ports = { allowPrivateUrls: true, allowedPorts: new Set([443, 8443]) };
    expect(await webhookDestinationProblem("https://hooks.example.invalid/", ports)).toBeNull();
    expect(await webhookDestinationProblem("https://hooks.example.invalid:8443/", ports)).toBeNull();
    expect(await webhookDestinationProblem("http://hooks.example.invalid/", ports)).toBe("Port 80 is not allowed; this server delivers only to port 443, 8443");
    expect(await webhookDestinationProblem("https://hooks.example.invalid:6379/", ports)).toMatch(/Port 6379 is not allowed/);

    vi.stubEnv("DELIVERY_ALLOWED_PORTS", "443, 8443,junk");
    expect(await webhookDestinationProblem("https://hooks.example.invalid:6379/", { allowPrivateUrls: true })).toMatch(/Port 6379/);
    expect(await webhookDestinationProblem("https://hooks.example.invalid:8443/", { allowPrivateUrls: true })).toBeNull();
    vi.stubEnv("DELIVERY_ALLOWED_PORTS", "");
    expect(await webhookDestinationProblem("https://hooks.example.invalid:6379/", { allowPrivateUrls: true })).toBeNull();
  });

  it("refuses a private destination on create and edit through the API with ALLOW_PRIVATE_URLS=false, writing nothing", async () => {
    const { db, accountId, apiKey } = await createTestAccount({ credits: 5 });
    const search = await seedSearch(db, accountId, "job");
    const created = await callRoute(postWebhook, { method: "POST", apiKey, body: { name: "ok", url: "http://127.0.0.1:9/ok", search_id: search.id } });
    expect(created.status, "allowed in tests by default").toBe(201);

    vi.stubEnv("ALLOW_PRIVATE_URLS", "false");
    const before = await teamFingerprint(db, [accountId]);
    for (const url of ["http://10.0.0.5/hooks", "http://localhost:3000/hooks", "http://[::7f00:1]/"]) {
      const create = await callRoute(postWebhook, { method: "POST", apiKey, body: { name: "private", url, search_id: search.id } });
      const edit = await callRoute(patchWebhook, { method: "PATCH", apiKey, params: { id: created.body.id }, body: { url } });
      for (const response of [create, edit]) {
        expect(response.status, url).toBe(400);
        expect(response.body.error.details).toEqual([{ path: "url", message: expect.stringMatching(/only to public addresses/) }]);
        expect(JSON.stringify(response.body), url).not.toContain("127.0.0.1");
      }
    }
    expect(await teamFingerprint(db, [accountId])).toBe(before);

    // The saved private URL is not re-judged when something else changes.
    const renamed = await callRoute(patchWebhook, { method: "PATCH", apiKey, params: { id: created.body.id }, body: { name: "renamed", url: "http://127.0.0.1:9/ok" } });
    expect(renamed.status).toBe(200);
    const moved = await callRoute(patchWebhook, { method: "PATCH", apiKey, params: { id: created.body.id }, body: { url: "https://hooks.example.invalid/new" } });
    expect(moved.status).toBe(200);
  });

  it("shows the refusal under the form's URL field", async () => {
    const person = await signUpPerson("Form person");
    const { getDb } = await import("@/db/client");
    const search = await seedSearch(await getDb(), person.accountId, "job");
    vi.stubEnv("ALLOW_PRIVATE_URLS", "false");
    const result = await withRequestHeaders(sessionHeaders(person), () =>
      createWebhookAction({ name: "private", url: "http://192.168.1.20/hooks", search_id: search.id, listening_start: "now" }),
    );
    expect(result).toMatchObject({ ok: false, code: "invalid_request", fieldErrors: { url: [expect.stringMatching(/private address; this server delivers only to public addresses/)] } });
  });

  it("checks the setting passed to the service over the environment", async () => {
    const { db, accountId } = await createTestAccount();
    const search = await seedSearch(db, accountId, "job");
    const input = { name: "x", url: "http://10.1.2.3/", search_id: search.id, description: "", is_active: true, trigger_once_per_company: false };
    await expect(createWebhook(db, accountId, input, { destination: { allowPrivateUrls: false } })).rejects.toMatchObject({ code: "invalid_request" });
    const { webhook } = await createWebhook(db, accountId, { ...input, url: "https://hooks.example.invalid/" }, { destination: { allowPrivateUrls: false } });
    await expect(updateWebhook(db, accountId, webhook.id, { url: "http://[fe80::1]/" }, { destination: { allowPrivateUrls: false } })).rejects.toMatchObject({
      code: "invalid_request",
      details: [{ path: "url", message: expect.stringMatching(/linkLocal/) }],
    });
  });

  it("refuses to deliver to a port outside DELIVERY_ALLOWED_PORTS, and the receiver hears nothing", async () => {
    const receiver = await startTestReceiver();
    vi.stubEnv("DELIVERY_ALLOWED_PORTS", "443");
    const refused = await deliver(receiver.url, "{}", {}, { timeoutMs: 2_000, allowPrivateUrls: true });
    expect(refused).toMatchObject({ isSuccess: false, errorCode: "blocked_address", errorMessage: expect.stringMatching(/port \d+ is not allowed/) });
    vi.stubEnv("DELIVERY_ALLOWED_PORTS", String(receiver.port));
    const delivered = await deliver(receiver.url, "{}", {}, { timeoutMs: 2_000, allowPrivateUrls: true });
    expect(delivered).toMatchObject({ isSuccess: true, statusCode: 200 });
    expect(receiver.requests).toHaveLength(1);
  });
});
