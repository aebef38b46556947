// time.* host builtins: OPA's documented behaviour and the conformance suite's values (read, not replayed).
import { describe, expect, it } from "vitest";
import { beginEvaluation } from "../../src/engine/builtins/index.js";
import { error, text, value } from "./host.js";


const RFC3339 = "2006-01-02T15:04:05Z07:00";

describe("time.parse_ns with Go layouts", () => {
  it("parses the reference layouts and the named constants", () => {
    expect(text("time.parse_ns", RFC3339, "2017-06-02T19:00:00-07:00")).toBe("1496455200000000000");
    expect(text("time.parse_ns", "01/02 03:04:05PM '06 -0700", "06/02 07:00:00PM '17 -0700")).toBe("1496455200000000000");
    expect(text("time.parse_ns", "02 Jan 06 15:04 -0700", "02 Jun 17 19:00 -0700")).toBe("1496455200000000000");
    expect(text("time.parse_ns", "RFC822Z", "02 Jun 17 19:00 -0700")).toBe("1496455200000000000");
    expect(text("time.parse_ns", "2006-01-02", "1970-01-02")).toBe(String(86400n * 1_000_000_000n));
    expect(text("time.parse_ns", "Monday, January 2, 2006 3:04pm", "Friday, June 2, 2017 7:00pm")).toBe("1496430000000000000");
    expect(text("time.parse_ns", "UnixDate", "Fri Jun  2 19:00:00 UTC 2017")).toBe("1496430000000000000");
  });

  it("keeps nanoseconds exactly at both ends of the int64 range", () => {
    expect(text("time.parse_ns", RFC3339, "1677-09-21T00:12:43.145224192-00:00")).toBe("-9223372036854775808");
    expect(text("time.parse_ns", RFC3339, "2262-04-11T23:47:16.854775807-00:00")).toBe("9223372036854775807");
    expect(text("time.parse_ns", "2006-01-02 15:04:05.000", "2020-01-01 00:00:00.123")).toBe("1577836800123000000");
  });

  it("fails outside the int64 nanosecond range", () => {
    expect(error("time.parse_ns", RFC3339, "1677-09-21T00:12:43.145224191-00:00")).toEqual({
      code: "eval_builtin_error",
      message: "time.parse_ns: time outside of valid range",
    });
    expect(error("time.parse_ns", RFC3339, "2262-04-11T23:47:16.854775808-00:00").message).toBe(
      "time.parse_ns: time outside of valid range",
    );
  });

  it("reports Go's parse errors", () => {
    expect(error("time.parse_ns", "2006-01-02", "2017-13-01").message).toBe(
      'time.parse_ns: parsing time "2017-13-01": month out of range',
    );
    expect(error("time.parse_ns", "2006-01-02", "2017-02-30").message).toBe(
      'time.parse_ns: parsing time "2017-02-30": day out of range',
    );
    expect(error("time.parse_ns", "2006-01-02", "17-02-03").message).toBe(
      'time.parse_ns: parsing time "17-02-03" as "2006-01-02": cannot parse "17-02-03" as "2006"',
    );
    expect(error("time.parse_ns", "2006-01-02", "2017-02-03 extra").message).toBe(
      'time.parse_ns: parsing time "2017-02-03 extra": extra text: " extra"',
    );
  });

  it("type-checks its operands", () => {
    expect(error("time.parse_ns", 1, "x")).toEqual({
      code: "eval_type_error",
      message: "time.parse_ns: operand 1 must be string but got number",
    });
  });
});

describe("time.parse_rfc3339_ns", () => {
  it("parses RFC 3339 with and without fractions", () => {
    expect(text("time.parse_rfc3339_ns", "1970-01-01T00:00:00-00:00")).toBe("0");
    expect(text("time.parse_rfc3339_ns", "2017-06-02T19:00:00-07:00")).toBe("1496455200000000000");
    expect(text("time.parse_rfc3339_ns", "2017-06-03T02:00:00.5Z")).toBe("1496455200500000000");
    expect(text("time.parse_rfc3339_ns", "1677-09-21T00:12:43.145224192-00:00")).toBe("-9223372036854775808");
  });

  it("rejects what is not RFC 3339", () => {
    expect(error("time.parse_rfc3339_ns", "2017-06-02").message).toBe(
      'time.parse_rfc3339_ns: parsing time "2017-06-02" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"',
    );
    expect(error("time.parse_rfc3339_ns", "2262-04-11T23:47:16.854775808-00:00").message).toBe(
      "time.parse_rfc3339_ns: time outside of valid range",
    );
  });
});

describe("time.parse_duration_ns", () => {
  it("follows Go's ParseDuration", () => {
    expect(value("time.parse_duration_ns", "100ms")).toBe(100_000_000);
    expect(value("time.parse_duration_ns", "1h2m3.5s")).toBe(3_723_500_000_000);
    expect(value("time.parse_duration_ns", "-1.5µs")).toBe(-1500);
    expect(value("time.parse_duration_ns", "0")).toBe(0);
    expect(text("time.parse_duration_ns", "2562047h47m16.854775807s")).toBe("9223372036854775807");
  });

  it("reports Go's duration errors", () => {
    expect(error("time.parse_duration_ns", "1x").message).toBe('time.parse_duration_ns: time: unknown unit "x" in duration "1x"');
    expect(error("time.parse_duration_ns", "12").message).toBe('time.parse_duration_ns: time: missing unit in duration "12"');
    expect(error("time.parse_duration_ns", "").message).toBe('time.parse_duration_ns: time: invalid duration ""');
    expect(error("time.parse_duration_ns", "2562048h").message).toBe('time.parse_duration_ns: time: invalid duration "2562048h"');
  });
});

describe("time.date, time.clock, time.weekday", () => {
  const t = 1517814000 * 1e9; // 2018-02-05T07:00:00Z

  it("reads the calendar in UTC and in IANA zones", () => {
    expect(value("time.date", t)).toEqual([2018, 2, 5]);
    expect(value("time.date", [t, "America/Los_Angeles"])).toEqual([2018, 2, 4]);
    expect(value("time.date", [1517832000e9, ""])).toEqual([2018, 2, 5]);
    expect(value("time.date", 1582977600e9)).toEqual([2020, 2, 29]);
    expect(value("time.clock", 1517832000e9)).toEqual([12, 0, 0]);
    expect(value("time.clock", [1517832000e9, "America/New_York"])).toEqual([7, 0, 0]);
    expect(value("time.clock", [1517832000e9, "Asia/Kolkata"])).toEqual([17, 30, 0]);
  });

  it("names the weekday", () => {
    const days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    days.forEach((d, i) => expect(value("time.weekday", (1517832000 + i * 86400) * 1e9)).toBe(d));
    expect(value("time.weekday", [1517832000e9, "Pacific/Kiritimati"])).toBe("Tuesday");
  });

  it("handles times before 1970", () => {
    expect(value("time.date", -1e9)).toEqual([1969, 12, 31]);
    expect(value("time.clock", -1e9)).toEqual([23, 59, 59]);
  });

  it("rejects unknown zones and malformed operands", () => {
    expect(error("time.date", [0, "Mars/Olympus_Mons"])).toEqual({
      code: "eval_builtin_error",
      message: "time.date: unknown time zone Mars/Olympus_Mons",
    });
    expect(error("time.date", "now")).toEqual({
      code: "eval_type_error",
      message: "time.date: operand 1 must be either number (ns) or [number (ns), string (tz)] but got string",
    });
    expect(error("time.date", ["x"]).message).toBe("time.date: operand 1 must be number but got string");
    expect(error("time.date", 1.5).message).toBe("time.date: timestamp too big");
  });
});

describe("time.add_date and time.diff", () => {
  it("adds years, months and days with Go's normalisation", () => {
    expect(text("time.add_date", 1585852421593912000, 3, 9, 12)).toBe("1705257221593912000");
    expect(text("time.add_date", 1585852421593912000, -1, -1, -1)).toBe("1551465221593912000");
    // 2020-01-31 + 1 month = 2020-03-02 (February has 29 days)
    expect(text("time.add_date", 1580428800e9, 0, 1, 0)).toBe(String(1583107200n * 1_000_000_000n));
  });

  it("fails outside the valid range", () => {
    expect(error("time.add_date", 0, 2262, 1, 1).message).toBe("time.add_date: time outside of valid range");
    expect(error("time.add_date", -9223372036854775808, 0, 0, -1).message).toBe("time.add_date: time outside of valid range");
    expect(error("time.add_date", 0, 1.5, 0, 0)).toEqual({
      code: "eval_type_error",
      message: "time.add_date: operand 2 must be integer number but got floating-point number",
    });
  });

  it("computes calendar differences", () => {
    // 2018-02-05T12:00:00Z to 2020-04-02T18:33:41.59Z
    expect(value("time.diff", 1517832000e9, 1585852421593912000)).toEqual([2, 1, 25, 6, 33, 41]);
    expect(value("time.diff", 1585852421593912000, 1517832000e9)).toEqual([2, 1, 25, 6, 33, 41]);
    expect(value("time.diff", 0, 0)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe("time.format", () => {
  it("defaults to RFC3339Nano in UTC", () => {
    expect(value("time.format", 1517832000e9)).toBe("2018-02-05T12:00:00Z");
    expect(value("time.format", 1517832000500000000)).toBe("2018-02-05T12:00:00.5Z");
  });

  it("formats in a zone with a layout or a named constant", () => {
    expect(value("time.format", [1517832000e9, "America/New_York", "Mon Jan _2 15:04:05 MST 2006"])).toBe(
      "Mon Feb  5 07:00:00 EST 2018",
    );
    expect(value("time.format", [1517832000e9, "Europe/Berlin", "RFC1123"])).toBe("Mon, 05 Feb 2018 13:00:00 CET");
    expect(value("time.format", [1517832000e9, "Asia/Kolkata"])).toBe("2018-02-05T17:30:00+05:30");
    expect(value("time.format", [1530000000e9, "America/New_York", "2006-01-02 15:04 -0700 MST"])).toBe(
      "2018-06-26 04:00 -0400 EDT",
    );
    expect(value("time.format", [1517832000e9, "UTC", "3:04PM, Jan 2 (002)"])).toBe("12:00PM, Feb 5 (036)");
    expect(value("time.format", [1517832000123000000, "", "15:04:05.000000"])).toBe("12:00:00.123000");
  });
});

describe("time.now_ns", () => {
  it("is stable within an evaluation and moves between evaluations", async () => {
    beginEvaluation();
    const a = text("time.now_ns")!;
    await new Promise((r) => setTimeout(r, 5));
    expect(text("time.now_ns")).toBe(a);
    beginEvaluation();
    expect(BigInt(text("time.now_ns")!)).toBeGreaterThan(BigInt(a));
    const wall = BigInt(Date.now()) * 1_000_000n;
    expect(BigInt(a)).toBeGreaterThan(wall - 60_000_000_000n);
  });

  it("can be pinned for a replay", () => {
    beginEvaluation({ nowNs: 1700000000123456789n });
    expect(text("time.now_ns")).toBe("1700000000123456789");
    expect(value("time.date", 1700000000e9)).toEqual([2023, 11, 14]);
  });
});
