// uuid.rfc4122 and uuid.parse, after OPA's topdown/uuid.go and internal/uuid (google/uuid's Parse).
//
// uuid.rfc4122 uses the installed `uuid` package (v4 from a CSPRNG, the same shape as OPA's), cached per
// key for the evaluation under way as OPA does. uuid.parse follows google/uuid's accepted forms (plain,
// braced, urn:uuid:, 32 hex digits) and OPA's decoding of versions 1 and 2, which the `uuid` package's
// stricter parse() does not cover.

import { v4 as uuidv4 } from "uuid";
import { evaluation } from "./context.js";
import { bigNum, str, utf8 } from "./common.js";

function xtob(a: number, b: number): number | undefined {
  const h = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1);
  const x = h(a);
  const y = h(b);
  return x < 0 || y < 0 ? undefined : (x << 4) | y;
}

/** google/uuid Parse: 16 bytes, or undefined when the text is not a UUID. */
export function parseUUID(s: string): Uint8Array | undefined {
  let b = utf8(s);
  const out = new Uint8Array(16);
  switch (b.length) {
    case 36:
      break;
    case 45:
      if (new TextDecoder().decode(b.subarray(0, 9)).toLowerCase() !== "urn:uuid:") return undefined;
      b = b.subarray(9);
      break;
    case 38:
      b = b.subarray(1);
      break;
    case 32:
      for (let i = 0; i < 16; i++) {
        const v = xtob(b[i * 2]!, b[i * 2 + 1]!);
        if (v === undefined) return undefined;
        out[i] = v;
      }
      return out;
    default:
      return undefined;
  }
  if (b[8] !== 45 || b[13] !== 45 || b[18] !== 45 || b[23] !== 45) return undefined;
  const offsets = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
  for (let i = 0; i < 16; i++) {
    const v = xtob(b[offsets[i]!]!, b[offsets[i]! + 1]!);
    if (v === undefined) return undefined;
    out[i] = v;
  }
  return out;
}

function variant(u: Uint8Array): string {
  const b = u[8]!;
  if ((b & 0xc0) === 0x80) return "RFC4122";
  if ((b & 0xe0) === 0xc0) return "Microsoft";
  if ((b & 0xe0) === 0xe0) return "Future";
  return "Reserved";
}

function macVars(b: number): string {
  if ((b & 0b11) === 0b11) return "local:multicast";
  if ((b & 0b01) === 0b01) return "global:multicast";
  if ((b & 0b10) === 0b10) return "local:unicast";
  return "global:unicast";
}

const G1582NS100 = 122192928000000000n; // 100ns intervals between 1582-10-15 and 1970-01-01

function uuidParse(s: unknown): unknown {
  const u = parseUUID(str(s, 1));
  if (!u) return undefined;
  const version = u[6]! >> 4;
  const out: Record<string, unknown> = { version, variant: variant(u) };
  if (version === 1 || version === 2) {
    const be = (i: number, n: number) => u.subarray(i, i + n).reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
    const t = be(0, 4) | (be(4, 2) << 32n) | ((be(6, 2) & 0xfffn) << 48n);
    const d = t - G1582NS100;
    // Go: sec = d / 1e7 and nsec = (d % 1e7) * 100, both truncated toward zero.
    out.time = bigNum((d / 10_000_000n) * 1_000_000_000n + (d % 10_000_000n) * 100n);
    const node = u.subarray(10, 16);
    out.nodeid = Array.from(node, (x) => x.toString(16).padStart(2, "0")).join("-");
    out.macvariables = macVars(node[0]!);
    out.clocksequence = Number(be(8, 2) & 0x3fffn);
    if (version === 2) {
      out.id = Number(be(0, 4));
      const dom = u[9]!;
      out.domain = dom === 0 ? "Person" : dom === 1 ? "Group" : dom === 2 ? "Org" : `Domain${dom}`;
    }
  }
  return out;
}

export const UUID_BUILTINS = {
  "uuid.rfc4122": (k: unknown): string => {
    const key = JSON.stringify(k);
    const cache = evaluation().uuids;
    let v = cache.get(key);
    if (v === undefined) {
      v = uuidv4();
      cache.set(key, v);
    }
    return v;
  },
  "uuid.parse": uuidParse,
};
