// The X.509 builtins beyond parse_certificates, after OPA's topdown/crypto.go:
//   crypto.x509.parse_and_verify_certificates(_with_options): Go's Certificate.Verify with the first
//     certificate as the only root, the last as the leaf and the others as intermediates.
//   crypto.x509.parse_keypair: Go's tls.X509KeyPair, as the JSON of tls.Certificate.
//   crypto.x509.parse_certificate_request: x509.ParseCertificateRequest, as the JSON of CertificateRequest.
//   crypto.parse_private_keys: every private key of a PEM text, as the JSON of Go's key structs.
// node:crypto checks signatures and parses keys; structure comes from the DER reader (der.ts).
//
// Verification follows Go's rules: validity periods at the evaluation's time.now_ns (so a decision re-run
// with a pinned clock verifies the same way), CA and key-usage constraints on issuers, path length,
// unhandled critical extensions, no MD5/SHA-1/DSA signatures, extended key usage along the chain
// (ServerAuth unless KeyUsages says otherwise) and, with DNSName, Go's host name matching.
// Not reproduced: name constraints and certificate policies, which Go also checks.

import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import ipaddr from "ipaddr.js";
import { GoError, RawNumber, bigNum, goBase64Decode, intOf, obj, str } from "./common.js";
import { evaluation } from "./context.js";
import {
  addSubjectAltNames, b64, bytesToBigInt, goTimeJSON, oidStr, parseCertificates, parseCertificatesDer, pemDecode,
  pkixName, publicKeyInfo, signatureAlgorithm,
} from "./crypto.js";
import { DerError, asn1String, bitString, children, content, integer, oid, raw, readDer, type Der } from "./der.js";

type Cert = Record<string, unknown>; // the JSON crypto.x509.parse_certificates returns

const derOf = (c: Cert) => Buffer.from(c.Raw as string, "base64");
const list = <T>(v: unknown) => (v as T[] | null) ?? [];

// --- chain verification ------------------------------------------------------------------------------

interface VerifyOptions {
  dnsName: string;
  nowNs?: bigint;
  keyUsages: number[]; // Go's ExtKeyUsage values; empty means ServerAuth
}

const EXT_KEY_USAGE_ANY = 0;
const EXT_KEY_USAGE_SERVER_AUTH = 1;
const KEY_USAGE_CERT_SIGN = 1 << 5;
// SHA-256/384/512 with RSA, ECDSA or RSA-PSS, and Ed25519: what Go's CheckSignature accepts (no MD5, SHA-1, DSA).
const SECURE_SIGNATURES = new Set([4, 5, 6, 10, 11, 12, 13, 14, 15, 16]);

const timeNs = (rfc3339: unknown) => BigInt(Date.parse(rfc3339 as string)) * 1_000_000n;

/** Go's isValid: the checks on one certificate given the chain below it (leaf first). */
function isValid(c: Cert, kind: "leaf" | "intermediate" | "root", chain: Cert[], nowNs: bigint): boolean {
  if (c.UnhandledCriticalExtensions !== null) return false;
  if (nowNs < timeNs(c.NotBefore) || nowNs > timeNs(c.NotAfter)) return false;
  if (kind === "intermediate" && (!c.BasicConstraintsValid || !c.IsCA)) return false;
  // MaxPathLen counts the intermediates below this certificate.
  return !(c.BasicConstraintsValid && (c.MaxPathLen as number) >= 0 && chain.length - 1 > (c.MaxPathLen as number));
}

/** Go's CheckSignatureFrom: parent may sign certificates, and its key verifies child's signature. */
function signedBy(child: Cert, parent: Cert): boolean {
  if ((parent.Version === 3 && !parent.BasicConstraintsValid) || (parent.BasicConstraintsValid && !parent.IsCA)) return false;
  if (parent.KeyUsage !== 0 && !((parent.KeyUsage as number) & KEY_USAGE_CERT_SIGN)) return false;
  if (parent.PublicKeyAlgorithm === 0 || !SECURE_SIGNATURES.has(child.SignatureAlgorithm as number)) return false;
  try {
    return new X509Certificate(derOf(child)).verify(new X509Certificate(derOf(parent)).publicKey);
  } catch {
    return false;
  }
}

/** CertPool.findPotentialParents: same name as the issuer, key-id matches first. */
function potentialParents(c: Cert, pool: Cert[]): Cert[] {
  const named = pool.filter((p) => p.RawSubject === c.RawIssuer);
  const rank = (p: Cert) =>
    p.SubjectKeyId === c.AuthorityKeyId ? 0 : (p.SubjectKeyId === null) !== (c.AuthorityKeyId === null) ? 1 : 2;
  return named.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map((x) => x.p);
}

/** Go's buildChains: depth first, roots before intermediates, no certificate (same subject and key) twice. */
function buildChains(chain: Cert[], roots: Cert[], intermediates: Cert[], nowNs: bigint): Cert[][] {
  const current = chain[chain.length - 1]!;
  const found: Cert[][] = [];
  const consider = (kind: "root" | "intermediate", candidate: Cert) => {
    const inChain = chain.some((c) => c.RawSubject === candidate.RawSubject && c.RawSubjectPublicKeyInfo === candidate.RawSubjectPublicKeyInfo);
    if (inChain || !signedBy(current, candidate) || !isValid(candidate, kind, chain, nowNs)) return;
    if (kind === "root") found.push([...chain, candidate]);
    else found.push(...buildChains([...chain, candidate], roots, intermediates, nowNs));
  };
  for (const r of potentialParents(current, roots)) consider("root", r);
  for (const i of potentialParents(current, intermediates)) consider("intermediate", i);
  return found;
}

/** Go's checkChainForKeyUsage: some requested usage must survive every certificate that restricts usage. */
function chainAllowsUsage(chain: Cert[], requested: number[]): boolean {
  let usages = requested;
  for (const c of chain) {
    const eku = list<number>(c.ExtKeyUsage);
    if ((eku.length === 0 && c.UnknownExtKeyUsage === null) || eku.includes(EXT_KEY_USAGE_ANY)) continue;
    usages = usages.filter((u) => eku.includes(u));
    if (usages.length === 0) return false;
  }
  return true;
}

/** net.ParseIP as 16 bytes, or undefined. */
function parseIP(s: string): number[] | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) return ipaddr.IPv4.parse(s).toIPv4MappedAddress().toByteArray();
  if (!s.includes("%") && ipaddr.IPv6.isValid(s)) return ipaddr.IPv6.parse(s).toByteArray();
  return undefined;
}

/** Go's validHostname: LDH labels (and "_"), a "*" only as a pattern's whole first label. */
function validHostname(host: string, isPattern: boolean): boolean {
  const h = isPattern ? host : host.replace(/\.$/, "");
  if (h === "" || h === "*" || h.length > 253) return false;
  return h.split(".").every((label, i) => (isPattern && i === 0 && label === "*") || /^[A-Za-z0-9_-]+$/.test(label));
}

/** Go's Certificate.VerifyHostname: IPs against IP SANs, names against DNS SANs ("*." for one label). */
function verifyHostname(c: Cert, h: string): boolean {
  const candidateIP = h.length >= 3 && h.startsWith("[") && h.endsWith("]") ? h.slice(1, -1) : h;
  const ip = parseIP(candidateIP);
  if (ip) return list<string>(c.IPAddresses).some((a) => parseIP(a)?.join() === ip.join());
  const lower = (s: string) => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
  const name = lower(h);
  return list<string>(c.DNSNames).some((pattern) => {
    if (!validHostname(name, false) || !validHostname(pattern, true)) {
      return name !== "" && name !== "." && pattern !== "" && pattern !== "." && lower(pattern) === name;
    }
    const p = lower(pattern).split(".");
    const n = name.replace(/\.$/, "").split(".");
    return p.length === n.length && p.every((part, i) => (i === 0 && part === "*") || part === n[i]);
  });
}

/** The verified chain, leaf first (Go's chains[0]), or undefined when the certificates do not verify. */
function verifyChain(certs: Cert[], opts: VerifyOptions): Cert[] | undefined {
  if (certs.length < 2) return undefined;
  const roots = [certs[0]!];
  const intermediates = certs.slice(1, -1);
  const leaf = certs[certs.length - 1]!;
  const nowNs = opts.nowNs ?? evaluation().nowNs;
  if (!isValid(leaf, "leaf", [], nowNs)) return undefined;
  if (opts.dnsName !== "" && !verifyHostname(leaf, opts.dnsName)) return undefined;
  const chains = leaf.Raw === roots[0]!.Raw ? [[leaf]] : buildChains([leaf], roots, intermediates, nowNs);
  const usages = opts.keyUsages.length === 0 ? [EXT_KEY_USAGE_SERVER_AUTH] : opts.keyUsages;
  if (usages.includes(EXT_KEY_USAGE_ANY)) return chains[0];
  return chains.find((chain) => chainAllowsUsage(chain, usages));
}

const KEY_USAGE_NAMES: Record<string, number> = {
  KeyUsageAny: 0,
  KeyUsageServerAuth: 1,
  KeyUsageClientAuth: 2,
  KeyUsageCodeSigning: 3,
  KeyUsageEmailProtection: 4,
  KeyUsageIPSECEndSystem: 5,
  KeyUsageIPSECTunnel: 6,
  KeyUsageIPSECUser: 7,
  KeyUsageTimeStamping: 8,
  KeyUsageOCSPSigning: 9,
  KeyUsageMicrosoftServerGatedCrypto: 10,
  KeyUsageNetscapeServerGatedCrypto: 11,
  KeyUsageMicrosoftCommercialCodeSigning: 12,
  KeyUsageMicrosoftKernelCodeSigning: 13,
};

/** OPA's extractVerifyOpts, with its error texts; keys in sorted order, the first bad one wins. */
function verifyOptions(options: Record<string, unknown>): VerifyOptions {
  const opts: VerifyOptions = { dnsName: "", keyUsages: [] };
  const isNum = (v: unknown) => typeof v === "number" || v instanceof RawNumber;
  const integral = (v: unknown) => (v instanceof RawNumber ? /^-?\d+$/.test(v.text) : Number.isInteger(v));
  for (const key of Object.keys(options).sort()) {
    const v = options[key];
    switch (key) {
      case "DNSName":
        if (typeof v !== "string") throw new GoError("'DNSName' should be a string");
        opts.dnsName = v.replace(/^"+|"+$/g, "");
        break;
      case "CurrentTime":
        if (!isNum(v)) throw new GoError("'CurrentTime' should be a number");
        if (!integral(v)) throw new GoError("'CurrentTime' should be a valid int64 number");
        opts.nowNs = v instanceof RawNumber ? BigInt(v.text) : intOf(v as number);
        break;
      case "MaxConstraintComparisons": // bounds Go's name-constraint checks, which are not reproduced
        if (!isNum(v)) throw new GoError("'MaxConstraintComparisons' should be a number");
        if (!integral(v)) throw new GoError("'MaxConstraintComparisons' should be a valid number");
        break;
      case "KeyUsages": {
        if (!Array.isArray(v)) throw new GoError("'KeyUsages' should be an Array or Set");
        const names = v.filter((u): u is string => typeof u === "string").map((u) => u.replace(/^"+|"+$/g, ""));
        const invalid = names.filter((u) => KEY_USAGE_NAMES[u] === undefined);
        if (invalid.length > 0) throw new GoError(`invalid entries for 'KeyUsages' found: [${invalid.join(" ")}]`);
        opts.keyUsages = names.map((u) => KEY_USAGE_NAMES[u]!);
        break;
      }
      default:
        throw new GoError("invalid key option");
    }
  }
  return opts;
}

/** The certificates, or undefined when they do not parse (OPA then answers [false, []], not an error). */
function certsOrUndefined(input: string): Cert[] | undefined {
  try {
    return parseCertificates(input);
  } catch (e) {
    if (e instanceof GoError) return undefined;
    throw e;
  }
}

/** x509.Certificate's JSON without the URIStrings field OPA adds in parse_certificates. */
function plainCert(c: Cert): Cert {
  const { URIStrings: _, ...rest } = c;
  return rest;
}

// --- private keys ------------------------------------------------------------------------------------

type KeyFormat = "pkcs1" | "pkcs8" | "sec1";
const PARSER: Record<KeyFormat, string> = { pkcs1: "ParsePKCS1PrivateKey", pkcs8: "ParsePKCS8PrivateKey", sec1: "ParseECPrivateKey" };
const GO_CURVES = new Set(["prime256v1", "secp384r1", "secp521r1", "secp224r1"]);

function tryKey(der: Uint8Array, format: KeyFormat): KeyObject | undefined {
  try {
    return createPrivateKey({ key: Buffer.from(der), format: "der", type: format });
  } catch {
    return undefined;
  }
}

/** x509.ParsePKCS1PrivateKey / ParsePKCS8PrivateKey / ParseECPrivateKey: the key types Go knows. */
function parseKey(der: Uint8Array, format: KeyFormat): KeyObject {
  const key = tryKey(der, format);
  if (!key) {
    // Go hints at the parser that would have worked.
    const other = (["pkcs8", "pkcs1", "sec1"] as KeyFormat[]).find((f) => f !== format && tryKey(der, f));
    throw new GoError(`x509: failed to parse private key${other ? ` (use ${PARSER[other]} instead for this key format)` : ""}`);
  }
  const type = key.asymmetricKeyType;
  if (format === "pkcs8" && !["rsa", "ec", "ed25519", "x25519"].includes(type ?? "")) {
    const algorithm = oidStr(oid(children(children(readDer(der))[1]!)[0]!));
    throw new GoError(`x509: PKCS#8 wrapping contained private key with unknown algorithm: ${algorithm}`);
  }
  if (type === "ec" && !GO_CURVES.has(key.asymmetricKeyDetails?.namedCurve ?? "")) throw new GoError("x509: unknown elliptic curve");
  return key;
}

const jwkInt = (s: unknown) => bigNum(bytesToBigInt(Buffer.from(s as string, "base64url")));

/** The JSON of Go's *rsa.PrivateKey, *ecdsa.PrivateKey, ed25519.PrivateKey or *ecdh.PrivateKey (no exported fields). */
function privateKeyJSON(key: KeyObject): unknown {
  switch (key.asymmetricKeyType) {
    case "rsa": {
      const j = key.export({ format: "jwk" });
      return {
        N: jwkInt(j.n),
        E: Number(bytesToBigInt(Buffer.from(j.e!, "base64url"))),
        D: jwkInt(j.d),
        Primes: [jwkInt(j.p), jwkInt(j.q)],
        Precomputed: { Dp: jwkInt(j.dp), Dq: jwkInt(j.dq), Qinv: jwkInt(j.qi), CRTValues: [] },
      };
    }
    case "ec": {
      // SEC 1 ECPrivateKey: version, private key octets, [0] curve, [1] public point 04||X||Y.
      const parts = children(readDer(key.export({ format: "der", type: "sec1" })));
      const pub = children(parts.find((p) => p.tag === 0xa1)!)[0]!;
      const point = bitString(pub).bytes;
      const half = (point.length - 1) / 2;
      return {
        Curve: {},
        X: bigNum(bytesToBigInt(point.subarray(1, 1 + half))),
        Y: bigNum(bytesToBigInt(point.subarray(1 + half))),
        D: bigNum(bytesToBigInt(content(parts[1]!))),
      };
    }
    case "ed25519": {
      const j = key.export({ format: "jwk" });
      return Buffer.concat([Buffer.from(j.d!, "base64url"), Buffer.from(j.x!, "base64url")]).toString("base64");
    }
    default:
      return {};
  }
}

/** Go's base64.StdEncoding.DecodeString, or undefined when the text is not base64. */
function maybeBase64(s: string): Uint8Array | undefined {
  try {
    return goBase64Decode(s);
  } catch (e) {
    if (e instanceof GoError) return undefined;
    throw e;
  }
}

const KEY_BLOCKS: Record<string, KeyFormat> = { "RSA PRIVATE KEY": "pkcs1", "PRIVATE KEY": "pkcs8", "EC PRIVATE KEY": "sec1" };

/** OPA's getPrivateKeysFromPEMData: base64 of PEM is decoded first; blocks of other types are skipped. */
function parsePrivateKeys(input: unknown): unknown {
  const s = str(input, 1);
  if (s === "") return null;
  const decoded = maybeBase64(s);
  let rest = decoded ? Buffer.from(decoded).toString("utf8") : s;
  const keys: unknown[] = [];
  for (;;) {
    const { block, rest: r } = pemDecode(rest);
    if (!block) return keys;
    rest = r;
    const format = KEY_BLOCKS[block.type];
    if (format) keys.push(privateKeyJSON(parseKey(block.bytes, format)));
  }
}

// --- key pairs -----------------------------------------------------------------------------------------

interface Block {
  type: string;
  bytes: Uint8Array;
}

/** PEM text, base64 of PEM, or base64 of DER (then a block of `derType`), as OPA's getTLSx509KeyPairFromString. */
function blocksOf(input: string, derType: string): Block[] {
  let text = input;
  if (!input.startsWith("-----BEGIN ")) {
    const bytes = goBase64Decode(input);
    text = Buffer.from(bytes).toString("latin1");
    if (!text.startsWith("-----BEGIN ")) return [{ type: derType, bytes }];
  }
  const blocks: Block[] = [];
  for (let r = text; ; ) {
    const { block, rest } = pemDecode(r);
    if (!block) return blocks;
    blocks.push(block);
    r = rest;
  }
}

/** tls.parsePrivateKey: PKCS #1, then PKCS #8 (RSA, ECDSA, Ed25519 only), then SEC 1. */
function tlsPrivateKey(der: Uint8Array): KeyObject {
  const pkcs8 = tryKey(der, "pkcs8");
  const key = tryKey(der, "pkcs1") ?? pkcs8 ?? tryKey(der, "sec1");
  if (!key) throw new GoError("tls: failed to parse private key");
  if (key === pkcs8 && !["rsa", "ec", "ed25519"].includes(key.asymmetricKeyType ?? "")) {
    throw new GoError("tls: found unknown private key type in PKCS#8 wrapping");
  }
  return key;
}

/** Go's tls.X509KeyPair, with its error texts, as the JSON of tls.Certificate (Leaf set, as Go 1.23+ does). */
function parseKeyPair(certInput: unknown, keyInput: unknown): unknown {
  // OPA reports a bad key as operand 1 too.
  const certBlocks = blocksOf(str(certInput, 1), "CERTIFICATE");
  const keyBlocks = blocksOf(str(keyInput, 1), "PRIVATE KEY");
  const certs = certBlocks.filter((b) => b.type === "CERTIFICATE").map((b) => b.bytes);
  if (certs.length === 0) {
    const skipped = certBlocks.map((b) => b.type);
    if (skipped.length === 0) throw new GoError("tls: failed to find any PEM data in certificate input");
    if (skipped.length === 1 && skipped[0]!.endsWith("PRIVATE KEY")) {
      throw new GoError("tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched");
    }
    throw new GoError(`tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${skipped.join(" ")}]`);
  }
  const keyIndex = keyBlocks.findIndex((b) => b.type === "PRIVATE KEY" || b.type.endsWith(" PRIVATE KEY"));
  if (keyIndex < 0) {
    const skipped = keyBlocks.map((b) => b.type);
    if (skipped.length === 0) throw new GoError("tls: failed to find any PEM data in key input");
    if (skipped.length === 1 && skipped[0] === "CERTIFICATE") throw new GoError("tls: found a certificate rather than a key in the PEM for the private key");
    throw new GoError(`tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${skipped.join(" ")}]`);
  }
  const leaf = parseCertificatesDer(certs[0]!)[0]!;
  const key = tlsPrivateKey(keyBlocks[keyIndex]!.bytes);
  const certKey = new X509Certificate(Buffer.from(certs[0]!)).publicKey;
  const certKeyType = certKey.asymmetricKeyType ?? "";
  if (!["rsa", "ec", "ed25519"].includes(certKeyType)) throw new GoError("tls: unknown public key algorithm");
  if (key.asymmetricKeyType !== certKeyType) throw new GoError("tls: private key type does not match public key type");
  if (!createPublicKey(key).equals(certKey)) throw new GoError("tls: private key does not match public key");
  return {
    Certificate: certs.map((c) => b64(c)),
    PrivateKey: privateKeyJSON(key),
    SupportedSignatureAlgorithms: null,
    OCSPStaple: null,
    SignedCertificateTimestamps: null,
    Leaf: plainCert(leaf),
  };
}

// --- certificate requests ------------------------------------------------------------------------------

/** encoding/asn1's value for an `any` field: strings, integers, bytes, OIDs, bit strings, times; else nil. */
function asn1Any(d: Der): unknown {
  const s = asn1String(d);
  if (s !== undefined) return s;
  switch (d.tag) {
    case 0x02: {
      const v = integer(d);
      if (v > (1n << 63n) - 1n || v < -(1n << 63n)) throw new DerError("integer too large");
      return bigNum(v);
    }
    case 0x03: {
      const { bytes, unused } = bitString(d);
      return { Bytes: b64(bytes), BitLength: bytes.length * 8 - unused };
    }
    case 0x04:
      return b64(content(d));
    case 0x06:
      return oid(d);
    case 0x17:
    case 0x18:
      return goTimeJSON(d);
    default:
      return null;
  }
}

/**
 * The deprecated Attributes field: the attributes whose values parse as sets of sequences of
 * {Type, Value} (the extension request does; a challenge password does not and is left out).
 */
function csrAttributes(attrs: Der[]): unknown {
  const out: unknown[] = [];
  for (const attr of attrs) {
    try {
      const [type, values] = children(attr);
      if (!type || type.tag !== 0x06 || !values || values.tag !== 0x31) continue;
      const value = children(values).map((seq) => {
        if (seq.tag !== 0x30) throw new DerError("not a sequence");
        return children(seq).map((atv) => {
          const [t, v] = children(atv);
          if (atv.tag !== 0x30 || !t || t.tag !== 0x06 || !v) throw new DerError("not a type and value");
          return { Type: oid(t), Value: asn1Any(v) };
        });
      });
      out.push({ Type: oid(type), Value: value });
    } catch (e) {
      if (!(e instanceof DerError)) throw e;
    }
  }
  return out.length > 0 ? out : null;
}

const EXTENSION_REQUEST = "1.2.840.113549.1.9.14";
const SUBJECT_ALT_NAME = "2.5.29.17";

function parseCertificateRequestDer(der: Uint8Array): Record<string, unknown> {
  const csr = readDer(der);
  const [info, sigAlg, sigValue] = children(csr);
  const [version, subject, spki, attrSet] = children(info!);
  const attrs = attrSet && attrSet.tag === 0xa0 ? children(attrSet) : [];
  const out: Record<string, unknown> = {
    Raw: b64(raw(csr)),
    RawTBSCertificateRequest: b64(raw(info!)),
    RawSubjectPublicKeyInfo: b64(raw(spki!)),
    RawSubject: b64(raw(subject!)),
    Version: Number(integer(version!)),
    Signature: b64(bitString(sigValue!).bytes),
    SignatureAlgorithm: signatureAlgorithm(sigAlg!),
    ...publicKeyInfo(spki!),
    Subject: pkixName(subject!),
    Attributes: csrAttributes(attrs),
    Extensions: null,
    ExtraExtensions: null,
    DNSNames: null,
    EmailAddresses: null,
    IPAddresses: null,
    URIs: null,
  };
  for (const attr of attrs) {
    const [type, values] = children(attr);
    if (oidStr(oid(type!)) !== EXTENSION_REQUEST || !values || children(values).length === 0) continue;
    for (const ext of children(children(values)[0]!)) {
      const fields = children(ext);
      const id = oid(fields[0]!);
      const critical = fields.length === 3 && content(fields[1]!)[0] !== 0;
      const value = content(fields[fields.length - 1]!);
      out.Extensions = [...list(out.Extensions), { Id: id, Critical: critical, Value: b64(value) }];
      if (oidStr(id) === SUBJECT_ALT_NAME) addSubjectAltNames(out, value);
    }
  }
  return out;
}

/** OPA's builtinCryptoX509ParseCertificateRequest: PEM, or base64 of PEM or DER. */
function parseCertificateRequest(input: unknown): unknown {
  const s = str(input, 1);
  let bytes = s.startsWith("-----BEGIN CERTIFICATE REQUEST-----") ? new Uint8Array(Buffer.from(s, "utf8")) : goBase64Decode(s);
  const { block } = pemDecode(Buffer.from(bytes).toString("latin1"));
  if (block && block.type !== "CERTIFICATE REQUEST") throw new GoError("invalid PEM-encoded certificate signing request");
  if (block) bytes = block.bytes;
  try {
    return parseCertificateRequestDer(bytes);
  } catch (e) {
    // Go parses requests with encoding/asn1, whose errors OPA passes on
    if (bytes[0] !== 0x30) throw new GoError("asn1: structure error: tags don't match (16 vs the request's first byte)");
    if (e instanceof DerError && e.message === "truncated") throw new GoError("asn1: syntax error: data truncated");
    if (e instanceof DerError || e instanceof TypeError) throw new GoError("asn1: structure error: malformed certificate request");
    throw e;
  }
}

export const X509_BUILTINS = {
  "crypto.x509.parse_and_verify_certificates": (input: unknown): unknown => {
    const certs = certsOrUndefined(str(input, 1));
    const chain = certs && verifyChain(certs, { dnsName: "", keyUsages: [] });
    return chain ? [true, chain] : [false, []];
  },
  "crypto.x509.parse_and_verify_certificates_with_options": (input: unknown, options: unknown): unknown => {
    const text = str(input, 1);
    const opts = obj(options, 2);
    const certs = certsOrUndefined(text);
    if (!certs) return [false, []];
    const chain = verifyChain(certs, verifyOptions(opts));
    // OPA returns plain x509.Certificate JSON here, without the URIStrings of parse_certificates.
    return chain ? [true, chain.map(plainCert)] : [false, []];
  },
  "crypto.x509.parse_keypair": parseKeyPair,
  "crypto.x509.parse_certificate_request": parseCertificateRequest,
  "crypto.parse_private_keys": parsePrivateKeys,
};
