// Where a webhook URL leads, checked when a webhook is created or its URL changes (the API and the
// forms alike), so a person learns at once that a destination will never be delivered to, rather
// than from a failed event later. Delivery checks again on every connection (address-guard.ts):
// DNS can change after saving.
//
// A name that does not resolve (yet) is accepted: a receiver being set up is a common case, and
// its deliveries fail visibly with a `dns` error. A name that resolves to any private or reserved
// address is refused, without saying which: the internal address is what an attacker asks for.
import dns from "node:dns/promises";
import net from "node:net";
import { fieldError } from "@/lib/errors";
import { blockedRangeOf } from "@/lib/delivery/address-guard";
import { allowPrivateUrls, deliveryAllowedPorts, portOfUrl } from "@/lib/delivery/config";

/** A slow resolver must not hold a save: past this, the name counts as unresolved. */
export const DESTINATION_LOOKUP_TIMEOUT_MS = 2_000;

export type DestinationSettings = {
  /** Default: ALLOW_PRIVATE_URLS (lib/delivery/config.ts). */
  allowPrivateUrls?: boolean;
  /** Default: DELIVERY_ALLOWED_PORTS; null allows any port. */
  allowedPorts?: ReadonlySet<number> | null;
  lookupTimeoutMs?: number;
};

const PUBLIC_ONLY = "this server delivers only to public addresses";

async function resolveAll(hostname: string, timeoutMs: number): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => resolve([]), timeoutMs);
  });
  const lookup = dns
    .lookup(hostname, { all: true, verbatim: true })
    .then((answers) => answers.map((answer) => answer.address))
    .catch(() => []);
  try {
    return await Promise.race([lookup, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Why a (syntactically valid) webhook URL may not be saved on this server, or null. */
export async function webhookDestinationProblem(url: string, settings: DestinationSettings = {}): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null; // the schema has said so already
  }
  const allowedPorts = settings.allowedPorts === undefined ? deliveryAllowedPorts() : settings.allowedPorts;
  const port = portOfUrl(parsed);
  if (allowedPorts && !allowedPorts.has(port)) {
    const listed = [...allowedPorts].sort((a, b) => a - b).join(", ");
    return allowedPorts.size === 0 ? `Port ${port} is not allowed: no destination port is allowed on this server` : `Port ${port} is not allowed; this server delivers only to port ${listed}`;
  }
  if (settings.allowPrivateUrls ?? allowPrivateUrls()) return null;

  const host = parsed.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  if (net.isIP(host) !== 0) {
    const range = blockedRangeOf(host);
    return range ? `The address is a ${range} address; ${PUBLIC_ONLY}` : null;
  }
  // RFC 6761: names under .localhost are loopback (resolvers often leave them unanswered, and an
  // unanswered name is accepted) and .invalid never resolves; neither needs asking. `localhost`
  // itself is in every hosts file and goes the way of any other name.
  if (host.endsWith(".localhost")) return `The name points to this machine; ${PUBLIC_ONLY}`;
  if (host === "invalid" || host.endsWith(".invalid")) return null;
  const addresses = await resolveAll(host, settings.lookupTimeoutMs ?? DESTINATION_LOOKUP_TIMEOUT_MS);
  if (addresses.some((address) => blockedRangeOf(address) !== null)) {
    return `The name resolves to a private or reserved address; ${PUBLIC_ONLY}`;
  }
  return null;
}

/** Throws a 400 naming `url` (the forms show it under the field) when the destination is refused. */
export async function assertWebhookDestination(url: string, settings: DestinationSettings = {}): Promise<void> {
  const problem = await webhookDestinationProblem(url, settings);
  if (problem) throw fieldError("url", problem);
}
