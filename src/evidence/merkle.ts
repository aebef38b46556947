// RFC 6962 section 2.1 Merkle Tree Hash over SHA-256, with domain separation:
//   MTH({})       = SHA-256()
//   leaf hash     = SHA-256(0x00 || leaf)
//   MTH(D[0:n])   = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k = largest power of two < n
// A checkpoint's leaves are the 32 raw bytes of each record hash, in sequence order.
import * as cryptoModule from "node:crypto";
import { createHash } from "node:crypto";

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);
// one-shot hashing (node >= 20.12) is much cheaper than createHash for 33- and 65-byte inputs
const oneShot = (cryptoModule as unknown as { hash?: (alg: string, data: Uint8Array, enc: "buffer") => Buffer }).hash;

function sha256(...parts: Uint8Array[]): Buffer {
  if (oneShot) return oneShot("sha256", Buffer.concat(parts), "buffer");
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
}

export function leafHash(leaf: Uint8Array): Buffer {
  return sha256(LEAF, leaf);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(NODE, left, right);
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Merkle Tree Hash of the given leaves (raw leaf data, not yet leaf-hashed). */
export function merkleTreeHash(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return createHash("sha256").digest();
  const hashes = leaves.map(leafHash);
  return subtree(hashes, 0, hashes.length);
}

function subtree(h: Buffer[], start: number, n: number): Buffer {
  if (n === 1) return h[start]!;
  const k = largestPowerOfTwoBelow(n);
  return nodeHash(subtree(h, start, k), subtree(h, start + k, n - k));
}

/** Merkle root (hex) over record hashes given as hex strings. */
export function merkleRootOfHashes(recordHashesHex: readonly string[]): string {
  return merkleTreeHash(recordHashesHex.map((h) => Buffer.from(h, "hex"))).toString("hex");
}
