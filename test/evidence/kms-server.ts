// A local HTTP server speaking the AWS KMS JSON 1.1 protocol (POST /, X-Amz-Target: TrentService.<Op>,
// Content-Type application/x-amz-json-1.1, blobs as base64) with real key pairs behind it, for the real
// @aws-sdk/client-kms client. ECDSA over a precomputed digest (MessageType DIGEST) is not offered by
// node:crypto, so it is done here with the curve arithmetic of P-256 (test code only).
import http from "node:http";
import { randomBytes, sign as cryptoSign, type KeyObject } from "node:crypto";

type Spec = "ECC_NIST_P256" | "ECC_NIST_EDWARDS25519";
interface Key {
  spec: Spec;
  privateKey: KeyObject;
  publicKey: KeyObject;
  arn: string;
}

export interface KmsCall {
  target: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

// ---- P-256 (SEC 2 / FIPS 186-4 domain parameters) ----
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const A = P - 3n;
const G: [bigint, bigint] = [
  0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
];
const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
function inv(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}
type Pt = [bigint, bigint] | null;
function add(p1: Pt, p2: Pt): Pt {
  if (!p1) return p2;
  if (!p2) return p1;
  if (p1[0] === p2[0] && mod(p1[1] + p2[1], P) === 0n) return null;
  const l = p1[0] === p2[0] && p1[1] === p2[1] ? mod((3n * p1[0] * p1[0] + A) * inv(2n * p1[1], P), P) : mod((p2[1] - p1[1]) * inv(p2[0] - p1[0], P), P);
  const x = mod(l * l - p1[0] - p2[0], P);
  return [x, mod(l * (p1[0] - x) - p1[1], P)];
}
function mul(k: bigint, pt: Pt): Pt {
  let r: Pt = null;
  for (let q = pt; k > 0n; k >>= 1n, q = add(q, q)) if (k & 1n) r = add(r, q);
  return r;
}
const big = (b: Buffer) => BigInt(`0x${b.toString("hex") || "0"}`);
function derInt(x: bigint): Buffer {
  let h = x.toString(16);
  if (h.length % 2) h = `0${h}`;
  let b = Buffer.from(h, "hex");
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return Buffer.concat([Buffer.from([0x02, b.length]), b]);
}
function ecdsaSignDigest(priv: KeyObject, digest: Buffer): Buffer {
  const d = big(Buffer.from(priv.export({ format: "jwk" }).d!, "base64url"));
  const z = big(digest);
  for (;;) {
    const k = mod(big(randomBytes(32)), N);
    if (k === 0n) continue;
    const r = mod(mul(k, G)![0], N);
    const s = mod(inv(k, N) * (z + r * d), N);
    if (r === 0n || s === 0n) continue;
    const body = Buffer.concat([derInt(r), derInt(s)]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]);
  }
}

export class FakeKms {
  readonly calls: KmsCall[] = [];
  private readonly keys = new Map<string, Key>();
  private server!: http.Server;
  endpoint = "";

  addKey(keyId: string, spec: Spec, privateKey: KeyObject, publicKey: KeyObject): void {
    this.keys.set(keyId, { spec, privateKey, publicKey, arn: `arn:aws:kms:us-east-1:111122223333:key/${keyId}` });
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString()));
      req.on("end", () => {
        const target = String(req.headers["x-amz-target"] ?? "");
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(raw || "{}") as Record<string, unknown>;
        } catch {
          return this.error(res, "SerializationException", "bad JSON");
        }
        this.calls.push({ target, body, authorization: req.headers.authorization });
        if (req.method !== "POST" || !String(req.headers["content-type"]).startsWith("application/x-amz-json-1.1")) {
          return this.error(res, "UnknownOperationException", "expected a JSON 1.1 POST");
        }
        const key = this.keys.get(String(body.KeyId)) ?? [...this.keys.values()].find((k) => k.arn === body.KeyId);
        if (target === "TrentService.GetPublicKey") {
          if (!key) return this.error(res, "NotFoundException", `Key '${String(body.KeyId)}' does not exist`);
          return this.ok(res, {
            KeyId: key.arn,
            KeySpec: key.spec,
            KeyUsage: "SIGN_VERIFY",
            PublicKey: key.publicKey.export({ type: "spki", format: "der" }).toString("base64"),
            SigningAlgorithms: key.spec === "ECC_NIST_P256" ? ["ECDSA_SHA_256"] : ["ED25519_SHA_512", "ED25519_PH_SHA_512"],
          });
        }
        if (target === "TrentService.Sign") {
          if (!key) return this.error(res, "NotFoundException", `Key '${String(body.KeyId)}' does not exist`);
          const msg = Buffer.from(String(body.Message ?? ""), "base64");
          const type = body.MessageType ?? "RAW";
          let sig: Buffer;
          if (key.spec === "ECC_NIST_P256") {
            if (body.SigningAlgorithm !== "ECDSA_SHA_256") return this.error(res, "InvalidKeyUsageException", "algorithm not supported by this key");
            if (type === "DIGEST") {
              if (msg.length !== 32) return this.error(res, "ValidationException", "digest must be 32 bytes");
              sig = ecdsaSignDigest(key.privateKey, msg);
            } else {
              if (msg.length > 4096) return this.error(res, "ValidationException", "Message exceeds 4096 bytes");
              sig = cryptoSign("sha256", msg, { key: key.privateKey, dsaEncoding: "der" });
            }
          } else {
            if (body.SigningAlgorithm !== "ED25519_SHA_512" || type !== "RAW") return this.error(res, "ValidationException", "ED25519_SHA_512 needs MessageType RAW");
            if (msg.length > 4096) return this.error(res, "ValidationException", "Message exceeds 4096 bytes");
            sig = cryptoSign(null, msg, key.privateKey);
          }
          return this.ok(res, { KeyId: key.arn, Signature: sig.toString("base64"), SigningAlgorithm: body.SigningAlgorithm });
        }
        return this.error(res, "UnknownOperationException", `unsupported ${target}`);
      });
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  private ok(res: http.ServerResponse, out: unknown): void {
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomBytes(8).toString("hex") });
    res.end(JSON.stringify(out));
  }

  private error(res: http.ServerResponse, type: string, message: string): void {
    res.writeHead(400, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomBytes(8).toString("hex") });
    res.end(JSON.stringify({ __type: type, message }));
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
