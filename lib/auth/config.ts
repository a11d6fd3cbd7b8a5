// Where the app lives and how sign-in is keyed. In production both come from the environment and the
// server refuses to start without them (instrumentation.ts); in development they have safe defaults.
import { encryptionKeyProblems, MISSING_KEY_PROBLEM } from "@/lib/security/encryption-key";
import { trustProxyProblems } from "@/lib/security/client-ip";
import { rateLimitProblems } from "@/lib/security/rate-limit-rules";

type Env = Record<string, string | undefined>;

const DEVELOPMENT_SECRET = "hookline-development-secret-never-use-in-production";

export function isProduction(env: Env = process.env): boolean {
  return env.NODE_ENV === "production";
}

/** The app's public origin (`APP_URL`, or better-auth's `BETTER_AUTH_URL`), without a trailing slash. */
export function appUrl(env: Env = process.env): string {
  const configured = (env.APP_URL || env.BETTER_AUTH_URL || "").trim();
  if (configured) return new URL(configured).origin;
  return `http://localhost:${env.PORT || 3000}`;
}

export function authSecret(env: Env = process.env): string {
  return env.BETTER_AUTH_SECRET || (isProduction(env) ? "" : DEVELOPMENT_SECRET);
}

/**
 * Origins allowed to call server actions and the auth routes: the app URL, and in development the
 * same port on both localhost and 127.0.0.1 (browsers treat them as different origins).
 */
export function allowedOrigins(env: Env = process.env): string[] {
  const origins = new Set([appUrl(env)]);
  if (!isProduction(env) || env.HOOKLINE_ALLOW_LOOPBACK_ORIGINS === "1") {
    const { port } = new URL(appUrl(env));
    for (const host of ["localhost", "127.0.0.1"]) origins.add(`http://${host}:${port || env.PORT || 3000}`);
  }
  return [...origins];
}

/** The problems that stop a production server from starting; empty when it may start. */
export function productionConfigProblems(env: Env = process.env): string[] {
  if (!isProduction(env)) return [];
  const problems: string[] = [];
  const secret = env.BETTER_AUTH_SECRET ?? "";
  if (!secret) problems.push("BETTER_AUTH_SECRET is not set (use `openssl rand -base64 32`)");
  else if (secret.length < 32) problems.push("BETTER_AUTH_SECRET must be at least 32 characters");
  const url = env.APP_URL || env.BETTER_AUTH_URL;
  if (!url) problems.push("APP_URL is not set (the public URL of the app, e.g. https://hooks.example.com)");
  else if (!URL.canParse(url)) problems.push(`APP_URL is not a URL: ${url}`);
  if (!env.HOOKLINE_ENCRYPTION_KEY?.trim()) problems.push(MISSING_KEY_PROBLEM);
  return problems;
}

/**
 * Everything that stops the server from starting: production settings, an API_KEY too short to be
 * safe, and a malformed encryption key, API_RATE_LIMIT or TRUST_PROXY.
 */
export function startupProblems(env: Env = process.env): string[] {
  const problems = productionConfigProblems(env);
  problems.push(...encryptionKeyProblems(env));
  problems.push(...rateLimitProblems(env), ...trustProxyProblems(env));
  const apiKey = env.API_KEY ?? "";
  if (apiKey && apiKey.length < 32) problems.push("API_KEY must be at least 32 characters (use `openssl rand -hex 32`)");
  return problems;
}
