// Rate limits on better-auth's endpoints that take a password or send a mail, run as its `before`
// hook so they see the parsed body (the email). They replace better-auth's own limiter (off in
// auth.ts): one store for the whole app (PostgreSQL when shared), one notion of the client's address
// (lib/security/client-ip.ts), and one 429 shape. Only HTTP requests count: the app's own server-side
// calls (the demo's sign-in, tests) carry no request and are not anyone's attempt.
import { APIError, createAuthMiddleware } from "better-auth/api";
import { AppError } from "@/lib/errors";
import { clientIp, rateLimitAddress } from "@/lib/security/client-ip";
import { consumeRateLimit, subjectKey, type RateLimitName } from "@/lib/security/rate-limit";

type Limit = { name: RateLimitName; by: "address" | "email" };

const byAddress = (name: RateLimitName): Limit => ({ name, by: "address" });
const byEmail = (name: RateLimitName): Limit => ({ name, by: "email" });

/** better-auth endpoint path → the limits each request to it counts against, in order. */
export const AUTH_RATE_LIMITS: Readonly<Record<string, readonly Limit[]>> = {
  "/sign-in/email": [byAddress("sign_in_ip"), byEmail("sign_in_email")],
  "/sign-up/email": [byAddress("sign_up_ip")],
  "/request-password-reset": [byAddress("password_reset_ip"), byEmail("password_reset_email")],
  "/forget-password": [byAddress("password_reset_ip"), byEmail("password_reset_email")],
  "/reset-password": [byAddress("password_reset_ip")],
  // These check the current password of a signed-in person: a stolen session must not guess it fast.
  "/change-password": [byAddress("sign_in_ip")],
  "/change-email": [byAddress("sign_in_ip")],
  "/verify-password": [byAddress("sign_in_ip")],
};

function emailOf(body: unknown): string | null {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" && email.trim() ? email.trim().toLowerCase() : null;
}

export const limitAuthAttempts = createAuthMiddleware(async (ctx) => {
  const limits = AUTH_RATE_LIMITS[ctx.path];
  if (!limits || !ctx.request) return;
  const address = rateLimitAddress(clientIp(ctx.request.headers));
  const email = emailOf(ctx.body);
  try {
    for (const limit of limits) {
      if (limit.by === "address") await consumeRateLimit(limit.name, address);
      else if (email) await consumeRateLimit(limit.name, subjectKey(email));
    }
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "rate_limited") throw error;
    throw new APIError(
      "TOO_MANY_REQUESTS",
      { code: "RATE_LIMITED", message: error.message },
      { "retry-after": String(error.retryAfterSeconds) },
    );
  }
});
