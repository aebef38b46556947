// A signer backed by an AWS KMS asymmetric key (KeyUsage SIGN_VERIFY).
//   ECC_NIST_P256          -> ECDSA_SHA_256; we send the SHA-256 digest (MessageType DIGEST), so any size signs.
//   ECC_NIST_EDWARDS25519  -> ED25519_SHA_512 over the raw message (MessageType RAW, at most 4096 bytes: KMS's
//                             limit; pure Ed25519 has no digest mode that node:crypto can verify).
// The public key comes from GetPublicKey once; verification is offline with it.
import { createHash, createPublicKey } from "node:crypto";
import { GetPublicKeyCommand, KMSClient, SignCommand, type KMSClientConfig } from "@aws-sdk/client-kms";
import { SigningError } from "./errors.js";
import { algorithmOf, keyIdOf } from "./keys.js";
import type { Signer } from "./signer.js";

export const KMS_RAW_MESSAGE_LIMIT = 4096;

export interface KmsSignerOptions {
  /** Key id, key ARN, alias name or alias ARN. */
  keyId: string;
  /** An existing client, or the configuration of a new one (region, endpoint, credentials ...). */
  client?: KMSClient;
  clientConfig?: KMSClientConfig;
}

export async function createKmsSigner(opts: KmsSignerOptions): Promise<Signer> {
  const client = opts.client ?? new KMSClient(opts.clientConfig ?? {});
  let out;
  try {
    out = await client.send(new GetPublicKeyCommand({ KeyId: opts.keyId }));
  } catch (e) {
    throw new SigningError("KMS_GET_PUBLIC_KEY_FAILED", `KMS GetPublicKey for ${opts.keyId} failed: ${(e as Error).message}`, { cause: e });
  }
  if (out.KeyUsage && out.KeyUsage !== "SIGN_VERIFY") {
    throw new SigningError("KMS_KEY_USAGE", `KMS key ${opts.keyId} has KeyUsage ${out.KeyUsage}; a SIGN_VERIFY key is needed`);
  }
  const spec = out.KeySpec;
  if (spec !== "ECC_NIST_P256" && spec !== "ECC_NIST_EDWARDS25519") {
    throw new SigningError("KMS_KEY_SPEC", `KMS key ${opts.keyId} has KeySpec ${String(spec)}; Evident signs with ECC_NIST_P256 or ECC_NIST_EDWARDS25519`);
  }
  if (!out.PublicKey) throw new SigningError("KMS_NO_PUBLIC_KEY", `KMS GetPublicKey returned no public key for ${opts.keyId}`);
  const pub = createPublicKey({ key: Buffer.from(out.PublicKey), format: "der", type: "spki" });
  const algorithm = algorithmOf(pub);
  const kmsKeyId = out.KeyId ?? opts.keyId;
  return {
    keyId: keyIdOf(pub),
    algorithm,
    publicKeyPem: pub.export({ type: "spki", format: "pem" }).toString(),
    description: `aws-kms:${kmsKeyId}`,
    async sign(data: Uint8Array): Promise<Buffer> {
      let cmd: SignCommand;
      if (algorithm === "ecdsa-p256-sha256") {
        const digest = createHash("sha256").update(data).digest();
        cmd = new SignCommand({ KeyId: opts.keyId, Message: digest, MessageType: "DIGEST", SigningAlgorithm: "ECDSA_SHA_256" });
      } else {
        if (data.byteLength > KMS_RAW_MESSAGE_LIMIT) {
          throw new SigningError(
            "KMS_MESSAGE_TOO_LARGE",
            `KMS signs at most ${KMS_RAW_MESSAGE_LIMIT} bytes with an Ed25519 key (got ${data.byteLength}); use an ECC_NIST_P256 key for bundles`,
          );
        }
        cmd = new SignCommand({ KeyId: opts.keyId, Message: data, MessageType: "RAW", SigningAlgorithm: "ED25519_SHA_512" });
      }
      let res;
      try {
        res = await client.send(cmd);
      } catch (e) {
        throw new SigningError("KMS_SIGN_FAILED", `KMS Sign with ${opts.keyId} failed: ${(e as Error).message}`, { cause: e });
      }
      if (!res.Signature) throw new SigningError("KMS_NO_SIGNATURE", `KMS Sign returned no signature for ${opts.keyId}`);
      return Buffer.from(res.Signature);
    },
  };
}
