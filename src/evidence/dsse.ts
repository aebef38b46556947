// DSSE (Dead Simple Signing Envelope) v1. A signature covers the pre-authentication encoding
//   PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
// (LEN = decimal byte length), so the payload type is bound inside the signed bytes.
import { EvidenceError } from "./errors.js";
import { verifySignature, type PublicKeyInfo } from "./keys.js";
import type { Signer } from "./signer.js";

export interface DsseSignature {
  keyid: string;
  sig: string; // base64
}

export interface DsseEnvelope {
  payloadType: string;
  payload: string; // base64
  signatures: DsseSignature[];
}

export function pae(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, "utf8");
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.byteLength} `, "utf8"),
    type,
    Buffer.from(` ${payload.byteLength} `, "utf8"),
    payload,
  ]);
}

export async function signEnvelope(payloadType: string, payload: Uint8Array, signer: Signer): Promise<DsseEnvelope> {
  if (!payloadType) throw new EvidenceError("DSSE_EMPTY_TYPE", "DSSE payloadType must not be empty");
  const sig = await signer.sign(pae(payloadType, payload));
  return {
    payloadType,
    payload: Buffer.from(payload).toString("base64"),
    signatures: [{ keyid: signer.keyId, sig: sig.toString("base64") }],
  };
}

export type EnvelopeCheck =
  | { ok: true; payload: Buffer }
  | { ok: false; code: "DSSE_MALFORMED" | "DSSE_WRONG_TYPE" | "SIGNATURE_KEY_MISMATCH" | "SIGNATURE_INVALID"; message: string };

/** Checks an envelope against one trusted key: a signature by that key id must verify over the PAE. */
export function checkEnvelope(env: unknown, expectedType: string, trusted: PublicKeyInfo): EnvelopeCheck {
  if (!isEnvelope(env)) return { ok: false, code: "DSSE_MALFORMED", message: "not a DSSE envelope (payloadType, payload, signatures[])" };
  if (env.payloadType !== expectedType) {
    return { ok: false, code: "DSSE_WRONG_TYPE", message: `payloadType is ${JSON.stringify(env.payloadType)}, expected ${expectedType}` };
  }
  const payload = Buffer.from(env.payload, "base64");
  const mine = env.signatures.filter((s) => s.keyid === trusted.keyId);
  if (mine.length === 0) {
    const ids = env.signatures.map((s) => s.keyid || "(none)").join(", ");
    return {
      ok: false,
      code: "SIGNATURE_KEY_MISMATCH",
      message: `the envelope is signed by key ${ids}, not by the trusted key ${trusted.keyId}`,
    };
  }
  const message = pae(env.payloadType, payload);
  for (const s of mine) {
    if (verifySignature(trusted.algorithm, trusted.key, message, Buffer.from(s.sig, "base64"))) return { ok: true, payload };
  }
  return { ok: false, code: "SIGNATURE_INVALID", message: `the signature by key ${trusted.keyId} does not verify over the envelope's payload` };
}

function isEnvelope(x: unknown): x is DsseEnvelope {
  if (!x || typeof x !== "object") return false;
  const e = x as Record<string, unknown>;
  return (
    typeof e.payloadType === "string" &&
    typeof e.payload === "string" &&
    Array.isArray(e.signatures) &&
    e.signatures.every((s) => s && typeof s === "object" && typeof (s as DsseSignature).sig === "string" && typeof (s as DsseSignature).keyid === "string")
  );
}
