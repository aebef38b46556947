// io.jwt.decode, io.jwt.verify_*, io.jwt.decode_verify and io.jwt.encode_sign(_raw), after OPA's
// topdown/tokens.go.
//
// Signatures are checked with node:crypto (RSA PKCS#1 v1.5 and PSS, ECDSA over raw r||s, Ed25519, HMAC);
// keys come from a PEM certificate, a PEM public key, or a JWK / JWK set, as OPA accepts. No JWT library:
// OPA's decoding rules (padding-tolerant base64url, "cty": "JWT" nesting, hex signature, its error texts)
// are what policies depend on, and they are a few lines.

import {
  createHmac, createPrivateKey, createPublicKey, sign as cryptoSign, verify as cryptoVerify, constants, type KeyObject,
} from "node:crypto";
import { evaluation } from "./context.js";
import {
  GoError, RawNumber, compareUtf8, fromUtf8, goBase64Decode, goJSONSyntaxError, goQuote, isObject, obj, str,
} from "./common.js";
import { certificatePublicKey, macEqual, pemDecode } from "./crypto.js";

interface Token {
  header: string;
  payload: string;
  signature: string;
}

function decodeJWT(a: unknown): Token {
  const encoding = str(a, 1);
  if (!encoding.includes(".")) throw new GoError("encoded JWT had no period separators");
  const parts = encoding.split(".");
  if (parts.length !== 3) throw new GoError(`encoded JWT must have 3 sections, found ${parts.length}`);
  return { header: parts[0]!, payload: parts[1]!, signature: parts[2]! };
}

/** OPA's base64url.decode: padding optional (RFC 7515 appendix C). */
export function base64UrlDecode(s: string): Uint8Array {
  if (!s.endsWith("=")) {
    switch (s.length % 4) {
      case 0:
        break;
      case 2:
        s += "==";
        break;
      case 3:
        s += "=";
        break;
      default:
        throw new GoError(`illegal base64url string: ${s}`);
    }
  }
  return goBase64Decode(s, true);
}

function extractJSONObject(s: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch (e) {
    throw new GoError(`invalid JSON: ${(e as Error).message}`);
  }
  if (!isObject(v)) throw new GoError("decoded JSON type was not an Object");
  return v;
}

function decodeHeader(t: Token): Record<string, unknown> {
  let h: Uint8Array;
  try {
    h = base64UrlDecode(t.header);
  } catch (e) {
    throw new GoError(`JWT header had invalid encoding: ${(e as Error).message}`);
  }
  let header: Record<string, unknown>;
  try {
    header = extractJSONObject(fromUtf8(h));
  } catch (e) {
    throw new GoError(`bad JWT header: ${(e as Error).message}`);
  }
  if (header.enc !== undefined) throw new GoError("JWT is a JWE object, which is not supported");
  return header;
}

function jwtDecode(a: unknown): unknown[] {
  const t = decodeJWT(a);
  const header = decodeHeader(t);
  let p: Uint8Array;
  try {
    p = base64UrlDecode(t.payload);
  } catch (e) {
    throw new GoError(`JWT payload had invalid encoding: ${(e as Error).message}`);
  }
  if (typeof header.cty === "string" && header.cty === "JWT") {
    return jwtDecode(fromUtf8(p).replace(/^["']+|["']+$/g, ""));
  }
  const payload = extractJSONObject(fromUtf8(p));
  let s: Uint8Array;
  try {
    s = base64UrlDecode(t.signature);
  } catch (e) {
    throw new GoError(`JWT signature had invalid encoding: ${(e as Error).message}`);
  }
  return [header, payload, Buffer.from(s).toString("hex")];
}

/** getKeyFromCertOrJWK: a PEM certificate or public key, or a JWK (set). */
function keysFromCertOrJWK(certificate: string): KeyObject[] {
  const { block, rest } = pemDecode(certificate);
  if (block) {
    if (rest.length > 0) throw new GoError("extra data after a PEM certificate block");
    if (block.type === "CERTIFICATE") return [certificatePublicKey(block.bytes)];
    if (block.type === "PUBLIC KEY") {
      try {
        return [createPublicKey({ key: Buffer.from(block.bytes), format: "der", type: "spki" })];
      } catch (e) {
        throw new GoError(`failed to parse a PEM public key: ${(e as Error).message}`);
      }
    }
    throw new GoError("failed to extract a Key from the PEM certificate");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(certificate);
  } catch (e) {
    throw new GoError(`failed to parse a JWK key (set): ${(e as Error).message}`);
  }
  const jwks = isObject(parsed) && Array.isArray(parsed.keys) ? parsed.keys : [parsed];
  return jwks.map((k) => {
    try {
      return createPublicKey({ key: k as import("node:crypto").JsonWebKey, format: "jwk" });
    } catch (e) {
      throw new GoError(`failed to parse a JWK key (set): ${(e as Error).message}`);
    }
  });
}

type Verifier = (key: KeyObject, data: Buffer, sig: Buffer) => boolean;

const rsa = (hash: string, pss: boolean): Verifier => (key, data, sig) => {
  if (key.asymmetricKeyType !== "rsa" && key.asymmetricKeyType !== "rsa-pss") return false;
  return cryptoVerify(
    hash,
    data,
    pss
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }
      : { key, padding: constants.RSA_PKCS1_PADDING },
    sig,
  );
};

const ecdsa = (hash: string): Verifier => (key, data, sig) => {
  if (key.asymmetricKeyType !== "ec") return false;
  // Go splits the signature in two halves whatever the curve; node wants exactly 2 * field size.
  const size = Math.ceil((key.asymmetricKeyDetails?.namedCurve === "secp521r1" ? 521 : key.asymmetricKeyDetails?.namedCurve === "secp384r1" ? 384 : 256) / 8);
  const half = Math.floor(sig.length / 2);
  const pad = (b: Buffer) => (b.length > size ? b : Buffer.concat([Buffer.alloc(size - b.length), b]));
  const r = pad(sig.subarray(0, half));
  const s = pad(sig.subarray(half));
  if (r.length !== size || s.length !== size) return false;
  return cryptoVerify(hash, data, { key, dsaEncoding: "ieee-p1363" }, Buffer.concat([r, s]));
};

const eddsa: Verifier = (key, data, sig) => key.asymmetricKeyType === "ed25519" && cryptoVerify(null, data, key, sig);

function verifyAsymmetric(v: Verifier) {
  return (token: unknown, certificate: unknown): boolean => {
    const t = decodeJWT(token);
    const keys = keysFromCertOrJWK(str(certificate, 2));
    const sig = Buffer.from(base64UrlDecode(t.signature));
    const data = Buffer.from(`${t.header}.${t.payload}`, "utf8");
    for (const key of keys) {
      try {
        if (v(key, data, sig)) return true;
      } catch {
        // a key that cannot check this signature counts as a failed verification
      }
    }
    return false;
  };
}

function verifyHmac(alg: string) {
  return (token: unknown, secret: unknown): boolean => {
    const t = decodeJWT(token);
    const key = str(secret, 2);
    const mac = createHmac(alg, Buffer.from(key, "utf8")).update(`${t.header}.${t.payload}`, "utf8").digest();
    const sig = base64UrlDecode(t.signature);
    return macEqual(sig, mac);
  };
}

// --- io.jwt.decode_verify ----------------------------------------------------------------------------

interface Constraints {
  keys?: KeyObject[];
  secret: string;
  alg: string;
  iss: string;
  aud: string;
  time: number; // nanoseconds
}

function timeFromValue(v: unknown): number {
  if (typeof v !== "number") throw new GoError("token time constraint: must be a number");
  if (v < 0) throw new GoError("token time constraint: must not be negative");
  return v;
}

function parseConstraints(o: Record<string, unknown>): Constraints {
  const c: Constraints = { secret: "", alg: "", iss: "", aud: "", time: -1 };
  for (const [name, v] of Object.entries(o)) {
    switch (name) {
      case "cert":
        if (typeof v !== "string") throw new GoError("cert constraint: must be a string");
        c.keys = keysFromCertOrJWK(v);
        break;
      case "secret":
      case "alg":
      case "iss":
      case "aud":
        if (typeof v !== "string") throw new GoError(`${name} constraint: must be a string`);
        c[name] = v;
        break;
      case "time":
        c.time = timeFromValue(v);
        break;
      default:
        throw new GoError(`unknown token validation constraint: ${name}`);
    }
  }
  if (c.time === -1) c.time = timeFromValue(Number(evaluation().nowNs));
  const keys = (c.keys !== undefined ? 1 : 0) + (c.secret !== "" ? 1 : 0);
  if (keys > 1) throw new GoError("duplicate key constraints");
  if (keys < 1) throw new GoError("no key constraint");
  return c;
}

const ALGORITHMS: Record<string, { hash: string; verify?: Verifier }> = {
  RS256: { hash: "sha256", verify: rsa("sha256", false) },
  RS384: { hash: "sha384", verify: rsa("sha384", false) },
  RS512: { hash: "sha512", verify: rsa("sha512", false) },
  PS256: { hash: "sha256", verify: rsa("sha256", true) },
  PS384: { hash: "sha384", verify: rsa("sha384", true) },
  PS512: { hash: "sha512", verify: rsa("sha512", true) },
  ES256: { hash: "sha256", verify: ecdsa("sha256") },
  ES384: { hash: "sha384", verify: ecdsa("sha384") },
  ES512: { hash: "sha512", verify: ecdsa("sha512") },
  HS256: { hash: "sha256" },
  HS384: { hash: "sha384" },
  HS512: { hash: "sha512" },
};

/** tokenConstraints.verify: false when the signature does not verify, an error when it cannot be checked. */
function verifySignature(c: Constraints, alg: string, t: Token, sig: Buffer): boolean {
  const a = ALGORITHMS[alg];
  if (!a) throw new GoError(`unknown JWS algorithm: ${alg}`);
  const data = Buffer.from(`${t.header}.${t.payload}`, "utf8");
  if (c.keys !== undefined) {
    if (!a.verify) return false; // an HMAC algorithm with public keys: "incorrect symmetric key type" for each
    return c.keys.some((k) => {
      try {
        return a.verify!(k, data, sig);
      } catch {
        return false;
      }
    });
  }
  if (a.verify) throw new GoError("incorrect public key type");
  return macEqual(sig, createHmac(a.hash, Buffer.from(c.secret, "utf8")).update(data).digest());
}

function headerString(header: Record<string, unknown>, name: string): string {
  const v = header[name];
  if (v === undefined) return "";
  if (typeof v !== "string") throw new GoError(`${name}: must be a string`);
  return v;
}

/** parseTokenHeader + valid(): alg present, no unrecognised critical parameter. */
function headerValid(header: Record<string, unknown>): { alg: string; cty: string; valid: boolean } {
  const alg = headerString(header, "alg");
  headerString(header, "kid");
  headerString(header, "typ");
  const cty = headerString(header, "cty");
  let crit = new Set<string>();
  if (header.crit !== undefined) {
    if (!Array.isArray(header.crit)) throw new GoError("crit: must be a list");
    crit = new Set(header.crit.filter((x): x is string => typeof x === "string"));
    if (crit.size === 0) throw new GoError("crit: must be a nonempty list");
  }
  const known = new Set(["alg", "kid", "typ", "cty", "crit"]);
  const valid = alg !== "" && !Object.keys(header).some((k) => !known.has(k) && crit.has(k));
  return { alg, cty, valid };
}

function validAudience(aud: unknown, want: string): boolean {
  if (typeof aud === "string") return aud === want;
  return Array.isArray(aud) && aud.some((x) => typeof x === "string" && x === want);
}

function decodeVerify(tokenArg: unknown, constraintsArg: unknown): unknown[] {
  const unverified = [false, {}, {}];
  const c = parseConstraints(obj(constraintsArg, 2));
  let a: unknown = tokenArg;
  let t: Token;
  let header: Record<string, unknown>;
  let p: Uint8Array;
  for (;;) {
    t = decodeJWT(a);
    header = decodeHeader(t);
    const h = headerValid(header);
    if (!h.valid) return unverified;
    if (c.alg !== "" && c.alg !== h.alg) return unverified;
    const sig = Buffer.from(base64UrlDecode(t.signature));
    if (!verifySignature(c, h.alg, t, sig)) return unverified;
    try {
      p = base64UrlDecode(t.payload);
    } catch (e) {
      throw new GoError(`JWT payload had invalid encoding: ${(e as Error).message}`);
    }
    if (h.cty.toUpperCase() !== "JWT") break;
    a = fromUtf8(p);
  }
  const payload = extractJSONObject(fromUtf8(p));
  if (c.iss !== "" && (typeof payload.iss !== "string" || payload.iss !== c.iss)) return unverified;
  if (payload.aud !== undefined) {
    if (!validAudience(payload.aud, c.aud)) return unverified;
  } else if (c.aud !== "") return unverified;
  const now = c.time / 1e9;
  if (payload.exp !== undefined) {
    if (typeof payload.exp !== "number") throw new GoError("exp value must be a number");
    if (!(now < payload.exp)) return unverified;
  }
  if (payload.nbf !== undefined) {
    if (typeof payload.nbf !== "number") throw new GoError("nbf value must be a number");
    if (now < payload.nbf) return unverified;
  }
  return [true, header, payload];
}

// --- io.jwt.encode_sign, io.jwt.encode_sign_raw ------------------------------------------------------

/** ast.Term's String(): Rego syntax, object keys sorted, ", " and ": " separators. */
function termString(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean" || typeof v === "number" || typeof v === "bigint") return String(v);
  if (v instanceof RawNumber) return v.text;
  if (typeof v === "string") return goQuote(v);
  if (Array.isArray(v)) return `[${v.map(termString).join(", ")}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort(compareUtf8);
    return `{${keys.map((k) => `${goQuote(k)}: ${termString(v[k])}`).join(", ")}}`;
  }
  throw new GoError(`unsupported value ${String(v)}`);
}

const SIGNERS: Record<string, (data: Buffer, key: JwkKey) => Buffer> = {};
interface JwkKey {
  kty: string;
  secret?: Buffer;
  key?: KeyObject;
}
for (const bits of ["256", "384", "512"]) {
  const hash = `sha${bits}`;
  SIGNERS[`HS${bits}`] = (data, k) => {
    if (!k.secret) throw new GoError("invalid key type for HMAC signing: " + k.kty);
    return createHmac(hash, k.secret).update(data).digest();
  };
  SIGNERS[`RS${bits}`] = (data, k) => {
    if (k.kty !== "RSA" || !k.key) throw new GoError("invalid key type for RSA signing: " + k.kty);
    return cryptoSign(hash, data, { key: k.key, padding: constants.RSA_PKCS1_PADDING });
  };
  SIGNERS[`PS${bits}`] = (data, k) => {
    if (k.kty !== "RSA" || !k.key) throw new GoError("invalid key type for RSA-PSS signing: " + k.kty);
    return cryptoSign(hash, data, { key: k.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
  };
  SIGNERS[`ES${bits}`] = (data, k) => {
    if (k.kty !== "EC" || !k.key) throw new GoError("invalid key type for ECDSA signing: " + k.kty);
    return cryptoSign(hash, data, { key: k.key, dsaEncoding: "ieee-p1363" });
  };
}

/** jwk.ParseString + Materialize: the first key of a JWK or JWK set, as a signing key. */
function signingKey(src: string): JwkKey {
  const syntax = goJSONSyntaxError(src);
  if (syntax !== undefined) throw new GoError(`failed to unmarshal JWK: ${syntax}`);
  const parsed = JSON.parse(src) as unknown;
  const jwk = isObject(parsed) && Array.isArray(parsed.keys) ? parsed.keys[0] : parsed;
  if (!isObject(jwk) || typeof jwk.kty !== "string") throw new GoError("failed to parse JWK: missing key type");
  const kty = jwk.kty;
  if (kty === "oct") {
    if (typeof jwk.k !== "string") throw new GoError("failed to parse JWK: missing k");
    return { kty, secret: Buffer.from(base64UrlDecode(jwk.k)) };
  }
  if (kty !== "RSA" && kty !== "EC") throw new GoError(`failed to parse JWK: unsupported key type ${kty}`);
  try {
    return { kty, key: createPrivateKey({ key: jwk as import("node:crypto").JsonWebKey, format: "jwk" }) };
  } catch (e) {
    throw new GoError(`failed to materialize JWK: ${(e as Error).message}`);
  }
}

const b64url = (b: Buffer): string => b.toString("base64url");

/** commonBuiltinJWTEncodeSign: the header and payload texts are signed as given (jws.SignLiteral). */
function encodeSignRaw(headerArg: unknown, payloadArg: unknown, keyArg: unknown): string {
  const headerText = str(headerArg, 1);
  const payloadText = str(payloadArg, 2);
  const key = signingKey(str(keyArg, 3));
  const syntax = goJSONSyntaxError(headerText);
  if (syntax !== undefined) throw new GoError(syntax);
  const header = JSON.parse(headerText) as unknown;
  if (!isObject(header)) throw new GoError("json: cannot unmarshal non-object into Go value of type jws.StandardHeaders");
  const alg = typeof header.alg === "string" ? header.alg : "";
  const signer = SIGNERS[alg];
  if (!signer) throw new GoError("unknown signature algorithm");
  const typ = typeof header.typ === "string" ? header.typ : "";
  if ((typ === "" || typ === "JWT") && goJSONSyntaxError(payloadText) !== undefined) {
    throw new GoError("type is JWT but payload is not JSON");
  }
  const signingInput = `${b64url(Buffer.from(headerText, "utf8"))}.${b64url(Buffer.from(payloadText, "utf8"))}`;
  return `${signingInput}.${b64url(signer(Buffer.from(signingInput, "utf8"), key))}`;
}

/** io.jwt.encode_sign: the three objects in Rego syntax (ast.Term's String()), then encode_sign_raw. */
function encodeSign(header: unknown, payload: unknown, key: unknown): string {
  return encodeSignRaw(termString(obj(header, 1)), termString(obj(payload, 2)), termString(obj(key, 3)));
}

export const JWT_BUILTINS = {
  "io.jwt.encode_sign": encodeSign,
  "io.jwt.encode_sign_raw": encodeSignRaw,
  "io.jwt.decode_verify": decodeVerify,
  "io.jwt.decode": jwtDecode,
  "io.jwt.verify_hs256": verifyHmac("sha256"),
  "io.jwt.verify_hs384": verifyHmac("sha384"),
  "io.jwt.verify_hs512": verifyHmac("sha512"),
  "io.jwt.verify_rs256": verifyAsymmetric(rsa("sha256", false)),
  "io.jwt.verify_rs384": verifyAsymmetric(rsa("sha384", false)),
  "io.jwt.verify_rs512": verifyAsymmetric(rsa("sha512", false)),
  "io.jwt.verify_ps256": verifyAsymmetric(rsa("sha256", true)),
  "io.jwt.verify_ps384": verifyAsymmetric(rsa("sha384", true)),
  "io.jwt.verify_ps512": verifyAsymmetric(rsa("sha512", true)),
  "io.jwt.verify_es256": verifyAsymmetric(ecdsa("sha256")),
  "io.jwt.verify_es384": verifyAsymmetric(ecdsa("sha384")),
  "io.jwt.verify_es512": verifyAsymmetric(ecdsa("sha512")),
  "io.jwt.verify_eddsa": verifyAsymmetric(eddsa),
};
