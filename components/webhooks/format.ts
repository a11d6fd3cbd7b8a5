// Formatting shared by the webhook pages: relative times, rates, durations, HTTP reasons.

const REASONS: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  301: "Moved Permanently",
  302: "Found",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  413: "Payload Too Large",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** `500 Internal Server Error`, or just the code when the reason is not a common one. */
export function describeHttpStatus(code: number): string {
  return REASONS[code] ? `${code} ${REASONS[code]}` : String(code);
}

const ERROR_LABELS: Record<string, string> = {
  timeout: "Timed out",
  connection_refused: "Connection refused",
  connection_reset: "Connection reset",
  dns: "DNS lookup failed",
  blocked_address: "Blocked address",
  too_many_redirects: "Redirect not followed",
  redirect: "Redirect not followed",
  tls: "TLS error",
  invalid_url: "Invalid URL",
  network: "Network error",
  // Recorded as started, never completed: in flight right now, or its process stopped mid-attempt.
  outcome_unknown: "No response recorded",
};

export function describeErrorCode(code: string): string {
  return ERROR_LABELS[code] ?? code.replace(/_/g, " ");
}

/** What an attempt or event ended with, in a few words: "200 OK", "Connection refused". */
export function describeOutcome(input: { status: number | null; errorCode?: string | null; error?: string | null }): string {
  if (input.status != null) return describeHttpStatus(input.status);
  if (input.errorCode) return describeErrorCode(input.errorCode);
  if (input.error) return input.error;
  return "No response";
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600_000],
  ["month", 30 * 24 * 3600_000],
  ["day", 24 * 3600_000],
  ["hour", 3600_000],
  ["minute", 60_000],
  ["second", 1000],
];

const relativeFormat = new Intl.RelativeTimeFormat("en", { numeric: "auto", style: "short" });

export function formatRelative(iso: string, now: number = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  if (abs < 5_000) return "just now";
  for (const [unit, ms] of UNITS) {
    if (abs >= ms || unit === "second") return relativeFormat.format(Math.round(diff / ms), unit);
  }
  return "just now";
}

/**
 * A rate as a percentage with one decimal everywhere ("100.0%", "71.0%", "0.0%"), so rates line up
 * and compare at a glance. Never rounds up to 100.0% or down to 0.0% when some events went the other way.
 */
export function formatPercent(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return "—";
  const tenths = Math.round(Math.min(Math.max(rate, 0), 1) * 1000);
  const bounded = rate < 1 && tenths === 1000 ? 999 : rate > 0 && tenths === 0 ? 1 : tenths;
  return `${(bounded / 10).toFixed(1)}%`;
}

const dayKey = (at: Date, timeZone: string) => new Intl.DateTimeFormat("en-CA", { timeZone, dateStyle: "short" }).format(at);

/** "14:00" in the person's time zone, or "Dec 1, 14:00" when not today there. */
export function formatClock(iso: string, timeZone: string, now: number = Date.now()): string {
  const at = new Date(iso);
  const clock = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(at);
  if (dayKey(new Date(now), timeZone) === dayKey(at, timeZone)) return clock;
  return `${at.toLocaleDateString("en", { month: "short", day: "numeric", timeZone })}, ${clock}`;
}

/**
 * A URL cut in the middle when longer than `max` characters: its start (scheme and host) and its end
 * (the last path segment) both stay readable — "https://hooks.example.com/…/orders?x=1".
 */
export function shortenMiddle(text: string, max = 48): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const tail = Math.floor((max - 1) * 0.4);
  const head = max - 1 - tail;
  return `${chars.slice(0, head).join("")}…${chars.slice(chars.length - tail).join("")}`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

export function maskSecret(prefix = "whsec_"): string {
  return `${prefix}${"•".repeat(24)}`;
}
