// net.cidr_contains_matches inside Wasm, after OPA's topdown/cidr.go, so that a set operand reports
// its elements (not array positions) as match keys. Addresses and prefixes follow Go's net.ParseIP /
// net.ParseCIDR (netip's strict IPv4 and IPv6 syntax, no zones) and net.IPNet.Contains on 4- and
// 16-byte forms, as the host's other net.cidr_* builtins do.
import { CODE_BUILTIN, isStrict, msgBytes, msgInt, msgLit, msgRaise, msgStart } from "../error";
import { mkSet, setAdd, tCount, tKey, tVal } from "../collections";
import { T_ARRAY, T_OBJECT, T_SET, T_STRING, arrGet, arrLen, arrPush, mkArray, mkInt, strLen, strPtr, tagOf } from "../value";

// An IPNet: ip bytes at +0 (length at +16: 4 or 16), mask bytes at +20 (length at +36).
const NET_A = memory.data(40, 8);
const NET_B = memory.data(40, 8);
const IP_T = memory.data(20, 8); // a parsed address: 16 bytes, length at +16
const LAST = memory.data(20, 8);

let failed = false;

function failText(head: string, p: usize, n: usize): void {
  failed = true;
  if (!isStrict()) return;
  msgStart(CODE_BUILTIN);
  msgLit("net.cidr_contains_matches: ");
  msgLit(head);
  msgBytes(p, n);
  msgRaise();
}

// ---- netip.ParseAddr without zones: 16 bytes at out; returns 32, 128, or 0 when invalid.

function parseV4Fields(p: usize, n: usize, out: usize): bool {
  let val = 0, pos = 0, digLen = 0;
  for (let i: usize = 0; i < n; i++) {
    const c = <i32>load<u8>(p + i);
    if (c >= 48 && c <= 57) {
      if (digLen == 1 && val == 0) return false;
      val = val * 10 + c - 48;
      digLen++;
      if (val > 255) return false;
    } else if (c == 46) {
      if (i == 0 || i == n - 1 || load<u8>(p + i - 1) == 46) return false;
      if (pos == 3) return false;
      store<u8>(out + pos++, <u8>val);
      val = 0;
      digLen = 0;
    } else return false;
  }
  if (pos < 3) return false;
  store<u8>(out + 3, <u8>val);
  return true;
}

function hexVal(c: u32): i32 {
  if (c >= 48 && c <= 57) return <i32>c - 48;
  if (c >= 97 && c <= 102) return <i32>c - 87;
  if (c >= 65 && c <= 70) return <i32>c - 55;
  return -1;
}

function parseV6(p: usize, n: usize, ip: usize): bool {
  memory.fill(ip, 0, 16);
  let s = p;
  const end = p + n;
  let ellipsis = -1;
  if (n >= 2 && load<u8>(s) == 58 && load<u8>(s + 1) == 58) {
    ellipsis = 0;
    s += 2;
    if (s == end) return true;
  }
  let i = 0;
  while (i < 16) {
    let off: usize = 0;
    let acc: u32 = 0;
    for (; s + off < end; off++) {
      const h = hexVal(load<u8>(s + off));
      if (h < 0) break;
      acc = (acc << 4) + <u32>h;
      if (off > 3 || acc > 0xffff) return false;
    }
    if (off == 0) return false;
    if (s + off < end && load<u8>(s + off) == 46) {
      if (ellipsis < 0 && i != 12) return false;
      if (i + 4 > 16) return false;
      if (!parseV4Fields(s, end - s, ip + i)) return false;
      s = end;
      i += 4;
      break;
    }
    store<u8>(ip + i, <u8>(acc >> 8));
    store<u8>(ip + i + 1, <u8>acc);
    i += 2;
    s += off;
    if (s == end) break;
    if (load<u8>(s) != 58 || s + 1 == end) return false;
    s++;
    if (load<u8>(s) == 58) {
      if (ellipsis >= 0) return false;
      ellipsis = i;
      s++;
      if (s == end) break;
    }
  }
  if (s != end) return false;
  if (i < 16) {
    if (ellipsis < 0) return false;
    const k = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) store<u8>(ip + j + k, load<u8>(ip + j));
    memory.fill(ip + ellipsis, 0, k);
  } else if (ellipsis >= 0) return false;
  return true;
}

function parseAddr(p: usize, n: usize, ip: usize): i32 {
  for (let i: usize = 0; i < n; i++) {
    const c = load<u8>(p + i);
    if (c == 46) {
      memory.fill(ip, 0, 10);
      store<u8>(ip + 10, 0xff);
      store<u8>(ip + 11, 0xff);
      return parseV4Fields(p, n, ip + 12) ? 32 : 0;
    }
    if (c == 58) return parseV6(p, n, ip) ? 128 : 0;
    if (c == 37) return 0;
  }
  return 0;
}

// ---- net.IP / net.IPNet

function isV4InV6(ip: usize): bool {
  for (let i: usize = 0; i < 10; i++) if (load<u8>(ip + i) != 0) return false;
  return load<u8>(ip + 10) == 0xff && load<u8>(ip + 11) == 0xff;
}

// net.ParseCIDR into an IPNet at net; false when invalid.
function parseCIDR(p: usize, n: usize, net: usize): bool {
  let slash: usize = 0;
  while (slash < n && load<u8>(p + slash) != 47) slash++;
  if (slash == n) return false;
  const bits = parseAddr(p, slash, IP_T);
  if (bits == 0) return false;
  // dtoi: at least one digit, nothing after, below 0xFFFFFF.
  let ones = 0;
  const m = p + slash + 1, mn = n - slash - 1;
  if (mn == 0) return false;
  for (let i: usize = 0; i < mn; i++) {
    const c = <i32>load<u8>(m + i);
    if (c < 48 || c > 57) return false;
    ones = ones * 10 + c - 48;
    if (ones >= 0xffffff) return false;
  }
  if (ones > bits) return false;
  const mlen = bits >> 3;
  for (let i = 0; i < mlen; i++) {
    const k = ones - i * 8;
    const b: i32 = k >= 8 ? 0xff : k <= 0 ? 0 : (0xff << (8 - k)) & 0xff;
    store<u8>(net + 20 + i, <u8>b);
  }
  store<u8>(net + 36, <u8>mlen);
  // IP(16 bytes).Mask(mask): a 4-byte mask applies to the v4 tail.
  if (mlen == 4) {
    for (let i = 0; i < 4; i++) store<u8>(net + i, load<u8>(IP_T + 12 + i) & load<u8>(net + 20 + i));
    store<u8>(net + 16, 4);
  } else {
    for (let i = 0; i < 16; i++) store<u8>(net + i, load<u8>(IP_T + i) & load<u8>(net + 20 + i));
    store<u8>(net + 16, 16);
  }
  return true;
}

// Go's networkNumberAndMask: the network's address and mask in one family, an IPv4-in-IPv6 network
// taken as IPv4. Sets NET_IP, NET_LEN and NET_MASK; false when the mask's family does not fit.
let NET_IP: usize = 0;
let NET_LEN: i32 = 0;
let NET_MASK: usize = 0;
function networkNumberAndMask(net: usize): bool {
  NET_IP = net;
  NET_LEN = <i32>load<u8>(net + 16);
  if (NET_LEN == 16 && isV4InV6(net)) {
    NET_IP = net + 12;
    NET_LEN = 4;
  }
  NET_MASK = net + 20;
  if (<i32>load<u8>(net + 36) == 4) return NET_LEN == 4;
  if (NET_LEN == 4) NET_MASK += 12;
  return true;
}

// Contains: is the address (ip, len) in net?
function netContains(net: usize, ip: usize, ipLen: i32): bool {
  if (!networkNumberAndMask(net)) return false;
  let x = ip;
  let xlen = ipLen;
  if (xlen == 16 && isV4InV6(ip)) {
    x = ip + 12;
    xlen = 4;
  }
  if (xlen != NET_LEN) return false;
  for (let i = 0; i < xlen; i++) {
    const mb = load<u8>(NET_MASK + i);
    if ((load<u8>(NET_IP + i) & mb) != (load<u8>(x + i) & mb)) return false;
  }
  return true;
}

// The last address of net at LAST (length returned); -1 when its mask does not fit its address.
function lastIP(net: usize): i32 {
  if (!networkNumberAndMask(net)) return -1;
  for (let i = 0; i < NET_LEN; i++) store<u8>(LAST + i, load<u8>(NET_IP + i) | (~load<u8>(NET_MASK + i) & 0xff));
  return NET_LEN;
}

// cidrContains(a, b): b an address or a prefix wholly inside a.
function cidrContains(a: usize, b: usize): bool {
  if (!parseCIDR(strPtr(a), strLen(a), NET_A)) {
    failText("invalid CIDR address: ", strPtr(a), strLen(a));
    return false;
  }
  const bits = parseAddr(strPtr(b), strLen(b), IP_T);
  if (bits != 0) return netContains(NET_A, IP_T, 16);
  if (!parseCIDR(strPtr(b), strLen(b), NET_B)) {
    failText("not a valid textual representation of an IP address or CIDR: ", strPtr(b), strLen(b));
    return false;
  }
  if (!netContains(NET_A, NET_B, <i32>load<u8>(NET_B + 16))) return false;
  const n = lastIP(NET_B);
  return netContains(NET_A, LAST, n);
}

// ---- the builtin

// The CIDR of an operand element: a string, or the first element of a non-empty array.
function matchTerm(operand: i32, x: usize): usize {
  const t = tagOf(x);
  if (t == T_STRING) return x;
  if (t == T_ARRAY && arrLen(x) > 0) return arrGet(x, 0);
  failed = true;
  if (isStrict()) {
    msgStart(CODE_BUILTIN);
    msgLit("net.cidr_contains_matches: operand ");
    msgInt(operand);
    msgLit(": element must be string or non-empty array");
    msgRaise();
  }
  return 0;
}

// Elements of an operand as (cidr, key) pairs: strings are their own key, arrays by index, sets by
// element, objects by key, appended to cidrs / keys.
function operandPairs(operand: i32, v: usize, cidrs: usize, keys: usize): void {
  const t = tagOf(v);
  if (t == T_STRING) {
    arrPush(cidrs, v);
    arrPush(keys, v);
  } else if (t == T_ARRAY) {
    const n = arrLen(v);
    for (let i: u32 = 0; i < n; i++) {
      const c = matchTerm(operand, arrGet(v, i));
      if (failed) return;
      arrPush(cidrs, c);
      arrPush(keys, mkInt(i));
    }
  } else if (t == T_SET || t == T_OBJECT) {
    const n = tCount(v);
    for (let i: u32 = 0; i < n; i++) {
      const c = matchTerm(operand, t == T_SET ? tKey(v, i) : tVal(v, i));
      if (failed) return;
      arrPush(cidrs, c);
      arrPush(keys, tKey(v, i));
    }
  }
}

export function b_net_cidr_contains_matches(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  failed = false;
  const ca = mkArray(4), ka = mkArray(4), cb = mkArray(4), kb = mkArray(4);
  operandPairs(1, a, ca, ka);
  if (failed) return 0;
  // OPA walks operand 2 once per element of operand 1: with none, operand 2 is never looked at.
  if (arrLen(ca) == 0) return mkSet(0);
  operandPairs(2, b, cb, kb);
  if (failed) return 0;
  const out = mkSet(0);
  for (let i: u32 = 0; i < arrLen(ca); i++) {
    const x = arrGet(ca, i);
    if (tagOf(x) != T_STRING) continue;
    for (let j: u32 = 0; j < arrLen(cb); j++) {
      const y = arrGet(cb, j);
      if (tagOf(y) != T_STRING) continue;
      const hit = cidrContains(x, y);
      if (failed) return 0;
      if (hit) {
        const pair = mkArray(2);
        arrPush(pair, arrGet(ka, i));
        arrPush(pair, arrGet(kb, j));
        setAdd(out, pair);
      }
    }
  }
  return out;
}
