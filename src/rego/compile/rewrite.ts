// Stage "rewrite": resolves names and renames local variables, one rule at a time.
//
// - A var that is declared (`:=`, `some`, `every`, function parameters) or bound freely in a body
//   becomes a unique local (`x` -> `x__3`), with comprehension and `every` bodies as nested scopes.
// - A var that names a rule of the package, or an import alias, becomes an absolute `data.`/`input.`
//   ref; function names become absolute refs too; builtin names stay as they are.
// - `x := e` becomes `x = e` (with the declaration check), `some x in xs` becomes `x = xs[_]`, and
//   unifications of two array literals are split element-wise.
import {
  type Body,
  type CallTerm,
  type Expr,
  type Loc,
  type RefTerm,
  type Rule,
  type Term,
  type With,
  refTerm,
  stringTerm,
  varTerm,
  walkTerm,
} from "../ast.js";
import type { ErrorList } from "../errors.js";

export interface RewriteEnv {
  /** Absolute package path, e.g. ["data", "test"]. */
  pkg: string[];
  /** First segments of every rule head in the package (rules and functions). */
  ruleNames: Set<string>;
  /** Import aliases -> absolute refs (`data.x.y`, `input.z`). */
  imports: Map<string, Term[]>;
  errors: ErrorList;
  /** The module's Rego version (v1 checks apply to v1 modules only). */
  regoVersion?: 0 | 1;
  /** Whether a name is a builtin function (a `with` value may name one). */
  isBuiltin(name: string): boolean;
  /** Fresh-name counter shared by the whole compilation. */
  counter: { n: number };
}

class Scope {
  readonly names = new Map<string, string>();
  constructor(readonly parent?: Scope) {}
  lookup(name: string): string | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
  declaredHere(name: string): boolean {
    return this.names.has(name);
  }
}

const ROOTS = new Set(["data", "input"]);

export function rewriteRule(rule: Rule, env: RewriteEnv): void {
  const rw = new Rewriter(env);
  let cur: Rule | undefined = rule;
  while (cur) {
    rw.rewriteDefinition(cur);
    cur = cur.else;
  }
}

/** Rewrites a standalone query (no package); its free vars keep their names so they can be reported as bindings. */
export function rewriteQuery(body: Body, env: RewriteEnv): Body {
  const rw = new Rewriter(env);
  rw.keepFreeVarNames = true;
  return rw.rewriteBody(body, new Scope());
}

class Rewriter {
  keepFreeVarNames = false;
  constructor(private readonly env: RewriteEnv) {}

  private fresh(name: string): string {
    const base = name.startsWith("$") ? "_" : name;
    return `${base}__${this.env.counter.n++}`;
  }

  rewriteDefinition(rule: Rule): void {
    const scope = new Scope();
    const head = rule.head;
    if (head.args) {
      head.args = head.args.map((a) => this.declarePattern(a, scope, true));
    }
    rule.body = this.rewriteBody(rule.body, scope);
    // The head reads the body's variables. Its first segment is the rule itself.
    head.ref = refTerm(
      [head.ref.terms[0]!, ...head.ref.terms.slice(1).map((t) => this.rewriteTerm(t, scope))],
      head.ref.loc,
    );
    if (head.key) head.key = this.rewriteTerm(head.key, scope);
    if (head.value) head.value = this.rewriteTerm(head.value, scope);
  }

  /** Declares every var in a pattern (`[x, y]`, `{"a": z}`) in `scope`. */
  private declarePattern(t: Term, scope: Scope, isParam = false): Term {
    switch (t.type) {
      case "var": {
        if (!isParam && scope.declaredHere(t.name) && !t.name.startsWith("$")) {
          this.env.errors.add("rego_compile_error", `var ${t.name} assigned above`, t.loc);
        }
        const n = this.fresh(t.name);
        scope.names.set(t.name, n);
        return varTerm(n, t.loc);
      }
      case "array":
        return { ...t, items: t.items.map((x) => this.declarePattern(x, scope, isParam)) };
      case "object":
        return { ...t, items: t.items.map(([k, v]) => [this.rewriteTerm(k, scope), this.declarePattern(v, scope, isParam)] as [Term, Term]) };
      case "ref":
        if (isParam) {
          this.env.errors.add("rego_compile_error", "function parameters must be vars, constants or patterns", t.loc);
          return t;
        }
        this.env.errors.add("rego_compile_error", "cannot assign to ref", t.loc);
        return t;
      default:
        return this.rewriteTerm(t, scope);
    }
  }

  /** Rewrites a body in `scope` (the caller creates it: heads read the same scope). */
  rewriteBody(body: Body, scope: Scope): Body {
    // Free vars of this body (used but never declared) belong to this scope, so nested
    // comprehensions that use the same name close over them.
    for (const name of this.freeVarsOfBody(body)) {
      if (scope.lookup(name) === undefined && !this.isGlobalName(name)) {
        scope.names.set(name, this.keepFreeVarNames && !name.startsWith("$") ? name : this.fresh(name));
      }
    }
    const out: Body = [];
    for (const e of body) {
      const r = this.rewriteExpr(e, scope);
      out.push(...r);
    }
    return out;
  }

  private isGlobalName(name: string): boolean {
    return ROOTS.has(name) || this.env.ruleNames.has(name) || this.env.imports.has(name);
  }

  /** Vars used in a body, outside nested closures, that the body does not declare with := / some / every. */
  private freeVarsOfBody(body: Body): Set<string> {
    const declared = new Set<string>();
    const used = new Set<string>();
    const collectDeclared = (t: Term) =>
      walkTerm(t, (x) => {
        if (x.type === "var") declared.add(x.name);
        if (x.type === "ref") return false;
        return undefined;
      });
    const collectUsed = (t: Term): void =>
      walkTerm(t, (x) => {
        if (x.type === "var") used.add(x.name);
        if (x.type === "call") {
          // A call's operator names a function, not a variable.
          x.args.forEach(collectUsed);
          return false;
        }
        return undefined;
      });
    for (const e of body) {
      if (e.kind === "some") {
        if (e.domain) {
          e.vars.forEach(collectDeclared);
          collectUsed(e.domain);
        } else {
          e.vars.forEach(collectDeclared);
        }
      } else if (e.kind === "every") {
        collectUsed(e.domain);
      } else if (isCallTo(e.term, "assign")) {
        collectDeclared(e.term.args[0]!);
        // Keys of an object pattern on the left are read, not declared.
        collectUsed(e.term.args[1]!);
      } else {
        collectUsed(e.term);
      }
      for (const w of e.with) {
        const name = builtinNameOf(w.value);
        if (name === undefined || !this.env.isBuiltin(name)) collectUsed(w.value);
      }
    }
    for (const d of declared) used.delete(d);
    return used;
  }

  private rewriteExpr(e: Expr, scope: Scope): Expr[] {
    const withs: With[] = e.with.map((w) => ({ ...w, target: this.rewriteWithTarget(w.target), value: this.rewriteWithValue(w.value, scope) }));
    const base = { negated: e.negated, with: withs, loc: e.loc };
    if (e.kind === "some") {
      if (!e.domain) {
        for (const v of e.vars) {
          if (v.type === "var") this.declarePattern(v, scope);
        }
        return [];
      }
      const domain = this.rewriteTerm(e.domain, scope);
      if (e.vars.length === 1) {
        const value = this.declarePattern(e.vars[0]!, scope);
        const key = varTerm(this.fresh("$some"), e.loc);
        return [this.eqExpr(value, refOf(domain, key), base)];
      }
      const keyPat = this.declarePattern(e.vars[0]!, scope);
      const valPat = this.declarePattern(e.vars[1]!, scope);
      if (keyPat.type === "var") return [this.eqExpr(valPat, refOf(domain, keyPat), base)];
      const k = varTerm(this.fresh("$somekey"), e.loc);
      return [this.eqExpr(valPat, refOf(domain, k), base), this.eqExpr(keyPat, k, { ...base, with: [] })];
    }
    if (e.kind === "every") {
      const domain = this.rewriteTerm(e.domain, scope);
      const inner = new Scope(scope);
      const key = e.key ? this.declarePattern(e.key, inner) : undefined;
      const value = this.declarePattern(e.value, inner);
      const body = this.rewriteBody(e.body, new Scope(inner));
      return [{ kind: "every", key, value, domain, body, ...base }];
    }
    const t = e.term;
    if (isCallTo(t, "assign")) {
      const rhs = this.rewriteTerm(t.args[1]!, scope);
      const lhs0 = t.args[0]!;
      if (lhs0.type !== "var" && lhs0.type !== "array" && lhs0.type !== "object") {
        this.env.errors.add("rego_compile_error", "cannot assign to " + describeTerm(lhs0), lhs0.loc);
      }
      // v1 forbids shadowing input/data (rego.v1 check); v0 modules may, and the local then hides the root.
      if (lhs0.type === "var" && ROOTS.has(lhs0.name) && this.env.regoVersion !== 0) {
        this.env.errors.add("rego_compile_error", `variables must not shadow ${lhs0.name} (use a different variable name)`, lhs0.loc);
      }
      const lhs = this.declarePattern(lhs0, scope);
      return [this.eqExpr(lhs, rhs, base, true)];
    }
    const term = this.rewriteTerm(t, scope);
    if (isCallTo(term, "eq")) return [this.eqExpr(term.args[0]!, term.args[1]!, base)];
    return [{ kind: "term", term, ...base }];
  }

  /** `a = b`, split element-wise when both sides are array literals of the same length. */
  private eqExpr(a: Term, b: Term, base: { negated: boolean; with: With[]; loc: Loc }, assign = false): Expr {
    const call: CallTerm = {
      type: "call",
      op: refTerm([varTerm(assign ? "assign" : "eq", base.loc)], base.loc),
      args: [a, b],
      loc: base.loc,
    };
    return { kind: "term", term: call, ...base };
  }

  private rewriteWithTarget(t: Term): Term {
    if (t.type === "var") {
      if (ROOTS.has(t.name)) return refTerm([t], t.loc);
      const resolved = this.resolveGlobal(t.name, t.loc);
      return resolved ?? refTerm([t], t.loc);
    }
    if (t.type === "ref" && t.terms[0]!.type === "var") {
      const head = t.terms[0]!;
      if (ROOTS.has(head.name)) return t;
      const resolved = this.resolveGlobal(head.name, head.loc);
      if (resolved) return refTerm([...resolved.terms, ...t.terms.slice(1)], t.loc);
    }
    return t;
  }

  /** A `with` value: a term, or the name of a function or builtin that replaces the target. */
  private rewriteWithValue(t: Term, scope: Scope): Term {
    const name = builtinNameOf(t);
    if (name !== undefined && this.env.isBuiltin(name) && scope.lookup(name.split(".")[0]!) === undefined) {
      return t.type === "var" ? refTerm([t], t.loc) : t;
    }
    return this.rewriteTerm(t, scope);
  }

  /** A global name (rule of this package or import alias) as an absolute ref. */
  private resolveGlobal(name: string, l: Loc): RefTerm | undefined {
    const imp = this.env.imports.get(name);
    if (imp) return refTerm(imp.map((x) => ({ ...x, loc: l })), l);
    if (this.env.ruleNames.has(name)) {
      return refTerm([varTerm("data", l), ...this.env.pkg.slice(1).map((p) => stringTerm(p, l)), stringTerm(name, l)], l);
    }
    return undefined;
  }

  rewriteTerm(t: Term, scope: Scope): Term {
    switch (t.type) {
      case "var": {
        const local = scope.lookup(t.name);
        if (local !== undefined) return varTerm(local, t.loc);
        if (ROOTS.has(t.name)) return refTerm([t], t.loc);
        const g = this.resolveGlobal(t.name, t.loc);
        if (g) return g;
        // Not declared anywhere visible: a var of its own (safety reports it if never bound).
        const n = t.name.startsWith("$") ? this.fresh(t.name) : t.name;
        scope.names.set(t.name, n);
        return varTerm(n, t.loc);
      }
      case "ref": {
        const head = t.terms[0]!;
        let newHead: Term[];
        if (head.type === "var") {
          const local = scope.lookup(head.name);
          if (local !== undefined) newHead = [varTerm(local, head.loc)];
          else if (ROOTS.has(head.name)) newHead = [head];
          else {
            const g = this.resolveGlobal(head.name, head.loc);
            newHead = g ? g.terms : [this.rewriteTerm(head, scope)];
          }
        } else {
          newHead = [this.rewriteTerm(head, scope)];
        }
        const keys = t.terms.slice(1).map((k) => this.rewriteTerm(k, scope));
        const flatHead = newHead.length === 1 && newHead[0]!.type === "ref" ? (newHead[0] as RefTerm).terms : newHead;
        return refTerm([...flatHead, ...keys], t.loc);
      }
      case "array":
        return { ...t, items: t.items.map((x) => this.rewriteTerm(x, scope)) };
      case "set":
        return { ...t, items: t.items.map((x) => this.rewriteTerm(x, scope)) };
      case "object":
        return { ...t, items: t.items.map(([k, v]) => [this.rewriteTerm(k, scope), this.rewriteTerm(v, scope)] as [Term, Term]) };
      case "call": {
        const op = this.rewriteCallOp(t.op, scope);
        return { ...t, op, args: t.args.map((a) => this.rewriteTerm(a, scope)) };
      }
      case "arraycomp":
      case "setcomp": {
        const inner = new Scope(scope);
        const body = this.rewriteBody(t.body, inner);
        return { ...t, term: this.rewriteTerm(t.term, inner), body };
      }
      case "objectcomp": {
        const inner = new Scope(scope);
        const body = this.rewriteBody(t.body, inner);
        return { ...t, key: this.rewriteTerm(t.key, inner), value: this.rewriteTerm(t.value, inner), body };
      }
      default:
        return t;
    }
  }

  private rewriteCallOp(op: RefTerm, scope: Scope): RefTerm {
    const head = op.terms[0]!;
    if (head.type !== "var") return op;
    if (head.name === "data") return op;
    if (scope.lookup(head.name) !== undefined && op.terms.length === 1) {
      this.env.errors.add("rego_type_error", `${head.name} is a variable, not a function`, op.loc);
      return op;
    }
    const g = this.resolveGlobal(head.name, head.loc);
    if (g) return refTerm([...g.terms, ...op.terms.slice(1)], op.loc);
    return op;
  }
}

function refOf(domain: Term, key: Term): RefTerm {
  if (domain.type === "ref") return refTerm([...domain.terms, key], domain.loc);
  return refTerm([domain, key], domain.loc);
}

// The brand keeps the false branch from narrowing: a term that is not a call to `name` may still be a call.
export function isCallTo(t: Term, name: string): t is CallTerm & { readonly __callTo: true } {
  return t.type === "call" && t.op.terms.length === 1 && t.op.terms[0]!.type === "var" && t.op.terms[0].name === name;
}

function describeTerm(t: Term): string {
  switch (t.type) {
    case "ref":
      return "ref";
    case "call":
      return "call";
    default:
      return t.type;
  }
}

/** `count`, `strings.count`: the dotted name a var or a ref of string keys spells. */
export function builtinNameOf(t: Term): string | undefined {
  if (t.type === "var") return t.name;
  if (t.type !== "ref" || t.terms[0]!.type !== "var") return undefined;
  const parts = [t.terms[0]!.name];
  for (const k of t.terms.slice(1)) {
    if (k.type !== "string") return undefined;
    parts.push(k.value);
  }
  return parts.join(".");
}
