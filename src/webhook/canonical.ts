// RFC 8785 (JCS) canonical JSON text, tuned for admission objects, with the same output as
// canonicalJson() of src/evidence (the tests compare them over the admission corpus and edge cases).
// The webhook serialises each policy input once, canonically: the text is both what the engine
// evaluates (key order does not matter to policies) and what the subject digest is taken over.
//
// JCS: object keys sorted by UTF-16 code units (JavaScript's default sort), no whitespace, strings and
// numbers serialised as ECMAScript JSON.stringify does them; undefined members are left out as JSON.stringify would.

import { sha256Hex } from "../evidence/digest.js";

// Strings that JSON.stringify would return unchanged between quotes: printable ASCII without " and \.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function str(s: string): string {
  return s.length < 5000 && PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

function write(v: unknown): string {
  switch (typeof v) {
    case "string":
      return str(v);
    case "number":
      if (!Number.isFinite(v)) throw new Error("canonical JSON: numbers must be finite");
      return String(v); // ECMAScript Number::toString, as JSON.stringify (and JCS) write finite numbers
    case "boolean":
      return v ? "true" : "false";
    case "object": {
      if (v === null) return "null";
      if (Array.isArray(v)) {
        let out = "[";
        for (let i = 0; i < v.length; i++) {
          if (i) out += ",";
          const x = v[i];
          out += x === undefined || typeof x === "function" || typeof x === "symbol" ? "null" : write(x);
        }
        return out + "]";
      }
      if (typeof (v as { toJSON?: unknown }).toJSON === "function") return write((v as { toJSON: () => unknown }).toJSON());
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).sort();
      let out = "{";
      let first = true;
      for (const k of keys) {
        const x = o[k];
        if (x === undefined || typeof x === "function" || typeof x === "symbol") continue;
        if (!first) out += ",";
        first = false;
        out += str(k) + ":" + write(x);
      }
      return out + "}";
    }
    default:
      throw new Error(`canonical JSON: cannot serialise a ${typeof v}`);
  }
}

export function canonicalText(value: unknown): string {
  return write(value);
}

/** "sha256:<hex>" of the canonical text, and the text itself. */
export function canonicalDigest(value: unknown): { text: string; digest: string } {
  const text = write(value);
  return { text, digest: `sha256:${sha256Hex(text)}` };
}
