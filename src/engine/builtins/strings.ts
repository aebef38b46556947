// strings.split_n (open-policy-agent/opa#8915): split, then keep the first n parts, or the last -n parts
// when n is negative; 0 gives []. Unlike Go's strings.SplitN the remainder is dropped, not kept in the
// last part.

import { int, str } from "./common.js";

/** Go's strings.Split: an empty separator splits into characters, and "" then gives no part at all. */
function goSplit(s: string, sep: string): string[] {
  return sep === "" ? Array.from(s) : s.split(sep);
}

export const STRINGS_BUILTINS = {
  "strings.split_n": (s: unknown, sep: unknown, n: unknown): string[] => {
    const parts = goSplit(str(s, 1), str(sep, 2));
    const count = int(n, 3);
    const len = BigInt(parts.length);
    if (count >= 0n) return parts.slice(0, Number(count < len ? count : len));
    return parts.slice(Number(-count < len ? len + count : 0n));
  },
};
