// crypto.x509.parse_and_verify_certificates(_with_options), crypto.x509.parse_keypair,
// crypto.x509.parse_certificate_request and crypto.parse_private_keys, evaluated from Rego. Certificates,
// keys and requests are made here (@peculiar/x509 over node:crypto's WebCrypto); the expected values come
// from what was put into them, and from node:crypto's own view of the keys.
import { createPrivateKey, generateKeyPairSync, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { beforeAll, describe, expect, it } from "vitest";
import { evalError, evalRule } from "./rego.js";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKeyPair = webcrypto.CryptoKeyPair;
const EC = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const RSA = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;
const DAY = 86_400_000;

interface Issued {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  pem: string;
}

async function issue(opts: {
  name: string;
  issuer?: Issued;
  ca?: boolean;
  pathLen?: number;
  alg?: typeof EC | typeof RSA;
  notBefore?: Date;
  notAfter?: Date;
  eku?: string[];
  dns?: string[];
}): Promise<Issued> {
  const alg = opts.alg ?? EC;
  const keys = (await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
  const extensions: x509.Extension[] = [];
  if (opts.ca !== undefined) extensions.push(new x509.BasicConstraintsExtension(opts.ca, opts.pathLen, true));
  if (opts.ca) extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true));
  if (opts.eku) extensions.push(new x509.ExtendedKeyUsageExtension(opts.eku));
  if (opts.dns) extensions.push(new x509.SubjectAlternativeNameExtension(opts.dns.map((value) => ({ type: "dns" as const, value }))));
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${opts.name}`,
    issuer: opts.issuer ? opts.issuer.cert.subject : `CN=${opts.name}`,
    publicKey: keys.publicKey,
    signingKey: (opts.issuer?.keys ?? keys).privateKey,
    signingAlgorithm: opts.issuer ? (opts.issuer.keys.privateKey.algorithm.name === "ECDSA" ? EC : RSA) : alg,
    notBefore: opts.notBefore ?? new Date(Date.now() - DAY),
    notAfter: opts.notAfter ?? new Date(Date.now() + DAY),
    extensions,
  });
  return { cert, keys, pem: cert.toString("pem") };
}

const pkcs8Pem = async (k: webcrypto.CryptoKey) => x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", k), "PRIVATE KEY");
const cn = (c: unknown) => (c as { Subject: { CommonName: string } }).Subject.CommonName;
const b64 = (s: string) => Buffer.from(s).toString("base64");
const verify = (pems: string) => evalRule("p := crypto.x509.parse_and_verify_certificates(input.pems)", "p", { input: { pems } }) as [boolean, unknown[]];
const verifyWith = (pems: string, options: unknown, strict = false) =>
  evalRule("p := crypto.x509.parse_and_verify_certificates_with_options(input.pems, input.options)", "p", { input: { pems, options }, strict }) as [boolean, unknown[]];

let root: Issued;
let intermediate: Issued;
let leaf: Issued;

beforeAll(async () => {
  root = await issue({ name: "Evident Root", ca: true });
  intermediate = await issue({ name: "Evident Intermediate", issuer: root, ca: true });
  leaf = await issue({ name: "svc.example.com", issuer: intermediate, ca: false, eku: [x509.ExtendedKeyUsage.serverAuth], dns: ["svc.example.com", "*.apps.example.com"] });
});

describe("crypto.x509.parse_and_verify_certificates", () => {
  it("verifies root, intermediates and leaf, and returns the chain leaf first", () => {
    const [ok, chain] = verify(root.pem + intermediate.pem + leaf.pem);
    expect(ok).toBe(true);
    expect(chain.map(cn)).toEqual(["svc.example.com", "Evident Intermediate", "Evident Root"]);
    // the same JSON as crypto.x509.parse_certificates, URIStrings included
    const parsed = evalRule("p := crypto.x509.parse_certificates(input.pems)", "p", { input: { pems: leaf.pem } }) as unknown[];
    expect(chain[0]).toEqual(parsed[0]);
    expect(chain[0]).toHaveProperty("URIStrings", null);
  });

  it("trusts the first certificate as the root, self-signed or not (as OPA does)", () => {
    const [ok, chain] = verify(intermediate.pem + leaf.pem);
    expect(ok).toBe(true);
    expect(chain.map(cn)).toEqual(["svc.example.com", "Evident Intermediate"]);
  });

  it("accepts base64 of the PEM text", () => {
    expect(verify(b64(root.pem + intermediate.pem + leaf.pem))[0]).toBe(true);
  });

  it("is [false, []] for a broken chain, a single certificate or text that is not certificates", () => {
    expect(verify(root.pem + leaf.pem)).toEqual([false, []]); // the intermediate is missing
    expect(verify(leaf.pem + intermediate.pem + root.pem)).toEqual([false, []]); // reversed
    expect(verify(root.pem)).toEqual([false, []]);
    expect(verify("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")).toEqual([false, []]);
  });

  it("applies Go's rules: validity period, CA flag of intermediates, server-auth usage", async () => {
    const expired = await issue({ name: "old.example.com", issuer: intermediate, notBefore: new Date(Date.now() - 10 * DAY), notAfter: new Date(Date.now() - DAY) });
    expect(verify(root.pem + intermediate.pem + expired.pem)[0]).toBe(false);

    const notCa = await issue({ name: "Not A CA", issuer: root, ca: false });
    const underNotCa = await issue({ name: "x.example.com", issuer: notCa });
    expect(verify(root.pem + notCa.pem + underNotCa.pem)[0]).toBe(false);

    // Go verifies for ServerAuth when no key usage is asked for
    const client = await issue({ name: "client", issuer: intermediate, eku: [x509.ExtendedKeyUsage.clientAuth] });
    expect(verify(root.pem + intermediate.pem + client.pem)[0]).toBe(false);
    const noEku = await issue({ name: "any", issuer: intermediate });
    expect(verify(root.pem + intermediate.pem + noEku.pem)[0]).toBe(true);

    // a root with path length 0 signs leaves only
    const strictRoot = await issue({ name: "Strict Root", ca: true, pathLen: 0 });
    const strictIntermediate = await issue({ name: "Strict Intermediate", issuer: strictRoot, ca: true });
    const below = await issue({ name: "below", issuer: strictIntermediate });
    expect(verify(strictRoot.pem + strictIntermediate.pem + below.pem)[0]).toBe(false);
    expect(verify(strictRoot.pem + (await issue({ name: "direct", issuer: strictRoot })).pem)[0]).toBe(true);
  });

  it("rejects a certificate whose signature was not made by its issuer's key", async () => {
    const impostor = await issue({ name: "Evident Intermediate", ca: true }); // same name, own key
    const signedByImpostor = await issue({ name: "svc.example.com", issuer: impostor });
    expect(verify(root.pem + intermediate.pem + signedByImpostor.pem)[0]).toBe(false);
  });
});

describe("crypto.x509.parse_and_verify_certificates_with_options", () => {
  it("returns plain x509.Certificate JSON (no URIStrings)", () => {
    const [ok, chain] = verifyWith(root.pem + intermediate.pem + leaf.pem, {});
    expect(ok).toBe(true);
    expect(chain.map(cn)).toEqual(["svc.example.com", "Evident Intermediate", "Evident Root"]);
    expect(chain[0]).not.toHaveProperty("URIStrings");
  });

  it("checks DNSName against the leaf's DNS names, wildcards for one label", () => {
    const pems = root.pem + intermediate.pem + leaf.pem;
    expect(verifyWith(pems, { DNSName: "svc.example.com" })[0]).toBe(true);
    expect(verifyWith(pems, { DNSName: "SVC.Example.com" })[0]).toBe(true);
    expect(verifyWith(pems, { DNSName: "web.apps.example.com" })[0]).toBe(true);
    expect(verifyWith(pems, { DNSName: "a.web.apps.example.com" })[0]).toBe(false);
    expect(verifyWith(pems, { DNSName: "other.example.com" })).toEqual([false, []]);
  });

  it("verifies at CurrentTime (nanoseconds) instead of now", async () => {
    const from = Date.UTC(2020, 0, 1);
    const r = await issue({ name: "Old Root", ca: true, notBefore: new Date(from), notAfter: new Date(from + 400 * DAY) });
    const l = await issue({ name: "old", issuer: r, notBefore: new Date(from), notAfter: new Date(from + 365 * DAY) });
    expect(verifyWith(r.pem + l.pem, {})[0]).toBe(false);
    const ns = (ms: number) => BigInt(ms) * 1_000_000n;
    const inside = ns(from + 100 * DAY);
    const body = `p := crypto.x509.parse_and_verify_certificates_with_options(input.pems, {"CurrentTime": ${inside}})`;
    expect((evalRule(body, "p", { input: { pems: r.pem + l.pem } }) as [boolean])[0]).toBe(true);
    const after = ns(from + 366 * DAY);
    const late = `p := crypto.x509.parse_and_verify_certificates_with_options(input.pems, {"CurrentTime": ${after}})`;
    expect((evalRule(late, "p", { input: { pems: r.pem + l.pem } }) as [boolean])[0]).toBe(false);
  });

  it("checks KeyUsages along the chain", async () => {
    const client = await issue({ name: "client", issuer: intermediate, eku: [x509.ExtendedKeyUsage.clientAuth] });
    const pems = root.pem + intermediate.pem + client.pem;
    expect(verifyWith(pems, { KeyUsages: ["KeyUsageClientAuth"] })[0]).toBe(true);
    expect(verifyWith(pems, { KeyUsages: ["KeyUsageServerAuth", "KeyUsageClientAuth"] })[0]).toBe(true);
    expect(verifyWith(pems, { KeyUsages: ["KeyUsageCodeSigning"] })[0]).toBe(false);
    expect(verifyWith(pems, { KeyUsages: ["KeyUsageAny"] })[0]).toBe(true);
  });

  it("fails with OPA's messages on bad options (undefined unless strict)", () => {
    const pems = root.pem + intermediate.pem + leaf.pem;
    const body = "p := crypto.x509.parse_and_verify_certificates_with_options(input.pems, input.options)";
    const err = (options: unknown) => evalError(body, "p", { input: { pems, options }, strict: true });
    const name = "crypto.x509.parse_and_verify_certificates_with_options";
    expect(err({ Foo: 1 })).toEqual({ code: "eval_builtin_error", message: `${name}: invalid key option` });
    expect(err({ DNSName: 1 }).message).toBe(`${name}: 'DNSName' should be a string`);
    expect(err({ CurrentTime: "now" }).message).toBe(`${name}: 'CurrentTime' should be a number`);
    expect(err({ CurrentTime: 1.5 }).message).toBe(`${name}: 'CurrentTime' should be a valid int64 number`);
    expect(err({ KeyUsages: "KeyUsageAny" }).message).toBe(`${name}: 'KeyUsages' should be an Array or Set`);
    expect(err({ KeyUsages: ["KeyUsageAny", "Bogus", "Nope"] }).message).toBe(`${name}: invalid entries for 'KeyUsages' found: [Bogus Nope]`);
    expect(verifyWith(pems, { Foo: 1 })).toBeUndefined();
  });
});

describe("crypto.x509.parse_keypair", () => {
  let rsaLeaf: Issued;
  let pkcs1: string;
  beforeAll(async () => {
    rsaLeaf = await issue({ name: "rsa.example.com", issuer: intermediate, alg: RSA });
    pkcs1 = createPrivateKey(await pkcs8Pem(rsaLeaf.keys.privateKey)).export({ type: "pkcs1", format: "pem" }) as string;
  });

  it("returns Go's tls.Certificate: DER certificates, the private key struct and the parsed leaf", () => {
    const pair = evalRule("p := crypto.x509.parse_keypair(input.cert, input.key)", "p", { input: { cert: rsaLeaf.pem + intermediate.pem, key: pkcs1 } }) as Record<string, unknown>;
    expect(pair.Certificate).toEqual([Buffer.from(rsaLeaf.cert.rawData).toString("base64"), Buffer.from(intermediate.cert.rawData).toString("base64")]);
    const jwk = createPrivateKey(pkcs1).export({ format: "jwk" });
    const big = (s: string | undefined) => BigInt("0x" + Buffer.from(s!, "base64url").toString("hex"));
    const key = pair.PrivateKey as Record<string, unknown>;
    expect(key.E).toBe(65537);
    expect(key.Primes).toHaveLength(2);
    expect(key.Precomputed).toMatchObject({ CRTValues: [] });
    expect(cn(pair.Leaf)).toBe("rsa.example.com");
    expect(pair.Leaf).not.toHaveProperty("URIStrings");
    expect(pair).toMatchObject({ SupportedSignatureAlgorithms: null, OCSPStaple: null, SignedCertificateTimestamps: null });
    // big integers travel digit for digit
    const text = evalRule('p := json.marshal(crypto.x509.parse_keypair(input.cert, input.key).PrivateKey.N)', "p", { input: { cert: rsaLeaf.pem, key: pkcs1 } });
    expect(text).toBe(big(jwk.n).toString());
  });

  it("accepts base64 of PEM or DER for either input", () => {
    const der = Buffer.from(rsaLeaf.cert.rawData).toString("base64");
    const keyDer = (createPrivateKey(pkcs1).export({ type: "pkcs8", format: "der" }) as Buffer).toString("base64");
    const leafCn = (cert: string, key: string) =>
      cn((evalRule("p := crypto.x509.parse_keypair(input.cert, input.key)", "p", { input: { cert, key } }) as { Leaf: unknown }).Leaf);
    expect(leafCn(der, keyDer)).toBe("rsa.example.com");
    expect(leafCn(b64(rsaLeaf.pem), b64(pkcs1))).toBe("rsa.example.com");
  });

  it("fails with Go's tls errors", async () => {
    const err = (cert: string, key: string) => evalError("p := crypto.x509.parse_keypair(input.cert, input.key)", "p", { input: { cert, key }, strict: true });
    const other = createPrivateKey(await pkcs8Pem((await issue({ name: "o", alg: RSA })).keys.privateKey)).export({ type: "pkcs1", format: "pem" }) as string;
    expect(err(rsaLeaf.pem, other)).toEqual({ code: "eval_builtin_error", message: "crypto.x509.parse_keypair: tls: private key does not match public key" });
    expect(err(rsaLeaf.pem, await pkcs8Pem(leaf.keys.privateKey)).message).toBe("crypto.x509.parse_keypair: tls: private key type does not match public key type");
    expect(err(pkcs1, rsaLeaf.pem).message).toBe(
      "crypto.x509.parse_keypair: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched",
    );
    expect(err(rsaLeaf.pem, rsaLeaf.pem).message).toBe("crypto.x509.parse_keypair: tls: found a certificate rather than a key in the PEM for the private key");
    expect(evalRule("p := crypto.x509.parse_keypair(input.cert, input.key)", "p", { input: { cert: rsaLeaf.pem, key: other } })).toBeUndefined();
  });
});

describe("crypto.parse_private_keys", () => {
  it("returns the JSON of Go's key structs for every key block, skipping other blocks", async () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
    const ec = generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey;
    const ed = generateKeyPairSync("ed25519").privateKey;
    const pem =
      (rsa.export({ type: "pkcs1", format: "pem" }) as string) +
      leaf.pem +
      (ec.export({ type: "sec1", format: "pem" }) as string) +
      (ed.export({ type: "pkcs8", format: "pem" }) as string);
    const keys = evalRule("p := crypto.parse_private_keys(input.pem)", "p", { input: { pem } }) as Record<string, unknown>[];
    expect(keys).toHaveLength(3);
    const big = (s: string | undefined) => BigInt("0x" + Buffer.from(s!, "base64url").toString("hex"));
    const r = rsa.export({ format: "jwk" });
    expect(Object.keys(keys[0]!).sort()).toEqual(["D", "E", "N", "Precomputed", "Primes"]);
    expect(keys[0]!.E).toBe(65537);
    const e = ec.export({ format: "jwk" });
    expect(keys[1]).toMatchObject({ Curve: {} });
    expect(Object.keys(keys[1]!).sort()).toEqual(["Curve", "D", "X", "Y"]);
    const d = ed.export({ format: "jwk" });
    expect(keys[2]).toBe(Buffer.concat([Buffer.from(d.d!, "base64url"), Buffer.from(d.x!, "base64url")]).toString("base64"));
    // exact big integers, compared as JSON text
    const text = evalRule("p := json.marshal([k.D | some k in crypto.parse_private_keys(input.pem); is_object(k)])", "p", { input: { pem } });
    expect(text).toBe(`[${big(r.d)},${big(e.d)}]`);
  });

  it("is null for \"\", [] without key blocks, and reads base64 of PEM", () => {
    expect(evalRule('p := crypto.parse_private_keys("")')).toBeNull();
    expect(evalRule("p := crypto.parse_private_keys(input.pem)", "p", { input: { pem: leaf.pem } })).toEqual([]);
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    expect(evalRule("p := count(crypto.parse_private_keys(input.pem))", "p", { input: { pem: b64(ec) } })).toBe(1);
  });

  it("fails when a key block does not hold a key of its type", () => {
    const pkcs8 = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const mislabelled = pkcs8.replace(/PRIVATE KEY/g, "RSA PRIVATE KEY");
    expect(evalError("p := crypto.parse_private_keys(input.pem)", "p", { input: { pem: mislabelled }, strict: true })).toEqual({
      code: "eval_builtin_error",
      message: "crypto.parse_private_keys: x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)",
    });
  });
});

describe("crypto.x509.parse_certificate_request", () => {
  it("returns the JSON of Go's x509.CertificateRequest", async () => {
    const keys = (await webcrypto.subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: "CN=api.example.com, O=Example GmbH, C=DE",
      keys,
      signingAlgorithm: EC,
      extensions: [
        new x509.SubjectAlternativeNameExtension([
          { type: "dns", value: "api.example.com" },
          { type: "ip", value: "10.0.0.1" },
          { type: "email", value: "ops@example.com" },
          { type: "url", value: "spiffe://cluster.local/ns/default/sa/api" },
        ]),
      ],
    });
    const out = evalRule("p := crypto.x509.parse_certificate_request(input.csr)", "p", { input: { csr: csr.toString("pem") } }) as Record<string, unknown>;
    const der = Buffer.from(csr.rawData).toString("base64");
    expect(out).toMatchObject({
      Raw: der,
      Version: 0,
      SignatureAlgorithm: 10, // ECDSAWithSHA256
      PublicKeyAlgorithm: 3, // ECDSA
      Subject: { CommonName: "api.example.com", Organization: ["Example GmbH"], Country: ["DE"] },
      DNSNames: ["api.example.com"],
      IPAddresses: ["10.0.0.1"],
      EmailAddresses: ["ops@example.com"],
      ExtraExtensions: null,
    });
    expect((out.URIs as Record<string, unknown>[])[0]).toMatchObject({ Scheme: "spiffe", Host: "cluster.local", Path: "/ns/default/sa/api" });
    expect(out.Extensions).toEqual([{ Id: [2, 5, 29, 17], Critical: false, Value: expect.any(String) }]);
    const attrs = out.Attributes as { Type: number[]; Value: { Type: number[] }[][] }[];
    expect(attrs[0]!.Type).toEqual([1, 2, 840, 113549, 1, 9, 14]);
    expect(attrs[0]!.Value[0]![0]!.Type).toEqual([2, 5, 29, 17]);
    // base64 of the DER works too
    expect(evalRule("p := crypto.x509.parse_certificate_request(input.csr).Raw", "p", { input: { csr: der } })).toBe(der);
  });

  it("rejects a PEM block of another type", () => {
    expect(evalError("p := crypto.x509.parse_certificate_request(input.csr)", "p", { input: { csr: b64(leaf.pem) }, strict: true })).toEqual({
      code: "eval_builtin_error",
      message: "crypto.x509.parse_certificate_request: invalid PEM-encoded certificate signing request",
    });
  });
});
