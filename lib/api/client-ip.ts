// The client's IP address of a request, read the same way everywhere (the audit log, sign-ins).
// `x-forwarded-for` lists the client and each proxy it went through; each proxy appends the address
// it saw, so the rightmost entry is the one the nearest proxy (or Next itself, which fills the header
// from the socket when no proxy set it) vouches for. Entries to its left are whatever the client
// sent. Behind no proxy at all a client can still name itself in the header: put the app behind one.
import ipaddr from "ipaddr.js";

/** The longest header value read: a forwarded chain is a few addresses. */
const MAX_HEADER_LENGTH = 1_000;

function normalize(candidate: string): string | null {
  const value = candidate.trim().replace(/^\[(.*)\](:\d+)?$/, "$1");
  if (!ipaddr.isValid(value)) return null;
  // ::ffff:203.0.113.7 is 203.0.113.7.
  return ipaddr.process(value).toString();
}

export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded && forwarded.length <= MAX_HEADER_LENGTH) {
    const last = forwarded.split(",").at(-1);
    const ip = last ? normalize(last) : null;
    if (ip) return ip;
  }
  const real = headers.get("x-real-ip");
  return real && real.length <= 100 ? normalize(real) : null;
}
