import { RegoError } from "./errors.js";

export type TokenKind = "ident" | "string" | "rawstring" | "number" | "op" | "eof";

export interface Token {
  kind: TokenKind;
  /** Identifier or operator text; decoded value for strings; source text for numbers. */
  text: string;
  row: number;
  col: number;
  offset: number;
  /** A line break separates this token from the previous one (literals in a body end at line breaks). */
  nlBefore: boolean;
}

export interface Comment {
  text: string; // without the leading '#'
  row: number;
  col: number;
}

/** Single-character operators, and the two-character ones that start with the same character. */
const SINGLE = new Set(["=", "<", ">", "+", "-", "*", "/", "%", "&", "|", ".", ",", ";", ":", "(", ")", "[", "]", "{", "}"]);
const DOUBLE = new Set([":=", "==", "!=", "<=", ">="]);

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Splits Rego source into tokens and comments. Positions are 1-based; columns count characters. */
export function lex(src: string, file: string): { tokens: Token[]; comments: Comment[] } {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  let i = 0;
  let row = 1;
  let lineStart = 0;
  let nl = true;
  const n = src.length;
  const err = (msg: string, r = row, c = i - lineStart + 1) => new RegoError("rego_parse_error", msg, { file, row: r, col: c });

  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 10) {
      i++;
      row++;
      lineStart = i;
      nl = true;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    if (c === 35) {
      // '#'
      const start = i;
      while (i < n && src.charCodeAt(i) !== 10) i++;
      comments.push({ text: src.slice(start + 1, i).replace(/\r$/, ""), row, col: start - lineStart + 1 });
      continue;
    }
    const col = i - lineStart + 1;
    const tokRow = row;
    const startOffset = i;
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(src.charCodeAt(j))) j++;
      tokens.push({ kind: "ident", text: src.slice(i, j), row, col, offset: i, nlBefore: nl });
      i = j;
      nl = false;
      continue;
    }
    if (isDigit(c)) {
      let j = i;
      while (j < n && isDigit(src.charCodeAt(j))) j++;
      if (src.charCodeAt(j) === 46 && isDigit(src.charCodeAt(j + 1))) {
        j++;
        while (j < n && isDigit(src.charCodeAt(j))) j++;
      }
      if (src.charCodeAt(j) === 101 || src.charCodeAt(j) === 69) {
        let k = j + 1;
        if (src.charCodeAt(k) === 43 || src.charCodeAt(k) === 45) k++;
        if (isDigit(src.charCodeAt(k))) {
          while (k < n && isDigit(src.charCodeAt(k))) k++;
          j = k;
        }
      }
      if (j < n && isIdentStart(src.charCodeAt(j))) throw err(`illegal number format`, tokRow, col);
      tokens.push({ kind: "number", text: src.slice(i, j), row, col, offset: i, nlBefore: nl });
      i = j;
      nl = false;
      continue;
    }
    if (c === 34) {
      // '"': JSON string escapes, as Go's strconv.Unquote accepts them
      let j = i + 1;
      let out = "";
      for (;;) {
        if (j >= n || src.charCodeAt(j) === 10) throw err("non-terminated string", tokRow, col);
        const d = src.charCodeAt(j);
        if (d === 34) break;
        if (d === 92) {
          const e = src[j + 1];
          switch (e) {
            case '"': out += '"'; j += 2; break;
            case "\\": out += "\\"; j += 2; break;
            case "/": out += "/"; j += 2; break;
            case "b": out += "\b"; j += 2; break;
            case "f": out += "\f"; j += 2; break;
            case "n": out += "\n"; j += 2; break;
            case "r": out += "\r"; j += 2; break;
            case "t": out += "\t"; j += 2; break;
            case "u": {
              const hex = src.slice(j + 2, j + 6);
              if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw err("illegal escape sequence in string", tokRow, j - lineStart + 1);
              out += String.fromCharCode(parseInt(hex, 16));
              j += 6;
              break;
            }
            default:
              throw err(`illegal escape sequence \\${e ?? ""} in string`, tokRow, j - lineStart + 1);
          }
          continue;
        }
        out += src[j];
        j++;
      }
      tokens.push({ kind: "string", text: out, row, col, offset: startOffset, nlBefore: nl });
      i = j + 1;
      nl = false;
      continue;
    }
    if (c === 96) {
      // '`' raw string, may span lines
      const end = src.indexOf("`", i + 1);
      if (end < 0) throw err("non-terminated raw string", tokRow, col);
      const text = src.slice(i + 1, end);
      tokens.push({ kind: "rawstring", text, row, col, offset: startOffset, nlBefore: nl });
      for (let k = i; k < end; k++) {
        if (src.charCodeAt(k) === 10) {
          row++;
          lineStart = k + 1;
        }
      }
      i = end + 1;
      nl = false;
      continue;
    }
    const two = src.slice(i, i + 2);
    const op = DOUBLE.has(two) ? two : SINGLE.has(src[i]!) ? src[i]! : undefined;
    if (!op) throw err(`illegal token '${String.fromCodePoint(src.codePointAt(i)!)}'`, tokRow, col);
    tokens.push({ kind: "op", text: op, row, col, offset: i, nlBefore: nl });
    i += op.length;
    nl = false;
  }
  tokens.push({ kind: "eof", text: "", row, col: i - lineStart + 1, offset: i, nlBefore: true });
  return { tokens, comments };
}
