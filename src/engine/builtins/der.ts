// A minimal DER reader: enough ASN.1 to walk X.509 certificates and the keys inside JWT verification.
// node:crypto validates certificates (X509Certificate) but does not expose their structure (RDN types,
// extension values, key usage bits), which crypto.x509.parse_certificates must return as Go does.

export interface Der {
  tag: number; // full identifier octet (class | constructed | number), single-byte tags only
  start: number; // offset of the identifier octet in the buffer
  hdr: number; // header length
  len: number;
  buf: Uint8Array;
}

export class DerError extends Error {}

export function readDer(buf: Uint8Array, pos = 0): Der {
  if (pos + 2 > buf.length) throw new DerError("truncated");
  const tag = buf[pos]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError("high tag numbers are not supported");
  let len = buf[pos + 1]!;
  let hdr = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError("bad length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos + 2 + i]!;
    hdr += n;
  }
  if (pos + hdr + len > buf.length) throw new DerError("truncated");
  return { tag, start: pos, hdr, len, buf };
}

export const content = (d: Der) => d.buf.subarray(d.start + d.hdr, d.start + d.hdr + d.len);
export const raw = (d: Der) => d.buf.subarray(d.start, d.start + d.hdr + d.len);
export const end = (d: Der) => d.start + d.hdr + d.len;

/** The elements of a constructed value. */
export function children(d: Der): Der[] {
  const out: Der[] = [];
  let p = d.start + d.hdr;
  const stop = end(d);
  while (p < stop) {
    const c = readDer(d.buf, p);
    out.push(c);
    p = end(c);
  }
  return out;
}

export function oid(d: Der): number[] {
  const b = content(d);
  const out: number[] = [];
  let v = 0;
  for (let i = 0; i < b.length; i++) {
    v = v * 128 + (b[i]! & 0x7f);
    if (!(b[i]! & 0x80)) {
      if (out.length === 0) {
        const first = v < 80 ? Math.floor(v / 40) : 2;
        out.push(first, v - first * 40);
      } else out.push(v);
      v = 0;
    }
  }
  return out;
}

export function integer(d: Der): bigint {
  const b = content(d);
  if (b.length === 0) return 0n;
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  if (b[0]! & 0x80) v -= 1n << BigInt(b.length * 8);
  return v;
}

/** A BIT STRING's bytes, without the unused-bits octet. */
export function bitString(d: Der): { bytes: Uint8Array; unused: number } {
  const b = content(d);
  return { bytes: b.subarray(1), unused: b[0] ?? 0 };
}

const latin1 = new TextDecoder("latin1");
const utf8d = new TextDecoder();

/** ASN.1 string types as Go's encoding/asn1 returns them; undefined for non-string values. */
export function asn1String(d: Der): string | undefined {
  const b = content(d);
  switch (d.tag) {
    case 0x0c: // UTF8String
      return utf8d.decode(b);
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x12: // NumericString
      return latin1.decode(b);
    case 0x14: // T61String (Go treats it as Latin-1)
      return latin1.decode(b);
    case 0x1e: {
      // BMPString, UTF-16BE
      let s = "";
      for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
      return s;
    }
    default:
      return undefined;
  }
}

/** UTCTime / GeneralizedTime to epoch milliseconds plus the nanoseconds Go would keep. */
export function derTime(d: Der): { ms: number; frac: string } {
  const s = latin1.decode(content(d));
  let m: RegExpExecArray | null;
  if (d.tag === 0x17) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
    if (!m) throw new DerError("bad UTCTime");
    const yy = Number(m[1]);
    const year = yy < 50 ? 2000 + yy : 1900 + yy;
    return { ms: Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])), frac: "" };
  }
  m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(s);
  if (!m) throw new DerError("bad GeneralizedTime");
  const date = new Date(0);
  date.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  date.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), 0);
  return { ms: date.getTime(), frac: (m[7] ?? "").replace(/0+$/, "") };
}
