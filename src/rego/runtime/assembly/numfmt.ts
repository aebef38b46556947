// Number printing: OPA's text for floats (integral -> integer digits, otherwise Go's shortest
// %g with exponent threshold 6), refs verbatim, and exact decimal expansion for fmt verbs.
import { alloc } from "./alloc";
import { bufByte, bufBytes, bufI64, bufRepeat, bufU64 } from "./buf";
import { ryu, ryuE, ryuM } from "./number";
import { N_FLOAT, N_INT, numFloat, numInt, numRefLen, numRefPtr, numRepr } from "./value";

export const DIG: usize = memory.data(32);
export let digN: i32 = 0;

// Shortest digits of |f| into DIG; returns the decimal point position (value = 0.DIG * 10^dp).
export function shortestDigits(f: f64): i32 {
  ryu(f);
  let m = ryuM;
  let n: i32 = 0;
  let t = m;
  do {
    n++;
    t /= 10;
  } while (t != 0);
  for (let i = n - 1; i >= 0; i--) {
    store<u8>(DIG + i, <u8>(48 + <u32>(m % 10)));
    m /= 10;
  }
  digN = n;
  return n + ryuE;
}

// Writes d[0..n) as Go's %e with the given mantissa digits (already rounded), exponent x.
export function writeExp(b: usize, d: usize, n: i32, x: i32, upper: bool, minFrac: i32): void {
  bufByte(b, load<u8>(d));
  if (n > 1 || minFrac > 0) {
    bufByte(b, 46);
    if (n > 1) bufBytes(b, d + 1, n - 1);
    if (minFrac > n - 1) bufRepeat(b, 48, minFrac - (n - 1));
  }
  bufByte(b, upper ? 69 : 101);
  if (x < 0) {
    bufByte(b, 45);
    x = -x;
  } else bufByte(b, 43);
  if (x < 10) bufByte(b, 48);
  bufI64(b, x);
}

// Writes digits d[0..n) with decimal point position dp as %f with exactly `frac` fraction digits
// (-1: as many as the digits need).
export function writeFixed(b: usize, d: usize, n: i32, dp: i32, frac: i32): void {
  if (dp <= 0) bufByte(b, 48);
  else {
    for (let i = 0; i < dp; i++) bufByte(b, i < n ? load<u8>(d + i) : 48);
  }
  const want = frac < 0 ? (n - dp > 0 ? n - dp : 0) : frac;
  if (want > 0) {
    bufByte(b, 46);
    for (let i = 0; i < want; i++) {
      const k = dp + i;
      bufByte(b, k >= 0 && k < n ? load<u8>(d + k) : 48);
    }
  }
}

// Go's %g (and %v) with shortest digits: %e when the exponent is < -4 or >= 6
// (strconv uses eprec = 6 whenever the precision is the shortest).
export function writeShortestG(b: usize, f: f64, upper: bool): void {
  if (f < 0 || (f == 0 && 1 / f < 0)) bufByte(b, 45);
  const a = Math.abs(f);
  if (a == 0) {
    bufByte(b, 48);
    return;
  }
  const dp = shortestDigits(a);
  const x = dp - 1;
  if (x < -4 || x >= 6) writeExp(b, DIG, digN, x, upper, 0);
  else writeFixed(b, DIG, digN, dp, -1);
}

// OPA's number text for a float: integral values as integer digits, others shortest %g.
export function writeFloatOpa(b: usize, f: f64): void {
  if (f == Math.trunc(f) && Math.abs(f) != Infinity) {
    if (Math.abs(f) < 9223372036854775808.0) {
      bufI64(b, <i64>f);
      return;
    }
    if (f < 0) bufByte(b, 45);
    const dp = shortestDigits(Math.abs(f));
    bufBytes(b, DIG, digN);
    bufRepeat(b, 48, dp - digN);
    return;
  }
  if (f != f || Math.abs(f) == Infinity) {
    // Not representable in JSON; OPA's arithmetic cannot produce these.
    bufByte(b, 48);
    return;
  }
  writeShortestG(b, f, false);
}

export function writeNumber(b: usize, v: usize): void {
  const r = numRepr(v);
  if (r == N_INT) bufI64(b, numInt(v));
  else if (r == N_FLOAT) writeFloatOpa(b, numFloat(v));
  else bufBytes(b, numRefPtr(v), numRefLen(v));
}

// ---- exact decimal expansion of a double (for %e/%f/%g with a precision)

export let exP: usize = 0; // digits, most significant first
export let exN: i32 = 0;
export let exDp: i32 = 0; // decimal point position

// Sets exP/exN/exDp to the exact decimal value of |f| (finite, non-zero).
export function exactDigits(f: f64): void {
  const bits = reinterpret<u64>(Math.abs(f));
  let e = <i32>((bits >> 52) & 0x7ff);
  let m = bits & 0xfffffffffffff;
  if (e == 0) e = 1;
  else m |= <u64>1 << 52;
  e -= 1075; // value = m * 2^e
  // Little-endian digit buffer big enough for 2^1024 or m*5^1074.
  const cap = 1200;
  const d = alloc(cap);
  let n: i32 = 0;
  while (m != 0) {
    store<u8>(d + n++, <u8>(m % 10));
    m /= 10;
  }
  let dp: i32 = 0;
  if (e > 0) {
    for (let k = 0; k < e; k++) n = mulSmall(d, n, 2);
  } else if (e < 0) {
    for (let k = 0; k < -e; k++) n = mulSmall(d, n, 5);
    dp = e; // value = digits * 10^e
  }
  // Convert to big-endian ASCII and strip trailing zeros.
  const out = alloc(n);
  for (let i = 0; i < n; i++) store<u8>(out + i, <u8>(48 + load<u8>(d + n - 1 - i)));
  let z = n;
  while (z > 1 && load<u8>(out + z - 1) == 48) z--;
  exP = out;
  exN = z;
  exDp = n + dp;
}

function mulSmall(d: usize, n: i32, x: u32): i32 {
  let carry: u32 = 0;
  for (let i = 0; i < n; i++) {
    const v = <u32>load<u8>(d + i) * x + carry;
    store<u8>(d + i, <u8>(v % 10));
    carry = v / 10;
  }
  while (carry != 0) {
    store<u8>(d + n++, <u8>(carry % 10));
    carry /= 10;
  }
  return n;
}

// Rounds exP/exN/exDp to keep `nd` digits (half to even on the exact value, as Go does).
// nd may be <= 0 (everything rounds to 0 or to one unit at position nd).
export function roundExact(nd: i32): void {
  if (nd >= exN) return;
  if (nd < 0) {
    exN = 0;
    return;
  }
  let up = false;
  const c = load<u8>(exP + nd);
  if (c > 53) up = true;
  else if (c == 53) {
    if (nd + 1 < exN) up = true;
    else up = nd > 0 && ((load<u8>(exP + nd - 1) - 48) & 1) == 1;
  }
  exN = nd;
  if (up) {
    let i = nd - 1;
    while (i >= 0 && load<u8>(exP + i) == 57) i--;
    if (i < 0) {
      // all nines: becomes 1 followed by zeros
      const np = alloc(nd + 1);
      store<u8>(np, 49);
      exP = np;
      exN = 1;
      exDp++;
      return;
    }
    store<u8>(exP + i, load<u8>(exP + i) + 1);
    exN = i + 1;
  }
  while (exN > 0 && load<u8>(exP + exN - 1) == 48) exN--;
}
