import { isGround, type Term } from "../ast.js";
import { keyId } from "./ruletree.js";

/**
 * Two array literals of the same length, or two object literals with the same ground keys, unify
 * element by element; "mismatch" when they can never unify; undefined when they are not such a pair.
 */
export function compositePairs(a: Term, b: Term): [Term, Term][] | "mismatch" | undefined {
  if (a.type === "array" && b.type === "array") {
    if (a.items.length !== b.items.length) return "mismatch";
    return a.items.map((x, i) => [x, b.items[i]!]);
  }
  if (a.type === "object" && b.type === "object") {
    if (!a.items.every(([k]) => isGround(k)) || !b.items.every(([k]) => isGround(k))) return undefined;
    if (a.items.length !== b.items.length) return "mismatch";
    const bv = new Map(b.items.map(([k, v]) => [keyId(k), v]));
    const out: [Term, Term][] = [];
    for (const [k, v] of a.items) {
      const other = bv.get(keyId(k));
      if (!other) return "mismatch";
      out.push([v, other]);
    }
    return out;
  }
  return undefined;
}
