// units.parse and units.parse_bytes, after OPA's topdown/parse_units.go and parse_bytes.go.
//
// No library: OPA's results depend on Go's big.Rat (units.parse: exact rational, printed with 10 decimals
// when not an integer) and big.Float with 64-bit mantissas (units.parse_bytes: rounded to nearest-even at
// 64 bits, then truncated), so both are reproduced with BigInt arithmetic. Results that a JS double cannot
// carry exactly (units.parse("10Ei") == 11529215046068469760) are returned as decimal text (see common.ts).

import { GoError, RawNumber, bigNum, str } from "./common.js";

const KI = 1n << 10n;
const MI = 1n << 20n;
const GI = 1n << 30n;
const TI = 1n << 40n;
const PI = 1n << 50n;
const EI = 1n << 60n;
const K = 1000n;
const M = K * 1000n;
const G = M * 1000n;
const T = G * 1000n;
const P = T * 1000n;
const E = P * 1000n;

/** The exact value of the double 0.001 (what Go's big.Rat.SetFloat64(0.001) holds). */
const MILLI: Rat = exactDouble(0.001);

interface Rat {
  n: bigint;
  d: bigint;
}

function exactDouble(x: number): Rat {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp !== 0) mant |= 1n << 52n;
  const e = (exp === 0 ? 1 : exp) - 1075;
  return e >= 0 ? { n: mant << BigInt(e), d: 1n } : { n: mant, d: 1n << BigInt(-e) };
}

/** Go's extractNumAndUnit. */
export function extractNumAndUnit(s: string): [string, string] {
  const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
  let firstNonNum = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (!isDigit(c) && c !== "." && c !== "e" && c !== "E" && c !== "+" && c !== "-") {
      firstNonNum = i;
      break;
    }
    if (c === "e" || c === "E") {
      const next = s[i + 1];
      if (i === s.length - 1 || (!isDigit(next) && next !== "+" && next !== "-")) {
        firstNonNum = i;
        break;
      }
      if (next === "+" || next === "-") i++;
    }
  }
  if (firstNonNum === -1) return [s, ""];
  if (firstNonNum === 0) return ["", s];
  return [s.slice(0, firstNonNum), s.slice(firstNonNum)];
}

/** A decimal in Go's float syntax (sign, digits, optional fraction, optional exponent) as an exact rational. */
export function parseDecimal(s: string): Rat | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return undefined;
  const [, sign, int = "", frac = ""] = m;
  if (int === "" && frac === "") return undefined;
  let n = BigInt((int || "0") + frac);
  let d = 10n ** BigInt(frac.length);
  if (m[4] !== undefined) {
    const e = BigInt(m[4]);
    if (e >= 0n) n *= 10n ** e;
    else d *= 10n ** -e;
  }
  if (sign === "-") n = -n;
  return { n, d };
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** big.Rat.FloatString(prec): rounded to nearest, halves away from zero. */
function ratFloatString(r: Rat, prec: number): string {
  const neg = r.n < 0n;
  const n = neg ? -r.n : r.n;
  const scale = 10n ** BigInt(prec);
  let q = (n * scale) / r.d;
  const rem = (n * scale) % r.d;
  if (rem * 2n >= r.d) q += 1n;
  const digits = q.toString().padStart(prec + 1, "0");
  const out = digits.slice(0, digits.length - prec) + "." + digits.slice(digits.length - prec);
  return (neg && q !== 0n ? "-" : "") + out;
}

function unitsParse(x: unknown): unknown {
  let s = str(x, 1).replaceAll('"', "");
  if (s.includes(" ")) throw new GoError("units.parse: spaces not allowed in resource strings");
  let [numText, unit] = extractNumAndUnit(s);
  if (numText === "") throw new GoError("units.parse: no amount provided");
  if (unit.length > 1) unit = unit[0] + unit.slice(1).toLowerCase();
  let mult: Rat;
  switch (unit) {
    case "m":
      mult = MILLI;
      break;
    case "":
      mult = { n: 1n, d: 1n };
      break;
    case "k":
    case "K":
      mult = { n: K, d: 1n };
      break;
    case "ki":
    case "Ki":
      mult = { n: KI, d: 1n };
      break;
    case "M":
      mult = { n: M, d: 1n };
      break;
    case "mi":
    case "Mi":
      mult = { n: MI, d: 1n };
      break;
    case "g":
    case "G":
      mult = { n: G, d: 1n };
      break;
    case "gi":
    case "Gi":
      mult = { n: GI, d: 1n };
      break;
    case "t":
    case "T":
      mult = { n: T, d: 1n };
      break;
    case "ti":
    case "Ti":
      mult = { n: TI, d: 1n };
      break;
    case "p":
    case "P":
      mult = { n: P, d: 1n };
      break;
    case "pi":
    case "Pi":
      mult = { n: PI, d: 1n };
      break;
    case "e":
    case "E":
      mult = { n: E, d: 1n };
      break;
    case "ei":
    case "Ei":
      mult = { n: EI, d: 1n };
      break;
    default:
      throw new GoError(`units.parse: unit ${unit} not recognized`);
  }
  const v = parseDecimal(numText);
  if (!v) throw new GoError("units.parse: could not parse amount to a number");
  let n = v.n * mult.n;
  let d = v.d * mult.d;
  const g = gcd(n, d);
  if (g > 1n) {
    n /= g;
    d /= g;
  }
  if (d === 1n) return bigNum(n);
  s = ratFloatString({ n, d }, 10);
  return new RawNumber(s);
}

// --- big.Float with a 64-bit mantissa ---------------------------------------------------------------

interface BigFloat {
  neg: boolean;
  mant: bigint; // 0 or in [2^63, 2^64)
  exp: bigint; // value = mant * 2^exp
}

function bitLen(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** Round the positive rational n/d to a 64-bit mantissa, nearest-even (Go's default rounding mode). */
function roundRat(neg: boolean, n: bigint, d: bigint): BigFloat {
  if (n === 0n) return { neg, mant: 0n, exp: 0n };
  let e = BigInt(bitLen(n) - bitLen(d) - 64);
  for (;;) {
    const num = e >= 0n ? n : n << -e;
    const den = e >= 0n ? d << e : d;
    let q = num / den;
    const r = num % den;
    if (q >= 1n << 64n) {
      e += 1n;
      continue;
    }
    if (q < 1n << 63n) {
      e -= 1n;
      continue;
    }
    if (r * 2n > den || (r * 2n === den && (q & 1n) === 1n)) q += 1n;
    if (q === 1n << 64n) {
      q = 1n << 63n;
      e += 1n;
    }
    return { neg, mant: q, exp: e };
  }
}

function unitsParseBytes(x: unknown): unknown {
  const s = str(x, 1).toLowerCase().replaceAll('"', "");
  if (s.includes(" ")) throw new GoError("units.parse_bytes: spaces not allowed in resource strings");
  const [numText, unit] = extractNumAndUnit(s);
  if (numText === "") throw new GoError("units.parse_bytes: no byte amount provided");
  let m: bigint;
  switch (unit) {
    case "":
      m = 1n;
      break;
    case "kb":
    case "k":
      m = K;
      break;
    case "kib":
    case "ki":
      m = KI;
      break;
    case "mb":
    case "m":
      m = M;
      break;
    case "mib":
    case "mi":
      m = MI;
      break;
    case "gb":
    case "g":
      m = G;
      break;
    case "gib":
    case "gi":
      m = GI;
      break;
    case "tb":
    case "t":
      m = T;
      break;
    case "tib":
    case "ti":
      m = TI;
      break;
    case "pb":
    case "p":
      m = P;
      break;
    case "pib":
    case "pi":
      m = PI;
      break;
    case "eb":
    case "e":
      m = E;
      break;
    case "eib":
    case "ei":
      m = EI;
      break;
    default:
      throw new GoError(`units.parse_bytes: byte unit ${unit} not recognized`);
  }
  const v = parseDecimal(numText);
  if (!v) throw new GoError("units.parse_bytes: could not parse byte amount to a number");
  const neg = v.n < 0n;
  const a = roundRat(neg, neg ? -v.n : v.n, v.d);
  const prod = roundRat(neg, a.mant * m, 1n);
  const exp = prod.exp + a.exp;
  let total = exp >= 0n ? prod.mant << exp : prod.mant >> -exp;
  if (neg) total = -total;
  return bigNum(total);
}

export const UNITS_BUILTINS = {
  "units.parse": unitsParse,
  "units.parse_bytes": unitsParseBytes,
};
