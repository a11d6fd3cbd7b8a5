// Where a request comes from, decided in one place. Any client can send `X-Forwarded-For`, and
// `next start` passes it through untouched (it only fills it in when absent), so trusting it as sent
// would let every request claim a new address and walk past every per-address limit. The proxy
// (proxy.ts) therefore rewrites it before anything reads it:
// - TRUST_PROXY unset: the header is removed, and Next fills it in with the socket's peer address;
// - TRUST_PROXY=<n> (or `true` = 1): the app sits behind n proxies that each append the address they
//   saw, so the client is the n-th entry from the right; only that entry is kept.
// Downstream, X-Forwarded-For holds one trusted address: clientIp() reads it, and so does better-auth
// (sessions' IP), whose own reading of the header needs a single value.
import ipaddr from "ipaddr.js";

type Env = Record<string, string | undefined>;

export const FORWARDED_FOR = "x-forwarded-for";

/** How many proxies in front of the app append to X-Forwarded-For (TRUST_PROXY); NaN when malformed. */
export function trustedProxyHops(env: Env = process.env): number {
  const value = (env.TRUST_PROXY ?? "").trim().toLowerCase();
  if (value === "" || value === "0" || value === "false") return 0;
  if (value === "true") return 1;
  return /^[1-9][0-9]?$/.test(value) ? Number(value) : Number.NaN;
}

export function trustProxyProblems(env: Env = process.env): string[] {
  return Number.isNaN(trustedProxyHops(env))
    ? [`TRUST_PROXY must be unset, \`true\` or the number of proxies in front of the app (got ${env.TRUST_PROXY})`]
    : [];
}

/** An address as written in a header (maybe with a port or brackets) → its canonical form; null if not one. */
export function normalizeIp(text: string | undefined | null): string | null {
  let value = (text ?? "").trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1];
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  if (!ipaddr.isValid(value)) return null;
  try {
    // process() turns IPv4-mapped IPv6 (::ffff:127.0.0.1, a dual-stack socket's view) into IPv4.
    return ipaddr.process(value).toString();
  } catch {
    return null;
  }
}

/**
 * For the proxy: what X-Forwarded-For should say downstream, or null to remove it (Next then sets
 * the socket's peer address).
 */
export function trustedForwardedFor(value: string | null, hops: number): string | null {
  if (!(hops > 0) || !value) return null;
  const entries = value.split(",").map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  return normalizeIp(entries[Math.max(0, entries.length - hops)]);
}

/**
 * The client's address as the proxy left it (see above): one entry. Where the proxy did not run
 * (tests calling handlers directly) the last entry, the one the nearest hop appended, is taken.
 */
export function clientIp(headers: Headers): string | null {
  const value = headers.get(FORWARDED_FOR);
  if (!value) return null;
  const entries = value.split(",");
  return normalizeIp(entries[entries.length - 1]);
}

/**
 * The unit per-address limits count by: an IPv4 address, or an IPv6 address's /64 (one host usually
 * holds a whole /64, and could otherwise rotate through it). "unknown" for requests without one.
 */
export function rateLimitAddress(ip: string | null): string {
  if (!ip) return "unknown";
  const parsed = ipaddr.parse(ip);
  if (parsed.kind() === "ipv4") return ip;
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(":")}::/64`;
}
