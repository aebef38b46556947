// semver.is_valid and semver.compare, after OPA's internal/semver (topdown/semver.go).
//
// Not the installed `semver` package: OPA's parser is its own and differs from node-semver in ways a
// policy can observe ("v1.2.3" and "01.2.3" are valid for OPA, numeric identifiers may carry a sign, any
// [0-9A-Za-z-] identifier is accepted), so the ~40 lines of its parser and comparison are reproduced here.

import { GoError, goQuote, str } from "./common.js";

interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
}

const META = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;

function cut(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i >= 0 ? [s.slice(0, i), s.slice(i + 1)] : [s, ""];
}

/** strconv.ParseInt(s, 10, 64). */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  if (v > (1n << 63n) - 1n || v < -(1n << 63n)) return undefined;
  return v;
}

export function parseSemver(input: string): Version | undefined {
  let v = input.startsWith("v") ? input.slice(1) : input;
  let meta: string;
  [v, meta] = cut(v, "+");
  if (meta !== "" && !META.test(meta)) return undefined;
  let pre: string;
  [v, pre] = cut(v, "-");
  if (pre !== "" && !META.test(pre)) return undefined;
  if (v.split(".").length - 1 !== 2) return undefined;
  const [a, rest] = cut(v, ".");
  const [b, c] = cut(rest, ".");
  const major = parseInt64(a);
  const minor = parseInt64(b);
  const patch = parseInt64(c);
  if (major === undefined || minor === undefined || patch === undefined) return undefined;
  return { major, minor, patch, pre };
}

const isAllDecimals = (s: string) => s !== "" && /^[0-9]+$/.test(s);

/** strconv.Atoi with Go's clamping on overflow (the error is ignored by the caller). */
function atoi(s: string): bigint {
  const v = BigInt(s);
  const max = (1n << 63n) - 1n;
  return v > max ? max : v;
}

export function compareSemver(x: Version, y: Version): number {
  for (const k of ["major", "minor", "patch"] as const) {
    if (x[k] > y[k]) return 1;
    if (x[k] < y[k]) return -1;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === "" && y.pre !== "") return 1;
  if (y.pre === "" && x.pre !== "") return -1;
  let [a, afterA] = cut(x.pre, ".");
  let [b, afterB] = cut(y.pre, ".");
  for (;;) {
    if (a === "" && b !== "") return -1;
    if (a !== "" && b === "") return 1;
    const aInt = isAllDecimals(a);
    const bInt = isAllDecimals(b);
    if (aInt && !bInt) return -1;
    if (!aInt && bInt) return 1;
    if (aInt && bInt) {
      const ai = atoi(a);
      const bi = atoi(b);
      if (ai > bi) return 1;
      if (ai < bi) return -1;
    } else if (a !== b) {
      return a > b ? 1 : -1; // identifiers are ASCII, so UTF-16 order is Go's byte order
    }
    if (afterA !== "" && afterB === "") return 1;
    if (afterA === "" && afterB !== "") return -1;
    [a, afterA] = cut(afterA, ".");
    [b, afterB] = cut(afterB, ".");
  }
}

export const SEMVER_BUILTINS = {
  "semver.is_valid": (v: unknown): boolean => typeof v === "string" && parseSemver(v) !== undefined,
  "semver.compare": (a: unknown, b: unknown): number => {
    const sa = str(a, 1);
    const sb = str(b, 2);
    const va = parseSemver(sa);
    if (!va) throw new GoError(`operand 1: string ${goQuote(sa)} is not a valid SemVer`);
    const vb = parseSemver(sb);
    if (!vb) throw new GoError(`operand 2: string ${goQuote(sb)} is not a valid SemVer`);
    return compareSemver(va, vb);
  },
};
