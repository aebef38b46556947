// glob.match and glob.quote_meta, after OPA's topdown/glob.go, which uses github.com/gobwas/glob.
//
// The gobwas lexer and parser are ported (so errors and odd corners match: only '!' negates a class, one
// range or one list per bracket, an unclosed '{' is accepted, a trailing '\' is dropped); the parsed glob is
// then compiled to an anchored RE2 expression and run with the installed `re2js`, which keeps matching
// linear in the input (no backtracking blow-up on untrusted admission data). '*' and '?' stop at the
// delimiters (default ".", none when delimiters is null), '**' crosses them.

import { RE2JS } from "re2js";
import { GoError, OperandError, operandTypeErr, str, valueName } from "./common.js";

type Node =
  | { kind: "text"; text: string }
  | { kind: "any" }
  | { kind: "super" }
  | { kind: "single" }
  | { kind: "range"; lo: number; hi: number; not: boolean }
  | { kind: "list"; chars: string; not: boolean }
  | { kind: "anyOf"; alts: Node[][] };

type Tok =
  | "EOF"
  | "Text"
  | "Any"
  | "Super"
  | "Single"
  | "Not"
  | "Separator"
  | "RangeOpen"
  | "RangeClose"
  | "RangeLo"
  | "RangeBetween"
  | "RangeHi"
  | "TermsOpen"
  | "TermsClose"
  | "Error";

interface Token {
  t: Tok;
  raw: string;
}

/** gobwas/glob syntax/lexer. */
function lex(source: string): Token[] {
  const data = Array.from(source);
  let pos = 0;
  let termsLevel = 0;
  const tokens: Token[] = [];
  let err: string | undefined;
  const read = () => (pos < data.length ? data[pos++]! : "");
  const peek = () => (pos < data.length ? data[pos]! : "");

  const fetchText = (breakers: string[]) => {
    let text = "";
    let escaped = false;
    for (;;) {
      const r = read();
      if (r === "") break;
      if (!escaped) {
        if (r === "\\") {
          escaped = true;
          continue;
        }
        if (breakers.includes(r)) {
          pos--;
          break;
        }
      }
      escaped = false;
      text += r;
    }
    if (text.length > 0) tokens.push({ t: "Text", raw: text });
  };

  const fetchRange = () => {
    let wantHi = false;
    let wantClose = false;
    let seenNot = false;
    for (;;) {
      const r = read();
      if (r === "") {
        err = "unexpected end of input";
        return;
      }
      if (wantClose) {
        if (r !== "]") err = "expected close range character";
        else tokens.push({ t: "RangeClose", raw: r });
        return;
      }
      if (wantHi) {
        tokens.push({ t: "RangeHi", raw: r });
        wantClose = true;
        continue;
      }
      if (!seenNot && r === "!") {
        tokens.push({ t: "Not", raw: r });
        seenNot = true;
        continue;
      }
      if (peek() === "-") {
        pos++;
        tokens.push({ t: "RangeLo", raw: r }, { t: "RangeBetween", raw: "-" });
        wantHi = true;
        continue;
      }
      pos--;
      fetchText(["]"]);
      wantClose = true;
    }
  };

  const textBreakers = ["?", "*", "[", "{"];
  const termsBreakers = [...textBreakers, "}", ","];
  for (;;) {
    if (err !== undefined) {
      tokens.push({ t: "Error", raw: err });
      return tokens;
    }
    const r = read();
    if (r === "") {
      tokens.push({ t: "EOF", raw: "" });
      return tokens;
    }
    if (r === "{") {
      termsLevel++;
      tokens.push({ t: "TermsOpen", raw: r });
    } else if (r === "," && termsLevel > 0) {
      tokens.push({ t: "Separator", raw: r });
    } else if (r === "}" && termsLevel > 0) {
      tokens.push({ t: "TermsClose", raw: r });
      termsLevel--;
    } else if (r === "[") {
      tokens.push({ t: "RangeOpen", raw: r });
      fetchRange();
    } else if (r === "?") {
      tokens.push({ t: "Single", raw: r });
    } else if (r === "*") {
      if (peek() === "*") {
        pos++;
        tokens.push({ t: "Super", raw: "**" });
      } else tokens.push({ t: "Any", raw: r });
    } else {
      pos--;
      fetchText(termsLevel > 0 ? termsBreakers : textBreakers);
    }
  }
}

/** gobwas/glob syntax/ast parser. */
function parse(pattern: string): Node[] {
  const tokens = lex(pattern);
  let i = 0;
  const next = () => tokens[i++] ?? { t: "EOF" as const, raw: "" };
  const root: Node[] = [];
  // Stack of open alternatives: each entry is the anyOf node and the pattern currently filled.
  const stack: { anyOf: { kind: "anyOf"; alts: Node[][] }; parent: Node[] }[] = [];
  let cur = root;
  for (;;) {
    const tok = next();
    switch (tok.t) {
      case "EOF":
        return root;
      case "Error":
        throw new GoError(tok.raw);
      case "Text":
        cur.push({ kind: "text", text: tok.raw });
        break;
      case "Any":
        cur.push({ kind: "any" });
        break;
      case "Super":
        cur.push({ kind: "super" });
        break;
      case "Single":
        cur.push({ kind: "single" });
        break;
      case "TermsOpen": {
        const anyOf = { kind: "anyOf" as const, alts: [[]] as Node[][] };
        cur.push(anyOf);
        stack.push({ anyOf, parent: cur });
        cur = anyOf.alts[0]!;
        break;
      }
      case "Separator": {
        const top = stack[stack.length - 1]!;
        const p: Node[] = [];
        top.anyOf.alts.push(p);
        cur = p;
        break;
      }
      case "TermsClose":
        cur = stack.pop()!.parent;
        break;
      case "RangeOpen": {
        let not = false;
        let lo = 0;
        let hi = 0;
        let chars = "";
        for (;;) {
          const t = next();
          if (t.t === "EOF") throw new GoError("unexpected end");
          if (t.t === "Error") throw new GoError(t.raw);
          if (t.t === "Not") not = true;
          else if (t.t === "RangeLo") lo = t.raw.codePointAt(0)!;
          else if (t.t === "RangeHi") {
            hi = t.raw.codePointAt(0)!;
            if (hi < lo) throw new GoError(`hi character '${t.raw}' should be greater than lo '${String.fromCodePoint(lo)}'`);
          } else if (t.t === "Text") chars = t.raw;
          else if (t.t === "RangeClose") {
            const isRange = lo !== 0 && hi !== 0;
            const isChars = chars !== "";
            if (isChars === isRange) throw new GoError("could not parse range");
            cur.push(isRange ? { kind: "range", lo, hi, not } : { kind: "list", chars, not });
            break;
          }
        }
        break;
      }
      default:
        throw new GoError(`unexpected token: ${tok.raw}`);
    }
  }
}

const hex = (cp: number) => `\\x{${cp.toString(16)}}`;

function toRegex(nodes: Node[], seps: number[]): string {
  const notSep = seps.length === 0 ? "(?s:.)" : `[^${seps.map(hex).join("")}]`;
  let out = "";
  for (const n of nodes) {
    switch (n.kind) {
      case "text":
        for (const ch of n.text) out += hex(ch.codePointAt(0)!);
        break;
      case "any":
        out += `${notSep}*`;
        break;
      case "super":
        out += "(?s:.*)";
        break;
      case "single":
        out += notSep;
        break;
      case "range":
        out += `[${n.not ? "^" : ""}${hex(n.lo)}-${hex(n.hi)}]`;
        break;
      case "list":
        out += `[${n.not ? "^" : ""}${Array.from(n.chars, (c) => hex(c.codePointAt(0)!)).join("")}]`;
        break;
      case "anyOf":
        out += `(?:${n.alts.map((a) => toRegex(a, seps)).join("|")})`;
        break;
    }
  }
  return out;
}

const CACHE_MAX = 100;
const cache = new Map<string, RE2JS>();

export function globCompile(pattern: string, delimiters: string[]): RE2JS {
  const id = `${pattern}-${delimiters.join("")}`;
  let re = cache.get(id);
  if (re) return re;
  const seps = delimiters.map((d) => d.codePointAt(0)!);
  re = RE2JS.compile(`^(?:${toRegex(parse(pattern), seps)})$`);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(id, re);
  return re;
}

/** builtins.RuneSliceOperand (whose element errors name the element index as the operand, as OPA's do). */
function runeSlice(v: unknown[]): string[] {
  return v.map((e, k) => {
    if (typeof e !== "string") throw new OperandError(`operand ${k} must be array of string but got ${valueName(e)}`);
    if (Array.from(e).length !== 1) throw new OperandError(`operand ${k} must be array of rune but got string`);
    return e;
  });
}

/** gobwas/glob QuoteMeta: a backslash before each special character. */
function quoteMeta(s: string): string {
  return s.replace(/[*?\\[\]{}]/g, "\\$&");
}

export const GLOB_BUILTINS = {
  "glob.match": (pattern: unknown, delimiters: unknown, match: unknown): boolean => {
    const p = str(pattern, 1);
    let delims: string[];
    if (delimiters === null) delims = [];
    else if (Array.isArray(delimiters)) {
      delims = runeSlice(delimiters);
      if (delims.length === 0) delims = ["."];
    } else throw operandTypeErr(2, delimiters, "array", "null");
    const m = str(match, 3);
    return globCompile(p, delims).testExact(m);
  },
  "glob.quote_meta": (pattern: unknown): string => quoteMeta(str(pattern, 1)),
};
