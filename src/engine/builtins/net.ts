// net.cidr_* builtins, after OPA's topdown/cidr.go (Go's net.ParseCIDR / ParseIP / IPNet semantics).
//
// Uses the installed `ipaddr.js` to read and write addresses: its strict four-part decimal check is Go's
// IPv4 rule (no leading zeros, no short forms) and its IPv6 output is the RFC 5952 text Go prints. The
// IPNet logic on top (16-byte addresses, v4-in-v6, masks of 4 or 16 bytes, Contains, String) is Go's,
// reproduced on byte arrays so that "::ffff:10.0.0.0/104" and friends behave as in OPA.

import ipaddr from "ipaddr.js";
import { GoError, str } from "./common.js";

type IP = Uint8Array; // 4 or 16 bytes, as Go's net.IP
interface IPNet {
  ip: IP;
  mask: Uint8Array | null; // 4 or 16 bytes (null: Go's nil mask)
}

const V4_IN_V6 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function v4ToV6(b: number[]): IP {
  return Uint8Array.from([...V4_IN_V6, ...b]);
}

/** netip.ParseAddr without zones: the 16-byte form and the bit length (32 or 128). */
function parseAddr(s: string): { ip: IP; bits: number } | undefined {
  if (s.includes("%")) return undefined;
  if (!s.includes(":")) {
    if (!ipaddr.IPv4.isValidFourPartDecimal(s)) return undefined;
    return { ip: v4ToV6(ipaddr.IPv4.parse(s).toByteArray()), bits: 32 };
  }
  if (!ipaddr.IPv6.isValid(s)) return undefined;
  const dot = s.lastIndexOf(".");
  if (dot >= 0) {
    const tail = s.slice(s.lastIndexOf(":") + 1);
    if (!ipaddr.IPv4.isValidFourPartDecimal(tail)) return undefined;
  }
  return { ip: Uint8Array.from(ipaddr.IPv6.parse(s).toByteArray()), bits: 128 };
}

/** net.ParseIP: always 16 bytes. */
function parseIP(s: string): IP | undefined {
  return parseAddr(s)?.ip;
}

function cidrMask(ones: number, bits: number): Uint8Array {
  const m = new Uint8Array(bits / 8);
  for (let i = 0; i < m.length; i++) {
    const n = Math.max(0, Math.min(8, ones - i * 8));
    m[i] = (0xff << (8 - n)) & 0xff;
  }
  return m;
}

function to4(ip: IP): IP | undefined {
  if (ip.length === 4) return ip;
  if (ip.length === 16 && V4_IN_V6.every((b, i) => ip[i] === b)) return ip.subarray(12);
  return undefined;
}

/** net.IP.Mask. */
function maskIP(ip: IP, mask: Uint8Array): IP | undefined {
  let m = mask;
  let x = ip;
  if (m.length === 16 && x.length === 4 && m.subarray(0, 12).every((b) => b === 0xff)) m = m.subarray(12);
  if (m.length === 4 && x.length === 16 && V4_IN_V6.every((b, i) => x[i] === b)) x = x.subarray(12);
  if (m.length !== x.length) return undefined;
  return x.map((b, i) => b & m[i]!);
}

/** net.ParseCIDR, error text included. */
function parseCIDR(s: string): { ip: IP; net: IPNet } {
  const err = () => new GoError(`invalid CIDR address: ${s}`);
  const slash = s.indexOf("/");
  if (slash < 0) throw err();
  const addr = parseAddr(s.slice(0, slash));
  const maskText = s.slice(slash + 1);
  if (!addr || !/^[0-9]+$/.test(maskText)) throw err();
  // Go's dtoi: leading zeros are fine, values from 0xFFFFFF on are not
  let n = 0;
  for (const c of maskText) {
    n = n * 10 + Number(c);
    if (n >= 0xffffff) throw err();
  }
  if (n > addr.bits) throw err();
  const mask = cidrMask(n, addr.bits);
  return { ip: addr.ip, net: { ip: maskIP(addr.ip, mask)!, mask } };
}

function networkNumberAndMask(n: IPNet): { ip: IP; mask: Uint8Array } | undefined {
  let ip = to4(n.ip);
  if (!ip) {
    ip = n.ip;
    if (ip.length !== 16) return undefined;
  }
  let m = n.mask;
  if (!m) return undefined;
  if (m.length === 4) {
    if (ip.length !== 4) return undefined;
  } else if (m.length === 16) {
    if (ip.length === 4) m = m.subarray(12);
  } else return undefined;
  return { ip, mask: m };
}

/** net.IPNet.Contains. */
function contains(n: IPNet, ipIn: IP): boolean {
  const nm = networkNumberAndMask(n);
  if (!nm) return false;
  const ip = to4(ipIn) ?? ipIn;
  if (ip.length !== nm.ip.length) return false;
  for (let i = 0; i < ip.length; i++) if ((nm.ip[i]! & nm.mask[i]!) !== (ip[i]! & nm.mask[i]!)) return false;
  return true;
}

/** net.IP.String. */
function ipString(ip: IP): string {
  const v4 = to4(ip);
  if (v4) return Array.from(v4).join(".");
  if (ip.length !== 16) return "?";
  return ipaddr.fromByteArray(Array.from(ip)).toString();
}

function simpleMaskLength(m: Uint8Array): number {
  let n = 0;
  let i = 0;
  for (; i < m.length && m[i] === 0xff; i++) n += 8;
  if (i < m.length) {
    let v = m[i]!;
    while (v & 0x80) {
      n++;
      v = (v << 1) & 0xff;
    }
    if (v !== 0) return -1;
    for (i++; i < m.length; i++) if (m[i] !== 0) return -1;
  }
  return n;
}

/** net.IPNet.String. */
function netString(n: IPNet): string {
  const nm = networkNumberAndMask(n);
  if (!nm) return "<nil>";
  const l = simpleMaskLength(nm.mask);
  if (l === -1) return ipString(nm.ip) + "/" + Array.from(nm.mask, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${ipString(nm.ip)}/${l}`;
}

function lastIP(n: IPNet): IP {
  const nm = networkNumberAndMask(n);
  if (!nm) throw new GoError("CIDR mask is in non-standard format");
  const ones = simpleMaskLength(nm.mask);
  if (ones < 0) throw new GoError("CIDR mask is in non-standard format");
  const base = to4(n.ip) ?? n.ip;
  return base.map((b, i) => b | (~nm.mask[i]! & 0xff));
}

function netContains(a: unknown, b: unknown): boolean {
  const cidrA = parseCIDR(str(a, 1)).net;
  const bStr = str(b, 1);
  const ip = parseIP(bStr);
  if (ip) return contains(cidrA, ip);
  let cidrB: IPNet;
  try {
    cidrB = parseCIDR(bStr).net;
  } catch {
    throw new GoError(`not a valid textual representation of an IP address or CIDR: ${bStr}`);
  }
  if (!contains(cidrA, cidrB.ip)) return false;
  return contains(cidrA, lastIP(cidrB));
}

// --- net.cidr_expand -----------------------------------------------------------------------------------

/**
 * Beyond 2^20 addresses the set would not fit in memory; OPA would run until the query is cancelled, we
 * fail at once with OPA's cancellation wording.
 */
const CIDR_EXPAND_MAX_HOST_BITS = 20;

function expand(s: unknown): string[] {
  const text = str(s, 1);
  const { ip, net } = parseCIDR(text);
  const nm = networkNumberAndMask(net)!;
  const ones = simpleMaskLength(nm.mask);
  const hostBits = nm.mask.length * 8 - ones;
  if (hostBits > CIDR_EXPAND_MAX_HOST_BITS) {
    throw new GoError(`timed out before generating all IP addresses (${text} has 2^${hostBits} addresses)`);
  }
  const cur = maskIP(ip, net.mask!)!;
  const out: string[] = [];
  while (contains(net, cur)) {
    out.push(ipString(cur));
    let j = cur.length - 1;
    for (; j >= 0; j--) {
      cur[j] = (cur[j]! + 1) & 0xff;
      if (cur[j]! > 0) break;
    }
    if (j < 0) break;
  }
  return out;
}

// --- net.cidr_merge ------------------------------------------------------------------------------------

interface Range {
  first: bigint; // as 128-bit integers over 16-byte (v4-mapped) addresses
  last: bigint;
  network: IPNet | null;
}

const toBig = (b: Uint8Array) => b.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
const fromBig = (v: bigint): Uint8Array => {
  const out = new Uint8Array(16);
  for (let i = 15; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
};
const V4_BASE = 0xffffn << 32n;

/** generateIPNet: an IP (IPv4 gets its classful default mask, as Go's ip.DefaultMask()) or a CIDR. */
function generateIPNet(e: unknown): IPNet {
  if (typeof e !== "string") throw new GoError("element must be string");
  const ip = parseIP(e);
  if (!ip) return parseCIDR(e).net;
  const v4 = to4(ip);
  if (!v4) throw new GoError("IPv6 invalid: needs prefix length");
  const a = v4[0]!;
  const mask = a < 0x80 ? cidrMask(8, 32) : a < 0xc0 ? cidrMask(16, 32) : a < 0xe0 ? cidrMask(24, 32) : null;
  return { ip, mask };
}

function addressRange(n: IPNet): [bigint, bigint] | undefined {
  if (!n.mask) return undefined;
  const first = maskIP(n.ip, n.mask);
  if (!first) return undefined;
  const f16 = first.length === 4 ? v4ToV6(Array.from(first)) : first;
  const l16 = Uint8Array.from(f16);
  for (let i = 0; i < n.mask.length; i++) l16[15 - i]! |= ~n.mask[n.mask.length - 1 - i]! & 0xff;
  return [toBig(f16), toBig(l16)];
}

/** The minimal list of aligned CIDR blocks covering [first, last] (what cilium's RangeToCIDRs yields). */
function rangeToCIDRs(first: bigint, last: bigint): string[] {
  const isV4 = first >= V4_BASE && last <= V4_BASE + 0xffffffffn;
  const bits = isV4 ? 32 : 128;
  const base = isV4 ? V4_BASE : 0n;
  let lo = first - base;
  const hi = last - base;
  const out: string[] = [];
  while (lo <= hi) {
    let size = 0;
    while (size < bits && (lo & ((1n << BigInt(size + 1)) - 1n)) === 0n && lo + (1n << BigInt(size + 1)) - 1n <= hi) size++;
    const ip = fromBig(lo + base);
    out.push(`${ipString(isV4 ? ip.subarray(12) : ip)}/${bits - size}`);
    lo += 1n << BigInt(size);
  }
  return out;
}

function merge(v: unknown): string[] {
  if (!Array.isArray(v)) throw new GoError("operand must be an array");
  const networks = v.map(generateIPNet);
  const ranges: Range[] = [];
  const unrangeable: IPNet[] = [];
  for (const n of networks) {
    const r = addressRange(n);
    if (r) ranges.push({ first: r[0], last: r[1], network: n });
    else unrangeable.push(n);
  }
  ranges.sort((a, b) => (a.last !== b.last ? (a.last < b.last ? -1 : 1) : a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  for (let i = ranges.length - 1; i > 0; i--) {
    const cur = ranges[i]!;
    const prev = ranges[i - 1]!;
    const previousIP = cur.first === 0n || cur.first === V4_BASE ? cur.first : cur.first - 1n;
    if (previousIP <= prev.last) {
      ranges[i - 1] = { first: prev.first < cur.first ? prev.first : cur.first, last: cur.last, network: null };
      ranges.splice(i, 1);
    }
  }
  const out = new Set<string>();
  for (const r of ranges) {
    if (r.network) out.add(netString(r.network));
    else for (const c of rangeToCIDRs(r.first, r.last)) out.add(c);
  }
  for (const n of unrangeable) out.add(netString(n));
  return [...out].sort();
}

export const NET_BUILTINS = {
  "net.cidr_contains": netContains,
  "net.cidr_overlap": netContains,
  "net.cidr_intersects": (a: unknown, b: unknown): boolean => {
    const na = parseCIDR(str(a, 1)).net;
    const nb = parseCIDR(str(b, 1)).net;
    return contains(na, nb.ip) || contains(nb, na.ip);
  },
  "net.cidr_expand": expand,
  "net.cidr_merge": merge,
  "net.cidr_is_valid": (s: unknown): boolean => {
    if (typeof s !== "string") return false;
    try {
      parseCIDR(s);
      return true;
    } catch {
      return false;
    }
  },
};
