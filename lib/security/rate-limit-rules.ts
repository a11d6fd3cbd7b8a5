// The app's rate limits as data (lib/security/rate-limit.ts enforces them), and their settings.
type Env = Record<string, string | undefined>;

export type RateLimitName =
  | "sign_in_ip"
  | "sign_in_email"
  | "sign_up_ip"
  | "password_reset_ip"
  | "password_reset_email"
  | "api_key"
  | "api_unauthorized_ip"
  | "test_send_team";

export type RateLimitRule = { points: number; durationSeconds: number };

export const DEFAULT_API_RATE_LIMIT = 600;

/** API requests per key per minute: API_RATE_LIMIT (default 600); NaN when malformed. */
export function apiRateLimit(env: Env = process.env): number {
  const value = (env.API_RATE_LIMIT ?? "").trim();
  if (value === "") return DEFAULT_API_RATE_LIMIT;
  return /^[1-9][0-9]{0,6}$/.test(value) ? Number(value) : Number.NaN;
}

export function rateLimitProblems(env: Env = process.env): string[] {
  return Number.isNaN(apiRateLimit(env)) ? [`API_RATE_LIMIT must be a whole number of requests per minute per key (got ${env.API_RATE_LIMIT})`] : [];
}

/**
 * The limits. Sign-in and password reset count every attempt (right or wrong) per address and per
 * email; the per-address budgets are wider than the per-email ones so that people behind one office
 * address do not lock each other out, while one address cannot try many accounts quickly.
 */
export function rateLimitRules(env: Env = process.env): Record<RateLimitName, RateLimitRule> {
  const perKey = apiRateLimit(env);
  return {
    sign_in_ip: { points: 20, durationSeconds: 60 },
    sign_in_email: { points: 10, durationSeconds: 60 },
    // Five people signing up from one address within ten minutes (a team onboarding; the e2e journey) pass.
    sign_up_ip: { points: 10, durationSeconds: 600 },
    password_reset_ip: { points: 10, durationSeconds: 60 },
    // A reset sends a mail: a few per address per ten minutes, so nobody can flood a mailbox.
    password_reset_email: { points: 5, durationSeconds: 600 },
    api_key: { points: Number.isNaN(perKey) ? DEFAULT_API_RATE_LIMIT : perKey, durationSeconds: 60 },
    // Requests to the API without a valid key (wrong, revoked, missing) per address.
    api_unauthorized_ip: { points: 20, durationSeconds: 60 },
    test_send_team: { points: 30, durationSeconds: 60 },
  };
}
