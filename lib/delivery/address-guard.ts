// SSRF guard (SPEC §4). The check runs on the addresses a connection is actually made to: the DNS
// answers before connecting and the socket's peer address after, so a public hostname that resolves
// to 127.0.0.1 (or re-resolves to it later) is refused like the literal address.
import dns from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";

export const BLOCKED_ADDRESS_CODE = "EBLOCKEDADDRESS";

export class BlockedAddressError extends Error {
  readonly code = BLOCKED_ADDRESS_CODE;
  constructor(
    readonly address: string,
    readonly range: string,
  ) {
    super(`Refused to connect to ${address} (${range} address); set ALLOW_PRIVATE_URLS=true to allow private destinations`);
    this.name = "BlockedAddressError";
  }
}

/**
 * Why an address may not be connected to, or null when it is a public unicast address. Anything but
 * 'unicast' is refused: loopback, private, link-local (169.254.169.254, the cloud metadata service),
 * unique-local (fd00:ec2::254), carrier-grade NAT (100.100.100.200), multicast, reserved, and the
 * IPv6 forms that embed an IPv4 address (mapped addresses are unwrapped first).
 */
export function blockedRangeOf(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!ipaddr.isValid(bare)) return "invalid";
  const parsed = ipaddr.process(bare);
  const range = parsed.range();
  return range === "unicast" ? null : range;
}

type LookupAddress = { address: string; family: number };
type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for net/tls.connect that drops blocked answers and fails when none is left. */
export function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "");
    const allowed = addresses.filter((entry) => blockedRangeOf(entry.address) === null);
    if (allowed.length === 0) {
      const first = addresses[0];
      const blocked = new BlockedAddressError(first?.address ?? hostname, first ? (blockedRangeOf(first.address) ?? "unknown") : "unknown");
      return callback(blocked as unknown as NodeJS.ErrnoException, "");
    }
    if (options.all) return callback(null, allowed);
    return callback(null, allowed[0].address, allowed[0].family);
  });
}

/** Checks an address literal (a URL host such as `127.0.0.1` or `[::1]`), which skips DNS. */
export function checkLiteralHost(hostname: string): BlockedAddressError | null {
  const bare = hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(bare) === 0) return null;
  const range = blockedRangeOf(bare);
  return range ? new BlockedAddressError(bare, range) : null;
}
