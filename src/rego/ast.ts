// The Rego abstract syntax tree. Every node keeps its source position so that compile errors can
// point at `file:line:col`.

export interface Loc {
  file: string;
  row: number;
  col: number;
}

export type Term =
  | NullTerm
  | BooleanTerm
  | NumberTerm
  | StringTerm
  | VarTerm
  | RefTerm
  | ArrayTerm
  | ObjectTerm
  | SetTerm
  | ArrayCompTerm
  | SetCompTerm
  | ObjectCompTerm
  | CallTerm;

export interface NullTerm { type: "null"; loc: Loc }
export interface BooleanTerm { type: "boolean"; value: boolean; loc: Loc }
/** Numbers keep their source text: OPA numbers are arbitrary precision. */
export interface NumberTerm { type: "number"; value: string; loc: Loc }
export interface StringTerm { type: "string"; value: string; loc: Loc }
export interface VarTerm { type: "var"; name: string; loc: Loc }
/** `terms[0]` is the head (a var, a composite or a call); the rest are keys (`a.b` keys are strings). */
export interface RefTerm { type: "ref"; terms: Term[]; loc: Loc }
export interface ArrayTerm { type: "array"; items: Term[]; loc: Loc }
export interface ObjectTerm { type: "object"; items: [Term, Term][]; loc: Loc }
export interface SetTerm { type: "set"; items: Term[]; loc: Loc }
export interface ArrayCompTerm { type: "arraycomp"; term: Term; body: Body; loc: Loc }
export interface SetCompTerm { type: "setcomp"; term: Term; body: Body; loc: Loc }
export interface ObjectCompTerm { type: "objectcomp"; key: Term; value: Term; body: Body; loc: Loc }
/** A call: `op` is a ref naming a builtin or a function (operators are builtins: `plus`, `eq`, `assign`...). */
export interface CallTerm { type: "call"; op: RefTerm; args: Term[]; loc: Loc }

export interface With { target: Term; value: Term; loc: Loc }

export type Expr = TermExpr | SomeExpr | EveryExpr;

interface ExprBase {
  negated: boolean;
  with: With[];
  loc: Loc;
  /** Set by the compiler: the expression was generated (e.g. from a nested call), not written. */
  generated?: boolean;
}

/** A term used as an expression: a call (incl. `=`, `:=`, comparisons) or a plain term tested for truth. */
export interface TermExpr extends ExprBase { kind: "term"; term: Term }
/** `some x, y` declares local variables. `some x in xs` is rewritten to a member call before planning. */
export interface SomeExpr extends ExprBase { kind: "some"; vars: Term[]; domain?: Term }
export interface EveryExpr extends ExprBase {
  kind: "every";
  key?: Term;
  value: Term;
  domain: Term;
  body: Body;
}

export type Body = Expr[];

export interface RuleHead {
  /** The rule's name as a ref relative to its package: `p`, `p.q[x].r`, `foo["bar"]`. */
  ref: RefTerm;
  /** Function parameters; undefined for rules that are not functions. */
  args?: Term[];
  /** Multi-value (partial set) rules: the element. */
  key?: Term;
  /** Single-value rules and functions: the value (true when omitted). */
  value?: Term;
  /** `:=` rather than `=` (v1 requires it for rules with values, except `contains`). */
  assign: boolean;
  loc: Loc;
}

export interface Rule {
  head: RuleHead;
  body: Body;
  default: boolean;
  /** `else` chain of this definition. */
  else?: Rule;
  /** The `# METADATA` annotations directly above the rule. */
  annotations?: Annotations;
  /** The body was written (false when it is the implicit `true`). */
  bodyWritten: boolean;
  loc: Loc;
  module: Module;
}

export interface Import {
  path: RefTerm;
  alias?: string;
  loc: Loc;
}

export interface Annotations {
  scope: "package" | "subpackages" | "rule" | "document";
  title?: string;
  description?: string;
  entrypoint?: boolean;
  custom?: Record<string, unknown>;
  /** Every key as written, for rego.metadata.* */
  raw: Record<string, unknown>;
  loc: Loc;
}

export interface Module {
  file: string;
  /** The package path without `data`, e.g. ["evident", "checks", "k8s"]. */
  package: string[];
  packageLoc: Loc;
  imports: Import[];
  rules: Rule[];
  annotations: Annotations[];
  regoVersion: 0 | 1;
  source: string;
}

export function loc(file: string, row: number, col: number): Loc {
  return { file, row, col };
}

export function varTerm(name: string, l: Loc): VarTerm {
  return { type: "var", name, loc: l };
}

export function stringTerm(value: string, l: Loc): StringTerm {
  return { type: "string", value, loc: l };
}

export function refTerm(terms: Term[], l: Loc): RefTerm {
  return { type: "ref", terms, loc: l };
}

export function callTerm(op: string, args: Term[], l: Loc): CallTerm {
  const parts = op.split(".");
  const terms: Term[] = [varTerm(parts[0]!, l), ...parts.slice(1).map((p) => stringTerm(p, l))];
  return { type: "call", op: refTerm(terms, l), args, loc: l };
}

/** The dotted name of a ref made only of a var head and string keys (`data.a.b`, `strings.count`), or undefined. */
export function refName(ref: RefTerm): string | undefined {
  const head = ref.terms[0];
  if (!head || head.type !== "var") return undefined;
  let name = head.name;
  for (const t of ref.terms.slice(1)) {
    if (t.type !== "string") return undefined;
    name += "." + t.value;
  }
  return name;
}

export function isGround(t: Term): boolean {
  switch (t.type) {
    case "null":
    case "boolean":
    case "number":
    case "string":
      return true;
    case "var":
      return false;
    case "ref":
      return false;
    case "array":
    case "set":
      return t.items.every(isGround);
    case "object":
      return t.items.every(([k, v]) => isGround(k) && isGround(v));
    default:
      return false;
  }
}

/** Visits every term under `t` (t included), not descending into comprehension bodies unless asked. */
export function walkTerm(t: Term, visit: (t: Term) => boolean | void, intoClosures = false): void {
  if (visit(t) === false) return;
  switch (t.type) {
    case "ref":
      for (const x of t.terms) walkTerm(x, visit, intoClosures);
      break;
    case "array":
    case "set":
      for (const x of t.items) walkTerm(x, visit, intoClosures);
      break;
    case "object":
      for (const [k, v] of t.items) {
        walkTerm(k, visit, intoClosures);
        walkTerm(v, visit, intoClosures);
      }
      break;
    case "call":
      walkTerm(t.op, visit, intoClosures);
      for (const x of t.args) walkTerm(x, visit, intoClosures);
      break;
    case "arraycomp":
    case "setcomp":
      if (intoClosures) {
        walkTerm(t.term, visit, true);
        walkBody(t.body, visit);
      }
      break;
    case "objectcomp":
      if (intoClosures) {
        walkTerm(t.key, visit, true);
        walkTerm(t.value, visit, true);
        walkBody(t.body, visit);
      }
      break;
    default:
      break;
  }
}

export function walkBody(body: Body, visit: (t: Term) => boolean | void): void {
  for (const e of body) walkExpr(e, visit);
}

export function walkExpr(e: Expr, visit: (t: Term) => boolean | void): void {
  switch (e.kind) {
    case "term":
      walkTerm(e.term, visit, true);
      break;
    case "some":
      for (const v of e.vars) walkTerm(v, visit, true);
      if (e.domain) walkTerm(e.domain, visit, true);
      break;
    case "every":
      if (e.key) walkTerm(e.key, visit, true);
      walkTerm(e.value, visit, true);
      walkTerm(e.domain, visit, true);
      walkBody(e.body, visit);
      break;
  }
  for (const w of e.with) {
    walkTerm(w.target, visit, true);
    walkTerm(w.value, visit, true);
  }
}
