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

  it("allows public unicast addresses", () => {
    for (const address of ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:1.1.1.1"]) {
      expect(blockedRangeOf(address), address).toBeNull();
    }
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
  });
});
