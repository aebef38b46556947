// regex.* builtins (and the deprecated re_match), after OPA's topdown/regex.go and regex_template.go.
//
// Uses the installed `re2js`: OPA compiles patterns with Go's regexp, which is RE2 syntax with
// linear-time matching; re2js is a port of the same engine (same syntax, same leftmost-first semantics,
// same "error parsing regexp: ..." messages), where JS RegExp would differ (backreferences, lookarounds,
// \Z, (?P<name>), catastrophic backtracking). Go's iteration rules for FindAll / Split / ReplaceAll (empty
// matches, $-expansion) are reproduced on top of re2js's Matcher. regex.globs_match ports the
// yashtewari/glob-intersection algorithm OPA uses (there is no npm equivalent).

import { RE2JS } from "re2js";
import { GoError, goQuote, int, str, utf8Len } from "./common.js";

const CACHE_MAX = 100;
const cache = new Map<string, RE2JS>();

function compile(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re) return re;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    throw new GoError((e as Error).message);
  }
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(pattern, re);
  return re;
}

/** Width in UTF-16 units of the code point at i (Go advances by one rune). */
function runeWidth(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
}

/** Go's Regexp.allMatches: successive non-overlapping matches, empty matches abutting a match skipped. */
function allMatches(re: RE2JS, s: string, n: number): number[][] {
  if (n < 0) n = s.length + 1;
  const m = re.matcher(s);
  const groups = re.groupCount();
  const out: number[][] = [];
  let pos = 0;
  let prevMatchEnd = -1;
  while (out.length < n && pos <= s.length) {
    if (!m.find(pos)) break;
    const start = m.start(0);
    const end = m.end(0);
    let accept = true;
    if (end === pos) {
      if (start === prevMatchEnd) accept = false;
      pos += pos < s.length ? runeWidth(s, pos) : 1;
    } else {
      pos = end;
    }
    prevMatchEnd = end;
    if (accept) {
      const idx: number[] = [];
      for (let g = 0; g <= groups; g++) idx.push(m.start(g), m.end(g));
      out.push(idx);
    }
  }
  return out;
}

function split(re: RE2JS, s: string): string[] {
  if (re.pattern().length > 0 && s.length === 0) return [""];
  const matches = allMatches(re, s, -1);
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const match of matches) {
    end = match[0]!;
    if (match[1] !== 0) out.push(s.slice(beg, end));
    beg = match[1]!;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** Go's regexp extract(): a $name / ${name} reference at the start of str. */
function extract(s: string): { name: string; num: number; rest: string } | undefined {
  if (s === "") return undefined;
  let brace = false;
  if (s[0] === "{") {
    brace = true;
    s = s.slice(1);
  }
  const m = /^[\p{L}\p{Nd}_]+/u.exec(s);
  if (!m) return undefined;
  const name = m[0];
  let i = name.length;
  if (brace) {
    if (i >= s.length || s[i] !== "}") return undefined;
    i++;
  }
  let num = 0;
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k);
    if (c < 48 || c > 57 || num >= 1e8) {
      num = -1;
      break;
    }
    num = num * 10 + (c - 48);
  }
  if (name[0] === "0" && name.length > 1) num = -1;
  return { name, num, rest: s.slice(i) };
}

function expand(re: RE2JS, template: string, src: string, match: number[], names: Record<string, number>): string {
  let out = "";
  for (;;) {
    const i = template.indexOf("$");
    if (i < 0) break;
    out += template.slice(0, i);
    template = template.slice(i + 1);
    if (template !== "" && template[0] === "$") {
      out += "$";
      template = template.slice(1);
      continue;
    }
    const ref = extract(template);
    if (!ref) {
      out += "$";
      continue;
    }
    template = ref.rest;
    let g = ref.num;
    if (g < 0) g = names[ref.name] ?? -1;
    if (g >= 0 && 2 * g + 1 < match.length && match[2 * g]! >= 0) out += src.slice(match[2 * g], match[2 * g + 1]);
  }
  void re;
  return out + template;
}

/** Go's Regexp.ReplaceAllString. */
function replaceAll(re: RE2JS, src: string, repl: string): string {
  const m = re.matcher(src);
  const groups = re.groupCount();
  const names = re.namedGroups();
  let out = "";
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= src.length) {
    if (!m.find(searchPos)) break;
    const a: number[] = [];
    for (let g = 0; g <= groups; g++) a.push(m.start(g), m.end(g));
    out += src.slice(lastMatchEnd, a[0]);
    if (a[1]! > lastMatchEnd || a[0] === 0) out += expand(re, repl, src, a, names);
    lastMatchEnd = a[1]!;
    const width = searchPos < src.length ? runeWidth(src, searchPos) : 0;
    if (searchPos + width > a[1]!) searchPos += width;
    else if (searchPos + 1 > a[1]!) searchPos++;
    else searchPos = a[1]!;
  }
  return out + src.slice(lastMatchEnd);
}

// --- regex.template_match ----------------------------------------------------------------------------

function delimiterIndices(s: string, start: string, end: string): number[] {
  let level = 0;
  let idx = 0;
  const idxs: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === start) {
      if (++level === 1) idx = i;
    } else if (s[i] === end) {
      if (--level === 0) idxs.push(idx, i + 1);
      else if (level < 0) throw new GoError(`unbalanced braces in ${goQuote(s)}`);
    }
  }
  if (level !== 0) throw new GoError(`unbalanced braces in ${goQuote(s)}`);
  return idxs;
}

/** Go's regexp.QuoteMeta. */
function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}

const templateCache = new Map<string, RE2JS>();

function compileTemplate(tpl: string, start: string, end: string): RE2JS {
  const key = `${start}${end}${tpl}`;
  const hit = templateCache.get(key);
  if (hit) return hit;
  const idxs = delimiterIndices(tpl, start, end);
  let pattern = "^";
  let last = 0;
  for (let i = 0; i < idxs.length; i += 2) {
    const raw = tpl.slice(last, idxs[i]);
    last = idxs[i + 1]!;
    const patt = tpl.slice(idxs[i]! + 1, last - 1);
    pattern += `${quoteMeta(raw)}(${patt})`;
    compile(`^${patt}$`);
  }
  pattern += quoteMeta(tpl.slice(last)) + "$";
  const re = compile(pattern);
  if (templateCache.size >= CACHE_MAX) templateCache.delete(templateCache.keys().next().value!);
  templateCache.set(key, re);
  return re;
}

// --- regex.globs_match (github.com/yashtewari/glob-intersection) ---------------------------------------

const enum TT {
  Character,
  Dot,
  Set,
}
const enum Flag {
  None,
  Plus,
  Star,
}
interface Token {
  type: TT;
  flag: Flag;
  rune: number;
  runes: Set<number>;
}

function invalid(input: number[], index: number, message: string): GoError {
  return new GoError(`input:${String.fromCodePoint(...input)}, pos:${index}, ${message}: the input provided is invalid`);
}

const END = Symbol("end");

function nextRune(index: number, input: number[]): { index: number; r: number; escaped: boolean } | typeof END {
  if (index >= input.length) return END;
  if (input[index] === 0x5c) {
    if (index < input.length - 1) return { index: index + 2, r: input[index + 1]!, escaped: true };
    throw invalid(input, index, "input ends with a \\ (escape) character");
  }
  return { index: index + 1, r: input[index]!, escaped: false };
}

function nextTokenSet(index: number, input: number[]): { index: number; token: Token } {
  const runes = new Set<number>();
  let prev = 0;
  let prevExists = false;
  let complete = false;
  let cur = nextRune(index, input);
  let newIndex = cur === END ? index : cur.index;
  while (cur !== END) {
    newIndex = cur.index;
    if (!cur.escaped) {
      if (cur.r === 0x2d) {
        if (!prevExists) throw invalid(input, newIndex, "range character '-' must be preceded by a Unicode character");
        if (newIndex >= input.length - 1) throw invalid(input, newIndex, "range character '-' must be followed by a Unicode character");
        const hi = nextRune(newIndex, input);
        if (hi === END) throw invalid(input, newIndex, "range character '-' must be followed by a Unicode character");
        newIndex = hi.index;
        if (!hi.escaped && (hi.r === 0x5d || hi.r === 0x2d)) {
          throw invalid(input, newIndex, "range character '-' cannot be followed by a special symbol");
        }
        if (hi.r < prev) {
          throw invalid(
            input,
            newIndex,
            `range is out of order: '${String.fromCodePoint(hi.r)}' comes before '${String.fromCodePoint(prev)}' in Unicode`,
          );
        }
        for (let x = prev; x <= hi.r; x++) runes.add(x);
        prevExists = false;
        cur = { ...hi };
      } else if (cur.r === 0x5d) {
        complete = true;
      } else {
        runes.add(cur.r);
        prev = cur.r;
        prevExists = true;
      }
    } else {
      runes.add(cur.r);
      prev = cur.r;
      prevExists = true;
    }
    if (complete) break;
    cur = nextRune(newIndex, input);
  }
  if (!complete) throw invalid(input, newIndex, "found [ without matching ]");
  return { index: newIndex, token: { type: TT.Set, flag: Flag.None, rune: 0, runes } };
}

function tokenize(input: number[]): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  for (;;) {
    const r = nextRune(index, input);
    if (r === END) break;
    let token: Token;
    index = r.index;
    if (!r.escaped && r.r === 0x2e) {
      token = { type: TT.Dot, flag: Flag.None, rune: 0, runes: new Set() };
    } else if (!r.escaped && r.r === 0x5d) {
      throw invalid(input, index, "set-close ']' with no preceding '['");
    } else if (!r.escaped && r.r === 0x5b) {
      const set = nextTokenSet(index, input);
      index = set.index;
      token = set.token;
    } else if (!r.escaped && (r.r === 0x2b || r.r === 0x2a)) {
      throw invalid(input, index, `flag '${String.fromCodePoint(r.r)}' must be preceded by a non-flag`);
    } else {
      token = { type: TT.Character, flag: Flag.None, rune: r.r, runes: new Set() };
    }
    const f = nextRune(index, input);
    if (f !== END && !f.escaped && (f.r === 0x2b || f.r === 0x2a)) {
      token.flag = f.r === 0x2b ? Flag.Plus : Flag.Star;
      index = f.index;
    }
    tokens.push(token);
  }
  return tokens;
}

function tokenEqual(a: Token, b: Token): boolean {
  if (a.type !== b.type) return false;
  if (a.type === TT.Character) return a.rune === b.rune;
  if (a.type === TT.Dot) return true;
  if (a.runes.size !== b.runes.size) return false;
  for (const r of a.runes) if (!b.runes.has(r)) return false;
  return true;
}

function simplify(tokens: Token[]): Token[] {
  if (tokens.length === 0) return tokens;
  const simple = [tokens[0]!];
  let latest = tokens[0]!;
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.flag !== Flag.None && latest.flag !== Flag.None && tokenEqual(t, latest)) {
      simple[simple.length - 1]!.flag = t.flag === Flag.Plus || latest.flag === Flag.Plus ? Flag.Plus : Flag.Star;
      continue;
    }
    latest = t;
    simple.push(t);
  }
  return simple;
}

function match(t1: Token, t2: Token): boolean {
  if (t1.type > t2.type) [t1, t2] = [t2, t1];
  if (t1.type === TT.Character) {
    if (t2.type === TT.Character) return t1.rune === t2.rune;
    if (t2.type === TT.Dot) return true;
    return t2.runes.has(t1.rune);
  }
  if (t1.type === TT.Dot) return true;
  for (const r of t1.runes) if (t2.runes.has(r)) return true;
  return false;
}

function trimGlobs(g1: Token[], g2: Token[]): [Token[], Token[]] | undefined {
  let l = 0;
  for (; l < g1.length && l < g2.length && g1[l]!.flag === Flag.None && g2[l]!.flag === Flag.None; l++) {
    if (!match(g1[l]!, g2[l]!)) return undefined;
  }
  if (l > 0) l--;
  let r1 = g1.length - 1;
  let r2 = g2.length - 1;
  for (; r1 >= 0 && r1 >= l && r2 >= 0 && r2 >= l && g1[r1]!.flag === Flag.None && g2[r2]!.flag === Flag.None; r1--, r2--) {
    if (!match(g1[r1]!, g2[r2]!)) return undefined;
  }
  if (r1 < g1.length - 1) {
    r1++;
    r2++;
  }
  return [g1.slice(l, r1 + 1), g2.slice(l, r2 + 1)];
}

function intersectNormal(g1: Token[], g2: Token[]): boolean {
  let i = 0;
  let j = 0;
  for (; i < g1.length && j < g2.length; i++, j++) {
    if (g1[i]!.flag === Flag.None && g2[j]!.flag === Flag.None) {
      if (!match(g1[i]!, g2[j]!)) return false;
    } else {
      return intersectSpecial(g1.slice(i), g2.slice(j));
    }
  }
  return i === g1.length && j === g2.length;
}

function intersectSpecial(g1: Token[], g2: Token[]): boolean {
  if (g1[0]!.flag !== Flag.None) return g1[0]!.flag === Flag.Plus ? intersectPlus(g1, g2) : intersectStar(g1, g2);
  return g2[0]!.flag === Flag.Plus ? intersectPlus(g2, g1) : intersectStar(g2, g1);
}

function intersectPlus(plussed: Token[], other: Token[]): boolean {
  if (other.length === 0 || !match(plussed[0]!, other[0]!)) return false;
  return intersectStar(plussed, other.slice(1));
}

function intersectStar(starred: Token[], other: Token[]): boolean {
  const starToken = starred[0]!;
  const nextToken = starred.length > 1 ? starred[1]! : undefined;
  for (let i = 0; i < other.length; i++) {
    const t = other[i]!;
    if (nextToken !== undefined && match(t, nextToken)) {
      if (intersectNormal(starred.slice(1), other.slice(i))) return true;
      if (!match(t, starToken)) return false;
    } else if (!match(t, starToken)) {
      return false;
    }
  }
  return nextToken === undefined;
}

export function globsIntersect(lhs: string, rhs: string): boolean {
  const toRunes = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);
  const g1 = simplify(tokenize(toRunes(lhs)));
  const g2 = simplify(tokenize(toRunes(rhs)));
  const trimmed = trimGlobs(g1, g2);
  if (!trimmed) return false;
  return intersectNormal(trimmed[0], trimmed[1]);
}

// --- the builtins ------------------------------------------------------------------------------------

function regexMatch(pattern: unknown, value: unknown): boolean {
  const p = str(pattern, 1);
  const v = str(value, 2);
  return compile(p).test(v);
}

export const REGEX_BUILTINS = {
  "regex.is_valid": (pattern: unknown): boolean => {
    if (typeof pattern !== "string") return false;
    try {
      compile(pattern);
      return true;
    } catch {
      return false;
    }
  },
  "regex.match": regexMatch,
  re_match: regexMatch,
  "regex.split": (pattern: unknown, value: unknown): string[] => {
    const p = str(pattern, 1);
    const v = str(value, 2);
    return split(compile(p), v);
  },
  "regex.find_n": (pattern: unknown, value: unknown, n: unknown): string[] => {
    const p = str(pattern, 1);
    const v = str(value, 2);
    const count = Number(int(n, 3));
    const re = compile(p);
    return allMatches(re, v, count).map((m) => v.slice(m[0], m[1]));
  },
  "regex.find_all_string_submatch_n": (pattern: unknown, value: unknown, n: unknown): string[][] => {
    const p = str(pattern, 1);
    const v = str(value, 2);
    const count = Number(int(n, 3));
    const re = compile(p);
    return allMatches(re, v, count).map((m) => {
      const groups: string[] = [];
      for (let g = 0; g < m.length; g += 2) groups.push(m[g]! >= 0 ? v.slice(m[g], m[g + 1]) : "");
      return groups;
    });
  },
  "regex.replace": (base: unknown, pattern: unknown, value: unknown): string => {
    const s = str(base, 1);
    const p = str(pattern, 2);
    const r = str(value, 3);
    return replaceAll(compile(p), s, r);
  },
  "regex.template_match": (pattern: unknown, value: unknown, start: unknown, end: unknown): boolean => {
    const p = str(pattern, 1);
    const v = str(value, 2);
    const s = str(start, 3);
    const e = str(end, 4);
    if (utf8Len(s) !== 1) throw new GoError(`start delimiter has to be exactly one character long but is ${utf8Len(s)} long`);
    if (utf8Len(e) !== 1) throw new GoError(`end delimiter has to be exactly one character long but is ${utf8Len(s)} long`);
    return compileTemplate(p, s, e).test(v);
  },
  "regex.globs_match": (a: unknown, b: unknown): boolean => globsIntersect(str(a, 1), str(b, 2)),
};
