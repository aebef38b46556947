// crypto.* builtins, after OPA's topdown/crypto.go.
//
// Hashes, HMACs and key handling use node:crypto. crypto.x509.parse_certificates validates each certificate
// with node's X509Certificate and reads its structure with the small DER reader in der.ts, producing the
// JSON Go's encoding/json gives for x509.Certificate (what OPA returns). Filled from the certificate:
// Raw, RawTBSCertificate, RawSubjectPublicKeyInfo, RawSubject, RawIssuer, Signature, SignatureAlgorithm,
// PublicKeyAlgorithm, PublicKey (RSA {N, E}; ECDSA {Curve: {}, X, Y}; Ed25519 bytes), Version,
// SerialNumber, Issuer and Subject (Country, Organization, OrganizationalUnit, Locality, Province,
// StreetAddress, PostalCode, SerialNumber, CommonName, Names), NotBefore, NotAfter, KeyUsage, Extensions,
// UnhandledCriticalExtensions, ExtKeyUsage, UnknownExtKeyUsage, BasicConstraintsValid, IsCA, MaxPathLen,
// MaxPathLenZero, SubjectKeyId, AuthorityKeyId, OCSPServer, IssuingCertificateURL, DNSNames,
// EmailAddresses, IPAddresses, URIs, URIStrings, CRLDistributionPoints, PolicyIdentifiers, Policies.
// Always empty (null / false / 0): name constraints (Permitted*, Excluded*), ExtraExtensions, ExtraNames,
// PolicyMappings and the Inhibit*/RequireExplicit* policy constraints.

import {
  X509Certificate,
  createHash,
  createHmac,
  createPrivateKey,
  timingSafeEqual,
  type KeyObject,
} from "node:crypto";
import { GoError, bigNum, goBase64Decode, str } from "./common.js";
import { DerError, asn1String, bitString, children, content, derTime, integer, oid, raw, readDer, type Der } from "./der.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
export const b64 = (b: Uint8Array | undefined) => (b === undefined ? null : Buffer.from(b).toString("base64"));

function hash(alg: string) {
  return (s: unknown): string => createHash(alg).update(str(s, 1), "utf8").digest("hex");
}

function hmac(alg: string) {
  return (message: unknown, key: unknown): string => {
    const m = str(message, 1);
    const k = str(key, 2);
    return createHmac(alg, Buffer.from(k, "utf8")).update(m, "utf8").digest("hex");
  };
}

/** Go's hmac.Equal: constant time, false on different lengths. */
export function macEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

// --- PEM ----------------------------------------------------------------------------------------------

export interface PemBlock {
  type: string;
  bytes: Uint8Array;
}

/** Go's pem.Decode: the first well-formed block and the rest of the input. */
export function pemDecode(data: string): { block: PemBlock | undefined; rest: string } {
  let text = data;
  for (;;) {
    const begin = text.indexOf("-----BEGIN ");
    if (begin < 0) return { block: undefined, rest: data };
    const typeEnd = text.indexOf("-----", begin + 11);
    if (typeEnd < 0) return { block: undefined, rest: data };
    const type = text.slice(begin + 11, typeEnd);
    const lineEnd = text.indexOf("\n", typeEnd + 5);
    const after = text.slice(typeEnd + 5);
    if (!/^[ \t]*\r?\n/.test(after) || type.includes("\n")) {
      text = text.slice(begin + 11);
      continue;
    }
    const endMarker = `-----END ${type}-----`;
    const endIdx = text.indexOf(endMarker, lineEnd + 1);
    if (endIdx < 0) {
      text = text.slice(begin + 11);
      continue;
    }
    let body = text.slice(lineEnd + 1, endIdx);
    // Optional RFC 1421 headers end with a blank line.
    if (/^[^\n]*:/.test(body)) body = body.slice(body.search(/\r?\n\r?\n/) + 1);
    const cleaned = body.replace(/[ \t\r\n]/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(cleaned) || cleaned.length % 4 !== 0) {
      text = text.slice(begin + 11);
      continue;
    }
    let rest = text.slice(endIdx + endMarker.length);
    rest = rest.replace(/^[ \t]*\r?\n/, "");
    return { block: { type, bytes: new Uint8Array(Buffer.from(cleaned, "base64")) }, rest };
  }
}

// --- X.509 ----------------------------------------------------------------------------------------------

export const oidStr = (o: number[]) => o.join(".");

const SIG_ALGS: Record<string, number> = {
  "1.2.840.113549.1.1.2": 1,
  "1.2.840.113549.1.1.4": 2,
  "1.2.840.113549.1.1.5": 3,
  "1.2.840.113549.1.1.11": 4,
  "1.2.840.113549.1.1.12": 5,
  "1.2.840.113549.1.1.13": 6,
  "1.2.840.10040.4.3": 7,
  "2.16.840.1.101.3.4.3.2": 8,
  "1.2.840.10045.4.1": 9,
  "1.2.840.10045.4.3.2": 10,
  "1.2.840.10045.4.3.3": 11,
  "1.2.840.10045.4.3.4": 12,
  "1.3.101.112": 16,
};
const PSS_HASH: Record<string, number> = {
  "2.16.840.1.101.3.4.2.1": 13,
  "2.16.840.1.101.3.4.2.2": 14,
  "2.16.840.1.101.3.4.2.3": 15,
};
const PK_ALGS: Record<string, number> = {
  "1.2.840.113549.1.1.1": 1,
  "1.2.840.10040.4.1": 2,
  "1.2.840.10045.2.1": 3,
  "1.3.101.112": 4,
};
const EXT_KEY_USAGE: Record<string, number> = {
  "2.5.29.37.0": 0,
  "1.3.6.1.5.5.7.3.1": 1,
  "1.3.6.1.5.5.7.3.2": 2,
  "1.3.6.1.5.5.7.3.3": 3,
  "1.3.6.1.5.5.7.3.4": 4,
  "1.3.6.1.5.5.7.3.5": 5,
  "1.3.6.1.5.5.7.3.6": 6,
  "1.3.6.1.5.5.7.3.7": 7,
  "1.3.6.1.5.5.7.3.8": 8,
  "1.3.6.1.5.5.7.3.9": 9,
  "1.3.6.1.4.1.311.10.3.3": 10,
  "2.16.840.1.113730.4.1": 11,
  "1.3.6.1.4.1.311.2.1.22": 12,
  "1.3.6.1.4.1.311.61.1.1": 13,
};
// The extensions Go's parser handles (a critical one of any other kind is "unhandled" and fails Verify),
// including name constraints and the policy extensions whose content this parser does not read.
const HANDLED_EXTENSIONS = new Set([
  "2.5.29.14",
  "2.5.29.15",
  "2.5.29.17",
  "2.5.29.19",
  "2.5.29.30",
  "2.5.29.31",
  "2.5.29.32",
  "2.5.29.33",
  "2.5.29.35",
  "2.5.29.36",
  "2.5.29.37",
  "2.5.29.54",
  "1.3.6.1.5.5.7.1.1",
]);

export function signatureAlgorithm(algId: Der): number {
  const [algOid, params] = children(algId);
  const o = oidStr(oid(algOid!));
  if (o === "1.2.840.113549.1.1.10" && params) {
    // RSASSA-PSS-params: [0] hashAlgorithm
    const hashAlg = children(params).find((c) => c.tag === 0xa0);
    if (hashAlg) return PSS_HASH[oidStr(oid(children(children(hashAlg)[0]!)[0]!))] ?? 0;
    return 0;
  }
  return SIG_ALGS[o] ?? 0;
}

interface PkixName {
  Country: string[] | null;
  Organization: string[] | null;
  OrganizationalUnit: string[] | null;
  Locality: string[] | null;
  Province: string[] | null;
  StreetAddress: string[] | null;
  PostalCode: string[] | null;
  SerialNumber: string;
  CommonName: string;
  Names: { Type: number[]; Value: unknown }[] | null;
  ExtraNames: null;
}

export function pkixName(name: Der): PkixName {
  const n: PkixName = {
    Country: null,
    Organization: null,
    OrganizationalUnit: null,
    Locality: null,
    Province: null,
    StreetAddress: null,
    PostalCode: null,
    SerialNumber: "",
    CommonName: "",
    Names: null,
    ExtraNames: null,
  };
  const push = (k: keyof PkixName, v: string) => {
    const list = (n[k] as string[] | null) ?? [];
    list.push(v);
    (n as unknown as Record<string, unknown>)[k] = list;
  };
  for (const rdn of children(name)) {
    for (const atv of children(rdn)) {
      const [t, v] = children(atv);
      const type = oid(t!);
      const value = asn1String(v!);
      (n.Names ??= []).push({ Type: type, Value: value ?? b64(content(v!)) });
      if (value === undefined) continue;
      if (type.length === 4 && type[0] === 2 && type[1] === 5 && type[2] === 4) {
        switch (type[3]) {
          case 3:
            n.CommonName = value;
            break;
          case 5:
            n.SerialNumber = value;
            break;
          case 6:
            push("Country", value);
            break;
          case 7:
            push("Locality", value);
            break;
          case 8:
            push("Province", value);
            break;
          case 9:
            push("StreetAddress", value);
            break;
          case 10:
            push("Organization", value);
            break;
          case 11:
            push("OrganizationalUnit", value);
            break;
          case 17:
            push("PostalCode", value);
            break;
        }
      }
    }
  }
  return n;
}

/** time.Time's JSON: RFC 3339 with nanoseconds trimmed, in UTC. */
export function goTimeJSON(d: Der): string {
  const { ms, frac } = derTime(d);
  const iso = new Date(ms).toISOString().replace(/\.\d{3}Z$/, "");
  const year = new Date(ms).getUTCFullYear();
  const text = year >= 0 && year <= 9999 ? iso.replace(/^[+-]0*(\d{4})/, "$1") : iso;
  return `${text}${frac ? "." + frac.slice(0, 9) : ""}Z`;
}

function ipText(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join(".");
  if (b.length === 16) {
    const isV4 = b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
    if (isV4) return Array.from(b.subarray(12)).join(".");
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
    // RFC 5952: compress the longest run (first on ties) of two or more zero groups
    let best = -1;
    let bestLen = 1;
    for (let i = 0; i < 8; ) {
      if (groups[i] !== "0") {
        i++;
        continue;
      }
      let j = i;
      while (j < 8 && groups[j] === "0") j++;
      if (j - i > bestLen) {
        best = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (best < 0) return groups.join(":");
    return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
  }
  return "?" + hex(b);
}

/** url.URL's JSON for a SAN URI (parsed with WHATWG URL, the fields Go fills for absolute URIs). */
function urlJSON(u: string): Record<string, unknown> {
  let parsed: URL | undefined;
  try {
    parsed = new URL(u);
  } catch {
    parsed = undefined;
  }
  const opaque = parsed !== undefined && !/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(u);
  return {
    Scheme: parsed?.protocol.replace(/:$/, "") ?? "",
    Opaque: opaque && parsed ? u.slice(parsed.protocol.length).replace(/[?#].*$/, "") : "",
    User: null,
    Host: opaque ? "" : (parsed?.host ?? ""),
    Path: opaque ? "" : decodeURIComponent(parsed?.pathname === "/" && !/^[^:]+:\/\/[^/]*\//.test(u) ? "" : (parsed?.pathname ?? "")),
    RawPath: "",
    OmitHost: false,
    ForceQuery: false,
    RawQuery: parsed?.search.replace(/^\?/, "") ?? "",
    Fragment: decodeURIComponent(parsed?.hash.replace(/^#/, "") ?? ""),
    RawFragment: "",
  };
}

/** Go's PublicKeyAlgorithm and the JSON of its parsed PublicKey (RSA {N, E}; ECDSA {Curve, X, Y}; Ed25519 bytes). */
export function publicKeyInfo(spki: Der): { PublicKeyAlgorithm: number; PublicKey: unknown } {
  const [pkAlgId, pkBits] = children(spki);
  const pkAlg = PK_ALGS[oidStr(oid(children(pkAlgId!)[0]!))] ?? 0;
  const keyBytes = bitString(pkBits!).bytes;
  let publicKey: unknown = null;
  if (pkAlg === 1) {
    const [n, e] = children(readDer(keyBytes));
    publicKey = { N: bigNum(integer(n!)), E: Number(integer(e!)) };
  } else if (pkAlg === 3 && keyBytes[0] === 4) {
    const half = (keyBytes.length - 1) / 2;
    publicKey = { Curve: {}, X: bigNum(bytesToBigInt(keyBytes.subarray(1, 1 + half))), Y: bigNum(bytesToBigInt(keyBytes.subarray(1 + half))) };
  } else if (pkAlg === 4) {
    publicKey = b64(keyBytes);
  }
  return { PublicKeyAlgorithm: pkAlg, PublicKey: publicKey };
}

export const bytesToBigInt = (b: Uint8Array) => BigInt("0x" + (hex(b) || "0"));

/** Appends a list value to `out[k]` (Go's nil slice is null until the first element). */
function addTo(out: Record<string, unknown>, k: string, v: unknown): void {
  const list = (out[k] as unknown[] | null) ?? [];
  list.push(v);
  out[k] = list;
}

/**
 * The subjectAltName extension's names into DNSNames, EmailAddresses, IPAddresses, URIs, and URIStrings
 * when `out` has that field (OPA adds it to certificates only, not to certificate requests).
 */
export function addSubjectAltNames(out: Record<string, unknown>, value: Uint8Array): void {
  const latin = (d: Der) => Buffer.from(content(d)).toString("latin1");
  for (const gn of children(readDer(value))) {
    const tag = gn.tag & 0x1f;
    if (tag === 1) addTo(out, "EmailAddresses", latin(gn));
    else if (tag === 2) addTo(out, "DNSNames", latin(gn));
    else if (tag === 6) {
      addTo(out, "URIs", urlJSON(latin(gn)));
      if ("URIStrings" in out) addTo(out, "URIStrings", latin(gn));
    } else if (tag === 7) addTo(out, "IPAddresses", ipText(content(gn)));
  }
}

function parseCertificate(derBytes: Uint8Array): Record<string, unknown> {
  try {
    new X509Certificate(Buffer.from(derBytes));
  } catch {
    throw new GoError("x509: malformed certificate");
  }
  const cert = readDer(derBytes);
  const [tbs, sigAlg, sigValue] = children(cert);
  const parts = children(tbs!);
  let i = 0;
  let version = 0;
  if (parts[0]!.tag === 0xa0) {
    version = Number(integer(children(parts[0]!)[0]!));
    i++;
  }
  const serial = parts[i++]!;
  i++; // signature algorithm (repeated outside)
  const issuer = parts[i++]!;
  const validity = parts[i++]!;
  const subject = parts[i++]!;
  const spki = parts[i++]!;
  const exts = parts.slice(i).find((p) => p.tag === 0xa3);
  const [notBefore, notAfter] = children(validity);

  const { PublicKeyAlgorithm: pkAlg, PublicKey: publicKey } = publicKeyInfo(spki);

  const out: Record<string, unknown> = {
    Raw: b64(raw(cert)),
    RawTBSCertificate: b64(raw(tbs!)),
    RawSubjectPublicKeyInfo: b64(raw(spki)),
    RawSubject: b64(raw(subject)),
    RawIssuer: b64(raw(issuer)),
    Signature: b64(bitString(sigValue!).bytes),
    SignatureAlgorithm: signatureAlgorithm(sigAlg!),
    PublicKeyAlgorithm: pkAlg,
    PublicKey: publicKey,
    Version: version + 1,
    SerialNumber: bigNum(integer(serial)),
    Issuer: pkixName(issuer),
    Subject: pkixName(subject),
    NotBefore: goTimeJSON(notBefore!),
    NotAfter: goTimeJSON(notAfter!),
    KeyUsage: 0,
    Extensions: null,
    ExtraExtensions: null,
    UnhandledCriticalExtensions: null,
    ExtKeyUsage: null,
    UnknownExtKeyUsage: null,
    BasicConstraintsValid: false,
    IsCA: false,
    MaxPathLen: 0,
    MaxPathLenZero: false,
    SubjectKeyId: null,
    AuthorityKeyId: null,
    OCSPServer: null,
    IssuingCertificateURL: null,
    DNSNames: null,
    EmailAddresses: null,
    IPAddresses: null,
    URIs: null,
    PermittedDNSDomainsCritical: false,
    PermittedDNSDomains: null,
    ExcludedDNSDomains: null,
    PermittedIPRanges: null,
    ExcludedIPRanges: null,
    PermittedEmailAddresses: null,
    ExcludedEmailAddresses: null,
    PermittedURIDomains: null,
    ExcludedURIDomains: null,
    CRLDistributionPoints: null,
    PolicyIdentifiers: null,
    Policies: null,
    InhibitAnyPolicy: 0,
    InhibitAnyPolicyZero: false,
    InhibitPolicyMapping: 0,
    InhibitPolicyMappingZero: false,
    RequireExplicitPolicy: 0,
    RequireExplicitPolicyZero: false,
    PolicyMappings: null,
    URIStrings: null,
  };
  const add = (k: string, v: unknown) => addTo(out, k, v);
  const generalNames = (seq: Der, fn: (tag: number, d: Der) => void) => {
    for (const gn of children(seq)) fn(gn.tag & 0x1f, gn);
  };
  const latin = (d: Der) => Buffer.from(content(d)).toString("latin1");

  for (const ext of exts ? children(children(exts)[0]!) : []) {
    const fields = children(ext);
    const id = oid(fields[0]!);
    const critical = fields.length === 3 && content(fields[1]!)[0] !== 0;
    const value = content(fields[fields.length - 1]!);
    add("Extensions", { Id: id, Critical: critical, Value: b64(value) });
    const o = oidStr(id);
    if (critical && !HANDLED_EXTENSIONS.has(o)) add("UnhandledCriticalExtensions", id);
    const v = () => readDer(value);
    switch (o) {
      case "2.5.29.15": {
        const { bytes } = bitString(v());
        let usage = 0;
        for (let bit = 0; bit < 9; bit++) {
          const byte = bytes[bit >> 3];
          if (byte !== undefined && (byte >> (7 - (bit & 7))) & 1) usage |= 1 << bit;
        }
        out.KeyUsage = usage;
        break;
      }
      case "2.5.29.19": {
        out.BasicConstraintsValid = true;
        let maxPathLen = -1;
        for (const c of children(v())) {
          if (c.tag === 0x01) out.IsCA = content(c)[0] !== 0;
          else if (c.tag === 0x02) maxPathLen = Number(integer(c));
        }
        out.MaxPathLen = maxPathLen;
        out.MaxPathLenZero = maxPathLen === 0;
        break;
      }
      case "2.5.29.17":
        addSubjectAltNames(out, value);
        break;
      case "2.5.29.37":
        for (const u of children(v())) {
          const k = oidStr(oid(u));
          if (EXT_KEY_USAGE[k] !== undefined) add("ExtKeyUsage", EXT_KEY_USAGE[k]);
          else add("UnknownExtKeyUsage", oid(u));
        }
        break;
      case "2.5.29.14":
        out.SubjectKeyId = b64(content(v()));
        break;
      case "2.5.29.35": {
        const keyId = children(v()).find((c) => c.tag === 0x80);
        if (keyId) out.AuthorityKeyId = b64(content(keyId));
        break;
      }
      case "1.3.6.1.5.5.7.1.1":
        for (const ad of children(v())) {
          const [method, location] = children(ad);
          if (!location || (location.tag & 0x1f) !== 6) continue;
          const m = oidStr(oid(method!));
          if (m === "1.3.6.1.5.5.7.48.1") add("OCSPServer", latin(location));
          else if (m === "1.3.6.1.5.5.7.48.2") add("IssuingCertificateURL", latin(location));
        }
        break;
      case "2.5.29.31":
        for (const dp of children(v())) {
          const dpName = children(dp).find((c) => c.tag === 0xa0);
          const fullName = dpName ? children(dpName).find((c) => c.tag === 0xa0) : undefined;
          if (fullName) generalNames(fullName, (tag, gn) => tag === 6 && add("CRLDistributionPoints", latin(gn)));
        }
        break;
      case "2.5.29.32":
        for (const pi of children(v())) {
          const id2 = oid(children(pi)[0]!);
          add("PolicyIdentifiers", id2);
          add("Policies", oidStr(id2));
        }
        break;
    }
  }
  return out;
}

/** x509.ParseCertificates over concatenated DER. */
export function parseCertificatesDer(b: Uint8Array): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let p = 0;
  while (p < b.length) {
    let d: Der;
    try {
      d = readDer(b, p);
    } catch {
      throw new GoError("x509: malformed certificate");
    }
    const next = d.start + d.hdr + d.len;
    try {
      out.push(parseCertificate(b.subarray(p, next)));
    } catch (e) {
      if (e instanceof DerError) throw new GoError("x509: malformed certificate");
      throw e;
    }
    p = next;
  }
  return out;
}

function certsFromPem(pem: string): Record<string, unknown>[] {
  const ders: Uint8Array[] = [];
  let rest = pem;
  while (rest.length > 0) {
    const { block, rest: r } = pemDecode(rest);
    if (block && block.type !== "CERTIFICATE") {
      throw new GoError(`PEM block type is '${block.type}', expected CERTIFICATE`);
    }
    if (!block) break;
    rest = r;
    ders.push(block.bytes);
  }
  return parseCertificatesDer(Buffer.concat(ders));
}

export function parseCertificates(input: string): Record<string, unknown>[] {
  if (input.startsWith("-----BEGIN")) return certsFromPem(input);
  const bytes = goBase64Decode(input);
  const text = Buffer.from(bytes).toString("latin1");
  if (text.startsWith("-----BEGIN")) return certsFromPem(Buffer.from(bytes).toString("utf8"));
  return parseCertificatesDer(bytes);
}

/** The public key of a DER certificate (for JWT verification). */
export function certificatePublicKey(der: Uint8Array): KeyObject {
  try {
    return new X509Certificate(Buffer.from(der)).publicKey;
  } catch {
    throw new GoError("failed to parse a PEM certificate: x509: malformed certificate");
  }
}

// --- private keys --------------------------------------------------------------------------------------

function parseRsaPrivateKey(input: unknown): unknown {
  let pemData = str(input, 1);
  if (pemData === "") throw new GoError("input PEM data was empty");
  if (!pemData.startsWith("-----BEGIN")) pemData = Buffer.from(goBase64Decode(pemData)).toString("utf8");
  let rest = pemData;
  for (;;) {
    const { block, rest: r } = pemDecode(rest);
    if (!block) return null;
    rest = r;
    const format = block.type === "RSA PRIVATE KEY" ? "pkcs1" : block.type === "PRIVATE KEY" ? "pkcs8" : block.type === "EC PRIVATE KEY" ? "sec1" : undefined;
    if (!format) continue;
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: Buffer.from(block.bytes), format: "der", type: format as "pkcs1" | "pkcs8" | "sec1" });
    } catch (e) {
      throw new GoError(`x509: failed to parse private key (${(e as Error).message})`);
    }
    return key.export({ format: "jwk" });
  }
}

export const CRYPTO_BUILTINS = {
  "crypto.md5": hash("md5"),
  "crypto.sha1": hash("sha1"),
  "crypto.sha256": hash("sha256"),
  "crypto.hmac.md5": hmac("md5"),
  "crypto.hmac.sha1": hmac("sha1"),
  "crypto.hmac.sha256": hmac("sha256"),
  "crypto.hmac.sha512": hmac("sha512"),
  "crypto.hmac.equal": (a: unknown, b: unknown): boolean => {
    const x = str(a, 1);
    const y = str(b, 2);
    return macEqual(Buffer.from(x, "utf8"), Buffer.from(y, "utf8"));
  },
  "crypto.x509.parse_certificates": (input: unknown): unknown => parseCertificates(str(input, 1)),
  "crypto.x509.parse_rsa_private_key": parseRsaPrivateKey,
};
