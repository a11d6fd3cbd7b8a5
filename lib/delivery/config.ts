// Delivery settings from the environment, read when used so tests and restarts can change them.
import packageJson from "@/package.json";

export const USER_AGENT = `Hookline/${packageJson.version}`;
/** Of a response body, only this much is read and kept (SPEC §1, attempt). */
export const MAX_RESPONSE_BODY_BYTES = 4096;
/** Of a response's headers, at most this many are kept, each value cut to 1 KiB, all of them to 8 KiB. */
export const MAX_RESPONSE_HEADER_COUNT = 50;
export const MAX_RESPONSE_HEADER_VALUE_CHARS = 1024;
export const MAX_RESPONSE_HEADERS_CHARS = 8192;
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_CONCURRENCY = 64;
/**
 * 8 per destination, so that each webhook's half of it (perWebhookConcurrency) is the 4 a webhook alone
 * at its host had before the per-webhook cap: fairness between webhooks costs a lone webhook nothing.
 */
export const DEFAULT_PER_HOST_CONCURRENCY = 8;
export const MIN_LEASE_MS = 60_000;

function positiveInt(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

export function deliveryTimeoutMs(): number {
  return positiveInt(process.env.DELIVERY_TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
}

/** Requests in flight per process, over all destinations. */
export function deliveryConcurrency(): number {
  return positiveInt(process.env.DELIVERY_CONCURRENCY, DEFAULT_CONCURRENCY);
}

/** Requests in flight per destination (scheme, host and port), so one slow endpoint never starves the rest. */
export function perHostConcurrency(): number {
  return positiveInt(process.env.DELIVERY_PER_HOST_CONCURRENCY, DEFAULT_PER_HOST_CONCURRENCY);
}

/**
 * Requests in flight per webhook, within its destination's bound (DELIVERY_PER_WEBHOOK_CONCURRENCY):
 * by default half the destination's (4 of 8), so one hanging webhook never holds more than half of a
 * shared host's slots, while a webhook alone at its host keeps the 4 in flight it had before the cap.
 */
export function perWebhookConcurrency(): number {
  const perHost = perHostConcurrency();
  return Math.min(perHost, positiveInt(process.env.DELIVERY_PER_WEBHOOK_CONCURRENCY, Math.max(1, Math.ceil(perHost / 2))));
}

/**
 * How long a scheduled run's claim holds its events between heartbeats (DELIVERY_LEASE_MS, default
 * 6 s). The run renews the leases of everything it still holds every third of this, so a killed
 * instance's events are due again within this long, however long an attempt may take.
 */
export function renewedLeaseMs(): number {
  return positiveInt(process.env.DELIVERY_LEASE_MS, 6_000);
}

/**
 * A fixed claim (a manual resend, no heartbeat) holds its events this long. It must outlast the slowest attempt with room to spare, or a
 * slow attempt's event would become due again and be sent twice.
 */
export function defaultLeaseMs(timeoutMs: number): number {
  return Math.max(MIN_LEASE_MS, 4 * timeoutMs);
}

/** Loopback/private destinations are allowed only when ALLOW_PRIVATE_URLS=true, or by default in development and tests. */
export function allowPrivateUrls(): boolean {
  const value = process.env.ALLOW_PRIVATE_URLS?.trim().toLowerCase();
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  return process.env.NODE_ENV === "development" || process.env.NODE_ENV === "test";
}

const allowedPortsCache = { raw: undefined as string | undefined, ports: null as ReadonlySet<number> | null };

/**
 * DELIVERY_ALLOWED_PORTS ("443,8443"): the only destination ports webhooks may use, checked when a
 * webhook is saved and at every delivery; unset or empty allows any. Entries that are not ports are
 * ignored, but a value with none left allows nothing rather than everything.
 */
export function deliveryAllowedPorts(): ReadonlySet<number> | null {
  const raw = process.env.DELIVERY_ALLOWED_PORTS?.trim() || undefined;
  if (raw === allowedPortsCache.raw) return allowedPortsCache.ports;
  const ports =
    raw === undefined
      ? null
      : new Set(
          raw
            .split(/[\s,]+/)
            .map(Number)
            .filter((port) => Number.isInteger(port) && port > 0 && port <= 65_535),
        );
  allowedPortsCache.raw = raw;
  allowedPortsCache.ports = ports;
  return ports;
}

/** The port a URL connects to: its own, or its scheme's default. */
export function portOfUrl(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}
