// The signer interface, and the signer backed by a private key file.
import { createPrivateKey, createPublicKey, sign as cryptoSign, type KeyObject } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { SigningError } from "./errors.js";
import { algorithmOf, keyIdOf, type SigAlg } from "./keys.js";

export interface Signer {
  /** SHA-256 (hex) of the public key's SPKI DER. */
  readonly keyId: string;
  readonly algorithm: SigAlg;
  /** SPKI PEM of the public key, shipped in bundles so verification is offline. */
  readonly publicKeyPem: string;
  /** Human description of where the key lives: "file:/etc/evident/evident.key", "aws-kms:arn:..." */
  readonly description: string;
  /** Signs `data` (for ECDSA: over SHA-256 of data, DER-encoded signature). */
  sign(data: Uint8Array): Promise<Buffer>;
}

/** A signer over an Ed25519 or P-256 private key in a PEM file that only its owner can read. */
export function fileKeySigner(privateKeyPath: string, opts: { allowGroupReadable?: boolean } = {}): Signer {
  let st;
  try {
    st = statSync(privateKeyPath);
  } catch (e) {
    throw new SigningError("KEY_NOT_FOUND", `private key file not found: ${privateKeyPath}`, { cause: e });
  }
  if (process.platform !== "win32" && !opts.allowGroupReadable && (st.mode & 0o077) !== 0) {
    throw new SigningError(
      "KEY_PERMISSIONS",
      `private key ${privateKeyPath} is accessible by group or others (mode ${(st.mode & 0o777).toString(8)}); chmod 600 it`,
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(privateKeyPath, "utf8"));
  } catch (e) {
    throw new SigningError("KEY_UNREADABLE", `not a PEM private key: ${privateKeyPath}: ${(e as Error).message}`, { cause: e });
  }
  return privateKeySigner(key, `file:${privateKeyPath}`);
}

/** A signer over an in-memory private key. */
export function privateKeySigner(key: KeyObject, description = "memory"): Signer {
  const pub = createPublicKey(key);
  const algorithm = algorithmOf(pub);
  return {
    keyId: keyIdOf(pub),
    algorithm,
    publicKeyPem: pub.export({ type: "spki", format: "pem" }).toString(),
    description,
    async sign(data: Uint8Array): Promise<Buffer> {
      return algorithm === "ed25519" ? cryptoSign(null, data, key) : cryptoSign("sha256", data, { key, dsaEncoding: "der" });
    },
  };
}
