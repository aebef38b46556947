// units.parse, units.parse_bytes, semver.*: exact numbers and OPA's error texts.
import { describe, expect, it } from "vitest";
import { error, text } from "./host.js";


describe("units.parse", () => {
  it.each([
    ["0", "0"],
    ["0.0", "0"],
    [".0", "0"],
    ["12345", "12345"],
    ["10K", "10000"],
    ["10k", "10000"],
    ["10KI", "10240"],
    ["10Ki", "10240"],
    ["200M", "200000000"],
    ["300Gi", "322122547200"],
    ["1.1K", "1100"],
    [".5K", "500"],
    ["100mi", "104857600"],
    ["100Ti", "109951162777600"],
    ['"100TI"', "109951162777600"],
    ["100P", "100000000000000000"],
    ["100Pi", "112589990684262400"],
    ["10E", "10000000000000000000"],
    ["10Ei", "11529215046068469760"],
    ["1e3", "1000"],
    ["1G", "1000000000"],
  ])("units.parse(%s) is %s exactly", (input, expected) => {
    expect(text("units.parse", input)).toBe(expected);
  });

  it("keeps OPA's ten-digit decimal text for fractions", () => {
    expect(text("units.parse", "500m")).toBe("0.5000000000");
    expect(text("units.parse", "1.1Ki")).toBe("1126.4000000000");
    expect(text("units.parse", "0.0005K")).toBe("0.5000000000");
    expect(text("units.parse", "0.0000005M")).toBe("0.5000000000");
    expect(Number(text("units.parse", "100m")) * 1000).toBeCloseTo(100, 9);
  });

  it("orders as OPA's comparisons expect", () => {
    const n = (s: string) => Number(text("units.parse", s));
    expect(n("8k")).toBeGreaterThan(n("7k"));
    expect(n("1234k")).toBeLessThan(n("1g"));
    expect(n("1024")).toBe(n("1Ki"));
    expect(n("3Mi")).toBeGreaterThan(n("3M"));
    expect(n("4.1Mi")).toBeGreaterThan(n("4Mi"));
    expect(n("128Gi")).toBe(137438953472);
  });

  it("fails as OPA does", () => {
    expect(error("units.parse", "100 k")).toEqual({
      code: "eval_builtin_error",
      message: "units.parse: units.parse: spaces not allowed in resource strings",
    });
    expect(error("units.parse", "k").message).toBe("units.parse: units.parse: no amount provided");
    expect(error("units.parse", "1.2.3k").message).toBe("units.parse: units.parse: could not parse amount to a number");
    expect(error("units.parse", "10Q").message).toBe("units.parse: units.parse: unit Q not recognized");
    expect(error("units.parse", 10)).toEqual({ code: "eval_type_error", message: "units.parse: operand 1 must be string but got number" });
  });
});

describe("units.parse_bytes", () => {
  it.each([
    ['"100TIB"', "109951162777600"],
    ["0", "0"],
    ["0.0", "0"],
    [".0", "0"],
    ["12345", "12345"],
    ["10KB", "10000"],
    ["10KIB", "10240"],
    ["10Kib", "10240"],
    ["200mb", "200000000"],
    ["300GiB", "322122547200"],
    ["1.1KB", "1100"],
    ["1.1KiB", "1126"],
    [".5KB", "500"],
    ["100k", "100000"],
    ["100ki", "102400"],
    ["100m", "100000000"],
    ["100mib", "104857600"],
    ["100gi", "107374182400"],
    ["100tb", "100000000000000"],
    ["100pib", "112589990684262400"],
    ["10eb", "10000000000000000000"],
    ["10eib", "11529215046068469760"],
    ["-1kb", "-1000"],
  ])("units.parse_bytes(%s) is %s", (input, expected) => {
    expect(text("units.parse_bytes", input)).toBe(expected);
  });

  it("fails with OPA's messages", () => {
    const msg = (s: string) => error("units.parse_bytes", s).message;
    expect(msg("")).toBe("units.parse_bytes: units.parse_bytes: no byte amount provided");
    expect(msg("GB")).toBe("units.parse_bytes: units.parse_bytes: no byte amount provided");
    expect(msg("foo")).toBe("units.parse_bytes: units.parse_bytes: no byte amount provided");
    expect(msg("0.0.0")).toBe("units.parse_bytes: units.parse_bytes: could not parse byte amount to a number");
    expect(msg(".5.2")).toBe("units.parse_bytes: units.parse_bytes: could not parse byte amount to a number");
    expect(msg("100 kb")).toBe("units.parse_bytes: units.parse_bytes: spaces not allowed in resource strings");
    expect(msg(" 327MiB ")).toBe("units.parse_bytes: units.parse_bytes: spaces not allowed in resource strings");
    expect(msg("100xb")).toBe("units.parse_bytes: units.parse_bytes: byte unit xb not recognized");
    expect(error("units.parse_bytes", "100 kb").code).toBe("eval_builtin_error");
  });
});

describe("semver", () => {
  it("compares versions with SemVer precedence", () => {
    const cmp = (a: string, b: string) => JSON.parse(text("semver.compare", a, b)!);
    expect(cmp("1.0.0", "2.0.0")).toBe(-1);
    expect(cmp("2.0.0", "1.0.0")).toBe(1);
    expect(cmp("1.0.0", "1.0.0")).toBe(0);
    expect(cmp("1.0.0-alpha", "1.0.0")).toBe(-1);
    expect(cmp("1.0.0-alpha", "1.0.0-alpha.1")).toBe(-1);
    expect(cmp("1.0.0-alpha.1", "1.0.0-alpha.beta")).toBe(-1);
    expect(cmp("1.0.0-beta.2", "1.0.0-beta.11")).toBe(-1);
    expect(cmp("1.0.0-rc.1", "1.0.0")).toBe(-1);
    expect(cmp("1.0.0+build.1", "1.0.0+build.2")).toBe(0);
    expect(cmp("v1.2.3", "1.2.3")).toBe(0);
    expect(cmp("1.10.0", "1.9.9")).toBe(1);
  });

  it("reports invalid operands as OPA", () => {
    expect(error("semver.compare", "1", "1.0.0")).toEqual({
      code: "eval_builtin_error",
      message: 'semver.compare: operand 1: string "1" is not a valid SemVer',
    });
    expect(error("semver.compare", "1.0.0", "1").message).toBe('semver.compare: operand 2: string "1" is not a valid SemVer');
    expect(error("semver.compare", "1.0.0", 1).code).toBe("eval_type_error");
  });

  it("validates anything, false for non-strings", () => {
    const valid = (v: unknown) => JSON.parse(text("semver.is_valid", v)!);
    expect(valid("1.0.0")).toBe(true);
    expect(valid("v1.0.0-rc.1+build.5")).toBe(true);
    expect(valid("1.0")).toBe(false);
    expect(valid("1.0.0-")).toBe(true); // an empty pre-release is dropped, as OPA's parser does
    expect(valid("1.0.0-a..b")).toBe(false);
    expect(valid("1.0.x")).toBe(false);
    expect(valid(100)).toBe(false);
    expect(valid(null)).toBe(false);
  });
});
