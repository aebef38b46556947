// Number representations and exact decimal semantics.
// A number's value is the decimal it prints as: integers exactly, floats by their shortest
// round-trip decimal (Ryu), refs by their text. Comparison and hashing work on that decimal, so
// equal values hash equal whatever their representation (1, 1.0, 1e0, 10e-1).
import { alloc } from "./alloc";
import { RYU_POW5, RYU_POW5_INV, EL_POW5 } from "./tables";
import {
  N_FLOAT, N_INT, N_REF, numFloat, numInt, numRefLen, numRefPtr, numRepr, mkInt, mkRef,
} from "./value";

// ---------------------------------------------------------------- 128-bit helpers

export function umulh(a: u64, b: u64): u64 {
  const a0 = a & 0xffffffff, a1 = a >> 32;
  const b0 = b & 0xffffffff, b1 = b >> 32;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  return p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

// ---------------------------------------------------------------- Ryu: shortest f64 -> decimal

export let ryuM: u64 = 0; // output mantissa
export let ryuE: i32 = 0; // output exponent: value = ryuM * 10^ryuE

// @ts-ignore: decorator
@inline function pow5bits(e: i32): i32 {
  return <i32>((<u32>e * 1217359) >> 19) + 1;
}
// @ts-ignore: decorator
@inline function log10Pow2(e: i32): u32 {
  return (<u32>e * 78913) >> 18;
}
// @ts-ignore: decorator
@inline function log10Pow5(e: i32): u32 {
  return (<u32>e * 732923) >> 20;
}
function pow5Factor(v: u64): u32 {
  let c: u32 = 0;
  while (v % 5 == 0) {
    v /= 5;
    c++;
  }
  return c;
}

function mulShift64(m: u64, lo: u64, hi: u64, j: i32): u64 {
  const low1 = m * hi;
  let high1 = umulh(m, hi);
  const high0 = umulh(m, lo);
  const sum = high0 + low1;
  if (sum < high0) high1++;
  const s = <u64>(j - 64);
  return (high1 << (64 - s)) | (sum >> s);
}

export function ryu(f: f64): void {
  const bits = reinterpret<u64>(f);
  const ieeeM = bits & 0xfffffffffffff;
  const ieeeE = <u32>((bits >> 52) & 0x7ff);
  if (ieeeE == 0 && ieeeM == 0) {
    ryuM = 0;
    ryuE = 0;
    return;
  }
  let e2: i32;
  let m2: u64;
  if (ieeeE == 0) {
    e2 = 1 - 1023 - 52 - 2;
    m2 = ieeeM;
  } else {
    e2 = <i32>ieeeE - 1023 - 52 - 2;
    m2 = (<u64>1 << 52) | ieeeM;
  }
  const even = (m2 & 1) == 0;
  const mv = m2 << 2;
  const mmShift: u64 = ieeeM != 0 || ieeeE <= 1 ? 1 : 0;
  let vr: u64, vp: u64, vm: u64;
  let e10: i32;
  let vmTZ = false, vrTZ = false;
  if (e2 >= 0) {
    const q = log10Pow2(e2) - <u32>(e2 > 3);
    e10 = <i32>q;
    const k = 125 + pow5bits(<i32>q) - 1;
    const i = -e2 + <i32>q + k;
    const lo = unchecked(RYU_POW5_INV[q * 2]), hi = unchecked(RYU_POW5_INV[q * 2 + 1]);
    vr = mulShift64(mv, lo, hi, i);
    vp = mulShift64(mv + 2, lo, hi, i);
    vm = mulShift64(mv - 1 - mmShift, lo, hi, i);
    if (q <= 21) {
      if (mv % 5 == 0) vrTZ = pow5Factor(mv) >= q;
      else if (even) vmTZ = pow5Factor(mv - 1 - mmShift) >= q;
      else vp -= <u64>(pow5Factor(mv + 2) >= q);
    }
  } else {
    const q = log10Pow5(-e2) - <u32>(-e2 > 1);
    e10 = <i32>q + e2;
    const i = -e2 - <i32>q;
    const k = pow5bits(i) - 125;
    const j = <i32>q - k;
    const lo = unchecked(RYU_POW5[i * 2]), hi = unchecked(RYU_POW5[i * 2 + 1]);
    vr = mulShift64(mv, lo, hi, j);
    vp = mulShift64(mv + 2, lo, hi, j);
    vm = mulShift64(mv - 1 - mmShift, lo, hi, j);
    if (q <= 1) {
      vrTZ = true;
      if (even) vmTZ = mmShift == 1;
      else vp--;
    } else if (q < 63) {
      vrTZ = (mv & ((<u64>1 << q) - 1)) == 0;
    }
  }
  let removed: i32 = 0;
  let last: u32 = 0;
  let out: u64;
  if (vmTZ || vrTZ) {
    while (vp / 10 > vm / 10) {
      vmTZ = vmTZ && vm % 10 == 0;
      vrTZ = vrTZ && last == 0;
      last = <u32>(vr % 10);
      vr /= 10;
      vp /= 10;
      vm /= 10;
      removed++;
    }
    if (vmTZ) {
      while (vm % 10 == 0) {
        vrTZ = vrTZ && last == 0;
        last = <u32>(vr % 10);
        vr /= 10;
        vp /= 10;
        vm /= 10;
        removed++;
      }
    }
    if (vrTZ && last == 5 && vr % 2 == 0) last = 4;
    out = vr + <u64>((vr == vm && (!even || !vmTZ)) || last >= 5);
  } else {
    let roundUp = false;
    if (vp / 100 > vm / 100) {
      roundUp = vr % 100 >= 50;
      vr /= 100;
      vp /= 100;
      vm /= 100;
      removed += 2;
    }
    while (vp / 10 > vm / 10) {
      roundUp = vr % 10 >= 5;
      vr /= 10;
      vp /= 10;
      vm /= 10;
      removed++;
    }
    out = vr + <u64>(vr == vm || roundUp);
  }
  // Strip trailing zeros so the (mantissa, exponent) pair is canonical.
  let e = e10 + removed;
  while (out != 0 && out % 10 == 0) {
    out /= 10;
    e++;
  }
  ryuM = out;
  ryuE = e;
}

// ---------------------------------------------------------------- decimal records
// A normalized decimal: sign, significant digits (ASCII, no leading or trailing zeros) and an
// exponent: value = digits * 10^exp. Zero has no digits.
// Record: [0] neg, [4] digit count, [8] digit pointer, [12] exp.

export const DEC_A: usize = memory.data(16, 8);
export const DEC_B: usize = memory.data(16, 8);
const SCR_A: usize = memory.data(48);
const SCR_B: usize = memory.data(48);

// @ts-ignore: decorator
@inline export function decNeg(d: usize): bool { return load<i32>(d) != 0; }
// @ts-ignore: decorator
@inline export function decN(d: usize): i32 { return load<i32>(d, 4); }
// @ts-ignore: decorator
@inline export function decP(d: usize): usize { return <usize>load<u32>(d, 8); }
// @ts-ignore: decorator
@inline export function decExp(d: usize): i32 { return load<i32>(d, 12); }

function decSet(d: usize, neg: bool, n: i32, p: usize, exp: i32): void {
  store<i32>(d, neg && n != 0 ? 1 : 0);
  store<i32>(d, n, 4);
  store<u32>(d, <u32>p, 8);
  store<i32>(d, n == 0 ? 0 : exp, 12);
}

function scratchFor(d: usize, n: usize): usize {
  if (n <= 48) return d == DEC_A ? SCR_A : d == DEC_B ? SCR_B : alloc(n);
  return alloc(n);
}

export function decFromU64(d: usize, m: u64, exp: i32, neg: bool): void {
  while (m != 0 && m % 10 == 0) {
    m /= 10;
    exp++;
  }
  let n: i32 = 0;
  let t = m;
  while (t != 0) {
    n++;
    t /= 10;
  }
  const p = scratchFor(d, 20);
  for (let i = n - 1; i >= 0; i--) {
    store<u8>(p + i, <u8>(48 + <u32>(m % 10)));
    m /= 10;
  }
  decSet(d, neg, n, p, exp);
}

// Parses a JSON number (also accepts a leading '+', and no digits after '.'), never fails:
// the text was validated when the value was made.
export function decFromText(d: usize, p: usize, len: usize): void {
  let i: usize = 0;
  let neg = false;
  if (i < len && load<u8>(p) == 45) {
    neg = true;
    i++;
  } else if (i < len && load<u8>(p) == 43) i++;
  // Count significant digits first so the scratch buffer can be sized.
  let ndig: usize = 0;
  for (let j = i; j < len; j++) {
    const c = load<u8>(p + j);
    if (c == 101 || c == 69) break;
    if (c != 46) ndig++;
  }
  const out = scratchFor(d, ndig);
  let n: i32 = 0;
  let exp: i64 = 0;
  let seenDot = false;
  let lead = true;
  for (; i < len; i++) {
    const c = <u32>load<u8>(p + i);
    if (c == 46) {
      seenDot = true;
      continue;
    }
    if (c == 101 || c == 69) break;
    if (seenDot) exp--;
    if (lead && c == 48) continue;
    lead = false;
    store<u8>(out + n++, <u8>c);
  }
  if (i < len) {
    i++;
    let eneg = false;
    if (i < len && (load<u8>(p + i) == 45 || load<u8>(p + i) == 43)) {
      eneg = load<u8>(p + i) == 45;
      i++;
    }
    let ev: i64 = 0;
    for (; i < len; i++) {
      if (ev < 1000000000) ev = ev * 10 + <i64>(load<u8>(p + i) - 48);
    }
    exp += eneg ? -ev : ev;
  }
  while (n > 0 && load<u8>(out + n - 1) == 48) {
    n--;
    exp++;
  }
  if (exp > 2000000000) exp = 2000000000;
  if (exp < -2000000000) exp = -2000000000;
  decSet(d, neg, n, out, <i32>exp);
}

export function decFromNum(d: usize, v: usize): void {
  const r = numRepr(v);
  if (r == N_INT) {
    const i = numInt(v);
    decFromU64(d, i < 0 ? <u64>(-i) : <u64>i, 0, i < 0);
  } else if (r == N_FLOAT) {
    const f = numFloat(v);
    ryu(f);
    decFromU64(d, ryuM, ryuE, f < 0);
  } else {
    decFromText(d, numRefPtr(v), numRefLen(v));
  }
}

export function decCompare(a: usize, b: usize): i32 {
  const na = decN(a), nb = decN(b);
  const sa: i32 = na == 0 ? 0 : decNeg(a) ? -1 : 1;
  const sb: i32 = nb == 0 ? 0 : decNeg(b) ? -1 : 1;
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  const pa = <i64>na + decExp(a), pb = <i64>nb + decExp(b);
  let mag: i32 = 0;
  if (pa != pb) mag = pa < pb ? -1 : 1;
  else {
    const m = na < nb ? na : nb;
    const c = memory.compare(decP(a), decP(b), m);
    if (c != 0) mag = c < 0 ? -1 : 1;
    else if (na != nb) mag = na < nb ? -1 : 1;
  }
  return sa < 0 ? -mag : mag;
}

// ---------------------------------------------------------------- decimal -> f64

const POW10: StaticArray<f64> = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
  1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

// Eisel-Lemire: w * 10^q correctly rounded (w != 0, w < 2^64).
function eiselLemire(w: u64, q: i32): f64 {
  if (q < -342) return 0.0;
  if (q > 308) return Infinity;
  const lz = <i32>clz(w);
  w <<= <u64>lz;
  const idx = (q + 342) * 2;
  const phi = unchecked(EL_POW5[idx]), plo = unchecked(EL_POW5[idx + 1]);
  let hi = umulh(w, phi);
  let lo = w * phi;
  if ((hi & 0x1ff) == 0x1ff) {
    const h2 = umulh(w, plo);
    const nlo = lo + h2;
    if (nlo < lo) hi++;
    lo = nlo;
  }
  const upper = <i32>(hi >> 63);
  const shift = <u64>(upper + 9);
  let mant = hi >> shift;
  let p2 = (((152170 + 65536) * q) >> 16) + 63 + upper - lz + 1023;
  if (p2 <= 0) {
    if (-p2 + 1 >= 64) return 0.0;
    mant >>= <u64>(-p2 + 1);
    mant += mant & 1;
    mant >>= 1;
    p2 = mant < (<u64>1 << 52) ? 0 : 1;
    return reinterpret<f64>((<u64>p2 << 52) | (mant & 0xfffffffffffff));
  }
  if (lo <= 1 && q >= -4 && q <= 23 && (mant & 3) == 1) {
    if (mant << shift == hi) mant &= ~<u64>1;
  }
  mant += mant & 1;
  mant >>= 1;
  if (mant >= (<u64>2 << 52)) {
    mant = <u64>1 << 52;
    p2++;
  }
  if (p2 >= 0x7ff) return Infinity;
  return reinterpret<f64>((<u64>p2 << 52) | (mant & 0xfffffffffffff));
}

export function decToF64(d: usize): f64 {
  const n = decN(d);
  if (n == 0) return decNeg(d) ? -0.0 : 0.0;
  const p = decP(d);
  const take = n < 19 ? n : 19;
  let w: u64 = 0;
  for (let i = 0; i < take; i++) w = w * 10 + <u64>(load<u8>(p + i) - 48);
  const q64 = <i64>decExp(d) + <i64>(n - take);
  let r: f64;
  if (q64 > 400) r = Infinity;
  else if (q64 < -400 - 19) r = 0.0;
  else {
    const q = <i32>q64;
    if (n <= 19 && w <= (<u64>1 << 53) && q >= -22 && q <= 22) {
      // Clinger's fast path: both operands exact, one rounding.
      r = q >= 0 ? <f64>w * unchecked(POW10[q]) : <f64>w / unchecked(POW10[-q]);
    } else {
      // With more than 19 digits the rest are dropped (the value lies in [w, w+1) * 10^q); the
      // result can then be 1 ulp low in exact half-way cases (documented in ABI.md).
      r = eiselLemire(w, q);
    }
  }
  return decNeg(d) ? -r : r;
}

export function numToF64(v: usize): f64 {
  const r = numRepr(v);
  if (r == N_INT) return <f64>numInt(v);
  if (r == N_FLOAT) return numFloat(v);
  decFromText(DEC_A, numRefPtr(v), numRefLen(v));
  return decToF64(DEC_A);
}

// ---------------------------------------------------------------- integers

export let intOut: i64 = 0;

// True (and intOut set) when v is an integer that fits an i64.
export function numToI64(v: usize): bool {
  const r = numRepr(v);
  if (r == N_INT) {
    intOut = numInt(v);
    return true;
  }
  if (r == N_FLOAT) {
    const f = numFloat(v);
    if (f == Math.trunc(f) && f >= -9223372036854775808.0 && f < 9223372036854775808.0) {
      intOut = <i64>f;
      return true;
    }
    return false;
  }
  decFromText(DEC_A, numRefPtr(v), numRefLen(v));
  return decToI64(DEC_A);
}

export function decToI64(d: usize): bool {
  const n = decN(d), e = decExp(d);
  if (n == 0) {
    intOut = 0;
    return true;
  }
  if (e < 0 || n + e > 19) return false;
  const p = decP(d);
  let m: u64 = 0;
  for (let i = 0; i < n; i++) m = m * 10 + <u64>(load<u8>(p + i) - 48);
  for (let i = 0; i < e; i++) m *= 10;
  // 19 digits may exceed i64; check against the bound.
  if (decNeg(d)) {
    if (m > 0x8000000000000000) return false;
    intOut = -(<i64>m);
  } else {
    if (m > 0x7fffffffffffffff) return false;
    intOut = <i64>m;
  }
  return true;
}

// True when the number's value is an integer with at most 400 digits (exact arithmetic applies).
export function numIsIntegral(v: usize): bool {
  const r = numRepr(v);
  if (r == N_INT) return true;
  if (r == N_FLOAT) {
    const f = numFloat(v);
    return f == Math.trunc(f) && Math.abs(f) != Infinity;
  }
  decFromText(DEC_A, numRefPtr(v), numRefLen(v));
  // Bounded so hostile input (1e100000 * 1e100000) cannot make exact arithmetic quadratic-huge.
  return decExp(DEC_A) >= 0 && <i64>decExp(DEC_A) + decN(DEC_A) <= 400;
}

// True when the number's value is an integer, whatever its size (round/ceil/floor keep it).
export function numIsWhole(v: usize): bool {
  if (numRepr(v) == N_REF) {
    decFromText(DEC_A, numRefPtr(v), numRefLen(v));
    return decExp(DEC_A) >= 0;
  }
  return numIsIntegral(v);
}

// ---------------------------------------------------------------- big integers on decimal text
// Magnitudes are ASCII digit strings, most significant first, without leading zeros; zero has
// length 0. Results are fresh allocations.

export let bigNeg = false;
export let bigP: usize = 0;
export let bigN: i32 = 0;

// Loads the integral number v (numIsIntegral(v) must hold) as a big magnitude.
export function bigLoad(v: usize): void {
  decFromNum(DEC_A, v);
  const n = decN(DEC_A), e = decExp(DEC_A);
  const p = alloc(<usize>(n + e));
  memory.copy(p, decP(DEC_A), n);
  memory.fill(p + n, 48, e);
  bigNeg = decNeg(DEC_A);
  bigP = p;
  bigN = n + e;
}

export function bigCmpMag(ap: usize, an: i32, bp: usize, bn: i32): i32 {
  if (an != bn) return an < bn ? -1 : 1;
  const c = memory.compare(ap, bp, an);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

function strip(p: usize, n: i32): void {
  let i = 0;
  while (i < n && load<u8>(p + i) == 48) i++;
  bigP = p + i;
  bigN = n - i;
}

export function bigAddMag(ap: usize, an: i32, bp: usize, bn: i32): void {
  const n = (an > bn ? an : bn) + 1;
  const out = alloc(n);
  let carry: u32 = 0;
  for (let k = 0; k < n; k++) {
    let s = carry;
    if (k < an) s += load<u8>(ap + an - 1 - k) - 48;
    if (k < bn) s += load<u8>(bp + bn - 1 - k) - 48;
    carry = s >= 10 ? 1 : 0;
    store<u8>(out + n - 1 - k, <u8>(48 + s - carry * 10));
  }
  strip(out, n);
}

// a - b with |a| >= |b|.
export function bigSubMag(ap: usize, an: i32, bp: usize, bn: i32): void {
  const out = alloc(an > 0 ? an : 1);
  let borrow: i32 = 0;
  for (let k = 0; k < an; k++) {
    let s = <i32>load<u8>(ap + an - 1 - k) - 48 - borrow;
    if (k < bn) s -= <i32>load<u8>(bp + bn - 1 - k) - 48;
    borrow = s < 0 ? 1 : 0;
    store<u8>(out + an - 1 - k, <u8>(48 + s + borrow * 10));
  }
  strip(out, an);
}

export function bigMulMag(ap: usize, an: i32, bp: usize, bn: i32): void {
  if (an == 0 || bn == 0) {
    bigN = 0;
    bigP = 0;
    return;
  }
  const n = an + bn;
  const acc = alloc(<usize>n << 2);
  memory.fill(acc, 0, <usize>n << 2);
  for (let i = an - 1; i >= 0; i--) {
    const x = <u32>load<u8>(ap + i) - 48;
    if (x == 0) continue;
    for (let j = bn - 1; j >= 0; j--) {
      const at = acc + (<usize>(i + j + 1) << 2);
      store<u32>(at, load<u32>(at) + x * (<u32>load<u8>(bp + j) - 48));
    }
    // Normalize periodically so u32 accumulators never overflow.
    if ((i & 7) == 0) carryNorm(acc, n);
  }
  carryNorm(acc, n);
  const out = alloc(n);
  for (let k = 0; k < n; k++) store<u8>(out + k, <u8>(48 + load<u32>(acc + (<usize>k << 2))));
  strip(out, n);
}

function carryNorm(acc: usize, n: i32): void {
  let carry: u32 = 0;
  for (let k = n - 1; k >= 0; k--) {
    const at = acc + (<usize>k << 2);
    const s = load<u32>(at) + carry;
    carry = s / 10;
    store<u32>(at, s % 10);
  }
}

// Truncated remainder magnitude of a / b (b != 0); also leaves the quotient in quoP/quoN.
export let quoP: usize = 0;
export let quoN: i32 = 0;
export function bigDivMag(ap: usize, an: i32, bp: usize, bn: i32): void {
  const rem = alloc(bn + 1);
  let rn: i32 = 0;
  const quo = alloc(an > 0 ? an : 1);
  for (let i = 0; i < an; i++) {
    // rem = rem * 10 + digit
    store<u8>(rem + rn, load<u8>(ap + i));
    rn++;
    // strip leading zeros of rem
    let z = 0;
    while (z < rn && load<u8>(rem + z) == 48) z++;
    if (z > 0) {
      memory.copy(rem, rem + z, rn - z);
      rn -= z;
    }
    let q: u32 = 0;
    while (bigCmpMag(rem, rn, bp, bn) >= 0) {
      bigSubMag(rem, rn, bp, bn);
      memory.copy(rem, bigP, bigN);
      rn = bigN;
      q++;
    }
    store<u8>(quo + i, <u8>(48 + q));
  }
  strip(quo, an);
  quoP = bigP;
  quoN = bigN;
  bigP = rem;
  bigN = rn;
}

// Makes a number from a sign and magnitude: an i64 when it fits, else a decimal ref.
export function mkBig(neg: bool, p: usize, n: i32): usize {
  if (n == 0) return mkInt(0);
  if (n <= 19) {
    let m: u64 = 0;
    for (let i = 0; i < n; i++) m = m * 10 + <u64>(load<u8>(p + i) - 48);
    if (n < 19 || m <= 0x7fffffffffffffff) return mkInt(neg ? -(<i64>m) : <i64>m);
    if (neg && m == 0x8000000000000000) return mkInt(<i64>m);
  }
  const t = alloc(n + 1);
  let k: usize = 0;
  if (neg) store<u8>(t, 45), (k = 1);
  memory.copy(t + k, p, n);
  return mkRef(t, n + k);
}

// ---------------------------------------------------------------- comparison and hashing

const TWO53: f64 = 9007199254740992.0;

export function numCompare(a: usize, b: usize): i32 {
  const ra = numRepr(a), rb = numRepr(b);
  if (ra == N_INT && rb == N_INT) {
    const x = numInt(a), y = numInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ra == N_FLOAT && rb == N_FLOAT) {
    const x = numFloat(a), y = numFloat(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ra == N_INT && rb == N_FLOAT) {
    const y = numFloat(b);
    if (Math.abs(y) < TWO53) {
      const x = <f64>numInt(a);
      return x < y ? -1 : x > y ? 1 : 0;
    }
  } else if (ra == N_FLOAT && rb == N_INT) {
    const x = numFloat(a);
    if (Math.abs(x) < TWO53) {
      const y = <f64>numInt(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
  decFromNum(DEC_A, a);
  decFromNum(DEC_B, b);
  return decCompare(DEC_A, DEC_B);
}

// @ts-ignore: decorator
@inline function mix64(h: u64): u32 {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccd;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53;
  h ^= h >> 33;
  return <u32>h;
}

function hashMantExp(m: u64, e: i32, neg: bool): u32 {
  while (m != 0 && m % 10 == 0) {
    m /= 10;
    e++;
  }
  if (m == 0) return 0x9e3779b9;
  return mix64(m ^ (<u64>(<u32>e) << 40) * 0x9e3779b97f4a7c15 ^ (neg ? 0x5555 : 0));
}

export function numHash(v: usize): u32 {
  const r = numRepr(v);
  if (r == N_INT) {
    const i = numInt(v);
    return hashMantExp(i < 0 ? <u64>(-i) : <u64>i, 0, i < 0);
  }
  if (r == N_FLOAT) {
    const f = numFloat(v);
    ryu(f);
    return hashMantExp(ryuM, ryuE, f < 0);
  }
  decFromText(DEC_A, numRefPtr(v), numRefLen(v));
  const n = decN(DEC_A);
  const p = decP(DEC_A);
  if (n <= 19) {
    let m: u64 = 0;
    for (let i = 0; i < n; i++) m = m * 10 + <u64>(load<u8>(p + i) - 48);
    return hashMantExp(m, decExp(DEC_A), decNeg(DEC_A));
  }
  let h: u64 = <u64>decExp(DEC_A) * 31 + (decNeg(DEC_A) ? 7 : 3);
  for (let i = 0; i < n; i++) h = (h ^ load<u8>(p + i)) * 0x100000001b3;
  return mix64(h);
}
