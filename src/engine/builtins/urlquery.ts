// urlquery.* builtins, after OPA's topdown/encoding.go (Go's net/url QueryEscape, QueryUnescape,
// Values.Encode and ParseQuery). No library: URLSearchParams and encodeURIComponent escape a different
// character set ("~", "!", "*", "'", "(", ")") and reject or repair malformed escapes instead of failing
// with Go's `invalid URL escape "%zz"`.

import { GoError, OperandError, compareUtf8, goQuote, isObject, operandTypeErr, str, utf8 } from "./common.js";

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = "";
  for (const b of utf8(s)) {
    const c = String.fromCharCode(b);
    if (b < 0x80 && UNRESERVED.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** url.QueryUnescape. */
export function queryUnescape(s: string): string {
  const b = utf8(s);
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x25) {
      if (i + 2 >= b.length || !isHex(b[i + 1]!) || !isHex(b[i + 2]!)) {
        let bad = new TextDecoder().decode(b.subarray(i));
        if (bad.length > 3) bad = bad.slice(0, 3);
        throw new GoError(`invalid URL escape ${goQuote(bad)}`);
      }
      out.push(parseInt(String.fromCharCode(b[i + 1]!, b[i + 2]!), 16));
      i += 2;
    } else if (c === 0x2b) out.push(0x20);
    else out.push(c);
  }
  return new TextDecoder().decode(Uint8Array.from(out));
}

const ENCODE_OBJECT_ERR = "operand 1 values must be string, array[string], or set[string]";

function encodeObject(o: unknown): string {
  if (!isObject(o)) throw operandTypeErr(1, o, "object");
  const parts: string[] = [];
  for (const k of Object.keys(o).sort(compareUtf8)) {
    const v = o[k];
    const values: string[] = [];
    if (typeof v === "string") values.push(v);
    else if (Array.isArray(v)) {
      for (const x of v) {
        if (typeof x !== "string") throw new OperandError(ENCODE_OBJECT_ERR);
        values.push(x);
      }
    } else throw new OperandError(ENCODE_OBJECT_ERR);
    for (const x of values) parts.push(`${queryEscape(k)}=${queryEscape(x)}`);
  }
  return parts.join("&");
}

/** url.ParseQuery: every well-formed pair, failing with the first error as Go does. */
function decodeObject(q: unknown): Record<string, string[]> {
  let query = str(q, 1);
  const out: Record<string, string[]> = {};
  let firstErr: GoError | undefined;
  while (query !== "") {
    let key: string;
    const amp = query.indexOf("&");
    if (amp >= 0) {
      key = query.slice(0, amp);
      query = query.slice(amp + 1);
    } else {
      key = query;
      query = "";
    }
    if (key.includes(";")) {
      firstErr ??= new GoError("invalid semicolon separator in query");
      continue;
    }
    if (key === "") continue;
    const eq = key.indexOf("=");
    let value = "";
    if (eq >= 0) {
      value = key.slice(eq + 1);
      key = key.slice(0, eq);
    }
    let k: string;
    let v: string;
    try {
      k = queryUnescape(key);
      v = queryUnescape(value);
    } catch (e) {
      firstErr ??= e as GoError;
      continue;
    }
    (out[k] ??= []).push(v);
  }
  if (firstErr) throw firstErr;
  return out;
}

export const URLQUERY_BUILTINS = {
  "urlquery.encode": (s: unknown): string => queryEscape(str(s, 1)),
  "urlquery.decode": (s: unknown): string => queryUnescape(str(s, 1)),
  "urlquery.encode_object": encodeObject,
  "urlquery.decode_object": decodeObject,
};
