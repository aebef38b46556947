// sprintf with Go fmt semantics over OPA's argument conversion: integers -> int or *big.Int,
// other numbers -> float64 (or their text when out of float range), strings -> string, any other
// value -> its Rego text (ast String()), so %v of composites prints as OPA does.
import { alloc } from "../alloc";
import { bufByte, bufBytes, bufLen, bufLit, bufNew, bufPtr, bufRepeat, bufSetLen, bufU64, bufUtf8 } from "../buf";
import { sortedAt, sortedOrder, tCount, tKey, tVal } from "../collections";
import {
  DEC_A, bigDivMag, bigN, bigP, decFromText, decToF64, numToI64, intOut, quoN, quoP,
} from "../number";
import {
  DIG, digN, exDp, exN, exP, exactDigits, roundExact, shortestDigits, writeExp, writeFixed,
  writeFloatOpa, writeNumber, writeShortestG,
} from "../numfmt";
import { cpLen, utf8Count, utf8Decode, utf8Offset } from "../string";
import {
  N_FLOAT, N_INT, T_ARRAY, T_BOOLEAN, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING, arrGet, arrLen,
  boolOf, mkStr, numFloat, numInt, numRefLen, numRefPtr, numRepr, strLen, strPtr, tagOf,
} from "../value";
import { CODE_CONFLICT, CODE_INTERNAL, msgLit, msgRaise, msgStart } from "../error";
import { errType } from "./common";

// ---- Rego text of a value (ast String())

function writeGoQuoted(b: usize, p: usize, n: usize): void {
  bufByte(b, 34);
  let i: usize = 0;
  while (i < n) {
    const c = <u32>load<u8>(p + i);
    if (c >= 0x80) {
      const cp = utf8Decode(p + i, n - i);
      if (cp == 0xfffd && cpLen == 1) {
        bufLit(b, "\\x");
        bufByte(b, hexDigit(c >> 4, false));
        bufByte(b, hexDigit(c & 15, false));
      } else bufBytes(b, p + i, cpLen);
      i += cpLen;
      continue;
    }
    i++;
    if (c == 34 || c == 92) {
      bufByte(b, 92);
      bufByte(b, c);
    } else if (c >= 0x20 && c < 0x7f) bufByte(b, c);
    else if (c == 7) bufLit(b, "\\a");
    else if (c == 8) bufLit(b, "\\b");
    else if (c == 12) bufLit(b, "\\f");
    else if (c == 10) bufLit(b, "\\n");
    else if (c == 13) bufLit(b, "\\r");
    else if (c == 9) bufLit(b, "\\t");
    else if (c == 11) bufLit(b, "\\v");
    else {
      bufLit(b, "\\x");
      bufByte(b, hexDigit(c >> 4, false));
      bufByte(b, hexDigit(c & 15, false));
    }
  }
  bufByte(b, 34);
}

function hexDigit(d: u32, upper: bool): u32 {
  return d < 10 ? 48 + d : (upper ? 55 : 87) + d;
}

export function writeRego(b: usize, v: usize): void {
  switch (tagOf(v)) {
    case T_NULL: bufLit(b, "null"); return;
    case T_BOOLEAN: bufLit(b, boolOf(v) ? "true" : "false"); return;
    case T_NUMBER: writeNumber(b, v); return;
    case T_STRING: writeGoQuoted(b, strPtr(v), strLen(v)); return;
    case T_ARRAY: {
      bufByte(b, 91);
      for (let i: u32 = 0; i < arrLen(v); i++) {
        if (i) bufLit(b, ", ");
        writeRego(b, arrGet(v, i));
      }
      bufByte(b, 93);
      return;
    }
    case T_OBJECT: {
      bufByte(b, 123);
      const ord = sortedOrder(v);
      for (let i: u32 = 0; i < tCount(v); i++) {
        if (i) bufLit(b, ", ");
        const e = sortedAt(ord, i);
        writeRego(b, tKey(v, e));
        bufLit(b, ": ");
        writeRego(b, tVal(v, e));
      }
      bufByte(b, 125);
      return;
    }
    case T_SET: {
      if (tCount(v) == 0) {
        bufLit(b, "set()");
        return;
      }
      bufByte(b, 123);
      const ord = sortedOrder(v);
      for (let i: u32 = 0; i < tCount(v); i++) {
        if (i) bufLit(b, ", ");
        writeRego(b, tKey(v, sortedAt(ord, i)));
      }
      bufByte(b, 125);
      return;
    }
  }
}

// ---- argument conversion

const K_INT = 0, K_BIG = 1, K_FLOAT = 2, K_STR = 3;
let aKind = 0;
let aInt: i64 = 0;
let aF: f64 = 0;
let aP: usize = 0; // K_BIG: magnitude digits; K_STR: bytes
let aN: usize = 0;
let aNeg = false;

function isIntText(p: usize, n: usize): bool {
  let i: usize = 0;
  if (n > 0 && load<u8>(p) == 45) i = 1;
  if (i == n) return false;
  for (; i < n; i++) if (<u32>load<u8>(p + i) - 48 >= 10) return false;
  return true;
}

function classify(v: usize): void {
  const t = tagOf(v);
  if (t == T_STRING) {
    aKind = K_STR;
    aP = strPtr(v);
    aN = strLen(v);
    return;
  }
  if (t == T_NUMBER) {
    const r = numRepr(v);
    if (r == N_INT) {
      aKind = K_INT;
      aInt = numInt(v);
      return;
    }
    // OPA works on the number's text: integer text -> int/big.Int, other text -> float64.
    const tb = bufNew(32);
    writeNumber(tb, v);
    const p = bufPtr(tb), n = <usize>bufLen(tb);
    if (isIntText(p, n)) {
      if (numToI64(v)) {
        aKind = K_INT;
        aInt = intOut;
        return;
      }
      aKind = K_BIG;
      aNeg = load<u8>(p) == 45;
      aP = aNeg ? p + 1 : p;
      aN = aNeg ? n - 1 : n;
      // strip leading zeros
      while (aN > 1 && load<u8>(aP) == 48) {
        aP++;
        aN--;
      }
      return;
    }
    const f = r == N_FLOAT ? numFloat(v) : textToF64(p, n);
    if (Math.abs(f) != Infinity) {
      aKind = K_FLOAT;
      aF = f;
      return;
    }
    aKind = K_STR;
    aP = p;
    aN = n;
    return;
  }
  const b = bufNew(64);
  writeRego(b, v);
  aKind = K_STR;
  aP = bufPtr(b);
  aN = bufLen(b);
}

function textToF64(p: usize, n: usize): f64 {
  decFromText(DEC_A, p, n);
  return decToF64(DEC_A);
}

// ---- verbs

let fMinus = false, fPlus = false, fSharp = false, fSpace = false, fZero = false;
let width: i32 = -1, prec: i32 = -1;

// Pads the bytes written since `start` to the width: spaces left/right, or zeros after the sign.
function pad(b: usize, start: u32, zeroOk: bool): void {
  if (width < 0) return;
  const len = bufLen(b) - start;
  const runes = <i32>utf8Count(bufPtr(b) + start, len);
  const fill = width - runes;
  if (fill <= 0) return;
  if (fMinus) {
    bufRepeat(b, 32, fill);
    return;
  }
  // Move the text right by `fill` bytes.
  bufRepeat(b, 32, fill);
  const p = bufPtr(b) + start;
  memory.copy(p + fill, p, len);
  let signLen: u32 = 0;
  const c0 = len > 0 ? load<u8>(p + fill) : 0;
  const zero = zeroOk && fZero;
  if (zero && (c0 == 45 || c0 == 43 || c0 == 32)) {
    store<u8>(p, c0);
    signLen = 1;
  }
  for (let i: i32 = 0; i < fill; i++) store<u8>(p + signLen + i, zero ? 48 : 32);
}

function writeSign(b: usize, neg: bool): void {
  if (neg) bufByte(b, 45);
  else if (fPlus) bufByte(b, 43);
  else if (fSpace) bufByte(b, 32);
}

// Integer digits of an unsigned magnitude in a base.
function writeUBase(b: usize, u: u64, base: u32, upper: bool, minDigits: i32): void {
  const tmp = alloc(72);
  let n: i32 = 0;
  do {
    store<u8>(tmp + n++, <u8>hexDigit(<u32>(u % base), upper));
    u /= base;
  } while (u != 0);
  if (prec == 0 && n == 1 && load<u8>(tmp) == 48) n = 0; // %.0d of 0 prints nothing
  for (let i = n; i < minDigits; i++) bufByte(b, 48);
  for (let i = n - 1; i >= 0; i--) bufByte(b, load<u8>(tmp + i));
}

// Big magnitude (decimal text) in a base, via repeated division.
function writeBigBase(b: usize, p: usize, n: i32, base: u32, upper: bool): void {
  if (base == 10) {
    for (let i = n; i < prec; i++) bufByte(b, 48);
    bufBytes(b, p, n);
    return;
  }
  const bd = alloc(4);
  const bl = base < 10 ? 1 : 2;
  if (bl == 1) store<u8>(bd, <u8>(48 + base));
  else {
    store<u8>(bd, 49);
    store<u8>(bd + 1, <u8>(48 + base - 10));
  }
  const digits = alloc(<usize>n * 4 + 8);
  let k = 0;
  let cp = p, cn = n;
  while (cn > 0) {
    bigDivMag(cp, cn, bd, bl);
    let r: u32 = 0;
    for (let i = 0; i < bigN; i++) r = r * 10 + (<u32>load<u8>(bigP + i) - 48);
    store<u8>(digits + k++, <u8>hexDigit(r, upper));
    cp = quoP;
    cn = quoN;
  }
  for (let i = k; i < prec; i++) bufByte(b, 48);
  for (let i = k - 1; i >= 0; i--) bufByte(b, load<u8>(digits + i));
}

function badVerb(b: usize, verb: u32, v: usize): void {
  bufLit(b, "%!");
  bufUtf8(b, verb);
  bufByte(b, 40);
  if (v == 0) bufLit(b, "<nil>");
  else {
    writeTypeName(b);
    bufByte(b, 61);
    writePlain(b);
  }
  bufByte(b, 41);
}

function writeTypeName(b: usize): void {
  if (aKind == K_INT) bufLit(b, "int");
  else if (aKind == K_BIG) bufLit(b, "*big.Int");
  else if (aKind == K_FLOAT) bufLit(b, "float64");
  else bufLit(b, "string");
}

// %v of the current argument with no flags.
function writePlain(b: usize): void {
  if (aKind == K_INT) {
    if (aInt < 0) bufByte(b, 45);
    bufU64(b, aInt < 0 ? <u64>(-aInt) : <u64>aInt);
  } else if (aKind == K_BIG) {
    if (aNeg) bufByte(b, 45);
    bufBytes(b, aP, aN);
  } else if (aKind == K_FLOAT) writeShortestG(b, aF, false);
  else bufBytes(b, aP, aN);
}

function fmtInteger(b: usize, verb: u32): bool {
  let base: u32 = 10;
  let upper = false;
  switch (verb) {
    case 100: case 118: break; // d v
    case 98: base = 2; break;
    case 111: case 79: base = 8; break;
    case 120: base = 16; break;
    case 88: base = 16; upper = true; break;
    case 99: { // c
      if (aKind != K_INT) return false;
      const start = bufLen(b);
      bufUtf8(b, aInt < 0 || aInt > 0x10ffff || (aInt >= 0xd800 && aInt < 0xe000) ? 0xfffd : <u32>aInt);
      pad(b, start, false);
      return true;
    }
    case 113: { // q
      if (aKind != K_INT) return false;
      const start = bufLen(b);
      bufByte(b, 39);
      bufUtf8(b, aInt < 0 || aInt > 0x10ffff ? 0xfffd : <u32>aInt);
      bufByte(b, 39);
      pad(b, start, false);
      return true;
    }
    case 85: { // U
      if (aKind != K_INT) return false;
      const start = bufLen(b);
      bufLit(b, "U+");
      writeUBase(b, <u64>aInt, 16, true, 4);
      pad(b, start, false);
      return true;
    }
    case 115: // s: big.Int prints decimal; int is a bad verb
      if (aKind != K_BIG) return false;
      break;
    default: return false;
  }
  const start = bufLen(b);
  const neg = aKind == K_INT ? aInt < 0 : aNeg;
  writeSign(b, neg);
  if (fSharp) {
    if (base == 16) bufLit(b, upper ? "0X" : "0x");
    else if (base == 8) bufByte(b, 48);
    else if (base == 2) bufLit(b, "0b");
  }
  if (verb == 79) bufLit(b, "0o");
  if (aKind == K_INT) writeUBase(b, aInt < 0 ? <u64>(-aInt) : <u64>aInt, base, upper, prec);
  else writeBigBase(b, aP, <i32>aN, base, upper);
  pad(b, start, prec < 0);
  return true;
}

function fmtFloat(b: usize, verb: u32): bool {
  let f: f64;
  if (aKind == K_FLOAT) f = aF;
  else return false;
  const start = bufLen(b);
  const neg = f < 0 || (f == 0 && 1 / f < 0);
  const a = Math.abs(f);
  const upper = verb == 69 || verb == 71;
  writeSign(b, neg);
  switch (verb) {
    case 118: case 103: case 71: { // v g G
      if (prec < 0) {
        // shortest; sign already written
        writeShortestG(b, a, upper);
        break;
      }
      const p = prec == 0 ? 1 : prec;
      if (a == 0) {
        bufByte(b, 48);
        break;
      }
      exactDigits(a);
      roundExact(p);
      if (exN == 0) {
        bufByte(b, 48);
        break;
      }
      let eprec = p;
      if (eprec > exN && exN >= exDp) eprec = exN;
      const x = exDp - 1;
      if (x < -4 || x >= eprec) writeExp(b, exP, exN, x, upper, 0);
      else writeFixed(b, exP, exN, exDp, exN - exDp > 0 ? exN - exDp : 0);
      break;
    }
    case 101: case 69: { // e E
      const p = prec < 0 ? 6 : prec;
      if (a == 0) {
        writeExp(b, changetype<usize>(ZERO1), 1, 0, upper, p);
        break;
      }
      exactDigits(a);
      roundExact(p + 1);
      writeExp(b, exP, exN, exDp - 1, upper, p);
      break;
    }
    case 102: case 70: { // f F
      const p = prec < 0 ? 6 : prec;
      if (a == 0) {
        writeFixed(b, changetype<usize>(ZERO1), 0, 0, p);
        break;
      }
      exactDigits(a);
      roundExact(exDp + p);
      if (exN == 0) writeFixed(b, exP, 0, 0, p);
      else writeFixed(b, exP, exN, exDp, p);
      break;
    }
    default:
      bufSetLen(b, start);
      return false;
  }
  pad(b, start, true);
  return true;
}
const ZERO1 = memory.data<u8>([48]);

function fmtString(b: usize, verb: u32): bool {
  if (aKind != K_STR && !(aKind == K_BIG && verb == 115)) return false;
  const start = bufLen(b);
  let p = aP, n = aN;
  if (prec >= 0 && (verb == 115 || verb == 118 || verb == 113)) n = utf8Offset(p, n, <u32>prec);
  switch (verb) {
    case 115: case 118: bufBytes(b, p, n); break;
    case 113: writeGoQuoted(b, p, n); break;
    case 120: case 88: {
      for (let i: usize = 0; i < n; i++) {
        const c = <u32>load<u8>(p + i);
        bufByte(b, hexDigit(c >> 4, verb == 88));
        bufByte(b, hexDigit(c & 15, verb == 88));
      }
      break;
    }
    default: return false;
  }
  pad(b, start, false);
  return true;
}

export function b_sprintf(f: usize, args: usize): usize {
  if (f == 0 || args == 0) return 0;
  if (tagOf(f) != T_STRING) return errType("sprintf", 1, f, "string");
  if (tagOf(args) != T_ARRAY) return errType("sprintf", 2, args, "array");
  const p = strPtr(f), n = strLen(f);
  const b = bufNew(<u32>n + 32);
  const nargs = arrLen(args);
  let argi: u32 = 0;
  let i: usize = 0;
  while (i < n) {
    const c = <u32>load<u8>(p + i);
    if (c != 37) {
      let j = i;
      while (j < n && load<u8>(p + j) != 37) j++;
      bufBytes(b, p + i, j - i);
      i = j;
      continue;
    }
    i++;
    fMinus = fPlus = fSharp = fSpace = fZero = false;
    width = -1;
    prec = -1;
    while (i < n) {
      const d = load<u8>(p + i);
      if (d == 45) fMinus = true;
      else if (d == 43) fPlus = true;
      else if (d == 35) fSharp = true;
      else if (d == 32) fSpace = true;
      else if (d == 48) fZero = !fMinus;
      else break;
      i++;
    }
    while (i < n && <u32>load<u8>(p + i) - 48 < 10) {
      width = (width < 0 ? 0 : width) * 10 + <i32>(load<u8>(p + i) - 48);
      i++;
    }
    if (i < n && load<u8>(p + i) == 46) {
      i++;
      prec = 0;
      while (i < n && <u32>load<u8>(p + i) - 48 < 10) {
        prec = prec * 10 + <i32>(load<u8>(p + i) - 48);
        i++;
      }
    }
    if (i >= n) {
      bufLit(b, "%!(NOVERB)");
      break;
    }
    const verb = utf8Decode(p + i, n - i);
    i += cpLen;
    if (verb == 37) {
      bufByte(b, 37);
      continue;
    }
    if (argi >= nargs) {
      bufLit(b, "%!");
      bufUtf8(b, verb);
      bufLit(b, "(MISSING)");
      continue;
    }
    const v = arrGet(args, argi++);
    classify(v);
    let ok = false;
    if (aKind == K_INT || aKind == K_BIG) ok = fmtInteger(b, verb);
    else if (aKind == K_FLOAT) ok = fmtFloat(b, verb);
    else ok = fmtString(b, verb);
    if (!ok) badVerb(b, verb, v);
  }
  if (argi < nargs) {
    bufLit(b, "%!(EXTRA ");
    for (let k = argi; k < nargs; k++) {
      if (k > argi) bufLit(b, ", ");
      classify(arrGet(args, k));
      writeTypeName(b);
      bufByte(b, 61);
      writePlain(b);
    }
    bufByte(b, 41);
  }
  return mkStr(bufPtr(b), bufLen(b));
}

// ---- internal.template_string: what the compiler lowers $"..{x}.." to (OPA's topdown/template_string.go).
// Parts are literal strings, other scalars, or sets holding the value of one interpolated expression:
// empty when it was undefined, one element otherwise. The two failures are Halt errors in OPA, raised
// whatever the strict mode: more than one value (a conflict) and a part of any other type (internal).
export function b_internal_template_string(a: usize): usize {
  if (a == 0) return 0;
  if (tagOf(a) != T_ARRAY) return errType("internal.template_string", 1, a, "array");
  const b = bufNew(64);
  for (let i: u32 = 0; i < arrLen(a); i++) {
    let v = arrGet(a, i);
    const t = tagOf(v);
    if (t == T_SET) {
      const n = tCount(v);
      if (n == 0) {
        bufLit(b, "<undefined>");
        continue;
      }
      if (n > 1) {
        msgStart(CODE_CONFLICT);
        msgLit("template-strings must not produce multiple outputs");
        msgRaise();
      }
      v = tKey(v, 0);
    } else if (t == T_ARRAY || t == T_OBJECT) {
      msgStart(CODE_INTERNAL);
      msgLit("illegal argument type: ");
      msgLit(t == T_ARRAY ? "array" : "object");
      msgRaise();
    }
    if (tagOf(v) == T_STRING) bufBytes(b, strPtr(v), strLen(v));
    else writeRego(b, v);
  }
  return mkStr(bufPtr(b), bufLen(b));
}
