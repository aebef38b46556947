// time.* builtins, after OPA's topdown/time.go, with Go's time.Parse / Time.Format layouts and
// time.ParseDuration ported from Go's time package (format.go), error messages included.
//
// No library: the semantics are Go's reference-time layouts ("2006-01-02T15:04:05Z07:00"), which no npm
// date library reproduces (nor their error texts). Time zones come from Intl (the IANA database Node ships):
// offsets are exact; abbreviations for the "MST" layout element are taken from Intl's short names and, when
// Intl only knows "GMT+1", written as Go's tzdata does for unnamed zones ("+01"). Go's time.Parse consults
// the host's Local zone for abbreviations in the input; here abbreviations other than UTC are recorded with
// a zero offset, as Go does when the host runs in UTC (the usual container setup).

import { evaluation } from "./context.js";
import {
  GoError,
  INT64_MAX,
  INT64_MIN,
  bigNum,
  goTimeQuote,
  int,
  intOf,
  operandTypeErr,
  RawNumber,
  str,
} from "./common.js";

// --- civil calendar ------------------------------------------------------------------------------------

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const fdiv = (a: number, b: number) => Math.floor(a / b);

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12, day may overflow). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = fdiv(y, 400);
  const yoe = y - era * 400;
  const doy = fdiv(153 * (m + (m > 2 ? -3 : 9)) + 2, 5) + d - 1;
  const doe = yoe * 365 + fdiv(yoe, 4) - fdiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = fdiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = fdiv(doe - fdiv(doe, 1460) + fdiv(doe, 36524) - fdiv(doe, 146096), 365);
  const doy = doe - (365 * yoe + fdiv(yoe, 4) - fdiv(yoe, 100));
  const mp = fdiv(5 * doy + 2, 153);
  const d = doy - fdiv(153 * mp + 2, 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
function daysIn(m: number, y: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

// --- zones -------------------------------------------------------------------------------------------

export interface Zone {
  name: string; // "UTC" or an IANA name
}
const UTC: Zone = { name: "UTC" };

const partFormatters = new Map<string, Intl.DateTimeFormat>();
const nameFormatters = new Map<string, Intl.DateTimeFormat[]>();
const ABBR_LOCALES = ["en-US", "en-GB", "en-IN", "en-AU", "en-NZ", "ja-JP"];

function loadLocation(name: string): Zone {
  if (name === "" || name === "UTC") return UTC;
  const tz = name === "Local" ? Intl.DateTimeFormat().resolvedOptions().timeZone : name;
  if (!partFormatters.has(tz)) {
    try {
      partFormatters.set(
        tz,
        new Intl.DateTimeFormat("en-US", {
          timeZone: tz,
          hourCycle: "h23",
          year: "numeric",
          month: "numeric",
          day: "numeric",
          hour: "numeric",
          minute: "numeric",
          second: "numeric",
        }),
      );
    } catch {
      throw new GoError(`unknown time zone ${name}`);
    }
  }
  return { name: tz };
}

interface ZoneInfo {
  offset: number; // seconds east of UTC
  abbr: string;
}

function zoneInfo(z: Zone, unixSec: number): ZoneInfo {
  if (z.name === "UTC") return { offset: 0, abbr: "UTC" };
  const fmt = partFormatters.get(z.name)!;
  const ms = unixSec * 1000;
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(ms))) if (part.type !== "literal") p[part.type] = Number(part.value);
  // Callers keep instants within the int64 nanosecond range (years 1677..2262), where Date.UTC is exact.
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) / 1000;
  const offset = wall - Math.floor(ms / 1000);
  return { offset, abbr: zoneAbbr(z.name, ms, offset) };
}

function zoneAbbr(tz: string, ms: number, offset: number): string {
  let fmts = nameFormatters.get(tz);
  if (!fmts) {
    fmts = ABBR_LOCALES.map((l) => new Intl.DateTimeFormat(l, { timeZone: tz, timeZoneName: "short" }));
    nameFormatters.set(tz, fmts);
  }
  for (const f of fmts) {
    const name = f.formatToParts(new Date(ms)).find((x) => x.type === "timeZoneName")?.value ?? "";
    if (/^[A-Z]{2,5}$/.test(name) && (name !== "GMT" || offset === 0)) return name;
  }
  // tzdata names zones without an abbreviation by their offset: "+01", "-0330".
  const sign = offset < 0 ? "-" : "+";
  const a = Math.abs(offset);
  const hh = String(Math.floor(a / 3600)).padStart(2, "0");
  const mm = Math.floor((a % 3600) / 60);
  return sign + hh + (mm ? String(mm).padStart(2, "0") : "");
}

// --- a point in time, as Go's time.Time in a location -------------------------------------------------

interface GoTime {
  unix: number; // seconds
  nsec: number; // 0..999999999
  zone: Zone;
}

const NS = 1_000_000_000n;

function fromUnixNano(ns: bigint, zone: Zone): GoTime {
  let sec = ns / NS;
  let nsec = ns % NS;
  if (nsec < 0n) {
    nsec += NS;
    sec -= 1n;
  }
  return { unix: Number(sec), nsec: Number(nsec), zone };
}

interface Fields {
  year: number;
  month: number;
  day: number;
  yday: number;
  weekday: number;
  hour: number;
  min: number;
  sec: number;
  offset: number;
  abbr: string;
}

function fields(t: GoTime): Fields {
  const { offset, abbr } = zoneInfo(t.zone, t.unix);
  const local = t.unix + offset;
  const days = fdiv(local, 86400);
  const sod = local - days * 86400;
  const [year, month, day] = civilFromDays(days);
  return {
    year,
    month,
    day,
    yday: days - daysFromCivil(year, 1, 1) + 1,
    weekday: (((days + 4) % 7) + 7) % 7,
    hour: Math.floor(sod / 3600),
    min: Math.floor((sod % 3600) / 60),
    sec: sod % 60,
    offset,
    abbr,
  };
}

const MIN_NS = INT64_MIN;
const MAX_NS = INT64_MAX;

function safeUnixNano(unixSec: bigint, nsec: bigint): bigint {
  const ns = unixSec * NS + nsec;
  if (ns < MIN_NS || ns > MAX_NS) throw new GoError("time outside of valid range");
  return ns;
}

/**
 * Go's time.Date: normalises month, day, hour... overflow, then resolves the wall time in the zone
 * (offset looked up at the wall time taken as UTC, re-checked at the resulting instant).
 */
function goDate(
  year: bigint,
  month: bigint,
  day: bigint,
  hour: bigint,
  min: bigint,
  sec: bigint,
  nsec: bigint,
  zone: Zone,
): bigint {
  let m = month - 1n;
  year += m >= 0n ? m / 12n : -((-m + 11n) / 12n);
  m = ((m % 12n) + 12n) % 12n;
  // Anything this far from 1970 is outside the int64 nanosecond range whatever the other fields say.
  if (year > 1_000_000n || year < -1_000_000n) throw new GoError("time outside of valid range");
  const days = BigInt(daysFromCivil(Number(year), Number(m) + 1, 1)) + day - 1n;
  const wall = days * 86400n + hour * 3600n + min * 60n + sec;
  // Zone offsets are under a day, so a wall time two days outside the range cannot come back into it.
  if (wall * NS > MAX_NS + 2n * 86400n * NS || wall * NS < MIN_NS - 2n * 86400n * NS) {
    throw new GoError("time outside of valid range");
  }
  let unix = wall;
  if (zone.name !== "UTC") {
    const off1 = zoneInfo(zone, Number(wall)).offset;
    const off2 = zoneInfo(zone, Number(wall) - off1).offset;
    unix = wall - BigInt(off2);
  }
  return safeUnixNano(unix, nsec);
}

// --- operands ------------------------------------------------------------------------------------------

/** The integer a number stands for, exactly when it came as RawNumber text; undefined if not an integer. */
function exactInt(v: number | RawNumber): bigint | undefined {
  if (v instanceof RawNumber) return /^-?\d+$/.test(v.text) ? BigInt(v.text) : undefined;
  return Number.isInteger(v) && Math.abs(v) <= 2 ** 63 ? intOf(v) : undefined;
}

const TZ_EXPECTED = "either number (ns) or [number (ns), string (tz)]";

/** OPA's tzTime: a number (ns) or [ns, tz] or [ns, tz, layout]. */
function tzTime(a: unknown): { t: GoTime; layout: string } {
  let nVal: unknown;
  let zone = UTC;
  let layout = "";
  if (Array.isArray(a)) {
    if (a.length === 0) throw operandTypeErr(1, a, TZ_EXPECTED);
    nVal = a[0];
    if (typeof nVal !== "number" && !(nVal instanceof RawNumber)) throw operandTypeErr(1, nVal, "number");
    if (a.length > 1) zone = loadLocation(str(a[1], 1));
    if (a.length > 2) layout = str(a[2], 1);
  } else if (typeof a === "number" || a instanceof RawNumber) {
    nVal = a;
  } else {
    throw operandTypeErr(1, a, TZ_EXPECTED);
  }
  // Integers beyond 2^53 arrive exact, as RawNumber text (compiled policies mark them).
  const ns = exactInt(nVal as number | RawNumber);
  if (ns === undefined || ns > INT64_MAX || ns < INT64_MIN) throw new GoError("timestamp too big");
  return { t: fromUnixNano(ns, zone), layout };
}

// --- layouts ---------------------------------------------------------------------------------------------

const enum Std {
  None = 0,
  LongMonth,
  Month,
  NumMonth,
  ZeroMonth,
  LongWeekDay,
  WeekDay,
  Day,
  UnderDay,
  ZeroDay,
  UnderYearDay,
  ZeroYearDay,
  Hour,
  Hour12,
  ZeroHour12,
  Minute,
  ZeroMinute,
  Second,
  ZeroSecond,
  LongYear,
  Year,
  PM,
  pm,
  TZ,
  ISO8601TZ,
  ISO8601SecondsTZ,
  ISO8601ShortTZ,
  ISO8601ColonTZ,
  ISO8601ColonSecondsTZ,
  NumTZ,
  NumSecondsTz,
  NumShortTZ,
  NumColonTZ,
  NumColonSecondsTZ,
  FracSecond0,
  FracSecond9,
}

interface Chunk {
  prefix: string;
  std: Std;
  digits: number; // fractional second digits
  sep: string; // fractional second separator
  suffix: string;
}

const STD0X = [Std.ZeroMonth, Std.ZeroDay, Std.ZeroHour12, Std.ZeroMinute, Std.ZeroSecond, Std.Year];
const isDigitAt = (s: string, i: number) => i < s.length && s[i]! >= "0" && s[i]! <= "9";
const startsWithLower = (s: string) => s.length > 0 && s[0]! >= "a" && s[0]! <= "z";

function nextStdChunk(layout: string): Chunk {
  const ret = (i: number, std: Std, end: number, digits = 0, sep = ""): Chunk => ({
    prefix: layout.slice(0, i),
    std,
    digits,
    sep,
    suffix: layout.slice(end),
  });
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]!;
    const at = (s: string) => layout.startsWith(s, i);
    switch (c) {
      case "J":
        if (at("Jan")) {
          if (at("January")) return ret(i, Std.LongMonth, i + 7);
          if (!startsWithLower(layout.slice(i + 3))) return ret(i, Std.Month, i + 3);
        }
        break;
      case "M":
        if (at("Mon")) {
          if (at("Monday")) return ret(i, Std.LongWeekDay, i + 6);
          if (!startsWithLower(layout.slice(i + 3))) return ret(i, Std.WeekDay, i + 3);
        }
        if (at("MST")) return ret(i, Std.TZ, i + 3);
        break;
      case "0":
        if (i + 1 < layout.length && layout[i + 1]! >= "1" && layout[i + 1]! <= "6") {
          return ret(i, STD0X[layout.charCodeAt(i + 1) - 49]!, i + 2);
        }
        if (at("002")) return ret(i, Std.ZeroYearDay, i + 3);
        break;
      case "1":
        if (at("15")) return ret(i, Std.Hour, i + 2);
        return ret(i, Std.NumMonth, i + 1);
      case "2":
        if (at("2006")) return ret(i, Std.LongYear, i + 4);
        return ret(i, Std.Day, i + 1);
      case "_":
        if (at("_2")) {
          if (at("_2006")) return { prefix: layout.slice(0, i + 1), std: Std.LongYear, digits: 0, sep: "", suffix: layout.slice(i + 5) };
          return ret(i, Std.UnderDay, i + 2);
        }
        if (at("__2")) return ret(i, Std.UnderYearDay, i + 3);
        break;
      case "3":
        return ret(i, Std.Hour12, i + 1);
      case "4":
        return ret(i, Std.Minute, i + 1);
      case "5":
        return ret(i, Std.Second, i + 1);
      case "P":
        if (at("PM")) return ret(i, Std.PM, i + 2);
        break;
      case "p":
        if (at("pm")) return ret(i, Std.pm, i + 2);
        break;
      case "-":
        if (at("-070000")) return ret(i, Std.NumSecondsTz, i + 7);
        if (at("-07:00:00")) return ret(i, Std.NumColonSecondsTZ, i + 9);
        if (at("-0700")) return ret(i, Std.NumTZ, i + 5);
        if (at("-07:00")) return ret(i, Std.NumColonTZ, i + 6);
        if (at("-07")) return ret(i, Std.NumShortTZ, i + 3);
        break;
      case "Z":
        if (at("Z070000")) return ret(i, Std.ISO8601SecondsTZ, i + 7);
        if (at("Z07:00:00")) return ret(i, Std.ISO8601ColonSecondsTZ, i + 9);
        if (at("Z0700")) return ret(i, Std.ISO8601TZ, i + 5);
        if (at("Z07:00")) return ret(i, Std.ISO8601ColonTZ, i + 6);
        if (at("Z07")) return ret(i, Std.ISO8601ShortTZ, i + 3);
        break;
      case ".":
      case ",":
        if (i + 1 < layout.length && (layout[i + 1] === "0" || layout[i + 1] === "9")) {
          const ch = layout[i + 1]!;
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          if (!isDigitAt(layout, j)) {
            return ret(i, ch === "0" ? Std.FracSecond0 : Std.FracSecond9, j, j - (i + 1), c);
          }
        }
        break;
    }
  }
  return { prefix: layout, std: Std.None, digits: 0, sep: "", suffix: "" };
}

const LAYOUT_CONSTANTS: Record<string, string> = {
  ANSIC: "Mon Jan _2 15:04:05 2006",
  UnixDate: "Mon Jan _2 15:04:05 MST 2006",
  RubyDate: "Mon Jan 02 15:04:05 -0700 2006",
  RFC822: "02 Jan 06 15:04 MST",
  RFC822Z: "02 Jan 06 15:04 -0700",
  RFC850: "Monday, 02-Jan-06 15:04:05 MST",
  RFC1123: "Mon, 02 Jan 2006 15:04:05 MST",
  RFC1123Z: "Mon, 02 Jan 2006 15:04:05 -0700",
  RFC3339: "2006-01-02T15:04:05Z07:00",
  RFC3339Nano: "2006-01-02T15:04:05.999999999Z07:00",
};
const RFC3339 = LAYOUT_CONSTANTS.RFC3339!;
const RFC3339Nano = LAYOUT_CONSTANTS.RFC3339Nano!;

// --- formatting (Time.Format) --------------------------------------------------------------------------

function appendInt(x: number, width: number): string {
  const s = String(Math.abs(x)).padStart(width, "0");
  return x < 0 ? "-" + s : s;
}

export function goFormat(t: GoTime, layout: string): string {
  const f = fields(t);
  let out = "";
  while (layout !== "") {
    const { prefix, std, digits, sep, suffix } = nextStdChunk(layout);
    out += prefix;
    if (std === Std.None) break;
    layout = suffix;
    switch (std) {
      case Std.Year:
        out += appendInt(Math.abs(f.year) % 100, 2);
        break;
      case Std.LongYear:
        out += appendInt(f.year, 4);
        break;
      case Std.Month:
        out += MONTHS[f.month - 1]!.slice(0, 3);
        break;
      case Std.LongMonth:
        out += MONTHS[f.month - 1]!;
        break;
      case Std.NumMonth:
        out += appendInt(f.month, 0);
        break;
      case Std.ZeroMonth:
        out += appendInt(f.month, 2);
        break;
      case Std.WeekDay:
        out += DAYS[f.weekday]!.slice(0, 3);
        break;
      case Std.LongWeekDay:
        out += DAYS[f.weekday]!;
        break;
      case Std.Day:
        out += appendInt(f.day, 0);
        break;
      case Std.UnderDay:
        out += (f.day < 10 ? " " : "") + appendInt(f.day, 0);
        break;
      case Std.ZeroDay:
        out += appendInt(f.day, 2);
        break;
      case Std.UnderYearDay:
        out += (f.yday < 100 ? " " : "") + (f.yday < 10 ? " " : "") + appendInt(f.yday, 0);
        break;
      case Std.ZeroYearDay:
        out += appendInt(f.yday, 3);
        break;
      case Std.Hour:
        out += appendInt(f.hour, 2);
        break;
      case Std.Hour12:
        out += appendInt(f.hour % 12 || 12, 0);
        break;
      case Std.ZeroHour12:
        out += appendInt(f.hour % 12 || 12, 2);
        break;
      case Std.Minute:
        out += appendInt(f.min, 0);
        break;
      case Std.ZeroMinute:
        out += appendInt(f.min, 2);
        break;
      case Std.Second:
        out += appendInt(f.sec, 0);
        break;
      case Std.ZeroSecond:
        out += appendInt(f.sec, 2);
        break;
      case Std.PM:
        out += f.hour >= 12 ? "PM" : "AM";
        break;
      case Std.pm:
        out += f.hour >= 12 ? "pm" : "am";
        break;
      case Std.ISO8601TZ:
      case Std.ISO8601ColonTZ:
      case Std.ISO8601SecondsTZ:
      case Std.ISO8601ShortTZ:
      case Std.ISO8601ColonSecondsTZ:
      case Std.NumTZ:
      case Std.NumColonTZ:
      case Std.NumSecondsTz:
      case Std.NumShortTZ:
      case Std.NumColonSecondsTZ: {
        const iso =
          std === Std.ISO8601TZ ||
          std === Std.ISO8601ColonTZ ||
          std === Std.ISO8601SecondsTZ ||
          std === Std.ISO8601ShortTZ ||
          std === Std.ISO8601ColonSecondsTZ;
        if (f.offset === 0 && iso) {
          out += "Z";
          break;
        }
        let zone = Math.trunc(f.offset / 60);
        let absoffset = f.offset;
        if (zone < 0) {
          out += "-";
          zone = -zone;
          absoffset = -absoffset;
        } else {
          out += "+";
        }
        out += appendInt(Math.floor(zone / 60), 2);
        if (
          std === Std.ISO8601ColonTZ ||
          std === Std.NumColonTZ ||
          std === Std.ISO8601ColonSecondsTZ ||
          std === Std.NumColonSecondsTZ
        ) {
          out += ":";
        }
        if (std !== Std.NumShortTZ && std !== Std.ISO8601ShortTZ) out += appendInt(zone % 60, 2);
        if (
          std === Std.ISO8601SecondsTZ ||
          std === Std.NumSecondsTz ||
          std === Std.NumColonSecondsTZ ||
          std === Std.ISO8601ColonSecondsTZ
        ) {
          if (std === Std.NumColonSecondsTZ || std === Std.ISO8601ColonSecondsTZ) out += ":";
          out += appendInt(absoffset % 60, 2);
        }
        break;
      }
      case Std.TZ: {
        if (f.abbr !== "") {
          out += f.abbr;
          break;
        }
        let zone = Math.trunc(f.offset / 60);
        if (zone < 0) {
          out += "-";
          zone = -zone;
        } else out += "+";
        out += appendInt(Math.floor(zone / 60), 2) + appendInt(zone % 60, 2);
        break;
      }
      case Std.FracSecond0:
      case Std.FracSecond9: {
        const trim = std === Std.FracSecond9;
        if (trim && (digits === 0 || t.nsec === 0)) break;
        let frac = appendInt(t.nsec, 9).slice(0, digits);
        if (trim) frac = frac.replace(/0+$/, "");
        out += frac === "" && trim ? "" : sep + frac;
        break;
      }
    }
  }
  return out;
}

// --- parsing (time.Parse) ------------------------------------------------------------------------------

class ParseError extends GoError {
  constructor(layout: string, value: string, layoutElem: string, valueElem: string, message: string) {
    super(
      message === ""
        ? `parsing time ${goTimeQuote(value)} as ${goTimeQuote(layout)}: cannot parse ${goTimeQuote(valueElem)} as ${goTimeQuote(layoutElem)}`
        : `parsing time ${goTimeQuote(value)}${message}`,
    );
  }
}

const BAD = Symbol("bad");

function getnum(s: string, fixed: boolean): [number, string] | typeof BAD {
  if (!isDigitAt(s, 0)) return BAD;
  if (!isDigitAt(s, 1)) {
    if (fixed) return BAD;
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] | typeof BAD {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + (s.charCodeAt(i) - 48);
  if (i === 0 || (fixed && i !== 3)) return BAD;
  return [n, s.slice(i)];
}

/** Go's leadingInt over [0-9]*, with its overflow rule (values beyond 2^63 fail). */
function leadingInt(s: string): [bigint, string] | typeof BAD {
  let i = 0;
  let x = 0n;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (x > (1n << 63n) / 10n) return BAD;
    x = x * 10n + BigInt(c - 48);
    if (x > 1n << 63n) return BAD;
  }
  return [x, s.slice(i)];
}

function atoi(s: string): number | typeof BAD {
  let neg = false;
  if (s.length > 0 && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  const r = leadingInt(s);
  if (r === BAD || r[1].length > 0) return BAD;
  const x = Number(r[0]);
  return neg ? -x : x;
}

function lookup(tab: string[], val: string): [number, string] | typeof BAD {
  for (let i = 0; i < tab.length; i++) {
    const v = tab[i]!;
    if (val.length >= v.length && val.slice(0, v.length).toLowerCase() === v.toLowerCase()) {
      // Go's match() folds ASCII letters only
      if (/^[\x00-\x7f]*$/.test(val.slice(0, v.length))) return [i, val.slice(v.length)];
    }
  }
  return BAD;
}

function skip(value: string, prefix: string): string | typeof BAD {
  while (prefix.length > 0) {
    if (prefix[0] === " ") {
      if (value.length > 0 && value[0] !== " ") return BAD;
      prefix = prefix.replace(/^ +/, "");
      value = value.replace(/^ +/, "");
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) return BAD;
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

function parseNanoseconds(value: string, nbytes: number): [number, string] | typeof BAD {
  if (value[0] !== "." && value[0] !== ",") return BAD;
  if (nbytes > 10) {
    value = value.slice(0, 10);
    nbytes = 10;
  }
  const ns = atoi(value.slice(1, nbytes));
  if (ns === BAD) return BAD;
  if (ns < 0) return [0, "fractional second"];
  return [ns * 10 ** (10 - nbytes), ""];
}

function parseSignedOffset(value: string): number {
  const sign = value[0];
  if (sign !== "-" && sign !== "+") return 0;
  const r = leadingInt(value.slice(1));
  if (r === BAD || value.slice(1) === r[1]) return 0;
  if (r[0] > 12n) return 0;
  return value.length - r[1].length;
}

function parseTimeZone(value: string): number {
  if (value.length < 3) return -1;
  if (value.startsWith("ChST") || value.startsWith("MeST")) return 4;
  if (value.startsWith("GMT")) {
    const rest = value.slice(3);
    return rest.length === 0 ? 3 : 3 + parseSignedOffset(rest);
  }
  if (value[0] === "+" || value[0] === "-") {
    const n = parseSignedOffset(value);
    return n > 0 ? n : -1;
  }
  let nUpper = 0;
  for (; nUpper < 6; nUpper++) {
    if (nUpper >= value.length) break;
    const c = value[nUpper]!;
    if (c < "A" || c > "Z") break;
  }
  switch (nUpper) {
    case 5:
      return value[4] === "T" ? 5 : -1;
    case 4:
      return value[3] === "T" || value.startsWith("WITA") ? 4 : -1;
    case 3:
      return 3;
    default:
      return -1;
  }
}

/** time.Parse(layout, value) as Unix nanoseconds (range-checked as OPA's toSafeUnixNano). */
export function goParse(layout: string, value: string): bigint {
  const alayout = layout;
  const avalue = value;
  let rangeErr = "";
  let amSet = false;
  let pmSet = false;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let utc = false;
  let zoneOffset = -1;

  for (;;) {
    const { prefix, std, digits, suffix } = nextStdChunk(layout);
    const stdstr = layout.slice(prefix.length, layout.length - suffix.length);
    const skipped = skip(value, prefix);
    if (skipped === BAD) throw new ParseError(alayout, avalue, prefix, value, "");
    value = skipped;
    if (std === Std.None) {
      if (value.length !== 0) throw new ParseError(alayout, avalue, "", value, ": extra text: " + goTimeQuote(value));
      break;
    }
    layout = suffix;
    const hold = value;
    let bad = false;
    const take = <T>(r: [T, string] | typeof BAD): T | undefined => {
      if (r === BAD) {
        bad = true;
        return undefined;
      }
      value = r[1];
      return r[0];
    };
    switch (std) {
      case Std.Year: {
        if (value.length < 2) {
          bad = true;
          break;
        }
        const p = value.slice(0, 2);
        value = value.slice(2);
        const y = atoi(p);
        if (y === BAD) {
          bad = true;
          break;
        }
        year = y >= 69 ? y + 1900 : y + 2000;
        break;
      }
      case Std.LongYear: {
        if (value.length < 4 || !isDigitAt(value, 0)) {
          bad = true;
          break;
        }
        const y = atoi(value.slice(0, 4));
        value = value.slice(4);
        if (y === BAD) bad = true;
        else year = y;
        break;
      }
      case Std.Month: {
        const m = take(lookup(MONTHS.map((x) => x.slice(0, 3)), value));
        if (m !== undefined) month = m + 1;
        break;
      }
      case Std.LongMonth: {
        const m = take(lookup(MONTHS, value));
        if (m !== undefined) month = m + 1;
        break;
      }
      case Std.NumMonth:
      case Std.ZeroMonth: {
        const m = take(getnum(value, std === Std.ZeroMonth));
        if (m !== undefined) {
          month = m;
          if (m <= 0 || m > 12) rangeErr = "month";
        }
        break;
      }
      case Std.WeekDay:
        take(lookup(DAYS.map((x) => x.slice(0, 3)), value));
        break;
      case Std.LongWeekDay:
        take(lookup(DAYS, value));
        break;
      case Std.Day:
      case Std.UnderDay:
      case Std.ZeroDay: {
        if (std === Std.UnderDay && value.length > 0 && value[0] === " ") value = value.slice(1);
        const d = take(getnum(value, std === Std.ZeroDay));
        if (d !== undefined) day = d;
        break;
      }
      case Std.UnderYearDay:
      case Std.ZeroYearDay: {
        for (let i = 0; i < 2; i++) if (std === Std.UnderYearDay && value.length > 0 && value[0] === " ") value = value.slice(1);
        const d = take(getnum3(value, std === Std.ZeroYearDay));
        if (d !== undefined) yday = d;
        break;
      }
      case Std.Hour: {
        const h = take(getnum(value, false));
        hour = h ?? 0;
        if (hour < 0 || hour >= 24) rangeErr = "hour";
        break;
      }
      case Std.Hour12:
      case Std.ZeroHour12: {
        const h = take(getnum(value, std === Std.ZeroHour12));
        hour = h ?? 0;
        if (hour < 0 || hour > 12) rangeErr = "hour";
        break;
      }
      case Std.Minute:
      case Std.ZeroMinute: {
        const m = take(getnum(value, std === Std.ZeroMinute));
        min = m ?? 0;
        if (min < 0 || min >= 60) rangeErr = "minute";
        break;
      }
      case Std.Second:
      case Std.ZeroSecond: {
        const s = take(getnum(value, std === Std.ZeroSecond));
        if (s === undefined) break;
        sec = s;
        if (sec < 0 || sec >= 60) {
          rangeErr = "second";
          break;
        }
        if (value.length >= 2 && (value[0] === "." || value[0] === ",") && isDigitAt(value, 1)) {
          const next = nextStdChunk(layout).std;
          if (next === Std.FracSecond0 || next === Std.FracSecond9) break;
          let n = 2;
          while (n < value.length && isDigitAt(value, n)) n++;
          const r = parseNanoseconds(value, n);
          if (r === BAD) bad = true;
          else {
            nsec = r[0];
            rangeErr = r[1];
          }
          value = value.slice(n);
        }
        break;
      }
      case Std.PM:
      case Std.pm: {
        if (value.length < 2) {
          bad = true;
          break;
        }
        const p = value.slice(0, 2);
        value = value.slice(2);
        const [am, pm] = std === Std.PM ? ["AM", "PM"] : ["am", "pm"];
        if (p === pm) pmSet = true;
        else if (p === am) amSet = true;
        else bad = true;
        break;
      }
      case Std.ISO8601TZ:
      case Std.ISO8601ShortTZ:
      case Std.ISO8601ColonTZ:
      case Std.ISO8601SecondsTZ:
      case Std.ISO8601ColonSecondsTZ:
      case Std.NumTZ:
      case Std.NumShortTZ:
      case Std.NumColonTZ:
      case Std.NumSecondsTz:
      case Std.NumColonSecondsTZ: {
        const iso =
          std === Std.ISO8601TZ ||
          std === Std.ISO8601ShortTZ ||
          std === Std.ISO8601ColonTZ ||
          std === Std.ISO8601SecondsTZ ||
          std === Std.ISO8601ColonSecondsTZ;
        if (iso && value.length >= 1 && value[0] === "Z") {
          value = value.slice(1);
          utc = true;
          break;
        }
        let sign: string, hh: string, mm: string, ss: string;
        if (std === Std.ISO8601ColonTZ || std === Std.NumColonTZ) {
          if (value.length < 6 || value[3] !== ":") {
            bad = true;
            break;
          }
          [sign, hh, mm, ss] = [value.slice(0, 1), value.slice(1, 3), value.slice(4, 6), "00"];
          value = value.slice(6);
        } else if (std === Std.NumShortTZ || std === Std.ISO8601ShortTZ) {
          if (value.length < 3) {
            bad = true;
            break;
          }
          [sign, hh, mm, ss] = [value.slice(0, 1), value.slice(1, 3), "00", "00"];
          value = value.slice(3);
        } else if (std === Std.ISO8601ColonSecondsTZ || std === Std.NumColonSecondsTZ) {
          if (value.length < 9 || value[3] !== ":" || value[6] !== ":") {
            bad = true;
            break;
          }
          [sign, hh, mm, ss] = [value.slice(0, 1), value.slice(1, 3), value.slice(4, 6), value.slice(7, 9)];
          value = value.slice(9);
        } else if (std === Std.ISO8601SecondsTZ || std === Std.NumSecondsTz) {
          if (value.length < 7) {
            bad = true;
            break;
          }
          [sign, hh, mm, ss] = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), value.slice(5, 7)];
          value = value.slice(7);
        } else {
          if (value.length < 5) {
            bad = true;
            break;
          }
          [sign, hh, mm, ss] = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), "00"];
          value = value.slice(5);
        }
        const h = getnum(hh, true);
        const m = h === BAD ? BAD : getnum(mm, true);
        const s = m === BAD ? BAD : getnum(ss, true);
        if (h === BAD || m === BAD || s === BAD) {
          bad = true;
          break;
        }
        if (h[0] > 24) rangeErr = "time zone offset hour";
        if (m[0] > 60) rangeErr = "time zone offset minute";
        if (s[0] > 60) rangeErr = "time zone offset second";
        zoneOffset = (h[0] * 60 + m[0]) * 60 + s[0];
        if (sign === "-") zoneOffset = -zoneOffset;
        else if (sign !== "+") bad = true;
        break;
      }
      case Std.TZ: {
        if (value.startsWith("UTC")) {
          utc = true;
          value = value.slice(3);
          break;
        }
        const n = parseTimeZone(value);
        if (n < 0) {
          bad = true;
          break;
        }
        // An abbreviation other than UTC: recorded with a zero offset (see the file comment).
        value = value.slice(n);
        break;
      }
      case Std.FracSecond0: {
        const ndigit = 1 + digits;
        if (value.length < ndigit) {
          bad = true;
          break;
        }
        const r = parseNanoseconds(value, ndigit);
        if (r === BAD) bad = true;
        else {
          nsec = r[0];
          rangeErr = r[1];
        }
        value = value.slice(ndigit);
        break;
      }
      case Std.FracSecond9: {
        if (value.length < 2 || (value[0] !== "." && value[0] !== ",") || !isDigitAt(value, 1)) break;
        let i = 0;
        while (i + 1 < value.length && isDigitAt(value, i + 1)) i++;
        const r = parseNanoseconds(value, 1 + i);
        if (r === BAD) bad = true;
        else {
          nsec = r[0];
          rangeErr = r[1];
        }
        value = value.slice(1 + i);
        break;
      }
    }
    if (rangeErr !== "") throw new ParseError(alayout, avalue, stdstr, value, `: ${rangeErr} out of range`);
    if (bad) throw new ParseError(alayout, avalue, stdstr, hold, "");
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0;
    let m = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) {
        yday--;
      }
    }
    if (yday < 1 || yday > 365) throw new ParseError(alayout, avalue, "", value, ": day-of-year out of range");
    if (m === 0) {
      const before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
      m = Math.floor((yday - 1) / 31) + 1;
      if (before[m]! < yday) m++;
      d = yday - before[m - 1]!;
    }
    if (month >= 0 && month !== m) throw new ParseError(alayout, avalue, "", value, ": day-of-year does not match month");
    month = m;
    if (day >= 0 && day !== d) throw new ParseError(alayout, avalue, "", value, ": day-of-year does not match day");
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) throw new ParseError(alayout, avalue, "", value, ": day out of range");

  const wall = BigInt(daysFromCivil(year, month, day)) * 86400n + BigInt(hour * 3600 + min * 60 + sec);
  const offset = utc || zoneOffset === -1 ? 0n : BigInt(zoneOffset);
  return safeUnixNano(wall - offset, BigInt(nsec));
}

// --- durations (time.ParseDuration) --------------------------------------------------------------------

const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  "\u00b5s": 1000n,
  "\u03bcs": 1000n,
  ms: 1_000_000n,
  s: NS,
  m: 60n * NS,
  h: 3600n * NS,
};

export function goParseDuration(orig: string): bigint {
  const invalid = () => new GoError("time: invalid duration " + goTimeQuote(orig));
  let s = orig;
  let d = 0n;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") throw invalid();
  while (s !== "") {
    if (!(s[0] === "." || isDigitAt(s, 0))) throw invalid();
    const pl = s.length;
    const li = leadingInt(s);
    if (li === BAD) throw invalid();
    let v = li[0];
    s = li[1];
    const pre = pl !== s.length;
    let post = false;
    let f = 0n;
    let scale = 1;
    if (s !== "" && s[0] === ".") {
      s = s.slice(1);
      const pl2 = s.length;
      let i = 0;
      let overflow = false;
      for (; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c < 48 || c > 57) break;
        if (overflow) continue;
        if (f > ((1n << 63n) - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(c - 48);
        if (y > 1n << 63n) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      s = s.slice(i);
      post = pl2 !== s.length;
    }
    if (!pre && !post) throw invalid();
    let i = 0;
    while (i < s.length && !(s[i] === "." || isDigitAt(s, i))) i++;
    if (i === 0) throw new GoError("time: missing unit in duration " + goTimeQuote(orig));
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = UNIT_NS[u];
    if (unit === undefined) throw new GoError("time: unknown unit " + goTimeQuote(u) + " in duration " + goTimeQuote(orig));
    if (v > (1n << 63n) / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > 1n << 63n) throw invalid();
    }
    d += v;
    if (d > 1n << 63n) throw invalid();
  }
  if (neg) return -d;
  if (d > (1n << 63n) - 1n) throw invalid();
  return d;
}

// --- the builtins ------------------------------------------------------------------------------------

function clock(a: unknown): number[] {
  const f = fields(tzTime(a).t);
  return [f.hour, f.min, f.sec];
}

function date(a: unknown): number[] {
  const f = fields(tzTime(a).t);
  return [f.year, f.month, f.day];
}

function diff(a: unknown, b: unknown): number[] {
  let t1 = tzTime(a).t;
  let t2 = tzTime(b).t;
  t2 = { ...t2, zone: t1.zone };
  if (t1.unix > t2.unix || (t1.unix === t2.unix && t1.nsec > t2.nsec)) [t1, t2] = [t2, t1];
  const f1 = fields(t1);
  const f2 = fields(t2);
  let year = f2.year - f1.year;
  let month = f2.month - f1.month;
  let day = f2.day - f1.day;
  let hour = f2.hour - f1.hour;
  let min = f2.min - f1.min;
  let sec = f2.sec - f1.sec;
  if (sec < 0) {
    sec += 60;
    min--;
  }
  if (min < 0) {
    min += 60;
    hour--;
  }
  if (hour < 0) {
    hour += 24;
    day--;
  }
  if (day < 0) {
    day += daysIn(f1.month, f1.year);
    month--;
  }
  if (month < 0) {
    month += 12;
    year--;
  }
  return [year, month, day, hour, min, sec];
}

function addDate(a: unknown, years: unknown, months: unknown, days: unknown): unknown {
  const { t } = tzTime(a);
  const y = int(years, 2);
  const m = int(months, 3);
  const d = int(days, 4);
  const f = fields(t);
  const ns = goDate(
    BigInt(f.year) + y,
    BigInt(f.month) + m,
    BigInt(f.day) + d,
    BigInt(f.hour),
    BigInt(f.min),
    BigInt(f.sec),
    BigInt(t.nsec),
    t.zone,
  );
  return bigNum(ns);
}

function format(a: unknown): string {
  const { t, layout } = tzTime(a);
  let l = layout;
  if (l === "") l = RFC3339Nano;
  else if (LAYOUT_CONSTANTS[l] !== undefined) l = LAYOUT_CONSTANTS[l]!;
  return goFormat(t, l);
}

export const TIME_BUILTINS = {
  "time.now_ns": (): unknown => bigNum(evaluation().nowNs),
  "time.parse_ns": (layout: unknown, value: unknown): unknown => {
    let l = str(layout, 1);
    const v = str(value, 2);
    if (LAYOUT_CONSTANTS[l] !== undefined) l = LAYOUT_CONSTANTS[l]!;
    return bigNum(goParse(l, v));
  },
  "time.parse_rfc3339_ns": (value: unknown): unknown => bigNum(goParse(RFC3339, str(value, 1))),
  "time.parse_duration_ns": (value: unknown): unknown => bigNum(goParseDuration(str(value, 1))),
  "time.format": format,
  "time.date": date,
  "time.clock": clock,
  "time.weekday": (a: unknown): string => DAYS[fields(tzTime(a).t).weekday]!,
  "time.add_date": addDate,
  "time.diff": diff,
};
