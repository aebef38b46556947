// JSON (and Rego value text) parsing and dumping.
import { alloc } from "./alloc";
import { bufByte, bufBytes, bufLit, bufNew, bufPtr, bufLen, bufReserve } from "./buf";
import { mkObject, mkSet, objInsert, setAdd, sortedAt, sortedOrder, tCount, tKey, tVal } from "./collections";
import { writeNumber } from "./numfmt";
import { sortIdx } from "./sort";
import { utf8Decode, cpLen, utf8Put } from "./string";
import {
  FALSE_V, NULL_V, T_ARRAY, T_BOOLEAN, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING, TRUE_V,
  arrGet, arrLen, arrPush, boolOf, mkArray, mkInt, mkRef, mkStr, strLen, strPtr, tagOf,
} from "./value";

// ---------------------------------------------------------------- parsing

let pos: usize = 0;
let end: usize = 0;
let bad = false;
let regoMode = false;
let depth: i32 = 0;

// @ts-ignore: decorator
@inline function ws(): void {
  while (pos < end) {
    const c = load<u8>(pos);
    if (c == 32 || c == 10 || c == 13 || c == 9) pos++;
    else break;
  }
}

function fail(): usize {
  bad = true;
  return 0;
}

function hex4(p: usize): i32 {
  let v: i32 = 0;
  for (let i: usize = 0; i < 4; i++) {
    const c = <i32>load<u8>(p + i);
    let d: i32;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else if (c >= 65 && c <= 70) d = c - 55;
    else return -1;
    v = (v << 4) | d;
  }
  return v;
}

// pos is just after the opening quote.
function parseString(): usize {
  const start = pos;
  // Fast scan, 8 bytes at a time: stop at the first '"', '\\' or control byte (SWAR test).
  while (pos + 8 <= end) {
    const w = load<u64>(pos);
    const q = w ^ 0x2222222222222222;
    const bs = w ^ 0x5c5c5c5c5c5c5c5c;
    const hit = ((q - 0x0101010101010101) & ~q) | ((bs - 0x0101010101010101) & ~bs) |
      ((w - 0x2020202020202020) & ~w);
    if ((hit & 0x8080808080808080) != 0) break;
    pos += 8;
  }
  // No escapes means the value can point into the source text.
  while (pos < end) {
    const c = load<u8>(pos);
    if (c == 34) {
      const v = mkStr(start, pos - start);
      pos++;
      return v;
    }
    if (c == 92) break;
    if (c < 0x20) return fail();
    pos++;
  }
  if (pos >= end) return fail();
  // Slow path: decode escapes into a fresh buffer (never longer than the source).
  let lim = pos;
  while (lim < end && load<u8>(lim) != 34) lim += load<u8>(lim) == 92 ? 2 : 1;
  const out = alloc(lim - start);
  let n: usize = pos - start;
  memory.copy(out, start, n);
  while (true) {
    if (pos >= end) return fail();
    const c = <u32>load<u8>(pos);
    if (c == 34) {
      pos++;
      return mkStr(out, n);
    }
    if (c < 0x20) return fail();
    if (c != 92) {
      store<u8>(out + n++, <u8>c);
      pos++;
      continue;
    }
    if (pos + 1 >= end) return fail();
    const e = <u32>load<u8>(pos + 1);
    pos += 2;
    let r: u32 = 0;
    switch (e) {
      case 34: r = 34; break;
      case 92: r = 92; break;
      case 47: r = 47; break;
      case 98: r = 8; break;
      case 102: r = 12; break;
      case 110: r = 10; break;
      case 114: r = 13; break;
      case 116: r = 9; break;
      case 117: {
        if (pos + 4 > end) return fail();
        let cp = hex4(pos);
        if (cp < 0) return fail();
        pos += 4;
        if (cp >= 0xd800 && cp < 0xdc00) {
          // A high surrogate pairs with a following \uDC00-\uDFFF; alone it becomes U+FFFD.
          if (pos + 6 <= end && load<u8>(pos) == 92 && load<u8>(pos + 1) == 117) {
            const lo = hex4(pos + 2);
            if (lo >= 0xdc00 && lo < 0xe000) {
              cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
              pos += 6;
            } else cp = 0xfffd;
          } else cp = 0xfffd;
        } else if (cp >= 0xdc00 && cp < 0xe000) cp = 0xfffd;
        n += utf8Put(out + n, <u32>cp);
        continue;
      }
      default: return fail();
    }
    store<u8>(out + n++, <u8>r);
  }
  return 0;
}

function parseNumber(): usize {
  const start = pos;
  let neg = false;
  if (load<u8>(pos) == 45) {
    neg = true;
    pos++;
  }
  if (pos >= end) return fail();
  let c = load<u8>(pos);
  if (c < 48 || c > 57) return fail();
  let m: u64 = 0;
  let nd: i32 = 0;
  if (c == 48) {
    pos++;
    nd = 1;
  } else {
    while (pos < end) {
      c = load<u8>(pos);
      if (c < 48 || c > 57) break;
      m = m * 10 + <u64>(c - 48);
      nd++;
      pos++;
    }
  }
  let simple = true;
  if (pos < end && load<u8>(pos) == 46) {
    simple = false;
    pos++;
    const f0 = pos;
    while (pos < end && <u32>load<u8>(pos) - 48 < 10) pos++;
    if (pos == f0) return fail();
  }
  if (pos < end && (load<u8>(pos) | 32) == 101) {
    simple = false;
    pos++;
    if (pos < end && (load<u8>(pos) == 43 || load<u8>(pos) == 45)) pos++;
    const e0 = pos;
    while (pos < end && <u32>load<u8>(pos) - 48 < 10) pos++;
    if (pos == e0) return fail();
  }
  // "-0" keeps its text (Go prints it back as -0).
  if (simple && nd <= 18 && !(neg && m == 0)) return mkInt(neg ? -(<i64>m) : <i64>m);
  // Everything else keeps its text, so it dumps exactly as it came in.
  return mkRef(start, pos - start);
}

function lit(s: string, v: usize): usize {
  const n = <usize>s.length;
  if (pos + n > end) return fail();
  const p = changetype<usize>(s);
  for (let i: usize = 0; i < n; i++) {
    if (load<u8>(pos + i) != <u8>load<u16>(p + (i << 1))) return fail();
  }
  pos += n;
  return v;
}

// After a comma in Rego mode: true (and the closer consumed) when only whitespace precedes it.
function closes(closer: u32): bool {
  ws();
  if (pos < end && <u32>load<u8>(pos) == closer) {
    pos++;
    return true;
  }
  return false;
}

function parseValue(): usize {
  ws();
  if (pos >= end) return fail();
  const c = load<u8>(pos);
  switch (c) {
    case 123: { // {
      pos++;
      if (++depth > 10000) return fail();
      ws();
      if (pos < end && load<u8>(pos) == 125) {
        pos++;
        depth--;
        return mkObject(0);
      }
      let obj: usize = 0;
      let set: usize = 0;
      while (true) {
        ws();
        let k: usize;
        if (!regoMode) {
          if (pos >= end || load<u8>(pos) != 34) return fail();
          pos++;
          k = parseString();
        } else k = parseValue();
        if (bad) return 0;
        ws();
        if (pos >= end) return fail();
        const d = load<u8>(pos);
        if (d == 58 && set == 0) { // :
          pos++;
          const v = parseValue();
          if (bad) return 0;
          if (obj == 0) obj = mkObject(4);
          objInsert(obj, k, v);
        } else if (regoMode && obj == 0 && (d == 44 || d == 125)) {
          if (set == 0) set = mkSet(4);
          setAdd(set, k);
        } else return fail();
        ws();
        if (pos >= end) return fail();
        const e = load<u8>(pos++);
        if (e == 44) {
          // Rego terms allow a trailing comma: {"a": 1,}
          if (regoMode && closes(125)) break;
          continue;
        }
        if (e == 125) break;
        return fail();
      }
      depth--;
      return obj != 0 ? obj : set;
    }
    case 91: { // [
      pos++;
      if (++depth > 10000) return fail();
      const arr = mkArray(4);
      ws();
      if (pos < end && load<u8>(pos) == 93) {
        pos++;
        depth--;
        return arr;
      }
      while (true) {
        const v = parseValue();
        if (bad) return 0;
        arrPush(arr, v);
        ws();
        if (pos >= end) return fail();
        const e = load<u8>(pos++);
        if (e == 44) {
          if (regoMode && closes(93)) break;
          continue;
        }
        if (e == 93) break;
        return fail();
      }
      depth--;
      return arr;
    }
    case 34:
      pos++;
      return parseString();
    case 116: return lit("true", TRUE_V);
    case 102: return lit("false", FALSE_V);
    case 110: return lit("null", NULL_V);
    case 115: {
      if (!regoMode) return fail();
      lit("set()", NULL_V);
      return bad ? 0 : mkSet(0);
    }
  }
  if (c == 45 || (c >= 48 && c <= 57)) return parseNumber();
  return fail();
}

function parseText(p: usize, n: usize, rego: bool): usize {
  pos = p;
  end = p + n;
  bad = false;
  depth = 0;
  regoMode = rego;
  const v = parseValue();
  if (bad) return 0;
  ws();
  if (pos != end) return 0;
  return v;
}

export function jsonParse(p: usize, n: usize): usize {
  return parseText(p, n, false);
}

export function opa_json_parse(p: usize, n: usize): usize {
  return parseText(p, n, false);
}

export function opa_value_parse(p: usize, n: usize): usize {
  return parseText(p, n, true);
}

// ---------------------------------------------------------------- dumping

const HEX: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

// High bit set in each byte of the result where w has a zero byte (may also flag 0x80 bytes,
// which the caller treats as special anyway).
// @ts-ignore: decorator
@inline function zbyte(w: u64): u64 {
  return (w - 0x0101010101010101) & ~w;
}

// Go encoding/json string escaping (HTML-safe): \" \\ \n \r \t \b \f, other controls and
// < > & U+2028 U+2029 as \u00XX, invalid UTF-8 as \ufffd.
export function writeJsonString(b: usize, p: usize, n: usize): void {
  bufByte(b, 34);
  let i: usize = 0;
  let run: usize = 0;
  while (i < n) {
    // Skip 8 plain bytes at a time: none of '"' '\\' '<' '>' '&', controls or non-ASCII.
    while (i + 8 <= n) {
      const w = load<u64>(p + i);
      const hit = zbyte(w ^ 0x2222222222222222) | zbyte(w ^ 0x5c5c5c5c5c5c5c5c) |
        zbyte(w ^ 0x3c3c3c3c3c3c3c3c) | zbyte(w ^ 0x3e3e3e3e3e3e3e3e) | zbyte(w ^ 0x2626262626262626) |
        ((w - 0x2020202020202020) & ~w) | w;
      if ((hit & 0x8080808080808080) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const c = <u32>load<u8>(p + i);
    if (c >= 0x80) {
      const cp = utf8Decode(p + i, n - i);
      if ((cp == 0xfffd && cpLen == 1) || cp == 0x2028 || cp == 0x2029) {
        if (i > run) bufBytes(b, p + run, i - run);
        bufLit(b, cp == 0x2028 ? "\\u2028" : cp == 0x2029 ? "\\u2029" : "\\ufffd");
        i += cpLen;
        run = i;
      } else i += cpLen;
      continue;
    }
    if (c >= 0x20 && c != 34 && c != 92 && c != 60 && c != 62 && c != 38) {
      i++;
      continue;
    }
    if (i > run) bufBytes(b, p + run, i - run);
    bufByte(b, 92);
    if (c == 34 || c == 92) bufByte(b, c);
    else if (c == 10) bufByte(b, 110);
    else if (c == 13) bufByte(b, 114);
    else if (c == 9) bufByte(b, 116);
    else if (c == 8) bufByte(b, 98);
    else if (c == 12) bufByte(b, 102);
    else {
      bufLit(b, "u00");
      bufByte(b, load<u8>(HEX + (c >> 4)));
      bufByte(b, load<u8>(HEX + (c & 15)));
    }
    i++;
    run = i;
  }
  if (n > run) bufBytes(b, p + run, n - run);
  bufByte(b, 34);
}

// mode 0: JSON; mode 1: Rego value text (sets as {..} / set(), keys any value).
export function writeValue(b: usize, v: usize, mode: i32): void {
  switch (tagOf(v)) {
    case T_NULL: bufLit(b, "null"); return;
    case T_BOOLEAN: bufLit(b, boolOf(v) ? "true" : "false"); return;
    case T_NUMBER: writeNumber(b, v); return;
    case T_STRING: writeJsonString(b, strPtr(v), strLen(v)); return;
    case T_ARRAY: {
      bufByte(b, 91);
      const n = arrLen(v);
      for (let i: u32 = 0; i < n; i++) {
        if (i) bufByte(b, 44);
        writeValue(b, arrGet(v, i), mode);
      }
      bufByte(b, 93);
      return;
    }
    case T_OBJECT: {
      bufByte(b, 123);
      const n = tCount(v);
      if (mode == 0 && hasNonStringKey(v)) {
        writeObjectTextKeys(b, v);
        return;
      }
      const ord = sortedOrder(v);
      for (let i: u32 = 0; i < n; i++) {
        if (i) bufByte(b, 44);
        const e = sortedAt(ord, i);
        writeValue(b, tKey(v, e), mode);
        bufByte(b, 58);
        writeValue(b, tVal(v, e), mode);
      }
      bufByte(b, 125);
      return;
    }
    case T_SET: {
      const n = tCount(v);
      if (mode == 1 && n == 0) {
        bufLit(b, "set()");
        return;
      }
      bufByte(b, mode == 0 ? 91 : 123);
      const ord = sortedOrder(v);
      for (let i: u32 = 0; i < n; i++) {
        if (i) bufByte(b, 44);
        writeValue(b, tKey(v, sortedAt(ord, i)), mode);
      }
      bufByte(b, mode == 0 ? 93 : 125);
      return;
    }
  }
}

function hasNonStringKey(o: usize): bool {
  const n = tCount(o);
  for (let i: u32 = 0; i < n; i++) if (tagOf(tKey(o, i)) != T_STRING) return true;
  return false;
}

// JSON has only string keys: a non-string key becomes the JSON text of the key, and the keys are
// then ordered as Go's encoding/json orders map keys (by bytes).
function writeObjectTextKeys(b: usize, o: usize): void {
  const n = tCount(o);
  const ents = alloc(<usize>n << 3);
  const ord = alloc(<usize>n << 2);
  for (let i: u32 = 0; i < n; i++) {
    let k = tKey(o, i);
    if (tagOf(k) != T_STRING) {
      const kb = bufNew(32);
      writeValue(kb, k, 0);
      k = mkStr(bufPtr(kb), bufLen(kb));
    }
    store<u32>(ents + (<usize>i << 3), <u32>k);
    store<u32>(ents + (<usize>i << 3), <u32>tVal(o, i), 4);
    store<u32>(ord + (<usize>i << 2), i);
  }
  sortIdx(ord, n, ents);
  for (let i: u32 = 0; i < n; i++) {
    if (i) bufByte(b, 44);
    const e = <usize>load<u32>(ord + (<usize>i << 2));
    writeValue(b, <usize>load<u32>(ents + (e << 3)), 0);
    bufByte(b, 58);
    writeValue(b, <usize>load<u32>(ents + (e << 3), 4), 0);
  }
  bufByte(b, 125);
}

function dump(v: usize, mode: i32): usize {
  const b = bufNew(256);
  if (v == 0) bufLit(b, "null"); // undefined has no JSON text; callers should not ask
  else writeValue(b, v, mode);
  bufByte(b, 0);
  return bufPtr(b);
}

export function opa_json_dump(v: usize): usize {
  return dump(v, 0);
}

export function opa_value_dump(v: usize): usize {
  return dump(v, 1);
}

// JSON text of v as a fresh string value (json.marshal).
export function jsonMarshal(v: usize): usize {
  const b = bufNew(64);
  writeValue(b, v, 0);
  return mkStr(bufPtr(b), bufLen(b));
}
