// Webhook URLs as people and scripts type them: what the shared schema refuses (spaces, control and
// invisible characters, other schemes, user:pass@), with a 400 naming `url` from the API and the
// same message under the form's field, and nothing written.
import { describe, expect, it } from "vitest";
import { POST as postWebhook } from "@/app/api/v1/webhooks/route";
import { PATCH as patchWebhook } from "@/app/api/v1/webhooks/[id]/route";
import { POST as postTestEvent } from "@/app/api/v1/webhooks/test/route";
import { webhookFormSchema } from "@/lib/actions/webhook-form";
import { seedSearch } from "@/test/matching";
import { callRoute } from "@/test/api";
import { teamFingerprint } from "@/test/db-fingerprint";
import { createTestAccount } from "@/test/fixtures";
import { webhookCreateSchema, webhookUrlProblem } from "./webhook";

const REFUSED: Array<[string, RegExp]> = [
  ["https://hooks.example.invalid/a b", /spaces or control characters/],
  ["https://hooks.example.invalid/a\tb", /spaces or control characters/], // the URL parser would drop the tab silently
  ["https://hooks.example.invalid/a\nb", /spaces or control characters/],
  ["https://hooks.example.invalid/\u0000", /spaces or control characters/],
  ["https://hooks.example.invalid/\u0085", /spaces or control characters/],
  ["https://hooks.example.invalid/a\u00a0b", /spaces or control characters/],
  ["https://hooks.example\u200b.invalid/", /spaces or control characters/],
  ["https://hooks.example.invalid/\u202egnp.exe", /spaces or control characters/],
  ["ftp://hooks.example.invalid/", /ftp: URLs cannot receive webhooks/],
  ["file:///etc/passwd", /file: URLs cannot receive webhooks/],
  ["gopher://hooks.example.invalid:70/_", /gopher: URLs/],
  ["javascript:alert(1)", /Enter a valid http\(s\) URL/],
  ["https:hooks.example.invalid/x", /Enter a valid http\(s\) URL/],
  ["https:\\\\hooks.example.invalid\\x", /Enter a valid http\(s\) URL/],
  ["https://hooks.example.invalid\\@evil.example.invalid/", /Enter a valid http\(s\) URL/],
  ["https://user:pass@hooks.example.invalid/", /user name or password/],
  ["https://token@hooks.example.invalid/", /user name or password/],
  ["https://@hooks.example.invalid/", /user name or password/],
  ["http://hooks.example.invalid:0/", /Enter a valid http\(s\) URL/],
  ["http://hooks.example.invalid:65536/", /Enter a valid http\(s\) URL/],
  ["localhost:3000/hooks", /Enter a valid http\(s\) URL/],
  ["not a url", /Enter a valid http\(s\) URL/],
  [`https://hooks.example.invalid/${"a".repeat(2048)}`, /At most 2048 characters/],
];

const ACCEPTED = [
  "https://hooks.example.invalid/jobs?token=abc&x=1#frag",
  "HTTP://HOOKS.EXAMPLE.INVALID:8080/Path",
  "https://hooks.example.invalid/caf%C3%A9",
  "https://hooks.example.invalid/café",
  "http://[2001:db8::1]:8443/x",
  "http://203.0.113.5/x",
];

describe("webhook URL syntax", () => {
  it("refuses spaces, control and invisible characters, other schemes and credentials, with a reason", () => {
    for (const [url, reason] of REFUSED) expect(webhookUrlProblem(url), JSON.stringify(url)).toMatch(reason);
    for (const url of ACCEPTED) expect(webhookUrlProblem(url), url).toBeNull();
  });

  it("gives the API and the form the same single message for the url field", () => {
    for (const [url, reason] of REFUSED) {
      for (const schema of [webhookCreateSchema, webhookFormSchema]) {
        const result = schema.safeParse({ name: "x", url, search_id: "00000000-0000-4000-8000-000000000000", listening_start: "now" });
        expect(result.success, url).toBe(false);
        const issues = result.error!.issues.filter((issue) => issue.path[0] === "url");
        expect(issues.map((issue) => issue.message), url).toEqual([expect.stringMatching(reason)]);
      }
    }
    // Leading and trailing spaces are what a paste brings along: trimmed, not refused.
    expect(webhookCreateSchema.parse({ name: "x", url: "  https://hooks.example.invalid/x \n", search_id: "00000000-0000-4000-8000-000000000000" }).url).toBe(
      "https://hooks.example.invalid/x",
    );
  });

  it("answers 400 naming url on create, edit and test send, and writes nothing", async () => {
    const { db, accountId, apiKey } = await createTestAccount({ credits: 5 });
    const search = await seedSearch(db, accountId, "job");
    const created = await callRoute(postWebhook, { method: "POST", apiKey, body: { name: "ok", url: "https://hooks.example.invalid/ok", search_id: search.id } });
    expect(created.status).toBe(201);
    const before = await teamFingerprint(db, [accountId]);
    for (const [url] of REFUSED) {
      const create = await callRoute(postWebhook, { method: "POST", apiKey, body: { name: "bad", url, search_id: search.id } });
      const edit = await callRoute(patchWebhook, { method: "PATCH", apiKey, params: { id: created.body.id }, body: { url } });
      const test = await callRoute(postTestEvent, { method: "POST", apiKey, body: { url, event_type: "job.new" } });
      for (const response of [create, edit, test]) {
        expect(response.status, url).toBe(400);
        expect(response.body.error.message, url).toMatch(/^url: /);
        expect(response.body.error.details, url).toEqual([expect.objectContaining({ path: "url" })]);
      }
    }
    expect(await teamFingerprint(db, [accountId])).toBe(before);
  });
});
