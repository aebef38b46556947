// strings.render_template: Go's text/template (OPA's topdown/template.go runs it with
// Option("missingkey=error") on the variables decoded as JSON, numbers as json.Number).
//
// The subset policies use: text and {{ }} actions with trim markers and comments; fields (.a.b, $.a,
// $x.a), variables ($x := / =), literals, parenthesised pipelines and `|` pipes; if / else if / else,
// range (with $i, $v := and else), with; and the builtin functions and, or, not, len, index, print,
// println, printf, eq, ne, lt, le, gt, ge. define / template / block are rejected with a parse error.

import { GoError, RawNumber, compareUtf8, isObject, obj, str } from "./common.js";

/** A JSON number as text (Go's json.Number, a string type). */
class JNum {
  constructor(readonly text: string) {}
}
type Val = null | boolean | number | string | JNum | Val[] | { [k: string]: Val };

function fromHost(v: unknown): Val {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "bigint") return new JNum(String(v));
  if (v instanceof RawNumber) return new JNum(v.text);
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(fromHost);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromHost(x)]));
  return null;
}

// ---- lexing and parsing -------------------------------------------------------------------------

type Tok = { kind: "field" | "var" | "ident" | "str" | "num" | "punct" | "bool" | "nil"; text: string; value?: Val };

interface Node {
  pos: number;
}
interface Text extends Node {
  type: "text";
  text: string;
}
interface Operand {
  pos: number;
  head: Tok | { kind: "pipe"; pipe: Pipe };
  fields: string[];
}
interface Cmd {
  args: Operand[];
}
interface Pipe {
  pos: number;
  decl: string[];
  assign: boolean;
  cmds: Cmd[];
}
interface Action extends Node {
  type: "action";
  pipe: Pipe;
}
interface Branch extends Node {
  type: "if" | "range" | "with";
  pipe: Pipe;
  list: Item[];
  elseList: Item[];
}
type Item = Text | Action | Branch;

class Parser {
  private items: { text?: string; action?: string; pos: number }[] = [];
  private at = 0;

  constructor(private readonly src: string) {
    this.split();
  }

  error(pos: number, msg: string): never {
    const before = this.src.slice(0, pos);
    const line = before.split("\n").length;
    throw new GoError(`template: template:${line}: ${msg}`);
  }

  private split(): void {
    const s = this.src;
    let i = 0;
    let trimNext = false;
    while (i < s.length) {
      const open = s.indexOf("{{", i);
      let text = open < 0 ? s.slice(i) : s.slice(i, open);
      if (trimNext) text = text.replace(/^[ \t\r\n]+/, "");
      trimNext = false;
      if (open < 0) {
        if (text) this.items.push({ text, pos: i });
        break;
      }
      let start = open + 2;
      if (s[start] === "-" && /[ \t\r\n]/.test(s[start + 1] ?? "")) {
        text = text.replace(/[ \t\r\n]+$/, "");
        start += 2;
      }
      if (text) this.items.push({ text, pos: i });
      // Find the closing delimiter outside string literals and comments.
      let j = start;
      let quote = "";
      for (; j < s.length; j++) {
        const c = s[j]!;
        if (quote) {
          if (c === "\\" && quote === '"') j++;
          else if (c === quote) quote = "";
          continue;
        }
        if (s.startsWith("/*", j)) {
          const e = s.indexOf("*/", j + 2);
          if (e < 0) this.error(open, "unclosed comment");
          j = e + 1;
          continue;
        }
        if (c === '"' || c === "`" || c === "'") quote = c;
        else if (s.startsWith("}}", j)) break;
      }
      if (j >= s.length) this.error(open, "unclosed action");
      let end = j;
      if (s[j - 1] === "-" && /[ \t\r\n]/.test(s[j - 2] ?? "")) {
        end = j - 2;
        trimNext = true;
      }
      const body = s.slice(start, end);
      if (!/^\s*\/\*[\s\S]*\*\/\s*$/.test(body)) this.items.push({ action: body, pos: start });
      i = j + 2;
    }
  }

  parse(): Item[] {
    const { list, end } = this.list();
    if (end !== undefined) this.error(end.pos, `unexpected {{${end.word}}}`);
    return list;
  }

  /** Items up to an {{else}} or {{end}} (returned in `end`). */
  private list(): { list: Item[]; end?: { word: string; rest: string; pos: number } } {
    const out: Item[] = [];
    while (this.at < this.items.length) {
      const it = this.items[this.at++]!;
      if (it.text !== undefined) {
        out.push({ type: "text", text: it.text, pos: it.pos });
        continue;
      }
      const body = it.action!.trim();
      const word = /^[a-z]+/.exec(body)?.[0] ?? "";
      const rest = body.slice(word.length);
      if (word === "end" || word === "else") return { list: out, end: { word, rest, pos: it.pos } };
      if (word === "if" || word === "range" || word === "with") {
        out.push(this.branch(word, rest, it.pos));
        continue;
      }
      if (word === "define" || word === "template" || word === "block" || word === "break" || word === "continue") {
        this.error(it.pos, `${word} is not supported`);
      }
      out.push({ type: "action", pipe: this.pipe(it.action!, it.pos), pos: it.pos });
    }
    return { list: out };
  }

  private branch(type: "if" | "range" | "with", rest: string, pos: number): Branch {
    const pipe = this.pipe(rest, pos);
    const { list, end } = this.list();
    if (!end) this.error(pos, `unexpected EOF`);
    let elseList: Item[] = [];
    if (end.word === "else") {
      const inner = end.rest.trim();
      const word = /^[a-z]+/.exec(inner)?.[0] ?? "";
      if (word === "if" || word === "with") {
        // {{else if ...}} chains share the outer {{end}}.
        elseList = [this.branch(word, inner.slice(word.length), end.pos)];
      } else {
        const r = this.list();
        if (!r.end || r.end.word !== "end") this.error(end.pos, "expected end");
        elseList = r.list;
      }
    } else if (end.rest.trim() !== "") this.error(end.pos, "unexpected input after end");
    return { type, pipe, list, elseList, pos };
  }

  private lex(src: string, pos: number): Tok[] {
    const toks: Tok[] = [];
    let i = 0;
    while (i < src.length) {
      const c = src[i]!;
      if (/\s/.test(c)) {
        i++;
        continue;
      }
      const m = (re: RegExp) => {
        re.lastIndex = i;
        const r = re.exec(src);
        return r && r.index === i ? r[0] : undefined;
      };
      let t: string | undefined;
      if ((t = m(/:=|[()|,=]/y))) toks.push({ kind: "punct", text: t });
      else if ((t = m(/"(?:[^"\\]|\\.)*"/y))) toks.push({ kind: "str", text: t, value: JSON.parse(t) as string });
      else if ((t = m(/`[^`]*`/y))) toks.push({ kind: "str", text: t, value: t.slice(1, -1) });
      else if ((t = m(/\$[A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y))) toks.push({ kind: "var", text: t });
      else if ((t = m(/(?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.(?![0-9])/y))) toks.push({ kind: "field", text: t });
      else if ((t = m(/[A-Za-z_][A-Za-z0-9_]*/y))) {
        if (t === "true" || t === "false") toks.push({ kind: "bool", text: t, value: t === "true" });
        else if (t === "nil") toks.push({ kind: "nil", text: t });
        else toks.push({ kind: "ident", text: t });
      } else if ((t = m(/[-+]?(?:0x[0-9a-fA-F]+|[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)/y))) {
        toks.push({ kind: "num", text: t, value: Number(t) });
      } else this.error(pos + i, `unexpected ${JSON.stringify(c)} in command`);
      i += t!.length;
    }
    return toks;
  }

  private pipe(src: string, pos: number): Pipe {
    const toks = this.lex(src, pos);
    let k = 0;
    const decl: string[] = [];
    let assign = false;
    // $x := / $x = / $i, $v :=
    const declEnd = toks.findIndex((t) => t.kind === "punct" && (t.text === ":=" || t.text === "="));
    if (declEnd > 0 && toks.slice(0, declEnd).every((t, j) => (j % 2 === 0 ? t.kind === "var" : t.text === ","))) {
      for (let j = 0; j < declEnd; j += 2) decl.push(toks[j]!.text);
      assign = toks[declEnd]!.text === "=";
      k = declEnd + 1;
    }
    const parseCmds = (stop: (t: Tok) => boolean): Cmd[] => {
      const cmds: Cmd[] = [{ args: [] }];
      while (k < toks.length && !stop(toks[k]!)) {
        const t = toks[k]!;
        if (t.kind === "punct" && t.text === "|") {
          if (cmds[cmds.length - 1]!.args.length === 0) this.error(pos, "missing command");
          cmds.push({ args: [] });
          k++;
          continue;
        }
        cmds[cmds.length - 1]!.args.push(operand());
      }
      if (cmds[cmds.length - 1]!.args.length === 0) this.error(pos, "missing value for command");
      return cmds;
    };
    const operand = (): Operand => {
      const t = toks[k++]!;
      if (t.kind === "punct" && t.text === "(") {
        const cmds = parseCmds((x) => x.kind === "punct" && x.text === ")");
        if (toks[k]?.text !== ")") this.error(pos, "unclosed left paren");
        k++;
        const fields: string[] = [];
        while (toks[k]?.kind === "field" && toks[k]!.text !== ".") fields.push(...toks[k++]!.text.slice(1).split("."));
        return { pos, head: { kind: "pipe", pipe: { pos, decl: [], assign: false, cmds } }, fields };
      }
      if (t.kind === "punct") this.error(pos, `unexpected ${JSON.stringify(t.text)} in operand`);
      return { pos, head: t, fields: [] };
    };
    return { pos, decl, assign, cmds: parseCmds(() => false) };
  }
}

// ---- execution ----------------------------------------------------------------------------------

class Exec {
  out = "";
  private vars: { name: string; value: Val }[];

  constructor(
    private readonly parser: Parser,
    dot: Val,
  ) {
    this.vars = [{ name: "$", value: dot }];
  }

  private fail(pos: number, at: string, msg: string): never {
    this.parser.error(pos, `executing "template" at <${at}>: ${msg}`);
  }

  run(items: Item[], dot: Val): void {
    for (const it of items) {
      if (it.type === "text") this.out += it.text;
      else if (it.type === "action") {
        const v = this.pipe(it.pipe, dot);
        if (it.pipe.decl.length === 0) this.out += printValue(v);
      } else this.branch(it, dot);
    }
  }

  private branch(b: Branch, dot: Val): void {
    const mark = this.vars.length;
    if (b.type === "range") {
      const v = this.pipe({ ...b.pipe, decl: [] }, dot);
      const entries: [Val, Val][] = Array.isArray(v)
        ? v.map((x, i) => [i, x])
        : isMap(v)
          ? Object.keys(v)
              .sort(compareUtf8)
              .map((k) => [k, v[k]!])
          : v === null
            ? []
            : typeof v === "number"
              ? Array.from({ length: v }, (_, i) => [i, i])
              : this.fail(b.pos, "range", `range can't iterate over ${printValue(v)}`);
      if (entries.length === 0) this.run(b.elseList, dot);
      for (const [k, x] of entries) {
        if (b.pipe.decl.length === 1) this.vars.push({ name: b.pipe.decl[0]!, value: x });
        else if (b.pipe.decl.length === 2) this.vars.push({ name: b.pipe.decl[0]!, value: k }, { name: b.pipe.decl[1]!, value: x });
        this.run(b.list, x);
        this.vars.length = mark;
      }
      return;
    }
    const v = this.pipe(b.pipe, dot);
    if (truth(v)) this.run(b.list, b.type === "with" ? v : dot);
    else this.run(b.elseList, dot);
    this.vars.length = mark;
  }

  private pipe(p: Pipe, dot: Val): Val {
    let v: Val | undefined;
    for (const c of p.cmds) v = this.cmd(c, dot, v);
    if (p.decl.length > 0) {
      if (p.assign) {
        const slot = [...this.vars].reverse().find((x) => x.name === p.decl[0]);
        if (!slot) this.fail(p.pos, p.decl[0]!, `undefined variable: ${p.decl[0]}`);
        slot.value = v!;
      } else this.vars.push({ name: p.decl[0]!, value: v! });
    }
    return v!;
  }

  private cmd(c: Cmd, dot: Val, piped: Val | undefined): Val {
    const first = c.args[0]!;
    if (first.head.kind === "ident") {
      const args = c.args.slice(1);
      return this.call(first, first.head.text, args, dot, piped);
    }
    if (c.args.length > 1 || piped !== undefined) this.fail(first.pos, opText(first), "can't give argument to non-function");
    return this.operand(first, dot);
  }

  private operand(o: Operand, dot: Val): Val {
    let v: Val;
    let fields = o.fields;
    const h = o.head;
    if (h.kind === "pipe") v = this.pipe(h.pipe, dot);
    else if (h.kind === "field") {
      v = dot;
      fields = h.text === "." ? fields : [...h.text.slice(1).split("."), ...fields];
    } else if (h.kind === "var") {
      const [name, ...rest] = h.text.split(".");
      const slot = [...this.vars].reverse().find((x) => x.name === name);
      if (!slot) this.fail(o.pos, h.text, `undefined variable: ${name}`);
      v = slot.value;
      fields = [...rest, ...fields];
    } else if (h.kind === "ident") this.fail(o.pos, h.text, `function ${h.text} used as a value`);
    else if (h.kind === "nil") this.fail(o.pos, "nil", "nil is not a command");
    else v = h.value!;
    for (const f of fields) {
      if (isMap(v)) {
        if (!(f in v)) this.fail(o.pos, opText(o), `map has no entry for key ${JSON.stringify(f)}`);
        v = v[f]!;
      } else if (v === null) this.fail(o.pos, opText(o), `nil pointer evaluating interface {}.${f}`);
      else this.fail(o.pos, opText(o), `can't evaluate field ${f} in type ${goType(v)}`);
    }
    return v;
  }

  private call(at: Operand, name: string, argOps: Operand[], dot: Val, piped: Val | undefined): Val {
    const args = argOps.map((a) => this.operand(a, dot));
    if (piped !== undefined) args.push(piped);
    const need = (n: number) => {
      if (args.length !== n) this.fail(at.pos, name, `wrong number of args for ${name}: want ${n} got ${args.length}`);
    };
    switch (name) {
      case "and":
        return args.find((a) => !truth(a)) ?? args[args.length - 1]!;
      case "or":
        return args.find((a) => truth(a)) ?? args[args.length - 1]!;
      case "not":
        need(1);
        return !truth(args[0]!);
      case "len": {
        need(1);
        const a = args[0]!;
        if (typeof a === "string") return new TextEncoder().encode(a).length;
        if (Array.isArray(a)) return a.length;
        if (isMap(a)) return Object.keys(a).length;
        return this.fail(at.pos, name, `error calling len: len of type ${goType(a)}`);
      }
      case "index": {
        let v: Val = args[0]!;
        for (const k of args.slice(1)) {
          if (Array.isArray(v)) {
            const i = typeof k === "number" ? k : k instanceof JNum ? Number(k.text) : NaN;
            if (!Number.isInteger(i) || i < 0 || i >= v.length) this.fail(at.pos, name, `error calling index: index out of range: ${printValue(k)}`);
            v = v[i]!;
          } else if (isMap(v)) {
            if (typeof k !== "string") this.fail(at.pos, name, "error calling index: value has type int; should be string");
            v = k in v ? v[k]! : null;
          } else this.fail(at.pos, name, `error calling index: can't index item of type ${goType(v)}`);
        }
        return v;
      }
      case "print":
        return goSprint(args);
      case "println":
        return args.map(printValue).join(" ") + "\n";
      case "printf": {
        const [f, ...rest] = args;
        if (typeof f !== "string") return this.fail(at.pos, name, "printf format must be a string");
        return goSprintf(f, rest);
      }
      case "eq":
        if (args.length < 2) need(2);
        return args.slice(1).some((b) => this.compare(at, name, args[0]!, b) === 0);
      case "ne":
        need(2);
        return this.compare(at, name, args[0]!, args[1]!) !== 0;
      case "lt":
      case "le":
      case "gt":
      case "ge": {
        need(2);
        const c = this.compare(at, name, args[0]!, args[1]!, true);
        return name === "lt" ? c < 0 : name === "le" ? c <= 0 : name === "gt" ? c > 0 : c >= 0;
      }
      default:
        return this.parser.error(at.pos, `function ${JSON.stringify(name)} not defined`);
    }
  }

  private compare(at: Operand, name: string, a: Val, b: Val, ordered = false): number {
    const kind = (v: Val) => (typeof v === "number" ? "number" : v instanceof JNum ? "string" : typeof v);
    if (kind(a) !== kind(b) || (typeof a === "object" && !(a instanceof JNum))) {
      this.fail(at.pos, name, `error calling ${name}: incompatible types for comparison`);
    }
    if (typeof a === "boolean") {
      if (ordered) this.fail(at.pos, name, `error calling ${name}: invalid type for comparison`);
      return a === b ? 0 : 1;
    }
    if (typeof a === "number") return a - (b as number);
    const sa = a instanceof JNum ? a.text : (a as string);
    const sb = b instanceof JNum ? b.text : (b as string);
    return compareUtf8(sa, sb);
  }
}

function isMap(v: Val): v is { [k: string]: Val } {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof JNum);
}

function goType(v: Val): string {
  if (v === null) return "interface {}";
  if (typeof v === "string" || v instanceof JNum) return v instanceof JNum ? "json.Number" : "string";
  if (typeof v === "number") return "int";
  if (typeof v === "boolean") return "bool";
  return Array.isArray(v) ? "[]interface {}" : "map[string]interface {}";
}

function opText(o: Operand): string {
  const h = o.head;
  return (h.kind === "pipe" ? "(...)" : h.text) + o.fields.map((f) => "." + f).join("");
}

/** text/template's truth: false, 0, nil and empty strings, slices and maps are false. */
function truth(v: Val): boolean {
  if (v === null || v === false || v === 0 || v === "") return false;
  if (v instanceof JNum) return v.text !== "";
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** fmt.Sprint of one value, as text/template prints it. */
function printValue(v: Val): string {
  if (v === null) return "<no value>";
  return fmtV(v);
}

function fmtV(v: Val): string {
  if (v === null) return "<nil>";
  if (v instanceof JNum) return v.text;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(fmtV).join(" ")}]`;
  return `map[${Object.keys(v)
    .sort(compareUtf8)
    .map((k) => `${k}:${fmtV(v[k]!)}`)
    .join(" ")}]`;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
function goSprint(args: Val[]): string {
  let out = "";
  args.forEach((a, i) => {
    const isStr = (x: Val) => typeof x === "string" || x instanceof JNum;
    if (i > 0 && !isStr(a) && !isStr(args[i - 1]!)) out += " ";
    out += fmtV(a);
  });
  return out;
}

/** fmt.Sprintf for the verbs templates use: %v %s %d %q %t %%. */
function goSprintf(f: string, args: Val[]): string {
  let k = 0;
  return f.replace(/%([vsdqt%])/g, (_, verb: string) => {
    if (verb === "%") return "%";
    if (k >= args.length) return `%!${verb}(MISSING)`;
    const a = args[k++]!;
    if (verb === "q") return JSON.stringify(fmtV(a));
    return fmtV(a);
  });
}

function renderTemplate(template: unknown, vars: unknown): string {
  const src = str(template, 1);
  const data = fromHost(obj(vars, 2));
  const parser = new Parser(src);
  const items = parser.parse();
  const exec = new Exec(parser, data);
  exec.run(items, data);
  return exec.out;
}

export const TEMPLATE_BUILTINS = {
  "strings.render_template": renderTemplate,
};
