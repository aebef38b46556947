// net.cidr_* with Go's net semantics (strict IPv4, IPv6 text, v4-in-v6, OPA's merge rules).
import { describe, expect, it } from "vitest";
import { error, value } from "./host.js";

const sorted = (v: unknown) => [...(v as unknown[])].map((x) => JSON.stringify(x)).sort();

describe("net.cidr_contains", () => {
  it("contains addresses and whole subnets", () => {
    expect(value("net.cidr_contains", "172.17.0.0/24", "172.17.0.0/16")).toBe(false);
    expect(value("net.cidr_contains", "10.0.0.0/8", "192.168.1.0/24")).toBe(false);
    expect(value("net.cidr_contains", "10.0.0.0/8", "10.1.1.1/32")).toBe(true);
    expect(value("net.cidr_contains", "10.0.0.0/8", "10.255.255.255")).toBe(true);
    expect(value("net.cidr_contains", "2001:4860::/96", "2001:4860::/32")).toBe(false);
    expect(value("net.cidr_contains", "2001:4860::/32", "fd1e:5bfe:8af3:9ddc::/64")).toBe(false);
    expect(value("net.cidr_contains", "2001:4860::/32", "2001:4860:4860::8888")).toBe(true);
    expect(value("net.cidr_contains", "0.0.0.0/0", "8.8.8.8")).toBe(true);
    expect(value("net.cidr_contains", "::ffff:10.0.0.0/104", "10.1.2.3")).toBe(true);
  });

  it("fails on malformed input with Go's words", () => {
    expect(error("net.cidr_contains", "192.168.1.0/28", "not-a-cidr")).toEqual({
      code: "eval_builtin_error",
      message: "net.cidr_contains: not a valid textual representation of an IP address or CIDR: not-a-cidr",
    });
    expect(error("net.cidr_contains", "10.0.0.0", "10.0.0.1").message).toBe("net.cidr_contains: invalid CIDR address: 10.0.0.0");
    expect(error("net.cidr_contains", "010.0.0.0/8", "10.0.0.1").message).toBe(
      "net.cidr_contains: invalid CIDR address: 010.0.0.0/8",
    );
    expect(error("net.cidr_contains", "10.0.0.0/33", "10.0.0.1").message).toBe("net.cidr_contains: invalid CIDR address: 10.0.0.0/33");
  });
});

describe("net.cidr_intersects and net.cidr_is_valid", () => {
  it("detects overlapping networks", () => {
    expect(value("net.cidr_intersects", "192.168.0.0/16", "192.168.1.0/24")).toBe(true);
    expect(value("net.cidr_intersects", "192.168.1.0/24", "192.168.0.0/16")).toBe(true);
    expect(value("net.cidr_intersects", "192.168.1.0/24", "192.168.2.0/24")).toBe(false);
    expect(value("net.cidr_intersects", "fd1e:5bfe:8af3:9ddc::/64", "fd1e:5bfe:8af3:9ddc:1::/80")).toBe(true);
  });

  it("validates CIDR text", () => {
    const valid = (s: unknown) => value("net.cidr_is_valid", s);
    expect(valid("10.0.0.0/8")).toBe(true);
    expect(valid("10.0.0.1/8")).toBe(true);
    expect(valid("::1/128")).toBe(true);
    expect(valid("10.0.0.0/33")).toBe(false);
    expect(valid("10.0.0.0/008")).toBe(true); // Go's dtoi accepts leading zeros in the prefix length
    expect(valid("10.0.0.0/")).toBe(false);
    expect(valid("10.0.0.0")).toBe(false);
    expect(valid("10.0.0/8")).toBe(false);
    expect(valid("fe80::1%eth0/64")).toBe(false);
    expect(valid(8)).toBe(false);
  });
});

describe("net.cidr_expand", () => {
  it("lists every address of the network", () => {
    expect(value("net.cidr_expand", "192.168.0.0/30")).toEqual(["192.168.0.0", "192.168.0.1", "192.168.0.2", "192.168.0.3"]);
    expect(value("net.cidr_expand", "192.168.0.7/31")).toEqual(["192.168.0.6", "192.168.0.7"]);
    expect(value("net.cidr_expand", "fd1e:5bfe:8af3:9ddc::/127")).toEqual(["fd1e:5bfe:8af3:9ddc::", "fd1e:5bfe:8af3:9ddc::1"]);
    expect((value("net.cidr_expand", "10.0.0.0/22") as string[]).length).toBe(1024);
  });

  it("refuses networks too large to hold", () => {
    expect(error("net.cidr_expand", "10.0.0.0/8").message).toMatch(/^net\.cidr_expand: timed out before generating all IP addresses/);
  });
});

describe("net.cidr_merge", () => {
  it("merges adjacent and contained networks", () => {
    expect(value("net.cidr_merge", ["192.0.128.0/24", "192.0.129.0/24"])).toEqual(["192.0.128.0/23"]);
    expect(sorted(value("net.cidr_merge", ["192.0.128.0/24", "192.0.130.0/24"]))).toEqual(['"192.0.128.0/24"', '"192.0.130.0/24"']);
    expect(value("net.cidr_merge", ["10.0.0.0/8", "10.1.0.0/16", "10.0.0.0/8"])).toEqual(["10.0.0.0/8"]);
    expect(value("net.cidr_merge", ["2001:db8::/64", "2001:db8:0:1::/64"])).toEqual(["2001:db8::/63"]);
    expect(sorted(value("net.cidr_merge", ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]))).toEqual(['"10.0.0.0/23"', '"10.0.2.0/24"']);
    expect(value("net.cidr_merge", [])).toEqual([]);
  });

  it("gives bare IPv4 addresses their classful mask, as Go's DefaultMask", () => {
    expect(value("net.cidr_merge", ["192.168.3.4"])).toEqual(["192.168.3.4/24"]);
    expect(value("net.cidr_merge", ["10.1.2.3", "10.0.0.0/24"])).toEqual(["10.0.0.0/8"]);
  });

  it("fails on bad elements", () => {
    expect(error("net.cidr_merge", ["::1"]).message).toBe("net.cidr_merge: IPv6 invalid: needs prefix length");
    expect(error("net.cidr_merge", [1]).message).toBe("net.cidr_merge: element must be string");
    expect(error("net.cidr_merge", ["x/8"]).message).toBe("net.cidr_merge: invalid CIDR address: x/8");
  });
});

