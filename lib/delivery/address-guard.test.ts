import { describe, expect, it } from "vitest";
import { blockedRangeOf, checkLiteralHost, guardedLookup } from "./address-guard";

describe("address guard", () => {
  it("refuses loopback, private, link-local, metadata and unique-local addresses", () => {
    for (const address of [
      "127.0.0.1",
      "127.9.9.9",
      "::1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.10",
      "169.254.169.254",
      "100.100.100.200",
      "0.0.0.0",
      "::",
      "fe80::1",
      "fd00:ec2::254",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
      "224.0.0.1",
      "255.255.255.255",
    ]) {
      expect(blockedRangeOf(address), address).not.toBeNull();
    }
  });

  it("refuses the special-purpose ranges ipaddr.js calls unicast, and IPv4 hidden in IPv6", () => {
    for (const [address, range] of [
      ["::7f00:1", "ipv4Compatible"], // ::127.0.0.1, IPv4-compatible (::/96)
      ["::127.0.0.1", "ipv4Compatible"], // ipaddr.js alone reads this form as ::ffff:127.0.0.1
      ["::8.8.8.8", "ipv4Compatible"],
      ["::a00:1", "ipv4Compatible"],
      ["::2", "ipv4Compatible"],
      ["1::1", "reserved"], // outside 2000::/3
      ["4000::1", "reserved"],
      ["64:ff9b::a00:1", "private"], // NAT64 of 10.0.0.1
      ["64:ff9b::7f00:1", "loopback"],
      ["64:ff9b:1::a00:1", "rfc6052"], // local-use NAT64
      ["2002:a00:1::", "private"], // 6to4 of 10.0.0.1
      ["2002:a9fe:a9fe::1", "linkLocal"], // 6to4 of 169.254.169.254
      ["::ffff:0:a00:1", "rfc6145"],
      ["2001:db8::1", "reserved"],
      ["2001::1", "teredo"],
      ["100::1", "discard"],
      ["fec0::1", "deprecatedSiteLocal"],
      ["0.1.2.3", "unspecified"],
      ["100.64.0.1", "carrierGradeNat"],
      ["192.0.0.8", "reserved"],
      ["192.0.2.1", "reserved"],
      ["198.18.0.1", "reserved"],
      ["198.51.100.7", "reserved"],
      ["203.0.113.9", "reserved"],
      ["240.0.0.1", "reserved"],
      ["::ffff:192.168.0.1", "private"],
      ["not an address", "invalid"],
    ]) {
      expect(blockedRangeOf(address), address).toBe(range);
    }
  });

  it("allows public unicast addresses, also through NAT64 and 6to4", () => {
    for (const address of ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:1.1.1.1", "64:ff9b::808:808", "2002:808:808::1"]) {
      expect(blockedRangeOf(address), address).toBeNull();
    }
  });

  it("never puts the refused address in the message a person reads", () => {
    const error = checkLiteralHost("[fd00:ec2::254]");
    expect(error?.range).toBe("uniqueLocal");
    expect(error?.message).not.toContain("fd00");
    expect(checkLiteralHost("10.1.2.3")?.message).not.toContain("10.1.2.3");
  });

  it("checks address literals in URLs and leaves hostnames to the lookup", () => {
    expect(checkLiteralHost("127.0.0.1")?.range).toBe("loopback");
    expect(checkLiteralHost("[::1]")?.range).toBe("loopback");
    expect(checkLiteralHost("example.com")).toBeNull();
    expect(checkLiteralHost("8.8.8.8")).toBeNull();
  });

  it("refuses a hostname whose every address is blocked (localhost)", async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      guardedLookup("localhost", { all: true }, (err) => resolve(err)),
    );
    expect(error?.code).toBe("EBLOCKEDADDRESS");
    expect(error?.message).toMatch(/loopback/);
    expect(error?.message).not.toContain("127.0.0.1");
  });
});
