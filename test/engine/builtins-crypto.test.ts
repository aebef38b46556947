// crypto.* and io.jwt.* with real keys and certificates (made with openssl for these tests; the fields
// expected below are read from `openssl x509 -text`, not from our parser).
import { X509Certificate, createHash, createHmac, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { error, text, value } from "./host.js";


const CA_PEM = `-----BEGIN CERTIFICATE-----
MIIDVTCCAj2gAwIBAgIQHy49TFtqeYgBI0VniavN7zANBgkqhkiG9w0BAQsFADBD
MQswCQYDVQQGEwJVUzEYMBYGA1UECgwPRXZpZGVudCBUZXN0IENBMRowGAYDVQQD
DBFFdmlkZW50IFRlc3QgUm9vdDAeFw0yNjExMjMxMTA4MTFaFw0zNjExMjAxMTA4
MTFaMEMxCzAJBgNVBAYTAlVTMRgwFgYDVQQKDA9FdmlkZW50IFRlc3QgQ0ExGjAY
BgNVBAMMEUV2aWRlbnQgVGVzdCBSb290MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A
MIIBCgKCAQEAwZhAWScuL8B2W/4OX1KtD50BYinfocUJflS45SUlYK9A1fImtH6Z
0cEE4WjVCC2pXSkc6AQkVMbpLxlsRy/xd0imBI7+3HMROaCBlh9Mq4+fRhf5ourI
zLsevl9uEKnQzMzdSoaLW3K9uQycnYQGgk92rDtPvtKjw7fpv7Y3Y84piwkTQK4V
vlqFfPMLh1hXwWQQYOLjZRxtvEic00+zZ4WyGLLqEd3nHS3tZ9fRMggGllpuVfBc
teuwa2HkAkBZU6mtsSfWQD2ZSlCxhA/cTVfWcNAGRCCNx8VVmJOk8x4xKlqx5F1I
f5u9eZnKXfUAd4R7igk8ebia3I260tEoxwIDAQABo0UwQzASBgNVHRMBAf8ECDAG
AQH/AgEAMA4GA1UdDwEB/wQEAwIBBjAdBgNVHQ4EFgQU53mk3IpAM/ZMJQrpVlkp
/n/l+9YwDQYJKoZIhvcNAQELBQADggEBAJ7NvSQK9pRMizBKwYQsutT6BlnbyQhJ
o3iSgLBOmXDvtDWYktP6mMRymeEYvR2r397k1VF6R8pO4MEhwPrtefRfzHzQAoC8
QcLbaII0Vzmp5Zg5mwxYOu5fVUm6a/ky4NhTXOduf5kYet5PBxLTrbqRXVmOjDpb
lf2V6k4w+K+Z182a1Fno1z0VPtxtFddE7i4KjJCC4QtU/DTo1kFAF3btsSxTt9PP
MN06B9mkGvyHISqGsygaPafxDijUQevYYRCidE0wG12g20bNU2CFkkIm9TGpAx1D
IbaZUj5YGPW2s/6d5oLG3Rzn+WLB3GCnqELzfnJkMpKtk1abgn9UkXo=
-----END CERTIFICATE-----
`;

const LEAF_PEM = `-----BEGIN CERTIFICATE-----
MIIEGjCCAwKgAwIBAgICEJIwDQYJKoZIhvcNAQELBQAwQzELMAkGA1UEBhMCVVMx
GDAWBgNVBAoMD0V2aWRlbnQgVGVzdCBDQTEaMBgGA1UEAwwRRXZpZGVudCBUZXN0
IFJvb3QwHhcNMjYxMTIzMTEwODExWhcNMjcxMTIzMTEwODExWjCBgjELMAkGA1UE
BhMCREUxDzANBgNVBAgMBkJlcmxpbjEPMA0GA1UEBwwGQmVybGluMRUwEwYDVQQK
DAxFeGFtcGxlIEdtYkgxETAPBgNVBAsMCFBsYXRmb3JtMREwDwYDVQQLDAhTZWN1
cml0eTEUMBIGA1UEAwwLZXhhbXBsZS5jb20wWTATBgcqhkjOPQIBBggqhkjOPQMB
BwNCAATZNnzsLmzqdupFAlzIFRXSZRv0oj30Q/7QQQlJfLi3kr6O+t60CcGgrjCG
L70uXR5PcIl86CndADIWD7Vg4zTEo4IBoTCCAZ0wegYDVR0RBHMwcYILZXhhbXBs
ZS5jb22CDSouZXhhbXBsZS5jb22HBAoAAAGHECABDbgAAAAAAAAAAAAAAAGBEWFk
bWluQGV4YW1wbGUuY29thihzcGlmZmU6Ly9jbHVzdGVyLmxvY2FsL25zL2RlZmF1
bHQvc2Evd2ViMA4GA1UdDwEB/wQEAwIFoDAdBgNVHSUEFjAUBggrBgEFBQcDAQYI
KwYBBQUHAwIwDAYDVR0TAQH/BAIwADAdBgNVHQ4EFgQUO4/omnqXDG4eWV/d+9Yg
kK2mdy0wHwYDVR0jBBgwFoAU53mk3IpAM/ZMJQrpVlkp/n/l+9YwXQYIKwYBBQUH
AQEEUTBPMCMGCCsGAQUFBzABhhdodHRwOi8vb2NzcC5leGFtcGxlLmNvbTAoBggr
BgEFBQcwAoYcaHR0cDovL2NhLmV4YW1wbGUuY29tL2NhLmNydDAuBgNVHR8EJzAl
MCOgIaAfhh1odHRwOi8vY3JsLmV4YW1wbGUuY29tL2NhLmNybDATBgNVHSAEDDAK
MAgGBmeBDAECATANBgkqhkiG9w0BAQsFAAOCAQEAXu48zXOYLUX9h7ZK5z5+zuQ4
ynQLHpQ5b2OXLoK5HWJFrjkJmrDb9JQtzbXEzVpAbTKH8bLvJmKTUbsywLidPqLk
NFEn7vxuxMHJQF2sEFwWz6YAScKaklBpe+99msryB+SXaDEhbwl5EVjK0G1PJEj2
IjNCDgEzg7EmE2Gov8KE726+ifGHFOvTPAr9c6E1hBcaIgkI+3iMGxgqSb9YGsFC
LDnyt817CMC6WfXVwYh7Eh3IKgL3bt6Vbtfqe/ZE4eP90OVBS4mrxh5ByEyy5wBI
SxSehuBn4jyfV772N2aB3/h51nLxfux0kdxyXLDj/JyZ69cxyJruWaEL1UDhtA==
-----END CERTIFICATE-----
`;

// The leaf certificate's private key (a throwaway test key).
const LEAF_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgHf+N5hI017aH2x9B
T9HvOzK0XoKv9sMr+Pv9Hfbr2gKhRANCAATZNnzsLmzqdupFAlzIFRXSZRv0oj30
Q/7QQQlJfLi3kr6O+t60CcGgrjCGL70uXR5PcIl86CndADIWD7Vg4zTE
-----END PRIVATE KEY-----
`;

describe("hashes and HMACs", () => {
  it("hex-encodes digests of the UTF-8 text", () => {
    expect(value("crypto.md5", "")).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(value("crypto.sha1", "abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(value("crypto.sha256", "abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(value("crypto.sha256", "é")).toBe(createHash("sha256").update(Buffer.from([0xc3, 0xa9])).digest("hex"));
  });

  it("computes HMACs (RFC 4231 test case 2) and compares them in constant time", () => {
    expect(value("crypto.hmac.sha256", "what do ya want for nothing?", "Jefe")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
    expect(value("crypto.hmac.sha512", "what do ya want for nothing?", "Jefe")).toBe(
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
    );
    expect(value("crypto.hmac.md5", "what do ya want for nothing?", "Jefe")).toBe("750c783e6ab0b503eaa86e310a5db738");
    expect(value("crypto.hmac.sha1", "what do ya want for nothing?", "Jefe")).toBe("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    expect(value("crypto.hmac.equal", "abc", "abc")).toBe(true);
    expect(value("crypto.hmac.equal", "abc", "abd")).toBe(false);
    expect(value("crypto.hmac.equal", "abc", "abcd")).toBe(false);
    expect(error("crypto.hmac.sha256", "m", 1)).toEqual({
      code: "eval_type_error",
      message: "crypto.hmac.sha256: operand 2 must be string but got number",
    });
  });
});

describe("crypto.x509.parse_certificates", () => {
  const certs = () => value("crypto.x509.parse_certificates", LEAF_PEM + CA_PEM) as Record<string, unknown>[];

  it("reads subject, issuer, validity and serial as Go's x509.Certificate", () => {
    const [leaf, ca] = certs();
    expect(leaf!.Version).toBe(3);
    expect(leaf!.SerialNumber).toBe(4242);
    expect(leaf!.NotBefore).toBe("2026-11-23T11:08:11Z");
    expect(leaf!.NotAfter).toBe("2027-11-23T11:08:11Z");
    expect(leaf!.SignatureAlgorithm).toBe(4); // SHA256WithRSA
    expect(leaf!.PublicKeyAlgorithm).toBe(3); // ECDSA
    expect(leaf!.Subject).toMatchObject({
      CommonName: "example.com",
      Country: ["DE"],
      Province: ["Berlin"],
      Locality: ["Berlin"],
      Organization: ["Example GmbH"],
      OrganizationalUnit: ["Platform", "Security"],
      StreetAddress: null,
      SerialNumber: "",
    });
    expect((leaf!.Subject as { Names: unknown[] }).Names[0]).toEqual({ Type: [2, 5, 4, 6], Value: "DE" });
    expect(leaf!.Issuer).toMatchObject({ CommonName: "Evident Test Root", Organization: ["Evident Test CA"], Country: ["US"] });
    expect(ca!.Subject).toEqual(ca!.Issuer);
  });

  it("reads the extensions policies check", () => {
    const [leaf, ca] = certs();
    expect(leaf!.DNSNames).toEqual(["example.com", "*.example.com"]);
    expect(leaf!.IPAddresses).toEqual(["10.0.0.1", "2001:db8::1"]);
    expect(leaf!.EmailAddresses).toEqual(["admin@example.com"]);
    expect(leaf!.URIStrings).toEqual(["spiffe://cluster.local/ns/default/sa/web"]);
    expect((leaf!.URIs as Record<string, unknown>[])[0]).toMatchObject({ Scheme: "spiffe", Host: "cluster.local", Path: "/ns/default/sa/web" });
    expect(leaf!.KeyUsage).toBe(1 | 4); // digitalSignature | keyEncipherment
    expect(leaf!.ExtKeyUsage).toEqual([1, 2]); // serverAuth, clientAuth
    expect(leaf!.BasicConstraintsValid).toBe(true);
    expect(leaf!.IsCA).toBe(false);
    expect(leaf!.MaxPathLen).toBe(-1);
    expect(leaf!.SubjectKeyId).toBe(Buffer.from("3B8FE89A7A970C6E1E595FDDFBD62090ADA6772D", "hex").toString("base64"));
    expect(leaf!.AuthorityKeyId).toBe(Buffer.from("E779A4DC8A4033F64C250AE9565929FE7FE5FBD6", "hex").toString("base64"));
    expect(leaf!.OCSPServer).toEqual(["http://ocsp.example.com"]);
    expect(leaf!.IssuingCertificateURL).toEqual(["http://ca.example.com/ca.crt"]);
    expect(leaf!.CRLDistributionPoints).toEqual(["http://crl.example.com/ca.crl"]);
    expect(leaf!.PolicyIdentifiers).toEqual([[2, 23, 140, 1, 2, 1]]);
    expect((leaf!.Extensions as unknown[]).length).toBe(9);
    expect(ca!.IsCA).toBe(true);
    expect(ca!.MaxPathLen).toBe(0);
    expect(ca!.MaxPathLenZero).toBe(true);
    expect(ca!.KeyUsage).toBe(32 | 64); // certSign | CRLSign
    expect(ca!.DNSNames).toBeNull();
  });

  it("keeps serial numbers and RSA moduli exact", () => {
    const raw = text("crypto.x509.parse_certificates", CA_PEM)!;
    expect(raw).toContain('"SerialNumber":41446156801443023912721098318763773423');
    const modulus = /"PublicKey":\{"N":(\d+),"E":65537\}/.exec(raw)?.[1];
    const jwk = new X509Certificate(CA_PEM).publicKey.export({ format: "jwk" });
    expect(BigInt(modulus!)).toBe(BigInt("0x" + Buffer.from(jwk.n!, "base64url").toString("hex")));
  });

  it("accepts base64 DER and base64 PEM, and reports bad input", () => {
    const der = Buffer.from(LEAF_PEM.replace(/-----[A-Z ]+-----|\n/g, ""), "base64");
    expect((value("crypto.x509.parse_certificates", der.toString("base64")) as unknown[]).length).toBe(1);
    expect((value("crypto.x509.parse_certificates", Buffer.from(CA_PEM + LEAF_PEM).toString("base64")) as unknown[]).length).toBe(2);
    expect(error("crypto.x509.parse_certificates", "abc").message).toBe(
      "crypto.x509.parse_certificates: illegal base64 data at input byte 0",
    );
    expect(error("crypto.x509.parse_certificates", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n").message).toBe(
      "crypto.x509.parse_certificates: PEM block type is 'PUBLIC KEY', expected CERTIFICATE",
    );
    expect(error("crypto.x509.parse_certificates", Buffer.from("not a certificate").toString("base64")).message).toBe(
      "crypto.x509.parse_certificates: x509: malformed certificate",
    );
  });
});

describe("crypto.x509.parse_rsa_private_key", () => {
  it("returns the first private key as a JWK", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const pem = privateKey.export({ format: "pem", type: "pkcs1" }) as string;
    const jwk = value("crypto.x509.parse_rsa_private_key", pem) as Record<string, string>;
    expect(jwk.kty).toBe("RSA");
    expect(jwk).toEqual(privateKey.export({ format: "jwk" }));
    expect(value("crypto.x509.parse_rsa_private_key", Buffer.from(pem).toString("base64"))).toEqual(jwk);
    expect(error("crypto.x509.parse_rsa_private_key", "").message).toBe("crypto.x509.parse_rsa_private_key: input PEM data was empty");
  });
});

// --- JWT -------------------------------------------------------------------------------------------

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");
function token(header: object, payload: object, signer: (data: Buffer) => Buffer): string {
  const data = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${data}.${b64url(signer(Buffer.from(data)))}`;
}
const pemOf = (k: KeyObject) => k.export({ format: "pem", type: "spki" }) as string;

describe("io.jwt.decode", () => {
  const JWT_IO =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

  it("returns header, payload and the hex signature", () => {
    expect(value("io.jwt.decode", JWT_IO)).toEqual([
      { alg: "HS256", typ: "JWT" },
      { sub: "1234567890", name: "John Doe", iat: 1516239022 },
      Buffer.from("SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "base64url").toString("hex"),
    ]);
  });

  it("decodes nested tokens (cty JWT)", () => {
    const inner = token({ alg: "HS256" }, { sub: "inner" }, (d) => createHmac("sha256", "k").update(d).digest());
    const outer = `${b64url(JSON.stringify({ alg: "HS256", cty: "JWT" }))}.${b64url(`"${inner}"`)}.${b64url("sig")}`;
    expect((value("io.jwt.decode", outer) as unknown[])[1]).toEqual({ sub: "inner" });
  });

  it("reports malformed tokens", () => {
    expect(error("io.jwt.decode", "abc")).toEqual({ code: "eval_builtin_error", message: "io.jwt.decode: encoded JWT had no period separators" });
    expect(error("io.jwt.decode", "a.b").message).toBe("io.jwt.decode: encoded JWT must have 3 sections, found 2");
    expect(error("io.jwt.decode", `${b64url("{")}.e30.`).message).toMatch(/^io\.jwt\.decode: bad JWT header: /);
    expect(error("io.jwt.decode", `${b64url('{"enc":"A128GCM"}')}.e30.`).message).toBe(
      "io.jwt.decode: JWT is a JWE object, which is not supported",
    );
    expect(error("io.jwt.decode", `${b64url('{"alg":"none"}')}.WyJ4Il0.`).message).toBe("io.jwt.decode: decoded JSON type was not an Object");
    expect(error("io.jwt.decode", "a.e30.x").message).toBe("io.jwt.decode: JWT header had invalid encoding: illegal base64url string: a");
  });

  it("verifies HMAC signatures", () => {
    expect(value("io.jwt.verify_hs256", JWT_IO, "your-256-bit-secret")).toBe(true);
    expect(value("io.jwt.verify_hs256", JWT_IO, "another secret")).toBe(false);
    const t384 = token({ alg: "HS384" }, { a: 1 }, (d) => createHmac("sha384", "s").update(d).digest());
    expect(value("io.jwt.verify_hs384", t384, "s")).toBe(true);
    expect(value("io.jwt.verify_hs512", t384, "s")).toBe(false);
  });
});

describe("io.jwt.verify_* with public keys", () => {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const ec = generateKeyPairSync("ec", { namedCurve: "P-384" });
  const ed = generateKeyPairSync("ed25519");

  it("checks RS256 and PS256 against a PEM public key and a JWK set", () => {
    const rs = token({ alg: "RS256" }, { sub: "a" }, (d) => sign("sha256", d, rsa.privateKey));
    expect(value("io.jwt.verify_rs256", rs, pemOf(rsa.publicKey))).toBe(true);
    expect(value("io.jwt.verify_rs384", rs, pemOf(rsa.publicKey))).toBe(false);
    const jwks = JSON.stringify({ keys: [ec.publicKey.export({ format: "jwk" }), rsa.publicKey.export({ format: "jwk" })] });
    expect(value("io.jwt.verify_rs256", rs, jwks)).toBe(true);
    const ps = token({ alg: "PS256" }, { sub: "a" }, (d) =>
      sign("sha256", d, { key: rsa.privateKey, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 }),
    );
    expect(value("io.jwt.verify_ps256", ps, pemOf(rsa.publicKey))).toBe(true);
    expect(value("io.jwt.verify_rs256", ps, pemOf(rsa.publicKey))).toBe(false);
  });

  it("checks ES256 against the key of an X.509 certificate, ES384 and EdDSA against PEM keys", () => {
    const es256 = token({ alg: "ES256" }, { sub: "cert" }, (d) => sign("sha256", d, { key: LEAF_KEY, dsaEncoding: "ieee-p1363" }));
    expect(value("io.jwt.verify_es256", es256, LEAF_PEM)).toBe(true);
    const sigAt = es256.lastIndexOf(".") + 5;
    const tampered = es256.slice(0, sigAt) + (es256[sigAt] === "A" ? "B" : "A") + es256.slice(sigAt + 1);
    expect(value("io.jwt.verify_es256", tampered, LEAF_PEM)).toBe(false);
    const es384 = token({ alg: "ES384" }, {}, (d) => sign("sha384", d, { key: ec.privateKey, dsaEncoding: "ieee-p1363" }));
    expect(value("io.jwt.verify_es384", es384, pemOf(ec.publicKey))).toBe(true);
    expect(value("io.jwt.verify_es384", es384, pemOf(rsa.publicKey))).toBe(false);
    const eddsa = token({ alg: "EdDSA" }, {}, (d) => sign(null, d, ed.privateKey));
    expect(value("io.jwt.verify_eddsa", eddsa, pemOf(ed.publicKey))).toBe(true);
  });

  it("reports unusable keys", () => {
    const rs = token({ alg: "RS256" }, {}, (d) => sign("sha256", d, rsa.privateKey));
    expect(error("io.jwt.verify_rs256", rs, "not a key").message).toMatch(/^io\.jwt\.verify_rs256: failed to parse a JWK key \(set\): /);
    expect(error("io.jwt.verify_rs256", rs, LEAF_KEY).message).toBe(
      "io.jwt.verify_rs256: failed to extract a Key from the PEM certificate",
    );
    expect(error("io.jwt.verify_rs256", rs, LEAF_PEM + "extra").message).toBe("io.jwt.verify_rs256: extra data after a PEM certificate block");
  });
});

describe("io.jwt.decode_verify", () => {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const hs = (payload: object, header: object = { alg: "HS256", typ: "JWT" }) =>
    token(header, payload, (d) => createHmac("sha256", "secret").update(d).digest());
  const now = 1700000000; // seconds
  const at = { time: now * 1e9 };

  it("verifies signature and registered claims", () => {
    const t = hs({ iss: "evident", aud: "webhook", exp: now + 60, nbf: now - 60 });
    expect(value("io.jwt.decode_verify", t, { secret: "secret", iss: "evident", aud: "webhook", ...at })).toEqual([
      true,
      { alg: "HS256", typ: "JWT" },
      { iss: "evident", aud: "webhook", exp: now + 60, nbf: now - 60 },
    ]);
    const unverified = [false, {}, {}];
    expect(value("io.jwt.decode_verify", t, { secret: "wrong", aud: "webhook", ...at })).toEqual(unverified);
    expect(value("io.jwt.decode_verify", t, { secret: "secret", iss: "other", aud: "webhook", ...at })).toEqual(unverified);
    expect(value("io.jwt.decode_verify", t, { secret: "secret", ...at })).toEqual(unverified); // aud in token, none expected
    expect(value("io.jwt.decode_verify", t, { secret: "secret", aud: "webhook", time: (now + 60) * 1e9 })).toEqual(unverified);
    expect(value("io.jwt.decode_verify", t, { secret: "secret", aud: "webhook", time: (now - 61) * 1e9 })).toEqual(unverified);
    expect(value("io.jwt.decode_verify", t, { secret: "secret", aud: "webhook", alg: "HS512", ...at })).toEqual(unverified);
    expect((value("io.jwt.decode_verify", hs({ aud: ["a", "webhook"] }), { secret: "secret", aud: "webhook", ...at }) as unknown[])[0]).toBe(true);
  });

  it("verifies with certificates and keys, and uses the evaluation clock by default", () => {
    const rs = token({ alg: "RS256" }, { sub: "x", exp: 4102444800 }, (d) => sign("sha256", d, rsa.privateKey));
    expect((value("io.jwt.decode_verify", rs, { cert: pemOf(rsa.publicKey) }) as unknown[])[0]).toBe(true);
    const es = token({ alg: "ES256" }, { sub: "y" }, (d) => sign("sha256", d, { key: LEAF_KEY, dsaEncoding: "ieee-p1363" }));
    expect((value("io.jwt.decode_verify", es, { cert: LEAF_PEM }) as unknown[])[0]).toBe(true);
    expect((value("io.jwt.decode_verify", rs, { cert: LEAF_PEM }) as unknown[])[0]).toBe(false);
    const expired = token({ alg: "RS256" }, { exp: 1 }, (d) => sign("sha256", d, rsa.privateKey));
    expect((value("io.jwt.decode_verify", expired, { cert: pemOf(rsa.publicKey) }) as unknown[])[0]).toBe(false);
  });

  it("rejects bad constraints and unknown algorithms", () => {
    const t = hs({});
    expect(error("io.jwt.decode_verify", t, {}).message).toBe("io.jwt.decode_verify: no key constraint");
    expect(error("io.jwt.decode_verify", t, { secret: "s", cert: pemOf(rsa.publicKey) }).message).toBe(
      "io.jwt.decode_verify: duplicate key constraints",
    );
    expect(error("io.jwt.decode_verify", t, { secret: "s", foo: 1 }).message).toBe("io.jwt.decode_verify: unknown token validation constraint: foo");
    expect(error("io.jwt.decode_verify", hs({}, { alg: "XX256" }), { secret: "s" }).message).toBe(
      "io.jwt.decode_verify: unknown JWS algorithm: XX256",
    );
    expect(error("io.jwt.decode_verify", t, "secret")).toEqual({
      code: "eval_type_error",
      message: "io.jwt.decode_verify: operand 2 must be object but got string",
    });
  });
});

describe("io.jwt.decode_verify registered claims (OPA's checks)", () => {
  const hs = (payload: object) => token({ alg: "HS256" }, payload, (d) => createHmac("sha256", "k").update(d).digest());
  const at = { secret: "k", time: 1700000000 * 1e9 };

  it("requires iss when the constraint names one", () => {
    expect((value("io.jwt.decode_verify", hs({}), { ...at, iss: "evident" }) as unknown[])[0]).toBe(false);
    expect((value("io.jwt.decode_verify", hs({ iss: 1 }), { ...at, iss: "evident" }) as unknown[])[0]).toBe(false);
    expect((value("io.jwt.decode_verify", hs({ iss: "evident" }), { ...at, iss: "evident" }) as unknown[])[0]).toBe(true);
  });

  it("fails when exp or nbf is not a number", () => {
    expect(error("io.jwt.decode_verify", hs({ exp: null }), at)).toEqual({
      code: "eval_builtin_error",
      message: "io.jwt.decode_verify: exp value must be a number",
    });
    expect(error("io.jwt.decode_verify", hs({ nbf: "1" }), at).message).toBe("io.jwt.decode_verify: nbf value must be a number");
  });
});

describe("io.jwt.encode_sign and io.jwt.encode_sign_raw", () => {
  // RFC 7515 appendix A.1: the HMAC key and the exact header/payload bytes give a known token.
  const rfcKey = `{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}`;
  const rfcKeyBytes = Buffer.from("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow", "base64url");

  it("signs the header and payload text as given (RFC 7515 A.1)", () => {
    const header = `{"typ":"JWT",\r\n "alg":"HS256"}`;
    const payload = `{"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}`;
    expect(value("io.jwt.encode_sign_raw", header, payload, rfcKey)).toBe(
      "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9" +
        ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ" +
        ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    );
  });

  it("encode_sign writes its objects in Rego syntax (sorted keys, ', ' and ': ')", () => {
    const t = value("io.jwt.encode_sign", { typ: "JWT", alg: "HS256" }, { iat: 1678000000, exp: 1678000300 }, JSON.parse(rfcKey)) as string;
    const [h, p, s] = t.split(".");
    expect(Buffer.from(h!, "base64url").toString()).toBe(`{"alg": "HS256", "typ": "JWT"}`);
    expect(Buffer.from(p!, "base64url").toString()).toBe(`{"exp": 1678000300, "iat": 1678000000}`);
    expect(s).toBe(createHmac("sha256", rfcKeyBytes).update(`${h}.${p}`).digest("base64url"));
    expect((value("io.jwt.encode_sign", { alg: "HS256" }, {}, JSON.parse(rfcKey)) as string).split(".")[1]).toBe("e30");
  });

  it("signs with RSA and EC JWKs so that verify_* accepts the token", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const rsaJwk = rsa.privateKey.export({ format: "jwk" });
    for (const alg of ["RS256", "PS384"]) {
      const t = value("io.jwt.encode_sign", { alg }, { sub: "x" }, rsaJwk) as string;
      expect(value(`io.jwt.verify_${alg.toLowerCase()}`, t, pemOf(rsa.publicKey))).toBe(true);
    }
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const t = value("io.jwt.encode_sign", { alg: "ES256" }, { sub: "y" }, ec.privateKey.export({ format: "jwk" })) as string;
    expect(value("io.jwt.verify_es256", t, pemOf(ec.publicKey))).toBe(true);
  });

  it("reports Go's errors for bad headers, payloads and algorithms", () => {
    expect(error("io.jwt.encode_sign_raw", `{"typ:"JWT", "alg":"HS256"}`, "{}", rfcKey)).toEqual({
      code: "eval_builtin_error",
      message: "io.jwt.encode_sign_raw: invalid character 'J' after object key",
    });
    expect(error("io.jwt.encode_sign_raw", `{"typ":"JWT","alg":"HS256"}`, "", rfcKey).message).toBe(
      "io.jwt.encode_sign_raw: type is JWT but payload is not JSON",
    );
    expect(value("io.jwt.encode_sign_raw", `{"typ":"text","alg":"HS256"}`, "hello", rfcKey)).toMatch(/^[\w-]+\.aGVsbG8\.[\w-]+$/);
    expect(error("io.jwt.encode_sign_raw", `{"alg":"XY1"}`, "{}", rfcKey).message).toBe("io.jwt.encode_sign_raw: unknown signature algorithm");
    expect(error("io.jwt.encode_sign", { alg: "HS256" }, {}, "k")).toEqual({
      code: "eval_type_error",
      message: "io.jwt.encode_sign: operand 3 must be object but got string",
    });
  });
});
