// When the demo is on (SPEC §8): by default on the embedded database of `npm run dev`, never with
// DEMO=0, in production or on a PostgreSQL server only with DEMO=1, and never in tests (in-memory database).
type Env = Record<string, string | undefined>;

export function isDemoEnvironment(env: Env = process.env): boolean {
  const demo = (env.DEMO ?? "").trim().toLowerCase();
  if (demo === "0" || demo === "false" || demo === "off") return false;
  if (demo === "1" || demo === "true" || demo === "on") return true;
  if (env.NODE_ENV === "production") return false;
  if (env.DATABASE_URL) return false;
  if (env.NODE_ENV === "test" || env.VITEST) return false;
  return !(env.PGLITE_DIR ?? "").startsWith("memory://");
}

/** This server's own base URL, where the demo receivers answer. */
export function demoReceiverBaseUrl(env: Env = process.env): string {
  return `http://localhost:${env.PORT || 3000}`;
}

/** The demo team's person: "Explore the demo" signs in as them. Exists only on a demo database. */
export const DEMO_PERSON = { email: "demo@hookline.example", password: "hookline-demo-password", name: "Demo person" } as const;

/**
 * Request paths the server does not log unless LOG_LEVEL is debug or trace: the demo receivers answer
 * about a delivery a second, which buried everything else in `next dev`'s output.
 */
export function quietRequestPaths(env: Env = process.env): RegExp[] {
  const level = (env.LOG_LEVEL ?? "").trim().toLowerCase();
  return level === "debug" || level === "trace" ? [] : [/^\/api\/demo\/receivers\//];
}
