// String builtins. Offsets and lengths count code points (Go runes), as OPA does.
import { alloc } from "../alloc";
import { bufByte, bufBytes, bufLen, bufNew, bufPtr } from "../buf";
import { sortedAt, sortedOrder, tCount, tKey, tVal } from "../collections";
import { intOut } from "../number";
import {
  bytesIndex, cpLen, isSpaceCp, toLowerCp, toUpperCp, utf8Count, utf8Decode, utf8Offset, utf8Put,
} from "../string";
import {
  T_ARRAY, T_OBJECT, T_SET, T_STRING, arrGet, arrLen, arrPush, mkArray, mkBool, mkInt, mkStr,
  strLen, strPtr, tagOf,
} from "../value";
import { errBuiltin, errElem, errOneOf, errOperand, errType, intArg } from "./common";

function str2(name: string, a: usize, b: usize): bool {
  if (a == 0 || b == 0) return false;
  if (tagOf(a) != T_STRING) {
    errType(name, 1, a, "string");
    return false;
  }
  if (tagOf(b) != T_STRING) {
    errType(name, 2, b, "string");
    return false;
  }
  return true;
}

function str1(name: string, a: usize): bool {
  if (a == 0) return false;
  if (tagOf(a) != T_STRING) {
    errType(name, 1, a, "string");
    return false;
  }
  return true;
}

export function b_concat(d: usize, c: usize): usize {
  if (d == 0 || c == 0) return 0;
  if (tagOf(d) != T_STRING) return errType("concat", 1, d, "string");
  const t = tagOf(c);
  if (t != T_ARRAY && t != T_SET) return errOneOf("concat", 2, c, "set, array");
  const n = t == T_ARRAY ? arrLen(c) : tCount(c);
  const ord = t == T_SET ? sortedOrder(c) : 0;
  const b = bufNew(64);
  for (let i: u32 = 0; i < n; i++) {
    const x = t == T_ARRAY ? arrGet(c, i) : tKey(c, sortedAt(ord, i));
    if (tagOf(x) != T_STRING) return errElem("concat", 2, c, x, "string");
    if (i) bufBytes(b, strPtr(d), strLen(d));
    bufBytes(b, strPtr(x), strLen(x));
  }
  return mkStr(bufPtr(b), bufLen(b));
}

export function b_contains(a: usize, b: usize): usize {
  if (!str2("contains", a, b)) return 0;
  return mkBool(bytesIndex(strPtr(a), strLen(a), strPtr(b), strLen(b), 0) >= 0);
}

export function b_startswith(a: usize, b: usize): usize {
  if (!str2("startswith", a, b)) return 0;
  const n = strLen(b);
  return mkBool(n <= strLen(a) && memory.compare(strPtr(a), strPtr(b), n) == 0);
}

export function b_endswith(a: usize, b: usize): usize {
  if (!str2("endswith", a, b)) return 0;
  const n = strLen(b), m = strLen(a);
  return mkBool(n <= m && memory.compare(strPtr(a) + m - n, strPtr(b), n) == 0);
}

export function b_indexof(a: usize, b: usize): usize {
  if (!str2("indexof", a, b)) return 0;
  if (strLen(b) == 0) return errBuiltin("indexof", "empty search character");
  const i = bytesIndex(strPtr(a), strLen(a), strPtr(b), strLen(b), 0);
  return mkInt(i < 0 ? -1 : utf8Count(strPtr(a), <usize>i));
}

export function b_indexof_n(a: usize, b: usize): usize {
  if (!str2("indexof_n", a, b)) return 0;
  if (strLen(b) == 0) return errBuiltin("indexof_n", "empty search character");
  const out = mkArray(0);
  const p = strPtr(a), n = strLen(a);
  let from: usize = 0;
  let runes: u32 = 0;
  let counted: usize = 0;
  while (true) {
    const i = bytesIndex(p, n, strPtr(b), strLen(b), from);
    if (i < 0) break;
    runes += utf8Count(p + counted, <usize>i - counted);
    counted = <usize>i;
    arrPush(out, mkInt(runes));
    // Overlapping matches: continue one code point further.
    utf8Decode(p + i, n - i);
    from = <usize>i + cpLen;
  }
  return out;
}

function mapCase(name: string, a: usize, upper: bool): usize {
  if (!str1(name, a)) return 0;
  const p = strPtr(a), n = strLen(a);
  const out = alloc(n * 2 + 4);
  let k: usize = 0;
  let i: usize = 0;
  while (i < n) {
    const c = <u32>load<u8>(p + i);
    if (c < 0x80) {
      store<u8>(out + k++, <u8>(upper ? (c - 97 < 26 ? c - 32 : c) : (c - 65 < 26 ? c + 32 : c)));
      i++;
      continue;
    }
    const cp = utf8Decode(p + i, n - i);
    const l = cpLen;
    if (cp == 0xfffd && l == 1) {
      // Go maps invalid bytes to U+FFFD
      k += utf8Put(out + k, 0xfffd);
    } else k += utf8Put(out + k, upper ? toUpperCp(cp) : toLowerCp(cp));
    i += l;
  }
  return mkStr(out, k);
}

export function b_lower(a: usize): usize { return mapCase("lower", a, false); }
export function b_upper(a: usize): usize { return mapCase("upper", a, true); }

// strings.ReplaceAll; an empty old string inserts new around every code point.
function replaceAll(b: usize, p: usize, n: usize, op: usize, on: usize, np: usize, nn: usize): void {
  if (on == 0) {
    let i: usize = 0;
    bufBytes(b, np, nn);
    while (i < n) {
      utf8Decode(p + i, n - i);
      bufBytes(b, p + i, cpLen);
      i += cpLen;
      bufBytes(b, np, nn);
    }
    return;
  }
  let from: usize = 0;
  while (true) {
    const i = bytesIndex(p, n, op, on, from);
    if (i < 0) break;
    bufBytes(b, p + from, <usize>i - from);
    bufBytes(b, np, nn);
    from = <usize>i + on;
  }
  bufBytes(b, p + from, n - from);
}

export function b_replace(s: usize, o: usize, r: usize): usize {
  if (s == 0 || o == 0 || r == 0) return 0;
  if (tagOf(s) != T_STRING) return errType("replace", 1, s, "string");
  if (tagOf(o) != T_STRING) return errType("replace", 2, o, "string");
  if (tagOf(r) != T_STRING) return errType("replace", 3, r, "string");
  const b = bufNew(<u32>strLen(s) + 16);
  replaceAll(b, strPtr(s), strLen(s), strPtr(o), strLen(o), strPtr(r), strLen(r));
  return mkStr(bufPtr(b), bufLen(b));
}

// strings.NewReplacer over the pattern object's keys in sorted order: at each position the
// first key (in that order) that matches wins.
export function b_strings_replace_n(pats: usize, s: usize): usize {
  if (pats == 0 || s == 0) return 0;
  if (tagOf(pats) != T_OBJECT) return errType("strings.replace_n", 1, pats, "object");
  const n = tCount(pats);
  const ord = sortedOrder(pats);
  for (let i: u32 = 0; i < n; i++) {
    if (tagOf(tKey(pats, i)) != T_STRING) return errOperand("strings.replace_n", 1, "non-string key found in pattern object");
    if (tagOf(tVal(pats, i)) != T_STRING) return errOperand("strings.replace_n", 1, "non-string value found in pattern object");
  }
  if (tagOf(s) != T_STRING) return errType("strings.replace_n", 2, s, "string");
  const p = strPtr(s), len = strLen(s);
  const b = bufNew(<u32>len + 16);
  let i: usize = 0;
  while (i <= len) {
    let matched = false;
    for (let j: u32 = 0; j < n; j++) {
      const e = sortedAt(ord, j);
      const k = tKey(pats, e);
      const kn = strLen(k);
      if (kn == 0) continue;
      if (i + kn <= len && memory.compare(p + i, strPtr(k), kn) == 0) {
        const v = tVal(pats, e);
        bufBytes(b, strPtr(v), strLen(v));
        i += kn;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    if (i == len) break;
    bufByte(b, load<u8>(p + i));
    i++;
  }
  return mkStr(bufPtr(b), bufLen(b));
}

export function b_split(s: usize, d: usize): usize {
  if (!str2("split", s, d)) return 0;
  const p = strPtr(s), n = strLen(s), dp = strPtr(d), dn = strLen(d);
  const out = mkArray(0);
  if (dn == 0) {
    let i: usize = 0;
    while (i < n) {
      utf8Decode(p + i, n - i);
      arrPush(out, mkStr(p + i, cpLen));
      i += cpLen;
    }
    return out;
  }
  let from: usize = 0;
  while (true) {
    const i = bytesIndex(p, n, dp, dn, from);
    if (i < 0) break;
    arrPush(out, mkStr(p + from, <usize>i - from));
    from = <usize>i + dn;
  }
  arrPush(out, mkStr(p + from, n - from));
  return out;
}

export function b_substring(s: usize, o: usize, l: usize): usize {
  if (s == 0 || o == 0 || l == 0) return 0;
  if (tagOf(s) != T_STRING) return errType("substring", 1, s, "string");
  if (!intArg("substring", 2, o)) return 0;
  const off = intOut;
  if (!intArg("substring", 3, l)) return 0;
  const len = intOut;
  if (off < 0) return errBuiltin("substring", "negative offset");
  const p = strPtr(s), n = strLen(s);
  const start = utf8Offset(p, n, off > 0xffffffff ? 0xffffffff : <u32>off);
  if (start >= n) return mkStr(p, 0);
  if (len < 0) return mkStr(p + start, n - start);
  const stop = start + utf8Offset(p + start, n - start, len > 0xffffffff ? 0xffffffff : <u32>len);
  return mkStr(p + start, stop - start);
}

// Whether code point c occurs in the cutset string.
function inCutset(c: u32, cp: usize, cn: usize): bool {
  let i: usize = 0;
  while (i < cn) {
    const x = utf8Decode(cp + i, cn - i);
    if (x == c) return true;
    i += cpLen;
  }
  return false;
}

// Byte length of the trailing code point that ends at p+n.
function lastCpStart(p: usize, n: usize): usize {
  let i = n - 1;
  let back: usize = 0;
  while (i > 0 && back < 3 && (load<u8>(p + i) & 0xc0) == 0x80) {
    i--;
    back++;
  }
  utf8Decode(p + i, n - i);
  return i + cpLen == n ? i : n - 1;
}

function trimImpl(name: string, s: usize, c: usize, left: bool, right: bool): usize {
  if (!str2(name, s, c)) return 0;
  let p = strPtr(s), n = strLen(s);
  const cp = strPtr(c), cn = strLen(c);
  if (left) {
    while (n > 0) {
      const x = utf8Decode(p, n);
      if (!inCutset(x, cp, cn)) break;
      p += cpLen;
      n -= cpLen;
    }
  }
  if (right) {
    while (n > 0) {
      const st = lastCpStart(p, n);
      const x = utf8Decode(p + st, n - st);
      if (!inCutset(x, cp, cn)) break;
      n = st;
    }
  }
  return mkStr(p, n);
}

export function b_trim(s: usize, c: usize): usize { return trimImpl("trim", s, c, true, true); }
export function b_trim_left(s: usize, c: usize): usize { return trimImpl("trim_left", s, c, true, false); }
export function b_trim_right(s: usize, c: usize): usize { return trimImpl("trim_right", s, c, false, true); }

export function b_trim_prefix(s: usize, x: usize): usize {
  if (!str2("trim_prefix", s, x)) return 0;
  const n = strLen(s), m = strLen(x);
  if (m <= n && memory.compare(strPtr(s), strPtr(x), m) == 0) return mkStr(strPtr(s) + m, n - m);
  return s;
}

export function b_trim_suffix(s: usize, x: usize): usize {
  if (!str2("trim_suffix", s, x)) return 0;
  const n = strLen(s), m = strLen(x);
  if (m <= n && memory.compare(strPtr(s) + n - m, strPtr(x), m) == 0) return mkStr(strPtr(s), n - m);
  return s;
}

export function b_trim_space(s: usize): usize {
  if (!str1("trim_space", s)) return 0;
  let p = strPtr(s), n = strLen(s);
  while (n > 0) {
    const x = utf8Decode(p, n);
    if (!isSpaceCp(x)) break;
    p += cpLen;
    n -= cpLen;
  }
  while (n > 0) {
    const st = lastCpStart(p, n);
    if (!isSpaceCp(utf8Decode(p + st, n - st))) break;
    n = st;
  }
  return mkStr(p, n);
}

export function b_strings_reverse(s: usize): usize {
  if (!str1("strings.reverse", s)) return 0;
  const p = strPtr(s), n = strLen(s);
  const out = alloc(n);
  let i: usize = 0;
  while (i < n) {
    utf8Decode(p + i, n - i);
    const l = cpLen;
    memory.copy(out + n - i - l, p + i, l);
    i += l;
  }
  return mkStr(out, n);
}

// string | array/set of strings -> checks each; returns false after reporting an error.
function eachStr(name: string, pos: i32, v: usize): bool {
  const t = tagOf(v);
  if (t == T_STRING) return true;
  if (t != T_ARRAY && t != T_SET) {
    errOneOf(name, pos, v, "string, set, array");
    return false;
  }
  const n = t == T_ARRAY ? arrLen(v) : tCount(v);
  for (let i: u32 = 0; i < n; i++) {
    const x = t == T_ARRAY ? arrGet(v, i) : tKey(v, i);
    if (tagOf(x) != T_STRING) {
      errElem(name, pos, v, x, "string");
      return false;
    }
  }
  return true;
}

function strsLen(v: usize): u32 {
  const t = tagOf(v);
  return t == T_STRING ? 1 : t == T_ARRAY ? arrLen(v) : tCount(v);
}
function strsAt(v: usize, i: u32): usize {
  const t = tagOf(v);
  return t == T_STRING ? v : t == T_ARRAY ? arrGet(v, i) : tKey(v, i);
}

function anyMatch(name: string, a: usize, b: usize, suffix: bool): usize {
  if (a == 0 || b == 0) return 0;
  if (!eachStr(name, 1, a) || !eachStr(name, 2, b)) return 0;
  const na = strsLen(a), nb = strsLen(b);
  for (let i: u32 = 0; i < na; i++) {
    const s = strsAt(a, i);
    for (let j: u32 = 0; j < nb; j++) {
      const x = strsAt(b, j);
      const m = strLen(x), n = strLen(s);
      if (m > n) continue;
      if (memory.compare(strPtr(s) + (suffix ? n - m : 0), strPtr(x), m) == 0) return mkBool(true);
    }
  }
  return mkBool(false);
}

export function b_strings_any_prefix_match(a: usize, b: usize): usize { return anyMatch("strings.any_prefix_match", a, b, false); }
export function b_strings_any_suffix_match(a: usize, b: usize): usize { return anyMatch("strings.any_suffix_match", a, b, true); }

export function b_strings_count(s: usize, x: usize): usize {
  if (!str2("strings.count", s, x)) return 0;
  const p = strPtr(s), n = strLen(s), m = strLen(x);
  if (m == 0) return mkInt(<i64>utf8Count(p, n) + 1);
  let c: i64 = 0;
  let from: usize = 0;
  while (true) {
    const i = bytesIndex(p, n, strPtr(x), m, from);
    if (i < 0) break;
    c++;
    from = <usize>i + m;
  }
  return mkInt(c);
}
