// yaml.marshal, yaml.unmarshal and yaml.is_valid, after OPA's topdown/encoding.go, which goes through
// sigs.k8s.io/yaml (go-yaml v2 underneath, so YAML 1.1 scalars: yes/no/on/off are booleans, 0777 is octal).
//
// Uses the installed `yaml` package in YAML 1.1 mode. Where go-yaml v2 differs it is adjusted here:
// timestamps and sexagesimal numbers stay strings on input (go-yaml v2 keeps them as strings when decoding
// into interface{}), duplicate keys keep the last value, only the first document is read; on output keys
// are sorted with go-yaml's natural order ("a2" < "a10"), sequences are not indented under their key,
// strings that would read back as another type are double-quoted, other strings that cannot be plain are
// single-quoted, and non-integral numbers are written as Go's strconv 'g' format ("1.2345675e+06").
// Error texts come from the `yaml` parser, prefixed as sigs.k8s.io/yaml does; they are not go-yaml's words.

import { Document, parseAllDocuments, stringify, visit, type Scalar, type Tags } from "yaml";
import { GoError, RawNumber, intOf, isObject, str } from "./common.js";

// --- output ------------------------------------------------------------------------------------------

class GoNumber {
  constructor(readonly text: string) {}
}

const goNumberTag = {
  tag: "tag:evident.dev,2025:go-number",
  default: true,
  identify: (v: unknown) => v instanceof GoNumber,
  stringify: (item: Scalar) => (item.value as GoNumber).text,
  resolve: (s: string) => s,
};

/** strconv.FormatFloat(f, 'g', -1, 64). */
export function goFormatG(f: number): string {
  if (Number.isNaN(f)) return ".nan";
  if (f === Infinity) return ".inf";
  if (f === -Infinity) return "-.inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const [mant, expText] = f.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  // shortest 'g' switches to an exponent from 1e+06 (Go uses precision 6 for the decision)
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    return `${mant}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" + e : e}`;
  }
  return String(f);
}

/** go-yaml v2's resolve(): does this plain text read back as something other than a string? */
function resolvesNonString(s: string): boolean {
  if (
    /^(|~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|<<)$/.test(s) ||
    /^[-+]?\.(inf|Inf|INF)$/.test(s) ||
    /^\.(nan|NaN|NAN)$/.test(s)
  ) {
    return true;
  }
  if (!/^[-+0-9]/.test(s)) return /^\.[0-9]/.test(s) && /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s.replaceAll("_", ""));
  if (/^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d*)?(Z|[-+]\d{1,2}(:\d{2})?)?)?$/.test(s)) return true;
  const plain = s.replaceAll("_", "");
  if (/^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.test(plain)) return true;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) return true;
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s); // base 60 float
}

/** go-yaml v2's key order for string keys (keyList.Less). */
export function goYamlKeyLess(a: string, b: string): number {
  const ar = Array.from(a);
  const br = Array.from(b);
  const isLetter = (c: string) => /\p{L}/u.test(c);
  const isDigit = (c: string | undefined) => c !== undefined && /\p{Nd}/u.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)! ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0;
    let bn = 0;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai]!.charCodeAt(0) - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)! ? -1 : 1;
  }
  return ar.length < br.length ? -1 : ar.length > br.length ? 1 : 0;
}

function prepare(v: unknown): unknown {
  if (typeof v === "number") {
    if (Number.isSafeInteger(v)) return v;
    // JSON integers go-yaml reads as int64 / uint64 stay integers; anything else is a float64
    if (Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 64) return new GoNumber(intOf(v).toString());
    return new GoNumber(goFormatG(v));
  }
  if (typeof v === "bigint") return new GoNumber(v.toString());
  if (v instanceof RawNumber) return new GoNumber(v.text);
  if (Array.isArray(v)) return v.map(prepare);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = prepare(x);
    return out;
  }
  return v;
}

const needsDouble = (s: string) => /[\x00-\x08\x0b-\x1f\x7f\u0085\u2028\u2029\t\ufeff]/.test(s);

function yamlMarshal(v: unknown): string {
  const doc = new Document(prepare(v), {
    version: "1.1",
    customTags: [goNumberTag],
    sortMapEntries: (a, b) => goYamlKeyLess(String((a.key as Scalar).value), String((b.key as Scalar).value)),
  });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== "string") return;
      const s = node.value;
      if (s.includes("\n")) return; // literal block, as go-yaml
      if (resolvesNonString(s) || needsDouble(s)) {
        node.type = "QUOTE_DOUBLE";
        return;
      }
      const plain = stringify(s, { version: "1.1" }).trimEnd();
      node.type = plain === s ? "PLAIN" : "QUOTE_SINGLE";
    },
  });
  return doc.toString({ indentSeq: false, lineWidth: 80 });
}

// --- input -------------------------------------------------------------------------------------------

const customTags = (tags: Tags): Tags =>
  tags.filter((t) => {
    const tag = t as { tag?: string; format?: string };
    return tag.tag !== "tag:yaml.org,2002:timestamp" && tag.format !== "TIME";
  });

function toJSON(v: unknown): unknown {
  if (typeof v === "bigint") {
    if (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
    if (v >= -(1n << 63n) && v < 1n << 64n) return v; // int64 / uint64, kept exact
    return Number(v); // go-yaml falls back to float64
  }
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) {
      let key: string;
      if (typeof k === "string") key = k;
      else if (typeof k === "number" || typeof k === "bigint" || typeof k === "boolean") key = String(k);
      else throw new GoError(`error converting YAML to JSON: Unsupported map key of type: ${k === null ? "<nil>" : typeof k}`);
      out[key] = toJSON(x);
    }
    return out;
  }
  if (v instanceof Set) return [...v].map(toJSON);
  if (Array.isArray(v)) return v.map(toJSON);
  if (typeof v === "number" && !Number.isFinite(v)) {
    throw new GoError("json: unsupported value: " + (Number.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf"));
  }
  return v;
}

/** go-yaml's words for the errors whose wording policies and OPA's tests match on; the yaml library's otherwise. */
function goYamlMessage(code: string, message: string): string {
  const first = message.split("\n")[0]!;
  if (code === "MISSING_CHAR" && first.startsWith("Flow sequence")) return "did not find expected ',' or ']'";
  if (code === "MISSING_CHAR" && first.startsWith("Flow map")) return "did not find expected ',' or '}'";
  if (code === "BLOCK_AS_IMPLICIT_KEY") return "mapping values are not allowed in this context";
  if (code === "TAB_AS_INDENT") return "found character that cannot start any token";
  return first;
}

export function parseYaml(s: string): unknown {
  const docs = parseAllDocuments(s, { version: "1.1", customTags, uniqueKeys: false, intAsBigInt: true });
  const first = Array.isArray(docs) ? docs[0] : undefined;
  if (!Array.isArray(docs)) {
    // an empty stream of directives only
    return null;
  }
  if (!first) return null;
  const err = first.errors[0];
  if (err) {
    const line = err.linePos?.[0].line;
    throw new GoError(`error converting YAML to JSON: yaml: ${line !== undefined ? `line ${line}: ` : ""}${goYamlMessage(err.code, err.message)}`);
  }
  const js = first.toJS({ mapAsMap: true, maxAliasCount: 100 });
  return toJSON(js);
}

export const YAML_BUILTINS = {
  "yaml.marshal": (v: unknown): string => yamlMarshal(v),
  "yaml.unmarshal": (s: unknown): unknown => parseYaml(str(s, 1)),
  "yaml.is_valid": (s: unknown): boolean => {
    if (typeof s !== "string") return false;
    try {
      parseYaml(s);
      return true;
    } catch {
      return false;
    }
  },
};

