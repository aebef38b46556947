// Arithmetic and number builtins. Integers stay exact (big integers on decimal text past i64),
// everything else is f64, as OPA's int fast path plus big.Float fallback behaves for our inputs.
import { alloc } from "../alloc";
import { mkSet, setAdd, tCount, tKey, tFind } from "../collections";
import {
  bigAddMag, bigCmpMag, bigDivMag, bigLoad, bigMulMag, bigN, bigNeg, bigP, bigSubMag, decExp,
  decFromText, decN, DEC_A, intOut, mkBig, numIsIntegral, numIsWhole, numToF64, numToI64, umulh,
} from "../number";
import {
  N_FLOAT, N_INT, N_REF, T_NUMBER, T_SET, T_STRING, T_NULL, T_BOOLEAN, arrPush, boolOf, mkArray,
  mkFloat, mkInt, mkRef, mkStr, numFloat, numInt, numRefLen, numRefPtr, numRepr, strLen, strPtr,
  tagOf,
} from "../value";
import { errBuiltin, errBuiltin3, errOneOf, errOperand, errType, intArg } from "./common";

const OP_ADD = 0, OP_SUB = 1, OP_MUL = 2;

function bigArith(op: i32, a: usize, b: usize): usize {
  bigLoad(a);
  const an = bigNeg, ap = bigP, al = bigN;
  bigLoad(b);
  let bn = bigNeg;
  const bp = bigP, bl = bigN;
  if (op == OP_MUL) {
    bigMulMag(ap, al, bp, bl);
    return mkBig(an != bn, bigP, bigN);
  }
  if (op == OP_SUB) bn = !bn;
  if (an == bn) {
    bigAddMag(ap, al, bp, bl);
    return mkBig(an, bigP, bigN);
  }
  if (bigCmpMag(ap, al, bp, bl) >= 0) {
    bigSubMag(ap, al, bp, bl);
    return mkBig(an, bigP, bigN);
  }
  bigSubMag(bp, bl, ap, al);
  return mkBig(bn, bigP, bigN);
}

export function arith(op: i32, a: usize, b: usize): usize {
  if (numRepr(a) == N_INT && numRepr(b) == N_INT) {
    const x = numInt(a), y = numInt(b);
    if (op == OP_ADD) {
      const r = x + y;
      if (((x ^ r) & (y ^ r)) >= 0) return mkInt(r);
    } else if (op == OP_SUB) {
      const r = x - y;
      if (((x ^ y) & (x ^ r)) >= 0) return mkInt(r);
    } else {
      const ux = x < 0 ? <u64>(-x) : <u64>x, uy = y < 0 ? <u64>(-y) : <u64>y;
      const neg = (x < 0) != (y < 0);
      if (umulh(ux, uy) == 0) {
        const m = ux * uy;
        if (m <= 0x7fffffffffffffff) return mkInt(neg ? -(<i64>m) : <i64>m);
      }
    }
    return bigArith(op, a, b);
  }
  if (numIsIntegral(a) && numIsIntegral(b)) return bigArith(op, a, b);
  const x = numToF64(a), y = numToF64(b);
  return floatResult(op == OP_ADD ? "plus" : op == OP_SUB ? "minus" : "mul", op == OP_ADD ? x + y : op == OP_SUB ? x - y : x * y);
}

// f64 results outside the double range have no faithful representation here: an error rather
// than a wrong number.
function floatResult(name: string, r: f64): usize {
  if (!isFinite(r)) return errBuiltin(name, "number out of range");
  return mkFloat(r);
}

function check2(name: string, a: usize, b: usize): bool {
  if (a == 0 || b == 0) return false;
  if (tagOf(a) != T_NUMBER) {
    errType(name, 1, a, "number");
    return false;
  }
  if (tagOf(b) != T_NUMBER) {
    errType(name, 2, b, "number");
    return false;
  }
  return true;
}

export function b_plus(a: usize, b: usize): usize {
  return check2("plus", a, b) ? arith(OP_ADD, a, b) : 0;
}

export function b_mul(a: usize, b: usize): usize {
  return check2("mul", a, b) ? arith(OP_MUL, a, b) : 0;
}

export function setDiff(a: usize, b: usize): usize {
  const out = mkSet(0);
  const n = tCount(a);
  for (let i: u32 = 0; i < n; i++) {
    const x = tKey(a, i);
    if (tFind(b, x) < 0) setAdd(out, x);
  }
  return out;
}

export function b_minus(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  const ta = tagOf(a), tb = tagOf(b);
  if (ta == T_NUMBER && tb == T_NUMBER) return arith(OP_SUB, a, b);
  if (ta == T_SET && tb == T_SET) return setDiff(a, b);
  if (ta != T_NUMBER && ta != T_SET) return errOneOf("minus", 1, a, "number, set");
  return errType("minus", 2, b, ta == T_SET ? "set" : "number");
}

function isZero(v: usize): bool {
  const r = numRepr(v);
  if (r == N_INT) return numInt(v) == 0;
  if (r == N_FLOAT) return numFloat(v) == 0;
  decFromText(DEC_A, numRefPtr(v), numRefLen(v));
  return decN(DEC_A) == 0;
}

export function b_div(a: usize, b: usize): usize {
  if (!check2("div", a, b)) return 0;
  if (isZero(b)) return errBuiltin("div", "divide by zero");
  if (numRepr(a) == N_INT && numRepr(b) == N_INT) {
    const x = numInt(a), y = numInt(b);
    if (!(y == -1 && x == i64.MIN_VALUE) && x % y == 0) return mkInt(x / y);
  }
  return floatResult("div", numToF64(a) / numToF64(b));
}

export function b_rem(a: usize, b: usize): usize {
  if (!check2("rem", a, b)) return 0;
  if (numRepr(a) == N_INT && numRepr(b) == N_INT) {
    const x = numInt(a), y = numInt(b);
    if (y == 0) return errBuiltin("rem", "modulo by zero");
    if (y == -1) return mkInt(0);
    return mkInt(x % y);
  }
  if (!numIsIntegral(a) || !numIsIntegral(b)) return errBuiltin("rem", "modulo on floating-point number");
  if (isZero(b)) return errBuiltin("rem", "modulo by zero");
  bigLoad(a);
  const an = bigNeg, ap = bigP, al = bigN;
  bigLoad(b);
  bigDivMag(ap, al, bigP, bigN);
  return mkBig(an, bigP, bigN); // truncated remainder takes the dividend's sign
}

function numArg(name: string, a: usize): bool {
  if (a == 0) return false;
  if (tagOf(a) != T_NUMBER) {
    errType(name, 1, a, "number");
    return false;
  }
  return true;
}

export function b_abs(a: usize): usize {
  if (!numArg("abs", a)) return 0;
  const r = numRepr(a);
  if (r == N_INT) {
    const x = numInt(a);
    if (x >= 0) return a;
    if (x != i64.MIN_VALUE) return mkInt(-x);
    return mkRef(changetype<usize>(ABS_MIN), 19);
  }
  if (r == N_FLOAT) return mkFloat(Math.abs(numFloat(a)));
  const p = numRefPtr(a);
  if (load<u8>(p) == 45) return mkRef(p + 1, numRefLen(a) - 1);
  return a;
}
const ABS_MIN = memory.data<u8>([57, 50, 50, 51, 51, 55, 50, 48, 51, 54, 56, 53, 52, 55, 55, 53, 56, 48, 56]);

function rounding(name: string, a: usize, mode: i32): usize {
  if (!numArg(name, a)) return 0;
  if (numIsWhole(a)) return a;
  const f = numToF64(a);
  let r: f64;
  if (mode == 0) {
    // Half away from zero, exact: f - trunc(f) is exact for doubles.
    const t = Math.trunc(f);
    const d = f - t;
    r = d >= 0.5 ? t + 1 : d <= -0.5 ? t - 1 : t;
  } else if (mode == 1) r = Math.ceil(f);
  else r = Math.floor(f);
  return mkFloat(r == 0 ? 0 : r);
}

export function b_round(a: usize): usize { return rounding("round", a, 0); }
export function b_ceil(a: usize): usize { return rounding("ceil", a, 1); }
export function b_floor(a: usize): usize { return rounding("floor", a, 2); }

export function b_numbers_range(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  if (!intArg("numbers.range", 1, a)) return 0;
  const x = intOut;
  if (!intArg("numbers.range", 2, b)) return 0;
  const y = intOut;
  return makeRange(x, y, 1);
}

export function b_numbers_range_step(a: usize, b: usize, s: usize): usize {
  if (a == 0 || b == 0 || s == 0) return 0;
  if (!intArg("numbers.range_step", 1, a)) return 0;
  const x = intOut;
  if (!intArg("numbers.range_step", 2, b)) return 0;
  const y = intOut;
  if (!intArg("numbers.range_step", 3, s)) return 0;
  const st = intOut;
  if (st <= 0) return errBuiltin("numbers.range_step", "step must be a positive number above zero");
  return makeRange(x, y, st);
}

function makeRange(x: i64, y: i64, st: i64): usize {
  const n = (x <= y ? y - x : x - y) / st + 1;
  if (n > 100000000) return errBuiltin("numbers.range", "range too large");
  const arr = mkArray(<u32>n);
  if (x <= y) for (let v = x; v <= y; v += st) arrPush(arr, mkInt(v));
  else for (let v = x; v >= y; v -= st) arrPush(arr, mkInt(v));
  return arr;
}

// ---- bits (i64 two's complement; OPA uses big.Int, identical within i64 range)

function bits2(name: string, a: usize, b: usize, op: i32): usize {
  if (a == 0 || b == 0) return 0;
  if (!intArg(name, 1, a)) return 0;
  const x = intOut;
  if (!intArg(name, 2, b)) return 0;
  const y = intOut;
  switch (op) {
    case 0: return mkInt(x | y);
    case 1: return mkInt(x & y);
    case 2: return mkInt(x ^ y);
    case 3: {
      if (y < 0) return errOperand(name, 2, "must be an unsigned integer number but got a negative integer");
      if (y < 63) {
        const r = x << y;
        if (r >> y == x) return mkInt(r);
      }
      // Overflows i64: exact result via repeated doubling on decimal text.
      let v = a;
      const two = mkInt(2);
      for (let i: i64 = 0; i < y; i++) v = arith(OP_MUL, v, two);
      return v;
    }
    default: {
      if (y < 0) return errOperand(name, 2, "must be an unsigned integer number but got a negative integer");
      return mkInt(y >= 64 ? (x < 0 ? -1 : 0) : x >> y);
    }
  }
}

export function b_bits_or(a: usize, b: usize): usize { return bits2("bits.or", a, b, 0); }
export function b_bits_and(a: usize, b: usize): usize { return bits2("bits.and", a, b, 1); }
export function b_bits_xor(a: usize, b: usize): usize { return bits2("bits.xor", a, b, 2); }
export function b_bits_lsh(a: usize, b: usize): usize { return bits2("bits.lsh", a, b, 3); }
export function b_bits_rsh(a: usize, b: usize): usize { return bits2("bits.rsh", a, b, 4); }
export function b_bits_negate(a: usize): usize {
  if (a == 0) return 0;
  if (!intArg("bits.negate", 1, a)) return 0;
  return mkInt(~intOut);
}

// ---- to_number, format_int

// Accepts Go ParseFloat's decimal syntax ([+-] digits [. digits] [e [+-] digits], with either
// side of the point optional) and returns the number in canonical JSON text.
export function b_to_number(a: usize): usize {
  if (a == 0) return 0;
  switch (tagOf(a)) {
    case T_NULL: return mkInt(0);
    case T_BOOLEAN: return mkInt(boolOf(a) ? 1 : 0);
    case T_NUMBER: return a;
    case T_STRING: break;
    default: return errOneOf("to_number", 1, a, "null, boolean, number, string");
  }
  const p = strPtr(a), n = strLen(a);
  let i: usize = 0;
  let neg = false;
  if (i < n && (load<u8>(p) == 43 || load<u8>(p) == 45)) {
    neg = load<u8>(p) == 45;
    i++;
  }
  const i0 = i;
  while (i < n && <u32>load<u8>(p + i) - 48 < 10) i++;
  const intDigits = i - i0;
  let fracDigits: usize = 0;
  if (i < n && load<u8>(p + i) == 46) {
    i++;
    const f0 = i;
    while (i < n && <u32>load<u8>(p + i) - 48 < 10) i++;
    fracDigits = i - f0;
  }
  let ok = intDigits + fracDigits > 0;
  if (ok && i < n && (load<u8>(p + i) | 32) == 101) {
    i++;
    if (i < n && (load<u8>(p + i) == 43 || load<u8>(p + i) == 45)) i++;
    const e0 = i;
    while (i < n && <u32>load<u8>(p + i) - 48 < 10) i++;
    ok = i > e0;
  }
  if (!ok || i != n) {
    return errBuiltin3("to_number", "strconv.ParseFloat: parsing \"", p, n, "\": invalid syntax");
  }
  // Canonical text: no '+', a leading 0 before '.', no bare trailing '.'.
  const out = alloc(n + 2);
  let k: usize = 0;
  if (neg) store<u8>(out + k++, 45);
  if (intDigits == 0) store<u8>(out + k++, 48);
  for (let j = i0; j < n; j++) {
    const c = load<u8>(p + j);
    if (c == 46 && (j + 1 == n || <u32>load<u8>(p + j + 1) - 48 >= 10)) continue;
    store<u8>(out + k++, c);
  }
  const v = mkRef(out, k);
  // Plain integer text becomes an i64; anything else keeps its text, as OPA's json.Number does.
  if (fracDigits == 0 && i == i0 + intDigits && numToI64(v)) return mkInt(intOut);
  return v;
}

export function b_format_int(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  if (tagOf(a) != T_NUMBER) return errType("format_int", 1, a, "number");
  if (tagOf(b) != T_NUMBER || !numToI64(b)) return errType("format_int", 2, b, "number");
  const base = intOut;
  if (base != 2 && base != 8 && base != 10 && base != 16) return errOneOf2("format_int", 2, "2, 8, 10, 16");
  // Truncates toward zero, as big.Float.Int does.
  let x: i64;
  if (numToI64(a)) x = intOut;
  else {
    const f = numToF64(a);
    x = <i64>Math.trunc(f);
  }
  const out = alloc(66);
  let k: usize = 66;
  let u: u64 = x < 0 ? <u64>(-x) : <u64>x;
  do {
    const d = <u32>(u % <u64>base);
    store<u8>(out + --k, <u8>(d < 10 ? 48 + d : 87 + d));
    u /= <u64>base;
  } while (u != 0);
  if (x < 0) store<u8>(out + --k, 45);
  return mkStr(out + k, 66 - k);
}

// "operand N must be one of {LIST}" (OPA's enum error).
function errOneOf2(name: string, pos: i32, list: string): usize {
  return errOperandEnum(name, pos, list);
}

import { CODE_TYPE, isStrict, msgInt, msgLit, msgRaise, msgStart } from "../error";
function errOperandEnum(name: string, pos: i32, list: string): usize {
  if (!isStrict()) return 0;
  msgStart(CODE_TYPE);
  msgLit(name);
  msgLit(": operand ");
  msgInt(pos);
  msgLit(" must be one of {");
  msgLit(list);
  msgLit("}");
  msgRaise();
  return 0;
}
