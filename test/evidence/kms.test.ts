// Signing with AWS KMS asymmetric keys through the real @aws-sdk/client-kms, against a local endpoint
// that speaks the KMS JSON protocol with real key pairs; verification is offline with the public key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPairSync, createHash } from "node:crypto";
import { join } from "node:path";
import { KMSClient } from "@aws-sdk/client-kms";
import { createKmsSigner } from "../../src/evidence/kms.js";
import { signEnvelope, checkEnvelope } from "../../src/evidence/dsse.js";
import { loadPublicKey } from "../../src/evidence/keys.js";
import { openEvidenceLog, openLogReader } from "../../src/evidence/log.js";
import { exportEvidence } from "../../src/evidence/export.js";
import { verifyBundle } from "../../src/evidence/verify.js";
import { checkpointSignatureValid } from "../../src/evidence/checkpoint.js";
import { FileLogReader } from "../../src/evidence/filelog/reader.js";
import { FakeKms } from "./kms-server.js";
import { sampleInput, tempDir } from "./helpers.js";

const kms = new FakeKms();
const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
const ed = generateKeyPairSync("ed25519");
const tmp = tempDir("evident-kms-");
let client: KMSClient;

beforeAll(async () => {
  kms.addKey("1234abcd-12ab-34cd-56ef-1234567890ab", "ECC_NIST_P256", p256.privateKey, p256.publicKey);
  kms.addKey("ed25519-key", "ECC_NIST_EDWARDS25519", ed.privateKey, ed.publicKey);
  await kms.start();
  client = new KMSClient({ endpoint: kms.endpoint, region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }, maxAttempts: 1 });
});
afterAll(async () => {
  client?.destroy();
  await kms.stop();
  tmp.cleanup();
});

describe("AWS KMS signer", () => {
  it("signs a bundle with an ECC_NIST_P256 key (digest mode) that verifies offline", async () => {
    await expect(createKmsSigner({ keyId: "alias/unknown", client })).rejects.toMatchObject({
      code: "KMS_GET_PUBLIC_KEY_FAILED",
      message: expect.stringContaining("does not exist"),
    });
    const s = await createKmsSigner({ keyId: "1234abcd-12ab-34cd-56ef-1234567890ab", client });
    const spki = p256.publicKey.export({ type: "spki", format: "der" });
    expect(s.keyId).toBe(createHash("sha256").update(spki).digest("hex"));
    expect(s.algorithm).toBe("ecdsa-p256-sha256");
    expect(s.description).toContain("arn:aws:kms:us-east-1:111122223333:key/1234abcd");

    const dir = join(tmp.dir, "p256");
    const log = await openEvidenceLog({ backend: "file", dir: join(dir, "log"), chain: "webhook-a" });
    for (let i = 0; i < 40; i++) await log.append(sampleInput(i, { time: new Date(Date.UTC(2026, 2, 1, i)) }));
    await log.close();
    const reader = await openLogReader({ backend: "file", dir: join(dir, "log") });
    await exportEvidence({ from: "2026-03-01T00:00:00Z", to: "2026-03-31T00:00:00Z", out: join(dir, "ev.tar.gz"), reader, signer: s, signerName: "KMS release key" });
    // verify with the public key held offline (not fetched from KMS)
    const pub = p256.publicKey.export({ type: "spki", format: "pem" }).toString();
    const v = await verifyBundle(join(dir, "ev.tar.gz"), { key: pub });
    expect(v.failures).toEqual([]);
    expect(v.ok).toBe(true);
    const sign = kms.calls.filter((c) => c.target === "TrentService.Sign");
    expect(sign.length).toBeGreaterThan(0);
    expect(sign.at(-1)!.body).toMatchObject({ MessageType: "DIGEST", SigningAlgorithm: "ECDSA_SHA_256" });
    expect(Buffer.from(String(sign.at(-1)!.body.Message), "base64")).toHaveLength(32);
    expect(sign.at(-1)!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//); // the real SDK signed the request
  });

  it("signs checkpoints with an ECC_NIST_EDWARDS25519 key (raw mode) and refuses messages over 4096 bytes", async () => {
    const s = await createKmsSigner({ keyId: "ed25519-key", client });
    expect(s.algorithm).toBe("ed25519");
    const dir = join(tmp.dir, "ed");
    const log = await openEvidenceLog({ backend: "file", dir, chain: "scanner-1", signer: s, checkpoint: { every: 10 } });
    for (let i = 0; i < 30; i++) await log.append(sampleInput(i));
    await log.close();
    const cps = await new FileLogReader(dir).checkpoints("scanner-1");
    expect(cps.length).toBeGreaterThanOrEqual(3);
    const key = loadPublicKey(ed.publicKey.export({ type: "spki", format: "pem" }).toString());
    for (const cp of cps) expect(checkpointSignatureValid(cp, key)).toBe(true);
    const small = await signEnvelope("application/vnd.test", Buffer.from("hello"), s);
    expect(checkEnvelope(small, "application/vnd.test", key)).toMatchObject({ ok: true });
    await expect(signEnvelope("application/vnd.test", Buffer.alloc(5000, 1), s)).rejects.toMatchObject({ code: "KMS_MESSAGE_TOO_LARGE" });
    expect(kms.calls.filter((c) => c.target === "TrentService.Sign").at(-1)!.body).toMatchObject({ MessageType: "RAW", SigningAlgorithm: "ED25519_SHA_512" });
  });
});
