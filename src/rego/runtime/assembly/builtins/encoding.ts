// json.*, base64*, hex.* builtins.
import { alloc } from "../alloc";
import { CODE_BUILTIN, isStrict, msgByte, msgInt, msgLit, msgRaise, msgStart } from "../error";
import { jsonMarshal, jsonParse } from "../json";
import { T_STRING, mkBool, mkStr, strLen, strPtr, tagOf } from "../value";
import { errType } from "./common";

export function b_json_marshal(v: usize): usize {
  return v ? jsonMarshal(v) : 0;
}

export function b_json_unmarshal(s: usize): usize {
  if (s == 0) return 0;
  if (tagOf(s) != T_STRING) return errType("json.unmarshal", 1, s, "string");
  const v = jsonParse(strPtr(s), strLen(s));
  if (v == 0 && isStrict()) {
    msgStart(CODE_BUILTIN);
    msgLit("json.unmarshal: invalid JSON");
    msgRaise();
  }
  return v;
}

export function b_json_is_valid(s: usize): usize {
  if (s == 0) return 0;
  if (tagOf(s) != T_STRING) return mkBool(false);
  return mkBool(jsonParse(strPtr(s), strLen(s)) != 0);
}

// ---- base64

const STD: usize = memory.data<u8>([
  65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90,
  97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117,
  118, 119, 120, 121, 122, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 43, 47,
]);

// @ts-ignore: decorator
@inline function alpha(i: u32, url: bool): u32 {
  const c = <u32>load<u8>(STD + i);
  if (url) {
    if (c == 43) return 45;
    if (c == 47) return 95;
  }
  return c;
}

function encode(s: usize, url: bool, pad: bool): usize {
  const p = strPtr(s), n = strLen(s);
  const out = alloc(((n + 2) / 3) * 4);
  let k: usize = 0;
  let i: usize = 0;
  for (; i + 3 <= n; i += 3) {
    const v = (<u32>load<u8>(p + i) << 16) | (<u32>load<u8>(p + i + 1) << 8) | <u32>load<u8>(p + i + 2);
    store<u8>(out + k++, <u8>alpha(v >> 18, url));
    store<u8>(out + k++, <u8>alpha((v >> 12) & 63, url));
    store<u8>(out + k++, <u8>alpha((v >> 6) & 63, url));
    store<u8>(out + k++, <u8>alpha(v & 63, url));
  }
  const r = n - i;
  if (r > 0) {
    let v = <u32>load<u8>(p + i) << 16;
    if (r == 2) v |= <u32>load<u8>(p + i + 1) << 8;
    store<u8>(out + k++, <u8>alpha(v >> 18, url));
    store<u8>(out + k++, <u8>alpha((v >> 12) & 63, url));
    if (r == 2) store<u8>(out + k++, <u8>alpha((v >> 6) & 63, url));
    else if (pad) store<u8>(out + k++, 61);
    if (pad) store<u8>(out + k++, 61);
  }
  return mkStr(out, k);
}

function strArg(name: string, s: usize): bool {
  if (s == 0) return false;
  if (tagOf(s) != T_STRING) {
    errType(name, 1, s, "string");
    return false;
  }
  return true;
}

export function b_base64_encode(s: usize): usize { return strArg("base64.encode", s) ? encode(s, false, true) : 0; }
export function b_base64url_encode(s: usize): usize { return strArg("base64url.encode", s) ? encode(s, true, true) : 0; }
export function b_base64url_encode_no_pad(s: usize): usize { return strArg("base64url.encode_no_pad", s) ? encode(s, true, false) : 0; }

function sextet(c: u32, url: bool): i32 {
  if (c >= 65 && c <= 90) return <i32>c - 65;
  if (c >= 97 && c <= 122) return <i32>c - 71;
  if (c >= 48 && c <= 57) return <i32>c + 4;
  if (c == (url ? 45 : 43)) return 62;
  if (c == (url ? 95 : 47)) return 63;
  return -1;
}

export let decErrAt: i64 = -1;

// Go's base64 decoding (newlines ignored). padMode 1: padding required; 0: padding optional.
// Returns the decoded string, or 0 with decErrAt set to the offending input byte.
function decode(s: usize, url: bool, padMode: i32): usize {
  const p = strPtr(s), n = strLen(s);
  const out = alloc((n / 4 + 1) * 3);
  let k: usize = 0;
  let acc: u32 = 0;
  let j: i32 = 0; // sextets in the current quantum
  let i: usize = 0;
  decErrAt = -1;
  while (i < n) {
    const c = <u32>load<u8>(p + i);
    if (c == 10 || c == 13) {
      i++;
      continue;
    }
    if (c == 61) {
      // Padding: only after 2 or 3 sextets, and must complete the quantum and end the input.
      if (j < 2) {
        decErrAt = <i64>i;
        return 0;
      }
      let need = 4 - j;
      let q = i;
      while (need > 0 && q < n) {
        const d = load<u8>(p + q);
        if (d == 10 || d == 13) {
          q++;
          continue;
        }
        if (d != 61) {
          decErrAt = <i64>q;
          return 0;
        }
        need--;
        q++;
      }
      if (need > 0) {
        decErrAt = <i64>n;
        return 0;
      }
      while (q < n && (load<u8>(p + q) == 10 || load<u8>(p + q) == 13)) q++;
      if (q < n) {
        decErrAt = <i64>q;
        return 0;
      }
      break;
    }
    const v = sextet(c, url);
    if (v < 0) {
      decErrAt = <i64>i;
      return 0;
    }
    acc = (acc << 6) | <u32>v;
    j++;
    if (j == 4) {
      store<u8>(out + k++, <u8>(acc >> 16));
      store<u8>(out + k++, <u8>(acc >> 8));
      store<u8>(out + k++, <u8>acc);
      acc = 0;
      j = 0;
    }
    i++;
  }
  if (j == 1) {
    decErrAt = <i64>(n - 1);
    return 0;
  }
  if (j > 0 && i >= n && padMode == 1) {
    decErrAt = <i64>n - j;
    return 0;
  }
  if (j == 2) store<u8>(out + k++, <u8>(acc >> 4));
  else if (j == 3) {
    store<u8>(out + k++, <u8>(acc >> 10));
    store<u8>(out + k++, <u8>(acc >> 2));
  }
  return mkStr(out, k);
}

function decodeErr(name: string): usize {
  if (!isStrict()) return 0;
  msgStart(CODE_BUILTIN);
  msgLit(name);
  msgLit(": illegal base64 data at input byte ");
  msgInt(decErrAt);
  msgRaise();
  return 0;
}

export function b_base64_decode(s: usize): usize {
  if (!strArg("base64.decode", s)) return 0;
  const v = decode(s, false, 1);
  return v ? v : decodeErr("base64.decode");
}

export function b_base64_is_valid(s: usize): usize {
  if (s == 0) return 0;
  if (tagOf(s) != T_STRING) return errType("base64.is_valid", 1, s, "string");
  return mkBool(decode(s, false, 1) != 0);
}

// Accepts input with or without padding, as OPA does.
export function b_base64url_decode(s: usize): usize {
  if (!strArg("base64url.decode", s)) return 0;
  const v = decode(s, true, 0);
  return v ? v : decodeErr("base64url.decode");
}

// ---- hex

export function b_hex_encode(s: usize): usize {
  if (!strArg("hex.encode", s)) return 0;
  const p = strPtr(s), n = strLen(s);
  const out = alloc(n * 2);
  for (let i: usize = 0; i < n; i++) {
    const c = <u32>load<u8>(p + i);
    const hi = c >> 4, lo = c & 15;
    store<u8>(out + 2 * i, <u8>(hi < 10 ? 48 + hi : 87 + hi));
    store<u8>(out + 2 * i + 1, <u8>(lo < 10 ? 48 + lo : 87 + lo));
  }
  return mkStr(out, n * 2);
}

function nib(c: u32): i32 {
  if (c >= 48 && c <= 57) return <i32>c - 48;
  if (c >= 97 && c <= 102) return <i32>c - 87;
  if (c >= 65 && c <= 70) return <i32>c - 55;
  return -1;
}

function hexErrByte(c: u32): usize {
  if (!isStrict()) return 0;
  msgStart(CODE_BUILTIN);
  msgLit("hex.decode: encoding/hex: invalid byte: U+00");
  const H = "0123456789ABCDEF";
  msgByte(<u32>H.charCodeAt(c >> 4));
  msgByte(<u32>H.charCodeAt(c & 15));
  if (c >= 0x20 && c < 0x7f) {
    msgLit(" '");
    msgByte(c);
    msgLit("'");
  }
  msgRaise();
  return 0;
}

export function b_hex_decode(s: usize): usize {
  if (!strArg("hex.decode", s)) return 0;
  const p = strPtr(s), n = strLen(s);
  const out = alloc(n / 2 + 1);
  let i: usize = 0;
  for (; i + 1 < n; i += 2) {
    const a = <u32>load<u8>(p + i), b = <u32>load<u8>(p + i + 1);
    if (nib(a) < 0) return hexErrByte(a);
    if (nib(b) < 0) return hexErrByte(b);
    store<u8>(out + i / 2, <u8>((nib(a) << 4) | nib(b)));
  }
  if (n % 2 == 1) {
    const c = <u32>load<u8>(p + n - 1);
    if (nib(c) < 0) return hexErrByte(c);
    if (!isStrict()) return 0;
    msgStart(CODE_BUILTIN);
    msgLit("hex.decode: encoding/hex: odd length hex string");
    msgRaise();
    return 0;
  }
  return mkStr(out, n / 2);
}
