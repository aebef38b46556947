// json.marshal_with_options, after OPA's topdown/encoding.go: Go's json.MarshalIndent output (HTML
// escaping, sorted keys, prefix handling) is specific. json.patch, json.filter and json.remove run in the
// Wasm runtime (src/rego/runtime/assembly/builtins/jsonpatch.ts), where sets stay sets.

import { GoError, OperandError, RawNumber, compareUtf8, goQuote, isObject, operandTypeErr, valueName } from "./common.js";

// --- json.marshal_with_options -----------------------------------------------------------------------

/** encoding/json's string encoding (HTML-safe, \b and \f short forms as Go 1.22+). */
function goJSONString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c < 0x20 || ch === "<" || ch === ">" || ch === "&" || c === 0x2028 || c === 0x2029) {
      out += "\\u" + c.toString(16).padStart(4, "0");
    } else out += ch;
  }
  return out + '"';
}

function goJSON(v: unknown, prefix: string, indent: string | undefined, depth: number): string {
  const nl = (d: number) => (indent === undefined ? "" : "\n" + prefix + indent.repeat(d));
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
  if (typeof v === "bigint") return v.toString();
  if (v instanceof RawNumber) return v.text;
  if (typeof v === "string") return goJSONString(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[${v.map((x) => nl(depth + 1) + goJSON(x, prefix, indent, depth + 1)).join(",")}${nl(depth)}]`;
  }
  if (isObject(v)) {
    const keys = Object.keys(v).sort(compareUtf8);
    if (keys.length === 0) return "{}";
    const sep = indent === undefined ? ":" : ": ";
    return `{${keys.map((k) => nl(depth + 1) + goJSONString(k) + sep + goJSON(v[k], prefix, indent, depth + 1)).join(",")}${nl(depth)}}`;
  }
  throw new GoError(`json: unsupported type ${typeof v}`);
}

/** Go's json.Marshal of a JSON-decoded value: compact, keys sorted, HTML-safe. */
export function goMarshal(v: unknown): string {
  return goJSON(v, "", undefined, 0);
}

function marshalWithOptions(value: unknown, opts: unknown): string {
  if (!isObject(opts)) throw operandTypeErr(2, opts, "object");
  let indentWith = "\t";
  let prefixWith = "";
  let implicitPretty = false;
  let explicitPretty: boolean | undefined;
  const keys = Object.keys(opts).sort(compareUtf8);
  keys.forEach((key, idx) => {
    const val = opts[key];
    switch (key) {
      case "prefix":
        if (typeof val !== "string") {
          throw new OperandError(`operand 2 key "prefix" failed cast to string: operand ${idx} must be string but got ${valueName(val)}`);
        }
        prefixWith = val;
        implicitPretty = true;
        break;
      case "indent":
        if (typeof val !== "string") {
          throw new OperandError(`operand 2 key "indent" failed cast to string: operand ${idx} must be string but got ${valueName(val)}`);
        }
        indentWith = val;
        implicitPretty = true;
        break;
      case "pretty":
        if (typeof val !== "boolean") throw new OperandError('operand 2 key "pretty" failed cast to bool');
        explicitPretty = val;
        break;
      default:
        throw new OperandError(`operand 2 object contained unknown key ${goQuote(key)}`);
    }
  });
  const pretty = explicitPretty ?? implicitPretty;
  if (pretty) return prefixWith + goJSON(value, prefixWith, indentWith, 0);
  return goJSON(value, "", undefined, 0);
}

export const JSON_BUILTINS = {
  "json.marshal_with_options": marshalWithOptions,
};
