// Rego parser: tokens -> AST. Rego v1 by default; v0 when asked (OPA 1.x's --v0-compatible), where
// `if`, `contains`, `in` and `every` are keywords only once imported from `future.keywords` or `rego.v1`.
// METADATA blocks are parsed with js-yaml: several times faster than the yaml package on a cold
// start, which matters with one block per check (the yaml package is used where source positions are).
import jsyaml from "js-yaml";
import {
  type Annotations,
  type Body,
  type CallTerm,
  type Expr,
  type Import,
  type Loc,
  type Module,
  type RefTerm,
  type Rule,
  type RuleHead,
  type Term,
  type With,
  callTerm,
  refName,
  refTerm,
  stringTerm,
  varTerm,
} from "./ast.js";
import { INFIX_OPERATORS } from "./builtins.js";
import { RegoError } from "./errors.js";
import { type Comment, type Token, lex } from "./lexer.js";

export interface ParseOptions {
  regoVersion?: 0 | 1;
}

const BASE_KEYWORDS = new Set(["as", "default", "else", "false", "import", "package", "not", "null", "some", "true", "with"]);
const FUTURE_KEYWORDS = ["if", "contains", "in", "every"];

export function parseModule(source: string, file: string, opts: ParseOptions = {}): Module {
  return new Parser(source, file, opts.regoVersion ?? 1).parseModule();
}

/** Parses a query (a body), e.g. a conformance case's `data.test.p = x`. */
export function parseQuery(source: string, file = "query", opts: ParseOptions = {}): Body {
  const p = new Parser(source, file, opts.regoVersion ?? 1);
  for (const k of FUTURE_KEYWORDS) p.keywords.add(k);
  return p.parseStandaloneQuery();
}

/** Parses a single term, e.g. a conformance case's `input_term`. */
export function parseTerm(source: string, file = "term"): Term {
  const p = new Parser(source, file, 1);
  return p.parseStandaloneTerm();
}

class Parser {
  private toks: Token[];
  private comments: Comment[];
  private pos = 0;
  readonly keywords = new Set(BASE_KEYWORDS);
  /** Whether a line break ends the current literal (true in bodies, false inside brackets). */
  private nlSignificant: boolean[] = [false];
  private wildcard = 0;
  /** Whether `|` ends the current term (the head of a possible comprehension). */
  private pipeStops: boolean[] = [false];
  private regoV1Imported = false;
  /** v1 rules apply: the module is v1, or a v0 module imports rego.v1. */
  private get strictV1(): boolean {
    return this.regoVersion === 1 || this.regoV1Imported;
  }
  private module!: Module;

  constructor(
    private readonly src: string,
    private readonly file: string,
    private readonly regoVersion: 0 | 1,
  ) {
    const { tokens, comments } = lex(src, file);
    this.toks = tokens;
    this.comments = comments;
    if (regoVersion === 1) for (const k of FUTURE_KEYWORDS) this.keywords.add(k);
  }

  // ---- token helpers ----

  private get tok(): Token {
    return this.toks[this.pos]!;
  }
  private peek(k = 1): Token {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.tok;
    if (this.pos < this.toks.length - 1) this.pos++;
    return t;
  }
  private loc(t: Token = this.tok): Loc {
    return { file: this.file, row: t.row, col: t.col };
  }
  private error(msg: string, t: Token = this.tok): RegoError {
    return new RegoError("rego_parse_error", msg, this.loc(t));
  }
  private isOp(text: string, t: Token = this.tok): boolean {
    return t.kind === "op" && t.text === text;
  }
  private isKeyword(text: string, t: Token = this.tok): boolean {
    return t.kind === "ident" && t.text === text && this.keywords.has(text);
  }
  private expectOp(text: string): Token {
    if (!this.isOp(text)) throw this.error(`expected '${text}' but found ${this.describe(this.tok)}`);
    return this.next();
  }
  private describe(t: Token): string {
    if (t.kind === "eof") return "end of input";
    if (t.kind === "string") return "string";
    return `'${t.text}'`;
  }
  /** The token continues the current expression: not across a line break where line breaks end literals. */
  private sameLine(t: Token = this.tok): boolean {
    return !(t.nlBefore && this.nlSignificant[this.nlSignificant.length - 1]);
  }
  private withNl<T>(significant: boolean, f: () => T, pipeStops = false): T {
    this.nlSignificant.push(significant);
    this.pipeStops.push(pipeStops);
    try {
      return f();
    } finally {
      this.nlSignificant.pop();
      this.pipeStops.pop();
    }
  }

  // ---- module ----

  parseModule(): Module {
    const annotationsByRow = this.collectAnnotations();
    if (!this.isKeyword("package")) throw this.error("package expected");
    const pkgTok = this.next();
    const pkgRef = this.parseRefOnly();
    const pkg = this.packagePath(pkgRef);
    this.module = {
      file: this.file,
      package: pkg,
      packageLoc: this.loc(pkgTok),
      imports: [],
      rules: [],
      annotations: [],
      regoVersion: this.regoVersion,
      source: this.src,
    };
    const pkgAnn = annotationsByRow.get(pkgTok.row);
    if (pkgAnn) {
      if (!pkgAnn.raw["scope"]) pkgAnn.scope = "package";
      this.module.annotations.push(pkgAnn);
    }
    while (this.isKeyword("import")) this.module.imports.push(this.parseImport());
    while (this.tok.kind !== "eof") {
      const startRow = this.tok.row;
      const ann = annotationsByRow.get(startRow);
      const rules = this.parseRule();
      if (ann) {
        if (!ann.raw["scope"]) ann.scope = "rule";
        for (const r of rules) r.annotations = ann;
        this.module.annotations.push(ann);
      }
      this.module.rules.push(...rules);
    }
    // Annotations that sit above nothing are still kept (OPA reports them; we keep them for documents).
    return this.module;
  }

  private packagePath(ref: RefTerm): string[] {
    const out: string[] = [];
    ref.terms.forEach((t, i) => {
      if (i === 0) {
        if (t.type !== "var") throw this.error("package name must be a ref");
        out.push(t.name);
      } else if (t.type === "string") {
        out.push(t.value);
      } else {
        throw new RegoError("rego_parse_error", "package path must contain only strings", t.loc);
      }
    });
    return out;
  }

  private parseImport(): Import {
    const t = this.next();
    const path = this.parseRefOnly();
    let alias: string | undefined;
    if (this.isKeyword("as") && this.sameLine()) {
      this.next();
      const a = this.next();
      if (a.kind !== "ident") throw this.error("import alias must be a variable", a);
      alias = a.text;
    }
    const name = refName(path);
    if (!name) throw new RegoError("rego_parse_error", "invalid import path", path.loc);
    const head = name.split(".")[0];
    if (head !== "data" && head !== "input" && head !== "future" && head !== "rego") {
      throw new RegoError("rego_parse_error", `invalid import path: ${name}: path must begin with input or data`, path.loc);
    }
    if (name === "rego.v1") this.regoV1Imported = true;
    if (name === "rego.v1" || name === "future.keywords") {
      for (const k of FUTURE_KEYWORDS) this.keywords.add(k);
    } else if (name.startsWith("future.keywords.")) {
      const k = name.slice("future.keywords.".length);
      if (!FUTURE_KEYWORDS.includes(k)) throw new RegoError("rego_parse_error", `unexpected keyword import: ${name}`, path.loc);
      this.keywords.add(k);
    }
    return { path, alias, loc: this.loc(t) };
  }

  /** `# METADATA` blocks keyed by the row of the statement right below them. */
  private collectAnnotations(): Map<number, Annotations> {
    const out = new Map<number, Annotations>();
    const cs = this.comments;
    for (let i = 0; i < cs.length; i++) {
      if (cs[i]!.text.trim() !== "METADATA") continue;
      const start = cs[i]!;
      const lines: string[] = [];
      let j = i + 1;
      let lastRow = start.row;
      while (j < cs.length && cs[j]!.row === lastRow + 1 && cs[j]!.col === start.col) {
        lines.push(cs[j]!.text.startsWith(" ") ? cs[j]!.text.slice(1) : cs[j]!.text);
        lastRow = cs[j]!.row;
        j++;
      }
      let raw: Record<string, unknown>;
      try {
        const parsed = jsyaml.load(lines.join("\n")) as unknown;
        raw = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
      } catch (e) {
        throw new RegoError("rego_parse_error", `invalid METADATA block: ${(e as Error).message.split("\n")[0]}`, {
          file: this.file,
          row: start.row,
          col: start.col,
        });
      }
      const scope = raw["scope"];
      const ann: Annotations = {
        scope: scope === "package" || scope === "subpackages" || scope === "document" || scope === "rule" ? scope : "rule",
        raw,
        loc: { file: this.file, row: start.row, col: start.col },
      };
      if (typeof raw["title"] === "string") ann.title = raw["title"];
      if (typeof raw["description"] === "string") ann.description = raw["description"];
      if (raw["entrypoint"] === true) ann.entrypoint = true;
      if (raw["custom"] && typeof raw["custom"] === "object") ann.custom = raw["custom"] as Record<string, unknown>;
      out.set(lastRow + 1, ann);
      i = j - 1;
    }
    return out;
  }

  // ---- rules ----

  private parseRule(): Rule[] {
    const start = this.tok;
    let isDefault = false;
    if (this.isKeyword("default")) {
      this.next();
      isDefault = true;
    }
    const head = this.parseRuleHead(isDefault);
    if (isDefault) {
      if (!head.value) throw this.error("default rules must have a value assigned", start);
      const rule: Rule = { head, body: [this.trueExpr(head.loc)], default: true, bodyWritten: false, loc: this.loc(start), module: this.module };
      return [rule];
    }
    const rules: Rule[] = [];
    const first = this.parseRuleBodyAfterHead(head, start);
    rules.push(first);
    // v0 allows several bodies for one head: `p { a } { b }`.
    while (this.isOp("{") && this.regoVersion === 0) {
      const body = this.withNl(true, () => this.parseBraceBody());
      // Each body is a rule of its own, with its own copy of the head (later stages rewrite heads).
      rules.push({ head: structuredClone(head), body, default: false, bodyWritten: true, loc: this.loc(start), module: this.module });
    }
    // `else` chains
    let cur = first;
    while (this.isKeyword("else")) {
      const elseTok = this.next();
      const elseHead: RuleHead = { ...head, value: undefined, key: undefined, loc: this.loc(elseTok) };
      if (this.isOp(":=") || this.isOp("=")) {
        elseHead.assign = this.next().text === ":=";
        elseHead.value = this.withNl(true, () => this.parseTermInfix(false));
      } else {
        elseHead.value = { type: "boolean", value: true, loc: this.loc(elseTok) };
      }
      let body: Body;
      let written = true;
      if (this.isKeyword("if")) {
        this.next();
        body = this.parseIfBody();
      } else if (this.isOp("{")) {
        body = this.withNl(true, () => this.parseBraceBody());
      } else {
        body = [this.trueExpr(this.loc(elseTok))];
        written = false;
      }
      const elseRule: Rule = { head: elseHead, body, default: false, bodyWritten: written, loc: this.loc(elseTok), module: this.module };
      cur.else = elseRule;
      cur = elseRule;
    }
    return rules;
  }

  private trueExpr(l: Loc): Expr {
    return { kind: "term", term: { type: "boolean", value: true, loc: l }, negated: false, with: [], loc: l };
  }

  private parseRuleHead(isDefault: boolean): RuleHead {
    const start = this.tok;
    if (start.kind !== "ident" || this.keywords.has(start.text)) {
      throw this.error(`unexpected ${this.describe(start)}, expected rule head`);
    }
    const ref = this.withNl(true, () => this.parseHeadRef());
    const head: RuleHead = { ref, assign: false, loc: this.loc(start) };
    if (this.isOp("(") && this.sameLine()) {
      this.next();
      head.args = this.withNl(false, () => this.parseTermList(")"));
      this.expectOp(")");
    }
    if (this.isKeyword("contains") && this.sameLine()) {
      this.next();
      head.key = this.withNl(true, () => this.parseTermInfix(false));
      return head;
    }
    if ((this.isOp(":=") || this.isOp("=")) && this.sameLine()) {
      head.assign = this.next().text === ":=";
      head.value = this.withNl(true, () => this.parseTermInfix(false));
      return head;
    }
    if (isDefault) return head;
    // v0: `p[x] { ... }` is a partial set (v1 spells it `p contains x`).
    if (!this.strictV1 && !head.args && ref.terms.length === 2 && this.lastRefKeyWasBracket) {
      head.key = ref.terms[1]!;
      head.ref = refTerm([ref.terms[0]!], ref.loc);
    }
    return head;
  }

  private lastRefKeyWasBracket = false;

  /** A rule head's ref: a var followed by `.name` and `[term]` keys. */
  private parseHeadRef(): RefTerm {
    const t = this.next();
    const terms: Term[] = [varTerm(t.text, this.loc(t))];
    this.lastRefKeyWasBracket = false;
    for (;;) {
      if (this.isOp(".") && this.sameLine()) {
        this.next();
        const k = this.next();
        if (k.kind !== "ident") throw this.error("expected name after '.'", k);
        terms.push(stringTerm(k.text, this.loc(k)));
        this.lastRefKeyWasBracket = false;
      } else if (this.isOp("[") && this.sameLine()) {
        this.next();
        terms.push(this.withNl(false, () => this.parseTermInfix(false)));
        this.expectOp("]");
        this.lastRefKeyWasBracket = true;
      } else {
        break;
      }
    }
    return refTerm(terms, this.loc(t));
  }

  private parseRuleBodyAfterHead(head: RuleHead, start: Token): Rule {
    const mk = (body: Body, written: boolean): Rule => ({
      head,
      body,
      default: false,
      bodyWritten: written,
      loc: this.loc(start),
      module: this.module,
    });
    if (this.isKeyword("if")) {
      this.next();
      return mk(this.parseIfBody(), true);
    }
    if (this.isOp("{") && (this.sameLine() || this.regoVersion === 0)) {
      if (this.strictV1) throw this.error("`if` keyword is required before rule body");
      return mk(this.withNl(true, () => this.parseBraceBody()), true);
    }
    if (this.strictV1 && !head.value && !head.key && !head.args && head.ref.terms.length === 1) {
      // A bare name is not a rule in v1 (`p` alone); OPA asks for a value or a body.
      throw new RegoError("rego_parse_error", `rule must have a value or a body: ${refName(head.ref) ?? "rule"}`, head.loc);
    }
    return mk([this.trueExpr(head.loc)], false);
  }

  /** After `if`: a braced body, or one literal (which may itself start with `{`, e.g. a comprehension). */
  private parseIfBody(): Body {
    if (this.isOp("{")) {
      const save = this.pos;
      try {
        return this.withNl(true, () => this.parseBraceBody());
      } catch (e) {
        this.pos = save;
        try {
          return this.withNl(true, () => [this.parseLiteral()]);
        } catch {
          throw e;
        }
      }
    }
    return this.withNl(true, () => [this.parseLiteral()]);
  }

  private parseBraceBody(): Body {
    this.expectOp("{");
    const body = this.parseQuery("}");
    this.expectOp("}");
    return body;
  }

  // ---- queries and literals ----

  parseStandaloneQuery(): Body {
    this.module = {
      file: this.file,
      package: [],
      packageLoc: this.loc(),
      imports: [],
      rules: [],
      annotations: [],
      regoVersion: this.regoVersion,
      source: this.src,
    };
    const body = this.withNl(true, () => this.parseQuery("eof"));
    if (this.tok.kind !== "eof") throw this.error(`unexpected ${this.describe(this.tok)}`);
    return body;
  }

  parseStandaloneTerm(): Term {
    const t = this.withNl(false, () => this.parseTermInfix(false));
    if (this.tok.kind !== "eof") throw this.error(`unexpected ${this.describe(this.tok)}`);
    return t;
  }

  /** Literals separated by `;` or line breaks, up to (not including) `end`. */
  private parseQuery(end: string): Body {
    const body: Body = [];
    const atEnd = () => (end === "eof" ? this.tok.kind === "eof" : this.isOp(end));
    while (!atEnd()) {
      if (this.isOp(";")) {
        this.next();
        continue;
      }
      const lit = this.withNl(true, () => this.parseLiteral());
      body.push(lit);
      if (atEnd()) break;
      if (this.isOp(";")) {
        this.next();
        continue;
      }
      if (!this.tok.nlBefore) throw this.error(`unexpected ${this.describe(this.tok)}`);
    }
    if (body.length === 0) throw this.error("found empty body");
    return body;
  }

  private parseLiteral(): Expr {
    const start = this.tok;
    const l = this.loc(start);
    let expr: Expr;
    if (this.isKeyword("some")) {
      this.next();
      expr = this.parseSome(l);
    } else if (this.isKeyword("every")) {
      this.next();
      expr = this.parseEvery(l);
    } else {
      let negated = false;
      if (this.isKeyword("not")) {
        this.next();
        negated = true;
      }
      const term = this.parseExprTerm();
      expr = { kind: "term", term, negated, with: [], loc: l };
    }
    // `with` cannot start a literal, so a modifier may continue on the next line.
    while (this.isKeyword("with")) {
      const w = this.next();
      const target = this.parseTermInfix(false);
      if (!this.isKeyword("as")) throw this.error("expected 'as' in with modifier");
      this.next();
      const value = this.parseTermInfix(false);
      const mod: With = { target, value, loc: this.loc(w) };
      expr.with.push(mod);
    }
    return expr;
  }

  /** An expression: an infix term, optionally `= term` or `:= term`. */
  private parseExprTerm(): Term {
    const lhs = this.parseTermInfix(true);
    if ((this.isOp("=") || this.isOp(":=")) && this.sameLine()) {
      const op = this.next();
      const rhs = this.parseTermInfix(true);
      return callTerm(op.text === "=" ? "eq" : "assign", [lhs, rhs], this.loc(op));
    }
    return lhs;
  }

  private parseSome(l: Loc): Expr {
    const vars: Term[] = [];
    for (;;) {
      vars.push(this.parseTermRelation());
      if (this.isOp(",") && this.sameLine()) {
        this.next();
        continue;
      }
      break;
    }
    if (this.isKeyword("in") && this.sameLine()) {
      this.next();
      if (vars.length > 2) throw this.error("unexpected , in some declaration");
      const domain = this.parseTermRelation();
      return { kind: "some", vars, domain, negated: false, with: [], loc: l };
    }
    for (const v of vars) {
      if (v.type !== "var") throw new RegoError("rego_parse_error", "expected var in some declaration", v.loc);
    }
    return { kind: "some", vars, negated: false, with: [], loc: l };
  }

  private parseEvery(l: Loc): Expr {
    const first = this.parseTermRelation();
    let key: Term | undefined;
    let value = first;
    if (this.isOp(",")) {
      this.next();
      key = first;
      value = this.parseTermRelation();
    }
    if (!this.isKeyword("in")) throw this.error("expected 'in' in every expression");
    this.next();
    const domain = this.parseTermRelation();
    if (!this.isOp("{")) throw this.error("expected body after every");
    const body = this.parseBraceBody();
    for (const v of key ? [key, value] : [value]) {
      if (v.type !== "var") throw new RegoError("rego_parse_error", "expected var in every declaration", v.loc);
    }
    return { kind: "every", key, value, domain, body, negated: false, with: [], loc: l };
  }

  // ---- terms, by precedence: in < relation < | < & < + - < * / % < postfix ----

  private parseTermInfix(keyVal: boolean): Term {
    let lhs = this.parseTermRelation();
    for (;;) {
      if (keyVal && this.isOp(",") && this.sameLine() && this.looksLikeKeyValIn()) {
        this.next();
        const mhs = this.parseTermRelation();
        const inTok = this.next(); // `in`, checked by looksLikeKeyValIn
        const rhs = this.parseTermRelation();
        lhs = callTerm("internal.member_3", [lhs, mhs, rhs], this.loc(inTok));
        continue;
      }
      if (this.isKeyword("in") && this.sameLine()) {
        const inTok = this.next();
        const rhs = this.parseTermRelation();
        lhs = callTerm("internal.member_2", [lhs, rhs], this.loc(inTok));
        continue;
      }
      return lhs;
    }
  }

  /** `a, b in c` at expression level: a comma, one relation term, then `in`. */
  private looksLikeKeyValIn(): boolean {
    if (!this.keywords.has("in")) return false;
    const save = this.pos;
    try {
      this.next();
      this.withNl(false, () => this.parseTermRelation());
      return this.isKeyword("in");
    } catch {
      return false;
    } finally {
      this.pos = save;
    }
  }

  private parseBinary(ops: string[], sub: () => Term): Term {
    let lhs = sub();
    while (this.tok.kind === "op" && ops.includes(this.tok.text) && this.sameLine()) {
      const op = this.next();
      const rhs = sub();
      lhs = callTerm(INFIX_OPERATORS[op.text]!, [lhs, rhs], this.loc(op));
    }
    return lhs;
  }

  private parseTermRelation(): Term {
    return this.parseBinary(["==", "!=", "<", "<=", ">", ">="], () => this.parseTermOr());
  }
  private parseTermOr(): Term {
    // The first term of `[t | body]` / `{t | body}` stops before `|`: there it starts a comprehension.
    if (this.pipeStops[this.pipeStops.length - 1]) return this.parseTermAnd();
    return this.parseBinary(["|"], () => this.parseTermAnd());
  }
  private parseTermAnd(): Term {
    return this.parseBinary(["&"], () => this.parseTermArith());
  }
  private parseTermArith(): Term {
    return this.parseBinary(["+", "-"], () => this.parseTermFactor());
  }
  private parseTermFactor(): Term {
    return this.parseBinary(["*", "/", "%"], () => this.parsePostfix());
  }

  private parsePostfix(): Term {
    let t = this.parseOperand();
    for (;;) {
      if (this.isOp(".") && this.sameLine()) {
        this.next();
        const k = this.next();
        if (k.kind !== "ident") throw this.error("expected name after '.'", k);
        t = this.appendRef(t, stringTerm(k.text, this.loc(k)));
      } else if (this.isOp("[") && this.sameLine() && !this.tok.nlBefore) {
        this.next();
        const key = this.withNl(false, () => this.parseTermInfix(false));
        this.expectOp("]");
        t = this.appendRef(t, key);
      } else if (this.isOp("(") && this.sameLine() && !this.tok.nlBefore && this.isCallable(t)) {
        const open = this.next();
        const args = this.withNl(false, () => this.parseTermList(")"));
        this.expectOp(")");
        const op = t.type === "var" ? refTerm([t], t.loc) : (t as RefTerm);
        const call: CallTerm = { type: "call", op, args, loc: op.loc };
        void open;
        t = call;
      } else {
        return t;
      }
    }
  }

  private isCallable(t: Term): boolean {
    if (t.type === "var") return true;
    if (t.type !== "ref") return false;
    return t.terms[0]!.type === "var" && t.terms.slice(1).every((x) => x.type === "string");
  }

  private appendRef(t: Term, key: Term): RefTerm {
    if (t.type === "ref") return refTerm([...t.terms, key], t.loc);
    return refTerm([t, key], t.loc);
  }

  private parseTermList(end: string): Term[] {
    const out: Term[] = [];
    while (!this.isOp(end)) {
      out.push(this.parseTermInfix(false));
      if (this.isOp(",")) {
        this.next();
        continue;
      }
      if (!this.isOp(end)) throw this.error(`expected ',' or '${end}' but found ${this.describe(this.tok)}`);
    }
    return out;
  }

  private parseOperand(): Term {
    const t = this.tok;
    const l = this.loc(t);
    switch (t.kind) {
      case "number":
        this.next();
        return { type: "number", value: t.text, loc: l };
      case "string":
      case "rawstring":
        this.next();
        return { type: "string", value: t.text, loc: l };
      case "ident": {
        if (t.text === "true" || t.text === "false") {
          this.next();
          return { type: "boolean", value: t.text === "true", loc: l };
        }
        if (t.text === "null") {
          this.next();
          return { type: "null", loc: l };
        }
        if (t.text === "set" && this.isOp("(", this.peek()) && this.isOp(")", this.peek(2))) {
          this.next();
          this.next();
          this.next();
          return { type: "set", items: [], loc: l };
        }
        // `contains(...)` is the builtin even where `contains` is a keyword.
        if (this.keywords.has(t.text) && !(FUTURE_KEYWORDS.includes(t.text) && this.isOp("(", this.peek()) && !this.peek().nlBefore)) {
          throw this.error(`unexpected ${t.text} keyword`);
        }
        this.next();
        if (t.text === "_") return varTerm(`$_${this.wildcard++}`, l);
        return varTerm(t.text, l);
      }
      case "op":
        break;
      default:
        throw this.error(`unexpected ${this.describe(t)}`);
    }
    if (t.text === "-") {
      // A negative number literal; `-x` on other terms means `0 - x`.
      this.next();
      if (this.tok.kind === "number" && !this.tok.nlBefore && this.tok.offset === t.offset + 1) {
        const num = this.next();
        return { type: "number", value: "-" + num.text, loc: l };
      }
      const operand = this.parsePostfix();
      return callTerm("minus", [{ type: "number", value: "0", loc: l }, operand], l);
    }
    if (t.text === "(") {
      this.next();
      const inner = this.withNl(false, () => this.parseExprTerm());
      this.expectOp(")");
      return inner;
    }
    if (t.text === "[") {
      this.next();
      return this.withNl(false, () => {
        if (this.isOp("]")) {
          this.next();
          return { type: "array", items: [], loc: l } as Term;
        }
        const first = this.withNl(false, () => this.parseTermInfix(false), true);
        if (this.isOp("|")) {
          this.next();
          const body = this.withNl(true, () => this.parseQuery("]"));
          this.expectOp("]");
          return { type: "arraycomp", term: first, body, loc: l } as Term;
        }
        const items = [first];
        while (this.isOp(",")) {
          this.next();
          if (this.isOp("]")) break;
          items.push(this.parseTermInfix(false));
        }
        this.expectOp("]");
        return { type: "array", items, loc: l } as Term;
      });
    }
    if (t.text === "{") {
      this.next();
      return this.withNl(false, () => this.parseBraceTerm(l));
    }
    throw this.error(`unexpected ${this.describe(t)}`);
  }

  /** After `{`: an object, a set, or a set/object comprehension. */
  private parseBraceTerm(l: Loc): Term {
    if (this.isOp("}")) {
      this.next();
      return { type: "object", items: [], loc: l };
    }
    const first = this.withNl(false, () => this.parseTermInfix(false), true);
    if (this.isOp(":")) {
      this.next();
      const value = this.withNl(false, () => this.parseTermInfix(false), true);
      if (this.isOp("|")) {
        this.next();
        const body = this.withNl(true, () => this.parseQuery("}"));
        this.expectOp("}");
        return { type: "objectcomp", key: first, value, body, loc: l };
      }
      const items: [Term, Term][] = [[first, value]];
      while (this.isOp(",")) {
        this.next();
        if (this.isOp("}")) break;
        const k = this.parseTermInfix(false);
        this.expectOp(":");
        items.push([k, this.parseTermInfix(false)]);
      }
      this.expectOp("}");
      return { type: "object", items, loc: l };
    }
    if (this.isOp("|")) {
      this.next();
      const body = this.withNl(true, () => this.parseQuery("}"));
      this.expectOp("}");
      return { type: "setcomp", term: first, body, loc: l };
    }
    const items = [first];
    while (this.isOp(",")) {
      this.next();
      if (this.isOp("}")) break;
      items.push(this.parseTermInfix(false));
    }
    this.expectOp("}");
    return { type: "set", items, loc: l };
  }

  /** A ref made of a var and `.name` / `["name"]` keys, for package and import paths. */
  private parseRefOnly(): RefTerm {
    const t = this.next();
    if (t.kind !== "ident") throw this.error("expected a name", t);
    const terms: Term[] = [varTerm(t.text, this.loc(t))];
    for (;;) {
      if (this.isOp(".") && !this.tok.nlBefore) {
        this.next();
        const k = this.next();
        if (k.kind !== "ident") throw this.error("expected name after '.'", k);
        terms.push(stringTerm(k.text, this.loc(k)));
      } else if (this.isOp("[") && !this.tok.nlBefore) {
        this.next();
        const k = this.next();
        if (k.kind !== "string" && k.kind !== "rawstring") throw this.error("expected string in path", k);
        terms.push(stringTerm(k.text, this.loc(k)));
        this.expectOp("]");
      } else {
        break;
      }
    }
    return refTerm(terms, this.loc(t));
  }
}
