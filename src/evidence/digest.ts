// Hashing and canonical JSON (RFC 8785, JCS) helpers.
import * as cryptoModule from "node:crypto";
import { createHash } from "node:crypto";
import canonicalizeModule from "canonicalize";

// canonicalize is CommonJS with a default export.
type Canonicalize = (input: unknown) => string | undefined;
const canonicalize: Canonicalize =
  ((canonicalizeModule as unknown as { default?: Canonicalize }).default ?? (canonicalizeModule as unknown as Canonicalize));
import { EvidenceError } from "./errors.js";

// crypto.hash (one-shot, node >= 20.12) is several times cheaper than createHash for small inputs.
const oneShot = (cryptoModule as unknown as { hash?: (alg: string, data: string | Uint8Array, enc: "hex") => string }).hash;

export function sha256Hex(data: string | Uint8Array): string {
  if (oneShot) return oneShot("sha256", data, "hex");
  return createHash("sha256").update(data).digest("hex");
}

/** RFC 8785 canonical JSON text of a JSON value. */
export function canonicalJson(value: unknown): string {
  const s = canonicalize(value);
  if (s === undefined) throw new EvidenceError("NOT_JSON", "value cannot be serialised as JSON");
  return s;
}

/** "sha256:<hex>" of the canonical JSON of what was evaluated: the subject digest of a record. */
export function subjectDigest(evaluated: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(evaluated))}`;
}

/** "sha256:<hex>" of raw bytes (files, policy bundles). */
export function bytesDigest(data: string | Uint8Array): string {
  return `sha256:${sha256Hex(data)}`;
}

export const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;
export const HEX64_RE = /^[0-9a-f]{64}$/;
