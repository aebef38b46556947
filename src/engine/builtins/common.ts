// Shared plumbing for the host builtins: OPA's error model, operand checks, Go-compatible quoting and
// UTF-8 helpers, and the exact-number encoding of results.
//
// Host builtins receive their arguments already JSON-decoded by @open-policy-agent/opa-wasm (sets arrive
// as arrays, numbers as JS numbers) and their result is JSON-encoded back. The SDK's `_loadJSON` passes an
// `ArrayBuffer` through unchanged as JSON text, which is how results that a JS number cannot carry exactly
// (nanosecond timestamps, 10^19 byte counts, decimal text such as "0.5000000000") reach the Wasm runtime
// digit for digit: see `toSdk`.

/** The error every host builtin throws on bad input; the engine decides (strict mode) whether it surfaces. */
export class BuiltinError extends Error {
  readonly code: "eval_type_error" | "eval_builtin_error";
  constructor(code: "eval_type_error" | "eval_builtin_error", message: string) {
    super(message);
    this.name = "BuiltinError";
    this.code = code;
  }
}

/** An error that fails the evaluation whatever the strict mode (OPA's topdown.Halt). */
export class HaltError extends Error {
  readonly code: "eval_builtin_error" | "eval_internal_error";
  constructor(code: "eval_builtin_error" | "eval_internal_error", message: string) {
    super(message);
    this.name = "HaltError";
    this.code = code;
  }
}

/** OPA's `builtins.ErrOperand`: becomes `eval_type_error: <name>: <message>`. */
export class OperandError extends Error {}
/** Any other error a Go builtin returns: becomes `eval_builtin_error: <name>: <message>`. */
export class GoError extends Error {}

/** Decimal text of a number, kept digit for digit (OPA's json.Number). */
export class RawNumber {
  constructor(readonly text: string) {}
}

/** The key compiled policies use to pass an integer too big for a double (see evident_exact_arg). */
export const EXACT_NUMBER_KEY = "$evident:number";

/** Turns the exact-number wrappers of an argument (top level, or one level in an array) into RawNumbers. */
export function unwrapExact(v: unknown): unknown {
  const one = (x: unknown): unknown => {
    if (x && typeof x === "object" && !Array.isArray(x)) {
      const keys = Object.keys(x);
      const text = (x as Record<string, unknown>)[EXACT_NUMBER_KEY];
      if (keys.length === 1 && typeof text === "string") return new RawNumber(text);
    }
    return x;
  };
  return Array.isArray(v) ? v.map(one) : one(v);
}

/** OPA's ast.ValueName for a JSON-decoded value (sets cannot be told from arrays on the host). */
export function valueName(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "number" || typeof v === "bigint" || v instanceof RawNumber) return "number";
  if (typeof v === "string") return "string";
  if (Array.isArray(v)) return "array";
  if (v instanceof Set) return "set";
  return "object";
}

// --- operand checks (topdown/builtins) ---------------------------------------------------------------

export function operandTypeErr(pos: number, got: unknown, ...expected: string[]): OperandError {
  if (expected.length === 1) return new OperandError(`operand ${pos} must be ${expected[0]} but got ${valueName(got)}`);
  return new OperandError(`operand ${pos} must be one of {${expected.join(", ")}} but got ${valueName(got)}`);
}

export function operandErr(pos: number, msg: string): OperandError {
  return new OperandError(`operand ${pos} ${msg}`);
}

export function str(v: unknown, pos: number): string {
  if (typeof v !== "string") throw operandTypeErr(pos, v, "string");
  return v;
}

export function num(v: unknown, pos: number): number {
  if (v instanceof RawNumber) return Number(v.text);
  if (typeof v !== "number") throw operandTypeErr(pos, v, "number");
  return v;
}

/** builtins.IntOperand: a number that is an integer (Go int, 64-bit). */
export function int(v: unknown, pos: number): bigint {
  if (v instanceof RawNumber && /^-?\d+$/.test(v.text)) return BigInt(v.text);
  const n = num(v, pos);
  if (!Number.isInteger(n)) throw operandErr(pos, "must be integer number but got floating-point number");
  return intOf(n);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof RawNumber) && !(v instanceof Set);
}

export function obj(v: unknown, pos: number): Record<string, unknown> {
  if (!isObject(v)) throw operandTypeErr(pos, v, "object");
  return v;
}

export function arr(v: unknown, pos: number): unknown[] {
  if (!Array.isArray(v)) throw operandTypeErr(pos, v, "array");
  return v;
}

/**
 * The integer a JSON-decoded number stands for. Integers beyond 2^53 arrive rounded to the nearest double;
 * we take the shortest decimal that round-trips to that double (what the policy most likely wrote, e.g.
 * 1585852421593912000) rather than the double's binary expansion, and clamp to int64 when only the rounding
 * pushed a ±2^63 boundary value out of range.
 */
export function intOf(n: number): bigint {
  if (Number.isSafeInteger(n)) return BigInt(n);
  const abs = Math.abs(n);
  if (abs < 1e21) {
    const b = BigInt(String(n));
    if (b > INT64_MAX && n === 2 ** 63) return INT64_MAX;
    if (b < INT64_MIN && n === -(2 ** 63)) return INT64_MIN;
    return b;
  }
  return BigInt(n);
}

export const INT64_MAX = (1n << 63n) - 1n;
export const INT64_MIN = -(1n << 63n);

// --- result encoding ----------------------------------------------------------------------------------

/** A bigint as a JS number when its JSON text is exact, otherwise as decimal text. */
export function bigNum(b: bigint): number | RawNumber {
  const n = Number(b);
  return String(n) === b.toString() ? n : new RawNumber(b.toString());
}

function needsRaw(v: unknown): boolean {
  if (typeof v === "bigint" || v instanceof RawNumber) return true;
  if (Array.isArray(v)) return v.some(needsRaw);
  if (isObject(v)) return Object.values(v).some(needsRaw);
  return false;
}

/** JSON text of a result, bigints and RawNumbers written digit for digit. */
export function toJSONText(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "bigint") return v.toString();
  if (v instanceof RawNumber) return v.text;
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
  if (typeof v === "string" || typeof v === "boolean") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(toJSONText).join(",")}]`;
  if (isObject(v)) {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJSONText(x)}`)
      .join(",")}}`;
  }
  throw new Error(`cannot encode ${typeof v}`);
}

/**
 * What a host builtin hands back to the SDK: plain JS when JSON.stringify is exact, otherwise the JSON
 * text as an ArrayBuffer (the SDK loads it verbatim with opa_json_parse).
 */
export function toSdk(v: unknown): unknown {
  if (v === undefined) return undefined;
  if (!needsRaw(v)) return v;
  const bytes = new TextEncoder().encode(toJSONText(v));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

/** For tests and the engine: the JSON text of whatever a host builtin returned. */
export function sdkResultText(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (v instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(v));
  return JSON.stringify(v);
}

// --- Go string helpers -------------------------------------------------------------------------------

const enc = new TextEncoder();
export function utf8(s: string): Uint8Array {
  return enc.encode(s);
}
export function utf8Len(s: string): number {
  return enc.encode(s).length;
}
/** Bytes to a JS string the way a Go string of (possibly invalid) UTF-8 would print. */
export function fromUtf8(b: Uint8Array): string {
  return new TextDecoder().decode(b);
}

function isPrint(cp: number): boolean {
  // strconv.IsPrint approximation: letters, marks, numbers, punctuation, symbols and ASCII space.
  if (cp === 0x20) return true;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(cp));
}

/** Go's strconv.Quote (used by %q and ast.String's String()). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case "\\":
        out += "\\\\";
        continue;
      case "\x07":
        out += "\\a";
        continue;
      case "\b":
        out += "\\b";
        continue;
      case "\f":
        out += "\\f";
        continue;
      case "\n":
        out += "\\n";
        continue;
      case "\r":
        out += "\\r";
        continue;
      case "\t":
        out += "\\t";
        continue;
      case "\v":
        out += "\\v";
        continue;
    }
    if (isPrint(cp)) out += ch;
    else if (cp < 0x80) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp < 0x10000) out += "\\u" + cp.toString(16).padStart(4, "0");
    else out += "\\U" + cp.toString(16).padStart(8, "0");
  }
  return out + '"';
}

/** Go's unexported time.quote / net/url quoting: ASCII kept, anything else as \x bytes. */
export function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x80 || cp < 0x20) {
      for (const b of utf8(ch)) out += "\\x" + b.toString(16).padStart(2, "0");
    } else {
      if (ch === '"' || ch === "\\") out += "\\";
      out += ch;
    }
  }
  return out + '"';
}

/** Go's string comparison (bytewise UTF-8), for sorting map keys as encoding/json and url.Values do. */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const x = utf8(a);
  const y = utf8(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/**
 * Go's base64.StdEncoding / URLEncoding DecodeString: padded input only, CR and LF skipped, anything else
 * outside the alphabet is "illegal base64 data at input byte N".
 */
export function goBase64Decode(s: string, url = false): Uint8Array {
  const alpha = url ? /[A-Za-z0-9\-_]/ : /[A-Za-z0-9+/]/;
  let clean = "";
  let firstPad = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\r" || c === "\n") continue;
    if (c === "=") {
      if (firstPad < 0) firstPad = clean.length;
      clean += c;
      continue;
    }
    if (!alpha.test(c) || firstPad >= 0) throw new GoError(`illegal base64 data at input byte ${i}`);
    clean += c;
  }
  const padLen = firstPad < 0 ? 0 : clean.length - firstPad;
  if (clean.length % 4 !== 0 || padLen > 2 || (padLen > 0 && firstPad % 4 < 2)) {
    // Go reports the start of the incomplete quantum (or the misplaced padding)
    throw new GoError(`illegal base64 data at input byte ${firstPad >= 0 ? firstPad : clean.length - (clean.length % 4)}`);
  }
  return new Uint8Array(Buffer.from(clean, url ? "base64url" : "base64"));
}

/**
 * The error encoding/json reports for malformed text ("invalid character 'x' after object key",
 * "unexpected end of JSON input"), or undefined when the text is valid JSON. Go's scanner, step by step,
 * so messages match where policies or tests look for them.
 */
export function goJSONSyntaxError(text: string): string | undefined {
  const s = utf8(text);
  let i = 0;
  const quoteChar = (c: number): string => {
    if (c === 0x27) return "'\\''";
    if (c === 0x22) return "'\"'";
    const q = goQuote(c < 0x80 ? String.fromCharCode(c) : fromUtf8(s.subarray(i, i + utf8SeqLen(c))));
    return "'" + q.slice(1, -1) + "'";
  };
  class Fail extends Error {}
  const bad = (ctx: string): never => {
    if (i >= s.length) throw new Fail("unexpected end of JSON input");
    throw new Fail(`invalid character ${quoteChar(s[i]!)} ${ctx}`);
  };
  const ws = () => {
    while (i < s.length && (s[i] === 0x20 || s[i] === 0x09 || s[i] === 0x0a || s[i] === 0x0d)) i++;
  };
  const digits = (ctx: string) => {
    if (i >= s.length || s[i]! < 0x30 || s[i]! > 0x39) bad(ctx);
    while (i < s.length && s[i]! >= 0x30 && s[i]! <= 0x39) i++;
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= s.length) bad("");
      const c = s[i]!;
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) bad("in string literal");
      if (c === 0x5c) {
        i++;
        if (i >= s.length) bad("");
        const e = s[i]!;
        if (e === 0x75) {
          i++;
          for (let k = 0; k < 4; k++, i++) {
            const h = s[i];
            const hex = h !== undefined && ((h >= 0x30 && h <= 0x39) || (h >= 0x61 && h <= 0x66) || (h >= 0x41 && h <= 0x46));
            if (!hex) bad("in \\u hexadecimal character escape");
          }
          continue;
        }
        if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) bad("in string escape code");
      }
      i++;
    }
  };
  const value = (): void => {
    ws();
    if (i >= s.length) bad("");
    const c = s[i]!;
    if (c === 0x7b) {
      i++;
      ws();
      if (s[i] === 0x7d) {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (s[i] !== 0x22) bad("looking for beginning of object key string");
        string();
        ws();
        if (s[i] !== 0x3a) bad("after object key");
        i++;
        value();
        ws();
        if (s[i] === 0x2c) {
          i++;
          continue;
        }
        if (s[i] === 0x7d) {
          i++;
          return;
        }
        bad("after object key:value pair");
      }
    }
    if (c === 0x5b) {
      i++;
      ws();
      if (s[i] === 0x5d) {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (s[i] === 0x2c) {
          i++;
          continue;
        }
        if (s[i] === 0x5d) {
          i++;
          return;
        }
        bad("after array element");
      }
    }
    if (c === 0x22) return string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      if (c === 0x2d) {
        i++;
        if (i >= s.length || s[i]! < 0x30 || s[i]! > 0x39) bad("in numeric literal");
      }
      if (s[i] === 0x30) i++;
      else digits("in numeric literal");
      if (s[i] === 0x2e) {
        i++;
        digits("after decimal point in numeric literal");
      }
      if (s[i] === 0x65 || s[i] === 0x45) {
        i++;
        if (s[i] === 0x2b || s[i] === 0x2d) i++;
        digits("in exponent of numeric literal");
      }
      return;
    }
    for (const lit of ["true", "false", "null"]) {
      if (c === lit.charCodeAt(0)) {
        for (let k = 0; k < lit.length; k++, i++) if (s[i] !== lit.charCodeAt(k)) bad(`in literal ${lit} (expecting ${quoteLit(lit[k]!)})`);
        return;
      }
    }
    bad("looking for beginning of value");
  };
  try {
    value();
    ws();
    if (i < s.length) bad("after top-level value");
    return undefined;
  } catch (e) {
    if (e instanceof Fail) return e.message;
    throw e;
  }
}

function quoteLit(c: string): string {
  return `'${c}'`;
}

function utf8SeqLen(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}
