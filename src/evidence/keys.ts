// Keys: `evident keys generate` (Ed25519, PEM), key ids, loading public keys, offline verification.
// A key id is the SHA-256 (hex) of the public key's SubjectPublicKeyInfo DER encoding.
import { createHash, createPublicKey, generateKeyPairSync, verify as cryptoVerify, type KeyObject } from "node:crypto";
import { chmod, mkdir, open } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { SigningError } from "./errors.js";

export type SigAlg = "ed25519" | "ecdsa-p256-sha256";

export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  return createHash("sha256").update(key.export({ type: "spki", format: "der" })).digest("hex");
}

export function algorithmOf(publicKey: KeyObject): SigAlg {
  if (publicKey.asymmetricKeyType === "ed25519") return "ed25519";
  if (publicKey.asymmetricKeyType === "ec" && publicKey.asymmetricKeyDetails?.namedCurve === "prime256v1") return "ecdsa-p256-sha256";
  throw new SigningError(
    "KEY_UNSUPPORTED",
    `unsupported key type ${publicKey.asymmetricKeyType}${publicKey.asymmetricKeyDetails?.namedCurve ? ` (${publicKey.asymmetricKeyDetails.namedCurve})` : ""}; Evident signs with Ed25519 or ECDSA P-256`,
  );
}

export interface PublicKeyInfo {
  key: KeyObject;
  keyId: string;
  algorithm: SigAlg;
  pem: string;
}

/** Parses a PEM public key (SPKI). Accepts the PEM text or a path to it. */
export function loadPublicKey(pemOrPath: string): PublicKeyInfo {
  let pem = pemOrPath;
  if (!pem.includes("-----BEGIN")) {
    if (!existsSync(pemOrPath)) throw new SigningError("KEY_NOT_FOUND", `public key file not found: ${pemOrPath}`);
    pem = readFileSync(pemOrPath, "utf8");
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    throw new SigningError("KEY_UNREADABLE", `not a PEM public key: ${(e as Error).message}`, { cause: e });
  }
  const spkiPem = key.export({ type: "spki", format: "pem" }).toString();
  return { key, keyId: keyIdOf(key), algorithm: algorithmOf(key), pem: spkiPem };
}

/** Verifies a raw signature. ECDSA signatures are DER (as KMS returns them) over SHA-256 of data. */
export function verifySignature(alg: SigAlg, key: KeyObject, data: Uint8Array, sig: Uint8Array): boolean {
  try {
    if (alg === "ed25519") return cryptoVerify(null, data, key, sig);
    return cryptoVerify("sha256", data, { key, dsaEncoding: "der" }, sig);
  } catch {
    return false;
  }
}

export interface GeneratedKey {
  keyId: string;
  privateKeyPath: string;
  publicKeyPath: string;
  publicKeyPem: string;
}

/**
 * `evident keys generate`: a new Ed25519 key pair as PEM. The private key (PKCS#8) is created with mode
 * 0600 and never overwritten unless `overwrite` is set; the public key (SPKI) is world-readable.
 */
export async function generateKeyPair(opts: { privateKeyPath: string; publicKeyPath: string; overwrite?: boolean }): Promise<GeneratedKey> {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const privPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const pubPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  await mkdir(dirname(opts.privateKeyPath), { recursive: true });
  await mkdir(dirname(opts.publicKeyPath), { recursive: true });
  const flags = opts.overwrite ? "w" : "wx";
  try {
    const fh = await open(opts.privateKeyPath, flags, 0o600);
    try {
      await fh.chmod(0o600); // the mode given to open() is reduced by the umask, and ignored for an existing file
      await fh.writeFile(privPem);
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") {
      throw new SigningError("KEY_EXISTS", `${opts.privateKeyPath} already exists; refusing to overwrite a private key`);
    }
    throw e;
  }
  const pfh = await open(opts.publicKeyPath, flags, 0o644);
  try {
    await pfh.writeFile(pubPem);
    await pfh.sync();
  } finally {
    await pfh.close();
  }
  await chmod(opts.publicKeyPath, 0o644);
  return { keyId: keyIdOf(publicKey), privateKeyPath: opts.privateKeyPath, publicKeyPath: opts.publicKeyPath, publicKeyPem: pubPem };
}
