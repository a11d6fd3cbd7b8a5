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
    /** For the server's own diagnosis only: never shown, since a hostname's internal address is what an attacker probes for. */
    readonly address: string,
    readonly range: string,
  ) {
    super(`Refused to connect: the destination is a ${range} address, not a public one (private destinations are not allowed on this server)`);
    this.name = "BlockedAddressError";
  }
}

/** IPv6 space ipaddr.js calls "unicast" that is not: only 2000::/3 is global unicast today. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");
const IPV4_COMPATIBLE_V6 = ipaddr.parseCIDR("::/96");
const NAT64_WELL_KNOWN = ipaddr.parseCIDR("64:ff9b::/96");

/** The IPv4 address an IPv6 address carries and is routed to: NAT64 (64:ff9b::/96, last 32 bits) and 6to4 (2002::/16, bits 16–48). */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const bytes = address.toByteArray();
  if (address.match(NAT64_WELL_KNOWN)) return new ipaddr.IPv4(bytes.slice(12, 16));
  if (address.range() === "6to4") return new ipaddr.IPv4(bytes.slice(2, 6));
  return null;
}

/** IPv6 text as the WHATWG URL parser writes it (`::127.0.0.1` → `::7f00:1`): ipaddr.js reads that dotted form as IPv4-mapped. */
function canonicalIPv6(text: string): string | null {
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

/**
 * Why an address may not be connected to, or null when it is a public unicast address. Refused:
 * every range ipaddr.js names (loopback, private, link-local with 169.254.169.254 — the cloud
 * metadata service —, unique-local such as fd00:ec2::254, carrier-grade NAT such as
 * 100.100.100.200, multicast, the IANA special-purpose and documentation blocks, Teredo…), IPv4
 * unwrapped from its mapped, NAT64 and 6to4 forms and checked as IPv4, the deprecated
 * IPv4-compatible ::/96, and IPv6 outside 2000::/3.
 */
export function blockedRangeOf(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  if (net.isIPv4(bare)) parsed = ipaddr.IPv4.parse(bare);
  else if (net.isIPv6(bare)) {
    const canonical = canonicalIPv6(bare);
    if (canonical === null || !ipaddr.IPv6.isValid(canonical)) return "invalid";
    parsed = ipaddr.IPv6.parse(canonical);
  } else return "invalid";
  if (parsed instanceof ipaddr.IPv6) {
    if (parsed.isIPv4MappedAddress()) return blockedRangeOf(parsed.toIPv4Address().toString());
    const embedded = embeddedIPv4(parsed);
    if (embedded) return blockedRangeOf(embedded.toString());
    const range = parsed.range();
    if (range !== "unicast") return range;
    if (parsed.match(IPV4_COMPATIBLE_V6)) return "ipv4Compatible";
    if (!parsed.match(GLOBAL_UNICAST_V6)) return "reserved";
    return null;
  }
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
