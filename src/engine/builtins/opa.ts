// opa.runtime, trace and rand.intn: the builtins that describe or observe the evaluation rather than
// compute on data. opa.runtime is minimal on purpose: OPA returns the process environment and its config,
// which would let a policy copy secrets into decisions and evidence; here the engine chooses what to show
// (configureRuntime). Until it does, opa.runtime() is {} (what OPA returns when it runs without a
// runtime, e.g. `opa eval` conformance runs).

import { randomBytes, randomInt } from "node:crypto";
import { evaluation } from "./context.js";
import { bigNum, int, str } from "./common.js";

export interface RuntimeInfo {
  version: string;
  commit?: string;
  env?: Record<string, string>;
  config?: Record<string, unknown>;
}

let runtimeInfo: RuntimeInfo | undefined;

/** Set what opa.runtime() reports (the engine calls this once at start-up); undefined resets it to {}. */
export function configureRuntime(info: RuntimeInfo | undefined): void {
  runtimeInfo = info;
}

export const OPA_BUILTINS = {
  "opa.runtime": (): Record<string, unknown> => {
    if (runtimeInfo === undefined) return {};
    const out: Record<string, unknown> = { version: runtimeInfo.version, env: runtimeInfo.env ?? {} };
    if (runtimeInfo.commit !== undefined) out.commit = runtimeInfo.commit;
    if (runtimeInfo.config !== undefined) out.config = runtimeInfo.config;
    return out;
  },
  /** trace(note) is always true; the note is kept for the evaluation's explanation (traceNotes()). */
  trace: (note: unknown): boolean => {
    evaluation().notes.push(str(note, 1));
    return true;
  },
  /**
   * rand.intn(str, n): a random integer in [0, |n|), the same for the same (str, n) within one evaluation,
   * 0 when n is 0 (as OPA).
   */
  "rand.intn": (key: unknown, n: unknown): unknown => {
    const k = str(key, 1);
    const bound = int(n, 2);
    if (bound === 0n) return 0;
    const abs = bound < 0n ? -bound : bound;
    const cacheKey = `${k}\u0000${abs}`;
    const cache = evaluation().randInts;
    let v = cache.get(cacheKey);
    if (v === undefined) {
      // randomInt takes bounds up to 2^48; beyond, reduce 128 random bits (bias below 2^-64)
      v = abs <= 2n ** 48n ? BigInt(randomInt(Number(abs))) : BigInt("0x" + randomBytes(16).toString("hex")) % abs;
      cache.set(cacheKey, v);
    }
    return bigNum(v);
  },
};
