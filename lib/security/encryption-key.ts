// The key that encrypts signing secrets at rest (AES-256-GCM, lib/webhooks/secret-box.ts).
// - HOOKLINE_ENCRYPTION_KEY: 32 random bytes, base64 (`openssl rand -base64 32`) or hex
//   (`openssl rand -hex 32`). Required in production: the server refuses to start without it.
// - HOOKLINE_ENCRYPTION_KEY_PREVIOUS: keys being rotated out (comma-separated), still read but never
//   written, so instances keep working while `npm run secrets:reencrypt` moves every secret over.
// - Development without HOOKLINE_ENCRYPTION_KEY: a key generated once into the data folder
//   (encryption.key, mode 0600, beside the embedded database) and reused; an in-memory
//   database (PGLITE_DIR=memory://) gets a key that lives as long as the process, like its data.
import { createHash, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { defaultDataHome, pgliteDataDir } from "@/db/data-dir";

type Env = Record<string, string | undefined>;

export type EncryptionKey = {
  /** A short public fingerprint of the key, stored with each ciphertext so reads pick the right key. */
  id: string;
  bytes: Buffer;
};

export type EncryptionKeys = {
  /** Encrypts everything written now. */
  current: EncryptionKey;
  /** Current and previous keys by id: what reads may decrypt with. */
  readable: ReadonlyMap<string, EncryptionKey>;
  /** Where the current key came from, for messages. */
  source: "env" | "file" | "process";
};

export const KEY_BYTES = 32;
export const KEY_HELP = "32 random bytes, base64 (`openssl rand -base64 32`) or hex (`openssl rand -hex 32`)";

/** Decodes a key given as 64 hex characters or base64/base64url of 32 bytes; null when it is neither. */
export function decodeKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return null;
  const bytes = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return bytes.length === KEY_BYTES ? bytes : null;
}

export function keyFromBytes(bytes: Buffer): EncryptionKey {
  const id = createHash("sha256").update("hookline-encryption-key-id:").update(bytes).digest("base64url").slice(0, 8);
  return { id, bytes };
}

function parseKeyList(value: string | undefined, name: string): EncryptionKey[] {
  return (value ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const bytes = decodeKey(part);
      if (!bytes) throw new Error(`${name} is not a valid key: expected ${KEY_HELP}`);
      return keyFromBytes(bytes);
    });
}

export const MISSING_KEY_PROBLEM = `HOOKLINE_ENCRYPTION_KEY is not set: it encrypts signing secrets at rest (${KEY_HELP})`;

/** Malformed keys, in any environment (a missing one is a problem in production only: MISSING_KEY_PROBLEM). */
export function encryptionKeyProblems(env: Env = process.env): string[] {
  const problems: string[] = [];
  const key = env.HOOKLINE_ENCRYPTION_KEY?.trim();
  if (key && !decodeKey(key)) problems.push(`HOOKLINE_ENCRYPTION_KEY must be ${KEY_HELP}`);
  try {
    parseKeyList(env.HOOKLINE_ENCRYPTION_KEY_PREVIOUS, "HOOKLINE_ENCRYPTION_KEY_PREVIOUS");
  } catch (error) {
    problems.push((error as Error).message);
  }
  return problems;
}

/** The development key file: beside the embedded database's folder (in the user's data folder by default, see db/data-dir.ts). */
export function developmentKeyFile(env: Env = process.env): string | null {
  const dataDir = pgliteDataDir(env);
  if (dataDir.startsWith("memory://")) return env.DATABASE_URL ? path.join(defaultDataHome(env), "encryption.key") : null;
  // Not a file the build should trace (it would copy the whole project into .next/standalone).
  return path.join(path.dirname(path.resolve(/*turbopackIgnore: true*/ dataDir)), "encryption.key");
}

/**
 * Reads the development key, creating it first if needed. Creation is atomic (a private temporary file
 * hard-linked into place), so two processes starting at once end up with the same key.
 */
export function readOrCreateKeyFile(file: string): Buffer {
  const read = () => {
    const bytes = decodeKey(readFileSync(file, "utf8"));
    if (!bytes) throw new Error(`${file} does not hold a valid key (${KEY_HELP}); delete it only if no secret was encrypted with it`);
    return bytes;
  };
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temporary, `${randomBytes(KEY_BYTES).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(temporary);
  }
  return read();
}

const processKey = randomBytes(KEY_BYTES);
const cache = new Map<string, EncryptionKeys>();

/**
 * The keys in effect. Throws (naming the variable) when HOOKLINE_ENCRYPTION_KEY is missing in
 * production or malformed anywhere; the start-up check reports the same problems first.
 */
export function encryptionKeys(env: Env = process.env): EncryptionKeys {
  const file = env.HOOKLINE_ENCRYPTION_KEY?.trim() ? null : developmentKeyFile(env);
  const cacheKey = `${env.HOOKLINE_ENCRYPTION_KEY ?? ""}|${env.HOOKLINE_ENCRYPTION_KEY_PREVIOUS ?? ""}|${env.NODE_ENV ?? ""}|${file ?? ""}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const [problem] = encryptionKeyProblems(env);
  if (problem) throw new Error(problem);
  if (!env.HOOKLINE_ENCRYPTION_KEY?.trim() && env.NODE_ENV === "production") throw new Error(MISSING_KEY_PROBLEM);
  let current: EncryptionKey;
  let source: EncryptionKeys["source"];
  if (env.HOOKLINE_ENCRYPTION_KEY?.trim()) {
    current = keyFromBytes(decodeKey(env.HOOKLINE_ENCRYPTION_KEY)!);
    source = "env";
  } else if (file) {
    current = keyFromBytes(readOrCreateKeyFile(file));
    source = "file";
  } else {
    current = keyFromBytes(processKey);
    source = "process";
  }
  const readable = new Map<string, EncryptionKey>([[current.id, current]]);
  for (const key of parseKeyList(env.HOOKLINE_ENCRYPTION_KEY_PREVIOUS, "HOOKLINE_ENCRYPTION_KEY_PREVIOUS")) {
    if (!readable.has(key.id)) readable.set(key.id, key);
  }
  const keys: EncryptionKeys = { current, readable, source };
  cache.set(cacheKey, keys);
  return keys;
}
