// Signing secrets at rest: AES-256-GCM under the configured key, bound to their webhook; the key's
// formats, the development key file, and a wrong or missing key.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeKey, encryptionKeys, readOrCreateKeyFile } from "@/lib/security/encryption-key";
import { generateWebhookSecret } from "./secret";
import { createBatchSecretOpener, isSealed, openWebhookSecret, sealWebhookSecret, SecretUnreadableError } from "./secret-box";

const keyA = Buffer.alloc(32, 1).toString("base64");
const keyB = Buffer.alloc(32, 2).toString("hex");
const keysA = encryptionKeys({ HOOKLINE_ENCRYPTION_KEY: keyA });
const keysB = encryptionKeys({ HOOKLINE_ENCRYPTION_KEY: keyB });
const keysBReadingA = encryptionKeys({ HOOKLINE_ENCRYPTION_KEY: keyB, HOOKLINE_ENCRYPTION_KEY_PREVIOUS: keyA });

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

describe("secret box", () => {
  it("stores a secret as ciphertext that holds neither the secret nor its bytes, and opens it again", () => {
    const secret = generateWebhookSecret();
    const webhookId = randomUUID();
    const sealed = sealWebhookSecret(secret, webhookId, keysA);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).toMatch(new RegExp(`^enc:v1:${keysA.current.id}:[A-Za-z0-9_-]+$`));
    const bytes = Buffer.from(secret.slice("whsec_".length), "base64");
    for (const form of [secret, secret.slice(6), bytes.toString("hex"), bytes.toString("base64url")]) expect(sealed).not.toContain(form);
    expect(sealWebhookSecret(secret, webhookId, keysA)).not.toBe(sealed); // a fresh IV each time
    expect(openWebhookSecret(sealed, webhookId, keysA)).toBe(secret);
  });

  it("refuses a ciphertext moved to another webhook, a tampered one, and one under a key not configured", () => {
    const secret = generateWebhookSecret();
    const webhookId = randomUUID();
    const sealed = sealWebhookSecret(secret, webhookId, keysA);
    expect(() => openWebhookSecret(sealed, randomUUID(), keysA)).toThrow(SecretUnreadableError);
    const last = sealed.at(-2) === "A" ? "B" : "A";
    expect(() => openWebhookSecret(`${sealed.slice(0, -2)}${last}${sealed.at(-1)}`, webhookId, keysA)).toThrow(SecretUnreadableError);
    expect(() => openWebhookSecret(sealed, webhookId, keysB)).toThrow(/encrypted with key .* not configured/);
    // During a key rotation the previous key still reads, and new writes use the new key.
    expect(openWebhookSecret(sealed, webhookId, keysBReadingA)).toBe(secret);
    expect(sealWebhookSecret(secret, webhookId, keysBReadingA)).toContain(`enc:v1:${keysB.current.id}:`);
  });

  it("reads a secret stored before encryption as it is", () => {
    expect(openWebhookSecret("whsec_dGVzdA==", randomUUID(), keysA)).toBe("whsec_dGVzdA==");
  });

  it("opens each webhook's secret once per batch, and reports an unreadable one instead of throwing", () => {
    const [one, two] = [randomUUID(), randomUUID()];
    const sealedOne = sealWebhookSecret("whsec_b25l", one, keysA);
    const open = createBatchSecretOpener(keysA);
    const first = open(sealedOne, one);
    expect(first).toEqual({ secret: "whsec_b25l", error: null });
    expect(open(sealedOne, one)).toBe(first); // answered from the batch's memory
    expect(open(sealWebhookSecret("whsec_dHdv", two, keysB), two)).toEqual({ secret: null, error: expect.stringContaining("not configured") });
  });
});

describe("encryption key", () => {
  it("takes 32 bytes as base64, base64url or hex, and nothing else", () => {
    const bytes = Buffer.alloc(32, 9);
    for (const text of [bytes.toString("base64"), bytes.toString("base64url"), bytes.toString("hex"), ` ${bytes.toString("hex")}\n`]) {
      expect(decodeKey(text)).toEqual(bytes);
    }
    for (const text of ["", "short", Buffer.alloc(16).toString("base64"), Buffer.alloc(33).toString("base64"), "z".repeat(64)]) {
      expect(decodeKey(text)).toBeNull();
    }
    expect(() => encryptionKeys({ HOOKLINE_ENCRYPTION_KEY: "short" })).toThrow(/HOOKLINE_ENCRYPTION_KEY must be 32 random bytes/);
  });

  it("refuses to work in production without a key", () => {
    expect(() => encryptionKeys({ NODE_ENV: "production", PGLITE_DIR: "memory://" })).toThrow(/HOOKLINE_ENCRYPTION_KEY is not set/);
  });

  it("generates the development key once into the data folder, private to its owner, and reuses it", () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "hookline-key-"));
    folders.push(folder);
    const env = { NODE_ENV: "development", PGLITE_DIR: path.join(folder, "pglite") };
    const keys = encryptionKeys(env);
    const file = path.join(folder, "encryption.key");
    expect(keys.source).toBe("file");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(decodeKey(readFileSync(file, "utf8"))).toEqual(keys.current.bytes);
    expect(readOrCreateKeyFile(file)).toEqual(keys.current.bytes);
    // A key another process wrote first is the one used.
    const other = Buffer.alloc(32, 5);
    writeFileSync(path.join(folder, "other.key"), other.toString("hex"));
    expect(readOrCreateKeyFile(path.join(folder, "other.key"))).toEqual(other);
    expect(readdirSync(folder).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});
