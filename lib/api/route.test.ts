// Request bodies as a careless or hostile client sends them, through a real route on the test's
// database: bytes that are not UTF-8, text that is not JSON, bodies over the limit. Each is a 4xx in
// the {error} shape and writes nothing.
import { describe, expect, it } from "vitest";
import { POST as postSearch } from "@/app/api/v1/searches/route";
import { POST as postCredits } from "@/app/api/v1/credits/route";
import { teamFingerprint } from "@/test/db-fingerprint";
import { createTestAccount } from "@/test/fixtures";

async function send(handler: typeof postSearch, apiKey: string, body: BodyInit | null, headers: Record<string, string> = {}) {
  const request = new Request("http://localhost/api/v1/searches", {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", ...headers },
    body,
    // A stream body needs this in Node's fetch.
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const response = await handler(request, { params: Promise.resolve({}) });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

describe("JSON bodies of the API", () => {
  it("refuses a body that is not valid UTF-8 with a 400 instead of storing U+FFFD", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const before = await teamFingerprint(db, [accountId]);
    const valid = Buffer.from(JSON.stringify({ name: "Café searches", type: "job" }), "utf8");
    const prefix = Buffer.from('{"name":"Caf', "utf8");
    const suffix = Buffer.from(' searches","type":"job"}', "utf8");
    for (const bad of [
      Buffer.from([0xe9]), // Latin-1 é
      Buffer.from([0xc3]), // a truncated two-byte sequence
      Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate
      Buffer.from([0xc0, 0xaf]), // an overlong "/"
      Buffer.from([0xff]),
    ]) {
      const response = await send(postSearch, apiKey, Buffer.concat([prefix, bad, suffix]));
      expect(response.status, bad.toString("hex")).toBe(400);
      expect(response.body.error).toMatchObject({ code: "invalid_request", message: expect.stringMatching(/UTF-8/) });
    }
    expect(await teamFingerprint(db, [accountId])).toBe(before);
    const stored = await send(postSearch, apiKey, valid);
    expect(stored.status).toBe(201);
    expect(stored.body.name).toBe("Café searches");
  });

  it("answers 400 for text that is not JSON and 413 beyond the size limit, in the {error} shape", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const before = await teamFingerprint(db, [accountId]);
    for (const text of ["name=x&type=job", "{", '{"name":"x",}', "\u{feff}", "null", "[]", '"text"', "1e999999"]) {
      const response = await send(postSearch, apiKey, text);
      expect(response.status, text).toBe(400);
      expect(response.body.error.code, text).toBe("invalid_request");
    }
    // Declared too large: refused before reading.
    const declared = await send(postCredits, apiKey, "{}", { "content-length": String(10 * 1024 * 1024) });
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe("payload_too_large");
    // Streamed past the limit without a length: refused while reading.
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.length;
        if (sent > 64 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const streamed = await send(postSearch, apiKey, endless);
    expect(streamed.status).toBe(413);
    expect(streamed.body.error.code).toBe("payload_too_large");
    expect(sent).toBeLessThan(16 * 1024 * 1024);
    expect(await teamFingerprint(db, [accountId])).toBe(before);
  });

  it("answers 400 when the body breaks off mid-stream", async () => {
    const { apiKey } = await createTestAccount();
    let pulls = 0;
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls === 1) controller.enqueue(new TextEncoder().encode('{"name":"half'));
        else controller.error(new Error("socket hang up"));
      },
    });
    const response = await send(postSearch, apiKey, broken);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_request");
  });
});
