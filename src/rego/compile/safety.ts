// Stage "safety": orders each body so every variable is bound before it is read (OPA's
// reorderBodyForSafety) and reports the variables no order can bind (`var x is unsafe`).
import type { Body, Expr, Term } from "../ast.js";
import { walkBody, walkTerm } from "../ast.js";
import type { ErrorList } from "../errors.js";
import { builtinNameOf, isCallTo } from "./rewrite.js";
import { compositePairs } from "./pairs.js";

export interface SafetyEnv {
  errors: ErrorList;
  /** Number of declared arguments of a callable (builtin or function), or undefined if unknown. */
  arity(name: string): number | undefined;
}

/** Visits the variables of a term: not call operators (function names), not the roots `data`/`input`. */
function visitVars(out: Set<string>, intoClosures: boolean): (x: Term) => boolean | void {
  const visit = (x: Term): boolean | void => {
    if (x.type === "var" && x.name !== "data" && x.name !== "input") out.add(x.name);
    if (x.type === "call") {
      for (const a of x.args) walkTerm(a, visit, intoClosures);
      return false;
    }
    return undefined;
  };
  return visit;
}

/** All variable names in a term, optionally inside closures (comprehensions). */
export function varsIn(t: Term, intoClosures = true, out = new Set<string>()): Set<string> {
  walkTerm(t, visitVars(out, intoClosures), intoClosures);
  return out;
}

function varsInBody(b: Body): Set<string> {
  const out = new Set<string>();
  walkBody(b, visitVars(out, true));
  return out;
}

/** The dotted name of a call's operator (`count`, `data.x.f`). */
export function callName(t: Term): string | undefined {
  if (t.type !== "call") return undefined;
  const parts: string[] = [];
  for (const x of t.op.terms) {
    if (x.type === "var") parts.push(x.name);
    else if (x.type === "string") parts.push(x.value);
    else return undefined;
  }
  return parts.join(".");
}

export class SafetyChecker {
  constructor(private readonly env: SafetyEnv) {}

  /**
   * Orders `body` given the vars already bound (`bound`) and the vars of enclosing scopes (`outer`,
   * used to tell closure captures from closure locals). Returns the ordered body and the vars bound after it.
   */
  orderBody(body: Body, bound: Set<string>, outer: Set<string>): { body: Body; bound: Set<string> } {
    const scopeVars = new Set(outer);
    for (const e of body) for (const v of this.topLevelVars(e)) scopeVars.add(v);
    const B = new Set(bound);
    const remaining = [...body];
    const ordered: Body = [];
    while (remaining.length > 0) {
      let picked = -1;
      for (let i = 0; i < remaining.length; i++) {
        if (this.isSafe(remaining[i]!, B, scopeVars)) {
          picked = i;
          break;
        }
      }
      if (picked < 0) {
        this.reportUnsafe(remaining, B, scopeVars);
        return { body: [...ordered, ...remaining], bound: B };
      }
      const e = remaining.splice(picked, 1)[0]!;
      const out = this.outputs(e, B);
      ordered.push(this.orderNested(e, B, scopeVars));
      for (const v of out) B.add(v);
    }
    return { body: ordered, bound: B };
  }

  /** A `with` value naming a builtin (`count`, `strings.count`) rather than a value. */
  private namesFunction(t: Term): boolean {
    if (t.type !== "ref" || t.terms[0]!.type !== "var" || t.terms[0].name === "data" || t.terms[0].name === "input") return false;
    const name = builtinNameOf(t);
    return name !== undefined && this.env.arity(name) !== undefined;
  }

  /** Vars that appear in an expression outside closures. */
  private topLevelVars(e: Expr): Set<string> {
    const s = new Set<string>();
    if (e.kind === "term") varsIn(e.term, false, s);
    else if (e.kind === "every") varsIn(e.domain, false, s);
    for (const w of e.with) if (!this.namesFunction(w.value)) varsIn(w.value, false, s);
    return s;
  }

  /** Orders the bodies nested in an expression (comprehensions, every) with what is bound before it. */
  private orderNested(e: Expr, B: Set<string>, scopeVars: Set<string>): Expr {
    const mapTerm = (t: Term): Term => this.orderClosures(t, B, scopeVars);
    if (e.kind === "term") return { ...e, term: mapTerm(e.term), with: e.with.map((w) => ({ ...w, value: mapTerm(w.value) })) };
    if (e.kind === "every") {
      const inner = new Set(B);
      if (e.key?.type === "var") inner.add(e.key.name);
      if (e.value.type === "var") inner.add(e.value.name);
      for (const v of varsIn(e.value)) inner.add(v);
      if (e.key) for (const v of varsIn(e.key)) inner.add(v);
      const r = this.orderBody(e.body, inner, scopeVars);
      return { ...e, domain: mapTerm(e.domain), body: r.body };
    }
    return e;
  }

  private orderClosures(t: Term, B: Set<string>, scopeVars: Set<string>): Term {
    switch (t.type) {
      case "arraycomp":
      case "setcomp": {
        const r = this.orderBody(t.body, B, scopeVars);
        this.checkHeadSafe([t.term], r.bound);
        return { ...t, body: r.body, term: this.orderClosures(t.term, r.bound, scopeVars) };
      }
      case "objectcomp": {
        const r = this.orderBody(t.body, B, scopeVars);
        this.checkHeadSafe([t.key, t.value], r.bound);
        return { ...t, body: r.body };
      }
      case "ref":
        return { ...t, terms: t.terms.map((x) => this.orderClosures(x, B, scopeVars)) };
      case "call":
        return { ...t, args: t.args.map((x) => this.orderClosures(x, B, scopeVars)) };
      case "array":
      case "set":
        return { ...t, items: t.items.map((x) => this.orderClosures(x, B, scopeVars)) };
      case "object":
        return { ...t, items: t.items.map(([k, v]) => [this.orderClosures(k, B, scopeVars), this.orderClosures(v, B, scopeVars)] as [Term, Term]) };
      default:
        return t;
    }
  }

  /** `bound` plus the variables that iterating the refs in `terms` binds. */
  withIterationOutputs(terms: Term[], bound: Set<string>): Set<string> {
    const out = new Set(bound);
    for (const t of terms) this.iterOutputs(t, bound, out);
    return out;
  }

  /** Reports head vars (or comprehension head vars) not bound by the body. */
  checkHeadSafe(terms: Term[], bound: Set<string>): void {
    const reported = new Set<string>();
    for (const t of terms) {
      // Unbound ref keys in a head (`q(_) := xs[_]`) iterate, like in a body.
      const needs = new Set<string>();
      this.valueNeeds(t, bound, new Set(), needs);
      for (const v of needs) {
        if (reported.has(v)) continue;
        reported.add(v);
        this.env.errors.add("rego_unsafe_var_error", `var ${displayName(v)} is unsafe`, locOfVar(t, v));
      }
    }
  }

  // ---- what an expression needs and binds ----

  /** Vars that must be bound to evaluate `t` as a value (ref keys are not needed: iteration binds them). */
  private valueNeeds(t: Term, B: Set<string>, scopeVars: Set<string>, out: Set<string>): void {
    switch (t.type) {
      case "var":
        if (!B.has(t.name)) out.add(t.name);
        return;
      case "ref": {
        const head = t.terms[0]!;
        if (head.type === "var") {
          if (head.name !== "data" && head.name !== "input" && !B.has(head.name)) out.add(head.name);
        } else {
          this.valueNeeds(head, B, scopeVars, out);
        }
        for (const k of t.terms.slice(1)) {
          if (k.type === "var") continue;
          if (k.type === "array" || k.type === "object" || k.type === "set") continue; // patterns bound by iteration
          this.valueNeeds(k, B, scopeVars, out);
        }
        return;
      }
      case "call":
        for (const a of t.args) this.valueNeeds(a, B, scopeVars, out);
        return;
      case "array":
      case "set":
        for (const x of t.items) this.valueNeeds(x, B, scopeVars, out);
        return;
      case "object":
        for (const [k, v] of t.items) {
          this.valueNeeds(k, B, scopeVars, out);
          this.valueNeeds(v, B, scopeVars, out);
        }
        return;
      case "arraycomp":
      case "setcomp":
      case "objectcomp": {
        // A closure needs the vars it shares with enclosing scopes.
        const inner = varsIn(t, true);
        for (const v of inner) if (scopeVars.has(v) && !B.has(v)) out.add(v);
        return;
      }
      default:
        return;
    }
  }

  /** Vars bound by iterating refs inside `t` (unbound ref keys), outside closures. */
  private iterOutputs(t: Term, B: Set<string>, out: Set<string>): void {
    walkTerm(
      t,
      (x) => {
        if (x.type === "ref") {
          for (const k of x.terms.slice(1)) {
            if (k.type === "var" && !B.has(k.name)) out.add(k.name);
            if (k.type === "array" || k.type === "object") for (const v of varsIn(k, false)) if (!B.has(v)) out.add(v);
          }
        }
        return undefined;
      },
      false,
    );
  }

  /** Vars a pattern binds by unification (vars, array items, object values), and what its other parts need. */
  private pattern(t: Term, B: Set<string>, scopeVars: Set<string>, binds: Set<string>, needs: Set<string>): void {
    switch (t.type) {
      case "var":
        if (!B.has(t.name)) binds.add(t.name);
        return;
      case "array":
        for (const x of t.items) this.pattern(x, B, scopeVars, binds, needs);
        return;
      case "object":
        for (const [k, v] of t.items) {
          this.valueNeeds(k, B, scopeVars, needs);
          this.pattern(v, B, scopeVars, binds, needs);
        }
        return;
      default:
        this.valueNeeds(t, B, scopeVars, needs);
        this.iterOutputs(t, B, binds);
        return;
    }
  }

  private unifySafe(a: Term, b: Term, B: Set<string>, scopeVars: Set<string>, assign: boolean): Set<string> | undefined {
    const tryDir = (val: Term, pat: Term): Set<string> | undefined => {
      const needs = new Set<string>();
      this.valueNeeds(val, B, scopeVars, needs);
      const binds = new Set<string>();
      this.pattern(pat, B, scopeVars, binds, needs);
      for (const n of needs) if (!binds.has(n) || n === undefined) return undefined;
      if (needs.size > 0) return undefined;
      this.iterOutputs(val, B, binds);
      return binds;
    };
    const r = tryDir(b, a);
    if (r || assign) return r;
    const r2 = tryDir(a, b);
    if (r2) return r2;
    const pairs = compositePairs(a, b);
    if (pairs === "mismatch") return new Set();
    if (pairs) {
      const BB = new Set(B);
      const all = new Set<string>();
      const pending = [...pairs];
      while (pending.length > 0) {
        const idx = pending.findIndex(([x, y]) => this.unifySafe(x, y, BB, scopeVars, false));
        if (idx < 0) return undefined;
        const [x, y] = pending.splice(idx, 1)[0]!;
        for (const v of this.unifySafe(x, y, BB, scopeVars, false)!) {
          BB.add(v);
          all.add(v);
        }
      }
      return all;
    }
    return undefined;
  }

  private isSafe(e: Expr, B: Set<string>, scopeVars: Set<string>): boolean {
    for (const w of e.with) {
      if (this.namesFunction(w.value)) continue;
      const n = new Set<string>();
      this.valueNeeds(w.value, B, scopeVars, n);
      if (n.size > 0) return false;
    }
    if (e.kind === "some") return true;
    if (e.kind === "every") {
      const n = new Set<string>();
      this.valueNeeds(e.domain, B, scopeVars, n);
      const local = new Set<string>([...(e.key ? varsIn(e.key) : []), ...varsIn(e.value)]);
      for (const v of varsInBody(e.body)) if (!local.has(v) && scopeVars.has(v) && !B.has(v)) n.add(v);
      return n.size === 0;
    }
    if (e.negated) return this.negationNeeds(e, B, scopeVars).size === 0;
    return this.termOutputs(e.term, B, scopeVars) !== undefined;
  }

  /** Vars a negated expression needs: every var it shares with its scope. */
  private negationNeeds(e: Expr, B: Set<string>, scopeVars: Set<string>): Set<string> {
    const n = new Set<string>();
    if (e.kind !== "term") return n;
    for (const v of varsIn(e.term, true)) {
      if (B.has(v)) continue;
      // Wildcards (`_`) in a negation are local to it.
      if (scopeVars.has(v) && !v.startsWith("___")) n.add(v);
    }
    return n;
  }

  /** The vars an expression binds, or undefined if it is not yet safe. */
  private termOutputs(t: Term, B: Set<string>, scopeVars: Set<string>): Set<string> | undefined {
    if (isCallTo(t, "eq") || isCallTo(t, "assign")) {
      return this.unifySafe(t.args[0]!, t.args[1]!, B, scopeVars, isCallTo(t, "assign"));
    }
    if (t.type === "call") {
      const name = callName(t);
      const arity = name !== undefined ? this.env.arity(name) : undefined;
      const needs = new Set<string>();
      const out = new Set<string>();
      let args = t.args;
      if (arity !== undefined && args.length === arity + 1) {
        const last = args[args.length - 1]!;
        args = args.slice(0, -1);
        this.pattern(last, B, scopeVars, out, needs);
      }
      for (const a of args) {
        this.valueNeeds(a, B, scopeVars, needs);
        this.iterOutputs(a, B, out);
      }
      for (const n of needs) if (!out.has(n)) return undefined;
      return out;
    }
    const needs = new Set<string>();
    this.valueNeeds(t, B, scopeVars, needs);
    if (needs.size > 0) return undefined;
    const out = new Set<string>();
    this.iterOutputs(t, B, out);
    return out;
  }

  private outputs(e: Expr, B: Set<string>): Set<string> {
    if (e.kind !== "term" || e.negated) return new Set();
    return this.termOutputs(e.term, B, new Set()) ?? new Set();
  }

  private reportUnsafe(remaining: Body, B: Set<string>, scopeVars: Set<string>): void {
    const reported = new Set<string>();
    for (const e of remaining) {
      const needs = new Set<string>();
      if (e.kind === "term") {
        if (e.negated) for (const v of this.negationNeeds(e, B, scopeVars)) needs.add(v);
        else {
          this.valueNeeds(e.term, B, scopeVars, needs);
          if (isCallTo(e.term, "eq") || isCallTo(e.term, "assign")) {
            // Both sides unbound: report the vars of both.
            for (const v of varsIn(e.term, false)) if (!B.has(v)) needs.add(v);
          }
        }
      } else if (e.kind === "every") {
        this.valueNeeds(e.domain, B, scopeVars, needs);
      }
      for (const w of e.with) if (!this.namesFunction(w.value)) this.valueNeeds(w.value, B, scopeVars, needs);
      for (const v of needs) {
        if (reported.has(v)) continue;
        reported.add(v);
        const where = e.kind === "term" ? locOfVar(e.term, v) : e.kind === "every" ? locOfVar(e.domain, v) : undefined;
        this.env.errors.add("rego_unsafe_var_error", `var ${displayName(v)} is unsafe`, where ?? e.loc);
      }
    }
    if (reported.size === 0 && remaining.length > 0) {
      this.env.errors.add("rego_unsafe_var_error", "expression is unsafe", remaining[0]!.loc);
    }
  }
}

/** A local's name as the user wrote it (`x__12` -> `x`, wildcards -> `_`). */
export function displayName(v: string): string {
  const m = /^(.*)__\d+$/.exec(v);
  const base = m ? m[1]! : v;
  return base.startsWith("$") || base === "" ? "_" : base;
}

/** Where a variable first appears in a term. */
function locOfVar(t: Term, v: string): Term["loc"] | undefined {
  let where: Term["loc"] | undefined;
  walkTerm(
    t,
    (x) => {
      if (where) return false;
      if (x.type === "var" && x.name === v) where = x.loc;
      return undefined;
    },
    true,
  );
  return where;
}
