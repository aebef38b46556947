// Signed checkpoints: every so often a writer signs the RFC 6962 Merkle root over the hashes of the
// records appended since its previous checkpoint. A checkpoint is a DSSE-style signature over
// PAE(CHECKPOINT_PAYLOAD_TYPE, canonical JSON of the body).
import { canonicalJson } from "./digest.js";
import { pae } from "./dsse.js";
import { verifySignature, type PublicKeyInfo, type SigAlg } from "./keys.js";
import { merkleRootOfHashes } from "./merkle.js";
import type { Signer } from "./signer.js";

export const CHECKPOINT_PAYLOAD_TYPE = "application/vnd.evident.checkpoint.v1+json";

export interface CheckpointBody {
  v: 1;
  chain: string;
  fromSeq: number;
  toSeq: number;
  count: number;
  merkleRoot: string;
  headHash: string;
  time: string;
  keyId: string;
}

export interface SignedCheckpoint {
  payloadType: typeof CHECKPOINT_PAYLOAD_TYPE;
  body: CheckpointBody;
  signature: { keyid: string; alg: SigAlg; sig: string };
}

/** Signs a checkpoint over the record hashes of seq fromSeq .. fromSeq + hashes.length - 1. */
export async function createCheckpoint(chain: string, fromSeq: number, hashes: readonly string[], signer: Signer, time = new Date()): Promise<SignedCheckpoint> {
  const body: CheckpointBody = {
    v: 1,
    chain,
    fromSeq,
    toSeq: fromSeq + hashes.length - 1,
    count: hashes.length,
    merkleRoot: merkleRootOfHashes(hashes),
    headHash: hashes[hashes.length - 1]!,
    time: time.toISOString(),
    keyId: signer.keyId,
  };
  const sig = await signer.sign(checkpointSigningInput(body));
  return { payloadType: CHECKPOINT_PAYLOAD_TYPE, body, signature: { keyid: signer.keyId, alg: signer.algorithm, sig: sig.toString("base64") } };
}

export function checkpointSigningInput(body: CheckpointBody): Buffer {
  return pae(CHECKPOINT_PAYLOAD_TYPE, Buffer.from(canonicalJson(body), "utf8"));
}

export function checkpointSignatureValid(cp: SignedCheckpoint, key: PublicKeyInfo): boolean {
  if (cp.signature.keyid !== key.keyId || cp.body.keyId !== key.keyId || cp.signature.alg !== key.algorithm) return false;
  return verifySignature(key.algorithm, key.key, checkpointSigningInput(cp.body), Buffer.from(cp.signature.sig, "base64"));
}

/** Compares a checkpoint with the record hashes of its range; returns a reason or null. */
export function checkpointMismatch(cp: SignedCheckpoint, hashes: readonly string[]): { code: "CHECKPOINT_ROOT_MISMATCH" | "CHECKPOINT_HEAD_MISMATCH" | "CHECKPOINT_COUNT_MISMATCH"; message: string } | null {
  const b = cp.body;
  if (hashes.length !== b.count || b.toSeq - b.fromSeq + 1 !== b.count) {
    return { code: "CHECKPOINT_COUNT_MISMATCH", message: `checkpoint covers ${b.count} records (seq ${b.fromSeq}..${b.toSeq}) but ${hashes.length} are present` };
  }
  const root = merkleRootOfHashes(hashes);
  if (root !== b.merkleRoot) {
    return { code: "CHECKPOINT_ROOT_MISMATCH", message: `Merkle root of records seq ${b.fromSeq}..${b.toSeq} is ${root.slice(0, 16)}…, the signed checkpoint says ${b.merkleRoot.slice(0, 16)}…` };
  }
  if (hashes[hashes.length - 1] !== b.headHash) {
    return { code: "CHECKPOINT_HEAD_MISMATCH", message: `record seq ${b.toSeq} hash differs from the checkpoint's head hash` };
  }
  return null;
}
