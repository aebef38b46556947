// Planner: lowers compiled rules and queries to the IR (plan/ir.ts).
//
// Bodies are planned in continuation-passing style: planning an expression takes the plan of "the
// rest of the body" as a callback, so iteration (a `scan`) simply nests the rest inside its loop body
// and failure is "leave the innermost block". Every rule-tree node becomes one function; rules without
// arguments are memoized per evaluation.
import type { Annotations, Body, CallTerm, Expr, Loc, Module, Rule, Term } from "../ast.js";
import { isGround } from "../ast.js";
import { RegoError } from "../errors.js";
import { builtinNameOf, isCallTo } from "../compile/rewrite.js";
import { compositePairs } from "../compile/pairs.js";
import { callName, varsIn } from "../compile/safety.js";
import { type RuleNode, type RuleTree, groundToJS, keyId, pathName } from "../compile/ruletree.js";
import { type Block, type CallTarget, type IRFunc, type IRProgram, type Operand, type Stmt, ValueType } from "./ir.js";

export interface PlanQuery {
  /** The entrypoint's name as `entrypoints()` reports it, e.g. "test/p". */
  name: string;
  body: Body;
  /** Vars reported in each result; for path entrypoints just ["result"]. */
  bindings: string[];
}

export interface PlanOptions {
  /** Builtins implemented inside the runtime (their `b_` exports exist). */
  wasmBuiltins: Set<string>;
  /** Declared arity of a builtin, for the `f(x, out)` form. */
  builtinArity(name: string): number | undefined;
  /** Builtins that return several results (walk). */
  isRelation(name: string): boolean;
  /** Builtins whose host result must be turned back into a set (JSON has no sets). */
  returnsSet(name: string): boolean;
  strictBuiltinErrors: boolean;
  /** All modules, for rego.metadata.chain() (package and subpackages annotations). */
  modules?: Module[];
}

type Env = Map<string, Operand>;
type K = (env: Env) => void;
type KV = (v: Operand, env: Env) => void;

/** What a `with` replaces inside the expression it modifies. */
type Mock =
  | { kind: "func"; name: string; node: RuleNode } // a user function (data.x.f)
  | { kind: "builtin"; name: string }
  | { kind: "value"; global: string }; // the value is in a global set before the expression

interface Ctx {
  input: Operand;
  data: Operand;
  /** Mock targets: "data.x.p" (a rule or function path) or a builtin name. */
  mocks: Map<string, Mock>;
  /** Distinguishes functions planned under different mocks. */
  mockKey: string;
}

const CONFLICT_COMPLETE = "eval_conflict_error: complete rules must not produce multiple outputs";
const CONFLICT_FUNCTION = "eval_conflict_error: functions must not produce multiple outputs for same inputs";
const CONFLICT_OBJECT_KEYS = "eval_conflict_error: object keys must be unique";
const CONFLICT_REF_HEAD = "eval_conflict_error: object keys must be unique";

const C = (c: number): Operand => ({ c });
const L = (l: number): Operand => ({ l });

export function mangleBuiltin(name: string): string {
  return "b_" + name.replace(/\./g, "_");
}

export class Planner {
  private consts: string[] = [];
  private constIndex = new Map<string, number>();
  private funcs = new Map<string, IRFunc>();
  private pending: (() => void)[] = [];
  private hostIds = new Map<string, number>();
  private globals: string[] = [];
  private blockIds = 0;
  private withSites = 0;

  // Current function state.
  private fn!: IRFunc;
  private cur!: Block;
  private ctx!: Ctx;
  /** The rule whose body is being planned (for rego.metadata.rule / chain). */
  private currentRule: Rule | undefined;

  constructor(
    private readonly tree: RuleTree,
    private readonly opts: PlanOptions,
  ) {}

  plan(queries: PlanQuery[]): IRProgram {
    const entrypoints = queries.map((q, i) => {
      const name = `entry${i}`;
      this.planFunction(name, 2, `entrypoint ${q.name}`, false, () => this.planEntrypoint(q));
      return { name: q.name, func: name };
    });
    while (this.pending.length > 0) this.pending.shift()!();
    return {
      consts: this.consts.map((text) => ({ text })),
      funcs: [...this.funcs.values()],
      entrypoints,
      hostBuiltins: [...this.hostIds.keys()],
      globals: this.globals,
      strictBuiltinErrors: this.opts.strictBuiltinErrors,
    };
  }

  // ---- function scaffolding ----

  private planFunction(name: string, params: number, origin: string, memo: boolean, body: () => void, ctx?: Ctx): IRFunc {
    const saved = { fn: this.fn, cur: this.cur, ctx: this.ctx };
    const f: IRFunc = { name, params, locals: params, body: this.newBlock(), memo, origin };
    this.funcs.set(name, f);
    this.fn = f;
    this.cur = f.body;
    this.ctx = ctx ?? { input: L(0), data: L(1), mocks: new Map(), mockKey: "" };
    try {
      body();
    } finally {
      this.fn = saved.fn;
      this.cur = saved.cur;
      this.ctx = saved.ctx;
    }
    return f;
  }

  private newLocal(): number {
    return this.fn.locals++;
  }
  private newBlock(): Block {
    return { id: this.blockIds++, stmts: [] };
  }
  private emit(s: Stmt): void {
    this.cur.stmts.push(s);
  }
  private inBlock(b: Block, f: () => void): void {
    const saved = this.cur;
    this.cur = b;
    try {
      f();
    } finally {
      this.cur = saved;
    }
  }
  /** Emits `block { f }`: a failure inside leaves only this block. */
  private subBlock(f: () => void): Block {
    const b = this.newBlock();
    this.emit({ op: "block", blocks: [b] });
    this.inBlock(b, f);
    return b;
  }

  private constOf(text: string): Operand {
    let i = this.constIndex.get(text);
    if (i === undefined) {
      i = this.consts.length;
      this.consts.push(text);
      this.constIndex.set(text, i);
    }
    return C(i);
  }
  private constTerm(t: Term): Operand {
    return this.constOf(valueText(t));
  }
  /** A constant that is, or holds at its first level, an integer too big for a double. */
  private constMayBeBig(c: number): boolean {
    return /\d{16,}/.test(this.consts[c]!);
  }

  private constString(s: string): Operand {
    return this.constOf(JSON.stringify(s));
  }
  private constNumber(n: number): Operand {
    return this.constOf(String(n));
  }

  private call(target: CallTarget, args: Operand[], total = false): number {
    const dst = this.newLocal();
    this.emit({ op: "call", target, args, dst, ...(total ? { total } : {}) });
    return dst;
  }
  private rt(name: string, args: Operand[], total = false): number {
    return this.call({ kind: "runtime", name }, args, total);
  }

  private hostId(name: string): number {
    let id = this.hostIds.get(name);
    if (id === undefined) {
      id = this.hostIds.size;
      this.hostIds.set(name, id);
    }
    return id;
  }

  // ---- entrypoints ----

  private planEntrypoint(q: PlanQuery): void {
    this.currentRule = undefined;
    const rs = this.newLocal();
    this.emit({ op: "make", kind: "array", dst: rs });
    this.subBlock(() =>
      this.planBody(q.body, 0, new Map(), (env) => {
        const obj = this.newLocal();
        this.emit({ op: "make", kind: "object", dst: obj });
        for (const b of q.bindings) {
          const v = env.get(b);
          if (v) this.emit({ op: "objectInsert", obj, key: this.constString(b), value: v });
        }
        this.emit({ op: "arrayAppend", arr: rs, value: L(obj) });
      }),
    );
    this.emit({ op: "return", src: L(rs) });
  }

  // ---- bodies and expressions ----

  planBody(body: Body, i: number, env: Env, k: K): void {
    if (i >= body.length) return k(env);
    this.planExpr(body[i]!, env, (env2) => this.planBody(body, i + 1, env2, k));
  }

  private planExpr(e: Expr, env: Env, k: K): void {
    if (e.with.length > 0) return this.planWith(e, env, k);
    if (e.negated) {
      // A solution of the expression makes `not` fail: leave the enclosing block from inside.
      const fail = this.cur;
      this.subBlock(() => this.planPositive(e, env, () => this.emit({ op: "break", target: fail.id })));
      return k(env);
    }
    this.planPositive(e, env, k);
  }

  private planPositive(e: Expr, env: Env, k: K): void {
    switch (e.kind) {
      case "some":
        return k(env);
      case "every":
        return this.planEvery(e, env, k);
      case "term":
        return this.planTermExpr(e.term, env, k);
    }
  }

  private planEvery(e: Extract<Expr, { kind: "every" }>, env: Env, k: K): void {
    this.planTerm(e.domain, env, (dom, env1) => {
      this.emit({ op: "isCollection", src: dom });
      const fail = this.cur;
      const key = this.newLocal();
      const value = this.newLocal();
      const body = this.newBlock();
      this.emit({ op: "scan", src: dom, key, value, body });
      this.inBlock(body, () => {
        const env2 = new Map(env1);
        if (e.key && e.key.type === "var") env2.set(e.key.name, L(key));
        if (e.value.type === "var") env2.set(e.value.name, L(value));
        const ok = this.newBlock();
        this.emit({ op: "block", blocks: [ok] });
        this.inBlock(ok, () => {
          // A solution for this element skips the failure below.
          this.subBlock(() => this.planBody(e.body, 0, env2, () => this.emit({ op: "break", target: ok.id })));
          this.emit({ op: "break", target: fail.id });
        });
      });
      k(env1);
    });
  }

  private planTermExpr(t: Term, env: Env, k: K): void {
    if (isCallTo(t, "eq") || isCallTo(t, "assign")) return this.planUnify(t.args[0]!, t.args[1]!, env, k);
    if (t.type === "call") return this.planCallExpr(t, env, k);
    if (t.type === "boolean" && t.value) return k(env); // the implicit body of `p := 1`
    this.planTerm(t, env, (v, env2) => {
      this.emit({ op: "notFalse", src: v });
      k(env2);
    });
  }

  private planCallExpr(t: CallTerm, env: Env, k: K): void {
    const name = callName(t);
    if (name === undefined) throw new RegoError("rego_compile_error", "invalid call", t.loc);
    const arity = this.arityOf(name, t);
    if (arity !== undefined && t.args.length === arity + 1) {
      const out = t.args[t.args.length - 1]!;
      const call: CallTerm = { ...t, args: t.args.slice(0, -1) };
      if (!name.startsWith("data.") && this.opts.isRelation(name)) {
        return this.planCall(call, env, (res, env2) => {
          const key = this.newLocal();
          const value = this.newLocal();
          const body = this.newBlock();
          this.emit({ op: "scan", src: res, key, value, body });
          this.inBlock(body, () => this.unifyValue(out, L(value), env2, k));
        });
      }
      return this.planCall(call, env, (res, env2) => this.unifyValue(out, res, env2, k));
    }
    if (!this.ctx.mocks.has(name)) {
      const rel = COMPARISONS[name];
      if (rel && t.args.length === 2) {
        return this.planTerms(t.args, env, ([a, b], env2) => {
          if (rel === "equal") this.emit({ op: "equal", a: a!, b: b! });
          else if (rel === "neq") this.emit({ op: "notEqual", a: a!, b: b! });
          else this.emit({ op: "compare", a: a!, b: b!, rel });
          k(env2);
        });
      }
    }
    this.planCall(t, env, (res, env2) => {
      this.emit({ op: "notFalse", src: res });
      k(env2);
    });
  }

  private arityOf(name: string, t: CallTerm): number | undefined {
    if (name.startsWith("data.")) {
      const node = this.nodeForFunction(name, t);
      return node?.rules[0]?.head.args?.length;
    }
    return this.opts.builtinArity(name);
  }

  // ---- with ----

  private planWith(e: Expr, env: Env, k: K): void {
    const stripped: Expr = { ...e, with: [] };
    const mocks = new Map(this.ctx.mocks);
    let input = this.ctx.input;
    let data = this.ctx.data;
    const site = this.withSites++;
    let n = 0;
    // Each modifier's value is evaluated before the expression, in the order written.
    const steps: ((env: Env, next: (env: Env) => void) => void)[] = [];
    const valueMock = (target: string, value: Term, alsoData?: Term[]) => {
      const global = `with${site}_${n++}`;
      this.globals.push(global);
      mocks.set(target, { kind: "value", global });
      steps.push((env1, next) =>
        this.planTerm(value, env1, (v, env2) => {
          this.emit({ op: "setGlobal", global, src: v });
          if (alsoData) data = alsoData.length === 0 ? v : this.upsert(data, alsoData, v);
          next(env2);
        }),
      );
    };
    for (const w of e.with) {
      const target = w.target;
      if (target.type !== "ref" || target.terms[0]!.type !== "var") {
        throw new RegoError("rego_compile_error", "with target must be a ref", w.loc);
      }
      const root = (target.terms[0] as { name: string }).name;
      const path = target.terms.slice(1);
      const name = callNameOfRef(target);
      if (root === "input" || root === "data") {
        if (!path.every(isGround)) throw new RegoError("rego_compile_error", "with target path must be ground", w.loc);
      }
      if (root === "input") {
        steps.push((env1, next) =>
          this.planTerm(w.value, env1, (v, env2) => {
            input = path.length === 0 ? v : this.upsert(input, path, v);
            next(env2);
          }),
        );
        continue;
      }
      if (root === "data") {
        const fnNode = this.tree.lookup(path);
        if (fnNode && fnNode.kind === "function") {
          const repl = this.mockReplacement(w.value);
          if (repl) mocks.set(name!, repl);
          else valueMock(name!, w.value);
          continue;
        }
        // Rules at, above or below the path see the value; base documents are replaced too.
        valueMock(dataName(path), w.value, path);
        continue;
      }
      if (name === undefined || this.opts.builtinArity(name) === undefined) {
        throw new RegoError("rego_compile_error", `with keyword used on non-input, non-data, non-function target ${name ?? ""}`, w.loc);
      }
      const repl = this.mockReplacement(w.value);
      if (repl) mocks.set(name, repl);
      else valueMock(name, w.value);
    }
    const run = (i: number, env1: Env): void => {
      if (i < steps.length) return steps[i]!(env1, (env2) => run(i + 1, env2));
      const saved = this.ctx;
      const changed = [...mocks].some(([key, m]) => saved.mocks.get(key) !== m);
      const inner: Ctx = { input, data, mocks, mockKey: changed ? `${saved.mockKey}w${site}` : saved.mockKey };
      this.ctx = inner;
      try {
        this.planExpr(stripped, env1, (env2) => {
          this.ctx = saved;
          try {
            k(env2);
          } finally {
            this.ctx = inner;
          }
        });
      } finally {
        this.ctx = saved;
      }
    };
    run(0, env);
  }

  /** A function or builtin named by a `with` value, or undefined when the value is a plain value. */
  private mockReplacement(value: Term): Mock | undefined {
    const name = builtinNameOf(value);
    if (name === undefined) return undefined;
    if (name.startsWith("data.") && value.type === "ref") {
      const node = this.tree.lookup(value.terms.slice(1));
      if (node?.kind === "function") return { kind: "func", name, node };
      return undefined;
    }
    if (this.opts.builtinArity(name) !== undefined) return { kind: "builtin", name };
    return undefined;
  }

  /** A copy of `doc` with `value` at `path` (objects created as needed), for `with input.a.b as v`. */
  private upsert(doc: Operand, path: Term[], value: Operand): Operand {
    const copies: number[] = [];
    let src: Operand = doc;
    for (let i = 0; i < path.length; i++) {
      const copy = this.call({ kind: "func", name: this.copyObjectFunc() }, [src], true);
      copies.push(copy);
      if (i < path.length - 1) {
        const next = this.rt("opa_value_get", [src, this.constTerm(path[i]!)], true);
        src = L(next);
      }
    }
    let v = value;
    for (let i = path.length - 1; i >= 0; i--) {
      this.emit({ op: "objectInsert", obj: copies[i]!, key: this.constTerm(path[i]!), value: v });
      v = L(copies[i]!);
    }
    return v;
  }

  /** IR function: a shallow copy of an object, or an empty object for anything else. */
  private copyObjectFunc(): string {
    const name = "__copy_object";
    if (this.funcs.has(name)) return name;
    this.planFunction(name, 1, "copy of an object (with)", false, () => {
      const out = this.newLocal();
      this.emit({ op: "make", kind: "object", dst: out });
      this.subBlock(() => {
        this.emit({ op: "isType", src: L(0), type: ValueType.Object });
        const key = this.newLocal();
        const value = this.newLocal();
        const body = this.newBlock();
        this.emit({ op: "scan", src: L(0), key, value, body });
        this.inBlock(body, () => this.emit({ op: "objectInsert", obj: out, key: L(key), value: L(value) }));
      });
      this.emit({ op: "return", src: L(out) });
    });
    return name;
  }

  // ---- unification ----

  planUnify(a: Term, b: Term, env: Env, k: K): void {
    if (a.type === "var" && !env.has(a.name)) return this.planTerm(b, env, (v, env2) => k(bind(env2, a.name, v)));
    if (b.type === "var" && !env.has(b.name)) return this.planTerm(a, env, (v, env2) => k(bind(env2, b.name, v)));
    const aEval = this.evaluable(a, env);
    const bEval = this.evaluable(b, env);
    if (aEval && bEval) {
      return this.planTerm(a, env, (va, env1) =>
        this.planTerm(b, env1, (vb, env2) => {
          this.emit({ op: "equal", a: va, b: vb });
          k(env2);
        }),
      );
    }
    if (bEval) return this.planTerm(b, env, (vb, env1) => this.unifyValue(a, vb, env1, k));
    if (aEval) return this.planTerm(a, env, (va, env1) => this.unifyValue(b, va, env1, k));
    const pairs = compositePairs(a, b);
    if (pairs === "mismatch") {
      this.emit({ op: "break", target: this.cur.id });
      return;
    }
    if (pairs) {
      const step = (remaining: [Term, Term][], env1: Env): void => {
        if (remaining.length === 0) return k(env1);
        let idx = remaining.findIndex(([x, y]) => this.evaluable(x, env1) || this.evaluable(y, env1));
        if (idx < 0) idx = 0;
        const [x, y] = remaining[idx]!;
        const rest = remaining.filter((_, i) => i !== idx);
        this.planUnify(x, y, env1, (env2) => step(rest, env2));
      };
      return step(pairs, env);
    }
    throw new RegoError("rego_unsafe_var_error", `var ${[...varsIn(a), ...varsIn(b)].find((v) => !env.has(v)) ?? "?"} is unsafe`, a.loc);
  }

  /** Unifies a pattern term with a value already computed. */
  private unifyValue(pat: Term, v: Operand, env: Env, k: K): void {
    switch (pat.type) {
      case "var": {
        const bound = env.get(pat.name);
        if (bound) {
          this.emit({ op: "equal", a: bound, b: v });
          return k(env);
        }
        return k(bind(env, pat.name, v));
      }
      case "array": {
        if (this.evaluable(pat, env)) break;
        this.emit({ op: "isType", src: v, type: ValueType.Array });
        this.emit({ op: "lenEq", src: v, n: pat.items.length });
        const step = (i: number, env1: Env): void => {
          if (i >= pat.items.length) return k(env1);
          const el = this.newLocal();
          this.emit({ op: "dot", src: v, key: this.constNumber(i), dst: el });
          this.unifyValue(pat.items[i]!, L(el), env1, (env2) => step(i + 1, env2));
        };
        return step(0, env);
      }
      case "object": {
        if (this.evaluable(pat, env)) break;
        this.emit({ op: "isType", src: v, type: ValueType.Object });
        this.emit({ op: "lenEq", src: v, n: pat.items.length });
        const step = (i: number, env1: Env): void => {
          if (i >= pat.items.length) return k(env1);
          const [kt, vt] = pat.items[i]!;
          this.planTerm(kt, env1, (kv, env2) => {
            const el = this.newLocal();
            this.emit({ op: "dot", src: v, key: kv, dst: el });
            this.unifyValue(vt, L(el), env2, (env3) => step(i + 1, env3));
          });
        };
        return step(0, env);
      }
      default:
        break;
    }
    this.planTerm(pat, env, (pv, env2) => {
      this.emit({ op: "equal", a: pv, b: v });
      k(env2);
    });
  }

  /** All vars the term reads are bound (unbound ref keys are fine: iteration binds them). */
  private evaluable(t: Term, env: Env): boolean {
    switch (t.type) {
      case "var":
        return env.has(t.name);
      case "ref": {
        const head = t.terms[0]!;
        if (head.type === "var") {
          if (head.name !== "data" && head.name !== "input" && !env.has(head.name)) return false;
        } else if (!this.evaluable(head, env)) return false;
        return t.terms.slice(1).every((x) => x.type === "var" || x.type === "array" || x.type === "object" || this.evaluable(x, env));
      }
      case "array":
      case "set":
        return t.items.every((x) => this.evaluable(x, env));
      case "object":
        return t.items.every(([a, b]) => this.evaluable(a, env) && this.evaluable(b, env));
      case "call":
        return t.args.every((x) => this.evaluable(x, env));
      default:
        return true;
    }
  }

  // ---- terms ----

  planTerm(t: Term, env: Env, k: KV): void {
    switch (t.type) {
      case "null":
      case "boolean":
      case "number":
      case "string":
        return k(this.constTerm(t), env);
      case "var": {
        const v = env.get(t.name);
        if (!v) throw new RegoError("rego_unsafe_var_error", `var ${t.name} is unsafe`, t.loc);
        return k(v, env);
      }
      case "ref":
        return this.planRef(t.terms, env, k);
      case "array":
      case "set": {
        if (isGround(t)) return k(this.constTerm(t), env);
        const items = t.items;
        const step = (i: number, ops: Operand[], env1: Env): void => {
          if (i >= items.length) {
            const dst = this.newLocal();
            this.emit({ op: "make", kind: t.type, dst });
            for (const o of ops) {
              if (t.type === "array") this.emit({ op: "arrayAppend", arr: dst, value: o });
              else this.emit({ op: "setAdd", set: dst, value: o });
            }
            return k(L(dst), env1);
          }
          this.planTerm(items[i]!, env1, (v, env2) => step(i + 1, [...ops, v], env2));
        };
        return step(0, [], env);
      }
      case "object": {
        if (isGround(t)) return k(this.constTerm(t), env);
        const step = (i: number, ops: [Operand, Operand][], env1: Env): void => {
          if (i >= t.items.length) {
            const dst = this.newLocal();
            this.emit({ op: "make", kind: "object", dst });
            for (const [ko, vo] of ops) this.emit({ op: "objectInsertOnce", obj: dst, key: ko, value: vo, error: CONFLICT_OBJECT_KEYS });
            return k(L(dst), env1);
          }
          const [kt, vt] = t.items[i]!;
          this.planTerm(kt, env1, (kv, env2) => this.planTerm(vt, env2, (vv, env3) => step(i + 1, [...ops, [kv, vv]], env3)));
        };
        return step(0, [], env);
      }
      case "call":
        return this.planCall(t, env, k);
      case "arraycomp":
      case "setcomp": {
        const dst = this.newLocal();
        this.emit({ op: "make", kind: t.type === "arraycomp" ? "array" : "set", dst });
        this.subBlock(() =>
          this.planBody(t.body, 0, env, (env2) =>
            this.planTerm(t.term, env2, (v) => {
              if (t.type === "arraycomp") this.emit({ op: "arrayAppend", arr: dst, value: v });
              else this.emit({ op: "setAdd", set: dst, value: v });
            }),
          ),
        );
        return k(L(dst), env);
      }
      case "objectcomp": {
        const dst = this.newLocal();
        this.emit({ op: "make", kind: "object", dst });
        this.subBlock(() =>
          this.planBody(t.body, 0, env, (env2) =>
            this.planTerm(t.key, env2, (kv, env3) =>
              this.planTerm(t.value, env3, (vv) => this.emit({ op: "objectInsertOnce", obj: dst, key: kv, value: vv, error: CONFLICT_OBJECT_KEYS })),
            ),
          ),
        );
        return k(L(dst), env);
      }
    }
  }

  // ---- calls ----

  planCall(t: CallTerm, env: Env, k: KV): void {
    const name = callName(t);
    if (name === undefined) throw new RegoError("rego_compile_error", "invalid function name", t.loc);
    if (name === "print" || name === "internal.print") return this.planPrint(t, env, k);
    this.planTerms(t.args, env, (ops, env2) => this.emitCall(name, t, ops, env2, k));
  }

  /**
   * Evaluates terms, keeping their order in the operands but planning first those whose variables are
   * bound: in `x == xs[x]` the ref iterates and binds x before x is read.
   */
  private planTerms(terms: Term[], env: Env, k: (ops: Operand[], env: Env) => void): void {
    const step = (ops: (Operand | undefined)[], env1: Env): void => {
      let i = terms.findIndex((t, j) => ops[j] === undefined && this.evaluable(t, env1));
      if (i < 0) i = ops.findIndex((o) => o === undefined);
      if (i < 0) return k(ops as Operand[], env1);
      this.planTerm(terms[i]!, env1, (v, env2) => step(ops.map((o, j) => (j === i ? v : o)), env2));
    };
    step(new Array<Operand | undefined>(terms.length).fill(undefined), env);
  }

  private emitCall(name: string, t: CallTerm, args: Operand[], env: Env, k: KV): void {
    if (name === "rego.metadata.rule") return k(this.constOf(JSON.stringify(this.ruleAnnotations(this.currentRule) ?? {})), env);
    if (name === "rego.metadata.chain") return k(this.constOf(JSON.stringify(this.metadataChain(this.currentRule))), env);
    const mock = this.ctx.mocks.get(name);
    if (mock) return this.emitMockedCall(mock, name, t, args, env, k);
    if (name.startsWith("data.")) {
      const node = this.nodeForFunction(name, t);
      if (!node) throw new RegoError("rego_type_error", `undefined function ${name}`, t.loc);
      const fname = this.nodeFunc(node);
      const dst = this.call({ kind: "func", name: fname }, [this.ctx.input, this.ctx.data, ...args]);
      return k(L(dst), env);
    }
    return k(L(this.emitBuiltin(name, args, t.loc)), env);
  }

  private emitBuiltin(name: string, args: Operand[], loc?: Loc): number {
    // strict mode: errors of the builtin name its expression, as OPA's do
    if (this.opts.strictBuiltinErrors && loc) this.emit({ op: "site", src: this.constString(`${loc.file}:${loc.row}`) });
    if (this.opts.wasmBuiltins.has(name)) return this.call({ kind: "runtime", name: mangleBuiltin(name) }, args);
    const id = this.hostId(name);
    // Integers beyond 2^53 would be rounded on their way to the host (JSON.parse): mark them.
    const exact = args.map((a) => ("c" in a && !this.constMayBeBig(a.c) ? a : L(this.rt("evident_exact_arg", [a], true))));
    const dst = this.call({ kind: "host", builtin: name, id }, exact);
    if (this.opts.returnsSet(name)) {
      // Host builtins answer in JSON, which has no sets: rebuild the set.
      const set = this.newLocal();
      this.emit({ op: "make", kind: "set", dst: set });
      const key = this.newLocal();
      const value = this.newLocal();
      const body = this.newBlock();
      this.emit({ op: "scan", src: L(dst), key, value, body });
      this.inBlock(body, () => this.emit({ op: "setAdd", set, value: L(value) }));
      return set;
    }
    return dst;
  }

  private emitMockedCall(mock: Mock, name: string, t: CallTerm, args: Operand[], env: Env, k: KV): void {
    if (mock.kind === "value") {
      const dst = this.newLocal();
      this.emit({ op: "getGlobal", global: mock.global, dst });
      this.emit({ op: "isDefined", src: dst });
      void name;
      return k(L(dst), env);
    }
    // The replacement runs without the mocks of this `with` (a mock may call the original).
    const saved = this.ctx;
    this.ctx = { ...saved, mocks: new Map(), mockKey: "" };
    try {
      if (mock.kind === "builtin") return k(L(this.emitBuiltin(mock.name, args, t.loc)), env);
      void t;
      const dst = this.call({ kind: "func", name: this.nodeFunc(mock.node) }, [saved.input, saved.data, ...args]);
      this.ctx = saved;
      return k(L(dst), env);
    } finally {
      this.ctx = saved;
    }
  }

  /** A rule's own METADATA (rule or document scope), as rego.metadata.rule() returns it. */
  private ruleAnnotations(r: Rule | undefined): Record<string, unknown> | undefined {
    const a = r?.annotations;
    return a && (a.scope === "rule" || a.scope === "document") ? annotationValue(a) : undefined;
  }

  /** The rule, its package, then enclosing packages' `subpackages` annotations (rego.metadata.chain()). */
  private metadataChain(r: Rule | undefined): unknown[] {
    if (!r) return [];
    const pkg = r.module.package;
    const chain: unknown[] = [];
    const first: Record<string, unknown> = { path: ["data", ...pkg, ...ruleNameParts(r)] };
    const own = this.ruleAnnotations(r);
    if (own) first["annotations"] = own;
    chain.push(first);
    for (const m of this.opts.modules ?? []) {
      for (const a of m.annotations) {
        const samePkg = m.package.join(".") === pkg.join(".");
        if (samePkg && a.scope === "package") chain.push({ path: ["data", ...m.package], annotations: annotationValue(a) });
      }
    }
    const subs: { len: number; entry: unknown }[] = [];
    for (const m of this.opts.modules ?? []) {
      for (const a of m.annotations) {
        if (a.scope !== "subpackages") continue;
        if (m.package.length <= pkg.length && m.package.every((x, i) => pkg[i] === x)) {
          subs.push({ len: m.package.length, entry: { path: ["data", ...m.package], annotations: annotationValue(a) } });
        }
      }
    }
    subs.sort((a, b) => b.len - a.len);
    for (const s of subs) chain.push(s.entry);
    return chain;
  }

  /** `print(a, b)`: each argument as the set of its values (empty when undefined), printed by the host. */
  private planPrint(t: CallTerm, env: Env, k: KV): void {
    const arr = this.newLocal();
    this.emit({ op: "make", kind: "array", dst: arr });
    for (const a of t.args) {
      const set = this.newLocal();
      this.emit({ op: "make", kind: "set", dst: set });
      this.subBlock(() => this.planTerm(a, env, (v) => this.emit({ op: "setAdd", set, value: v })));
      this.emit({ op: "arrayAppend", arr, value: L(set) });
    }
    const id = this.hostId("internal.print");
    const dst = this.newLocal();
    this.emit({ op: "call", target: { kind: "host", builtin: "internal.print", id }, args: [L(arr)], dst, total: true });
    k(this.constOf("true"), env);
  }

  private nodeForFunction(name: string, t: CallTerm): RuleNode | undefined {
    const path = t.op.terms.slice(1);
    void name;
    if (!path.every(isGround)) return undefined;
    const node = this.tree.lookup(path);
    return node && node.kind === "function" ? node : undefined;
  }

  // ---- refs ----

  private planRef(terms: Term[], env: Env, k: KV): void {
    const head = terms[0]!;
    const keys = terms.slice(1);
    if (head.type === "var") {
      if (head.name === "data") return this.walkData(this.tree.root, keys, 0, env, k);
      if (head.name === "input") {
        const input = this.ctx.input;
        if ("l" in input) this.emit({ op: "isDefined", src: input.l });
        return this.planRefKeys(input, keys, 0, env, k);
      }
      const base = env.get(head.name);
      if (!base) throw new RegoError("rego_unsafe_var_error", `var ${head.name} is unsafe`, head.loc);
      return this.planRefKeys(base, keys, 0, env, k);
    }
    this.planTerm(head, env, (base, env2) => this.planRefKeys(base, keys, 0, env2, k));
  }

  private planRefKeys(base: Operand, keys: Term[], i: number, env: Env, k: KV): void {
    if (i >= keys.length) return k(base, env);
    const key = keys[i]!;
    if ((key.type === "var" && !env.has(key.name)) || ((key.type === "array" || key.type === "object") && !this.evaluable(key, env))) {
      const kl = this.newLocal();
      const vl = this.newLocal();
      const body = this.newBlock();
      this.emit({ op: "scan", src: base, key: kl, value: vl, body });
      this.inBlock(body, () => this.unifyValue(key, L(kl), env, (env2) => this.planRefKeys(L(vl), keys, i + 1, env2, k)));
      return;
    }
    this.planTerm(key, env, (kv, env2) => {
      const dst = this.newLocal();
      this.emit({ op: "dot", src: base, key: kv, dst });
      this.planRefKeys(L(dst), keys, i + 1, env2, k);
    });
  }

  /** The base document at a path of ground keys (fails where it is missing). */
  private baseData(path: Term[]): Operand {
    let cur = this.ctx.data;
    for (const key of path) {
      const dst = this.newLocal();
      this.emit({ op: "dot", src: cur, key: this.constTerm(key), dst });
      cur = L(dst);
    }
    return cur;
  }

  /** Walks `data.<keys>` through the rule tree: rules are called, base documents looked up. */
  private walkData(node: RuleNode, keys: Term[], i: number, env: Env, k: KV): void {
    const mocked = this.mockedValue(node);
    if (mocked) return this.planRefKeys(mocked, keys, i, env, k);
    if (node.kind === "complete" || node.kind === "partialset" || node.kind === "object") {
      const v = this.call({ kind: "func", name: this.nodeFunc(node) }, [this.ctx.input, this.ctx.data]);
      return this.planRefKeys(L(v), keys, i, env, k);
    }
    if (node.kind === "function") {
      throw new RegoError("rego_type_error", `function ${pathName(node)} must be called`, keys[i - 1]?.loc);
    }
    if (i >= keys.length) {
      const v = this.call({ kind: "func", name: this.nodeFunc(node) }, [this.ctx.input, this.ctx.data]);
      return k(L(v), env);
    }
    const key = keys[i]!;
    const children = [...node.children.values()].filter((c) => c.kind !== "function");
    if (isGround(key)) {
      const child = node.children.get(keyId(key));
      if (child) return this.walkData(child, keys, i + 1, env, k);
      const base = this.baseData(node.path);
      return this.planRefKeys(base, keys, i, env, k);
    }
    // The ground keys after this one are walked per child; iteration resumes after them.
    let j = i + 1;
    while (j < keys.length && isGround(keys[j]!)) j++;
    const prefix = keys.slice(0, j);
    if (this.evaluable(key, env) && !(key.type === "var" && !env.has(key.name))) {
      return this.planTerm(key, env, (kv, env1) => {
        const res = this.newLocal();
        this.emit({ op: "reset", dst: res });
        const alts: Block[] = [];
        for (const c of children) {
          const b = this.newBlock();
          alts.push(b);
          this.inBlock(b, () => {
            this.emit({ op: "equal", a: kv, b: this.constTerm(c.key!) });
            this.walkData(c, prefix, i + 1, env1, (v) => this.emit({ op: "assign", src: v, dst: res }));
          });
        }
        const baseAlt = this.newBlock();
        alts.push(baseAlt);
        this.inBlock(baseAlt, () => {
          this.emit({ op: "isUndefined", src: res });
          for (const c of children) this.emit({ op: "notEqual", a: kv, b: this.constTerm(c.key!) });
          const base = this.baseData(node.path);
          const d = this.newLocal();
          this.emit({ op: "dot", src: base, key: kv, dst: d });
          this.planRefKeys(L(d), prefix, i + 1, env1, (v) => this.emit({ op: "assign", src: v, dst: res }));
        });
        this.emit({ op: "block", blocks: alts });
        this.emit({ op: "isDefined", src: res });
        this.planRefKeys(L(res), keys, j, env1, k);
      });
    }
    // Iteration over the node's children (virtual and base): collect child -> value, then scan.
    const tmp = this.newLocal();
    this.emit({ op: "make", kind: "object", dst: tmp });
    for (const c of children) {
      this.subBlock(() => this.walkData(c, prefix, i + 1, env, (v) => this.emit({ op: "objectInsert", obj: tmp, key: this.constTerm(c.key!), value: v })));
    }
    this.subBlock(() => {
      const base = this.baseData(node.path);
      const bk = this.newLocal();
      const bv = this.newLocal();
      const body = this.newBlock();
      this.emit({ op: "scan", src: base, key: bk, value: bv, body });
      this.inBlock(body, () => {
        for (const c of children) this.emit({ op: "notEqual", a: L(bk), b: this.constTerm(c.key!) });
        this.planRefKeys(L(bv), prefix, i + 1, env, (v) => this.emit({ op: "objectInsert", obj: tmp, key: L(bk), value: v }));
      });
    });
    const kl = this.newLocal();
    const vl = this.newLocal();
    const body = this.newBlock();
    this.emit({ op: "scan", src: L(tmp), key: kl, value: vl, body });
    this.inBlock(body, () => this.unifyValue(key, L(kl), env, (env2) => this.planRefKeys(L(vl), keys, j, env2, k)));
  }

  /** A `with data.x as v` that covers this node: the value (or its part at this node's path). */
  private mockedValue(node: RuleNode): Operand | undefined {
    if (this.ctx.mocks.size === 0) return undefined;
    for (let len = node.path.length; len >= 0; len--) {
      const name = dataName(node.path.slice(0, len));
      const m = this.ctx.mocks.get(name);
      if (m && m.kind === "value") {
        const g = this.newLocal();
        this.emit({ op: "getGlobal", global: m.global, dst: g });
        this.emit({ op: "isDefined", src: g });
        let cur: Operand = L(g);
        for (const key of node.path.slice(len)) {
          const d = this.newLocal();
          this.emit({ op: "dot", src: cur, key: this.constTerm(key), dst: d });
          cur = L(d);
        }
        return cur;
      }
    }
    return undefined;
  }

  // ---- rule functions ----

  /** The function computing a node's document (or a function node), planned on first use. */
  private nodeFunc(node: RuleNode): string {
    const ctx = this.ctx;
    const base = `${node.kind}:${pathName(node)}`;
    const name = ctx.mockKey ? `${base}@${ctx.mockKey}` : base;
    if (this.funcs.has(name)) return name;
    const memo = node.kind !== "function" && ctx.mocks.size === 0;
    const params = node.kind === "function" ? 2 + node.rules[0]!.head.args!.length : 2;
    // Reserve the name now (recursion is rejected earlier, but a node may call itself through with).
    const placeholder: IRFunc = { name, params, locals: params, body: this.newBlock(), memo, origin: base };
    this.funcs.set(name, placeholder);
    this.pending.push(() => {
      const calleeCtx: Ctx = { input: L(0), data: L(1), mocks: ctx.mocks, mockKey: ctx.mockKey };
      this.planFunction(name, params, pathName(node), memo, () => this.planNode(node), calleeCtx);
    });
    return name;
  }

  private planNode(node: RuleNode): void {
    switch (node.kind) {
      case "complete":
        return this.planComplete(node);
      case "partialset":
        return this.planPartialSet(node);
      case "function":
        return this.planFunctionNode(node);
      case "object":
        return this.planObject(node);
      case "internal":
        return this.planInternal(node);
    }
  }

  private planComplete(node: RuleNode): void {
    this.planDefinitions(node, CONFLICT_COMPLETE, (_def, env, k) => k(env));
  }

  /**
   * The value of a complete rule or a function: the definitions' else chains (a conflict between two
   * values raises `conflict`), then the default when none gave a value. `prologue` binds what a
   * definition's head needs before its body (a function's arguments).
   */
  private planDefinitions(node: RuleNode, conflict: string, prologue: (def: Rule, env: Env, k: K) => void): void {
    const result = this.newLocal();
    this.emit({ op: "reset", dst: result });
    const defs = node.rules.filter((r) => !r.default);
    const def = node.rules.find((r) => r.default);
    const sameConst = allSameConstant(defs);
    const all = this.newBlock();
    this.emit({ op: "block", blocks: [all] });
    this.inBlock(all, () => {
      for (const r of defs) this.planElseChain(r, result, conflict, sameConst ? all : undefined, prologue);
    });
    if (def) {
      this.subBlock(() => {
        this.emit({ op: "isUndefined", src: result });
        this.planTerm(def.head.value!, new Map(), (v) => this.emit({ op: "assign", src: v, dst: result }));
      });
    }
    this.emit({ op: "return", src: L(result) });
  }

  /**
   * One definition and its `else` chain: the first definition with a solution gives the value.
   * `exitAll`, when given, is left as soon as a value is found (every definition has the same constant value).
   */
  private planElseChain(
    r: Rule,
    result: number,
    conflict: string,
    exitAll: Block | undefined,
    prologue: (def: Rule, env: Env, k: K) => void,
  ): void {
    const chainRes = this.newLocal();
    this.emit({ op: "reset", dst: chainRes });
    const chain = this.newBlock();
    this.emit({ op: "block", blocks: [chain] });
    this.inBlock(chain, () => {
      let d: Rule | undefined = r;
      while (d) {
        const def: Rule = d;
        this.currentRule = def;
        const constValue = def.head.value === undefined || isGround(def.head.value);
        this.subBlock(() =>
          prologue(def, new Map(), (env0) =>
            this.planBody(def.body, 0, env0, (env) =>
              this.planTerm(def.head.value ?? { type: "boolean", value: true, loc: def.loc }, env, (v) => {
                this.emit({ op: "assignOnce", src: v, dst: chainRes, error: conflict });
                if (constValue) this.emit({ op: "break", target: chain.id });
              }),
            ),
          ),
        );
        if (def.else) {
          this.subBlock(() => {
            this.emit({ op: "isDefined", src: chainRes });
            this.emit({ op: "break", target: chain.id });
          });
        }
        d = def.else;
      }
    });
    this.subBlock(() => {
      this.emit({ op: "isDefined", src: chainRes });
      this.emit({ op: "assignOnce", src: L(chainRes), dst: result, error: conflict });
      if (exitAll) this.emit({ op: "break", target: exitAll.id });
    });
  }

  private planPartialSet(node: RuleNode): void {
    const result = this.newLocal();
    this.emit({ op: "make", kind: "set", dst: result });
    for (const r of node.rules) {
      this.currentRule = r;
      this.subBlock(() =>
        this.planBody(r.body, 0, new Map(), (env) => this.planTerm(r.head.key!, env, (v) => this.emit({ op: "setAdd", set: result, value: v }))),
      );
    }
    this.emit({ op: "return", src: L(result) });
  }

  private planFunctionNode(node: RuleNode): void {
    this.planDefinitions(node, CONFLICT_FUNCTION, (def, env, k) => {
      const args = def.head.args!;
      const step = (i: number, env1: Env): void => {
        if (i >= args.length) return k(env1);
        this.unifyValue(args[i]!, L(2 + i), env1, (env2) => step(i + 1, env2));
      };
      step(0, env);
    });
  }

  /** A node whose document is an object assembled from rules with variables in their refs. */
  private planObject(node: RuleNode): void {
    const result = this.newLocal();
    this.emit({ op: "make", kind: "object", dst: result });
    // Paths where a rule put a value: nothing may be inserted below them.
    const leaves = this.newLocal();
    this.emit({ op: "make", kind: "set", dst: leaves });
    for (const r of this.tree.rulesBelow(node)) {
      if (r.head.args || r.default) continue;
      const placed = this.tree.placed.get(r)!;
      const rel = placed.ref.slice(node.path.length);
      let d: Rule | undefined = r;
      while (d) {
        const def: Rule = d;
        this.currentRule = def;
        this.subBlock(() =>
          this.planBody(def.body, 0, new Map(), (env) =>
            // The value first: iterating refs in it may bind variables of the ref (`p[x] := data.q[x]`).
            this.planTerm(def.head.key ?? def.head.value ?? { type: "boolean", value: true, loc: def.loc }, env, (v, env2) =>
              this.planTermList(rel, env2, (keyOps) => this.insertAtPath(result, leaves, keyOps, v, def.head.key !== undefined ? "set" : "value")),
            ),
          ),
        );
        d = def.else;
      }
    }
    this.emit({ op: "return", src: L(result) });
  }

  private planTermList(terms: Term[], env: Env, k: (ops: Operand[], env: Env) => void): void {
    const step = (i: number, ops: Operand[], env1: Env): void => {
      if (i >= terms.length) return k(ops, env1);
      this.planTerm(terms[i]!, env1, (v, env2) => step(i + 1, [...ops, v], env2));
    };
    step(0, [], env);
  }

  /** Inserts `v` at `path` in an assembled object, creating intermediate objects; conflicts abort. */
  private insertAtPath(root: number, leaves: number, path: Operand[], v: Operand, mode: "value" | "set"): void {
    let cur = root;
    const prefix = this.newLocal();
    this.emit({ op: "make", kind: "array", dst: prefix });
    const leafCheck = () => {
      // The prefix so far must not be a value some rule put there.
      const snapshot = this.newLocal();
      this.emit({ op: "make", kind: "array", dst: snapshot });
      const kl = this.newLocal();
      const vl = this.newLocal();
      const body = this.newBlock();
      this.emit({ op: "scan", src: L(prefix), key: kl, value: vl, body });
      this.inBlock(body, () => this.emit({ op: "arrayAppend", arr: snapshot, value: L(vl) }));
      const ok = this.newBlock();
      this.emit({ op: "block", blocks: [ok] });
      this.inBlock(ok, () => {
        const inner = this.newBlock();
        this.emit({ op: "block", blocks: [inner] });
        this.inBlock(inner, () => {
          const m = this.rt("opa_value_get", [L(leaves), L(snapshot)], true);
          this.emit({ op: "isDefined", src: m });
          this.emit({ op: "abort", error: CONFLICT_REF_HEAD });
        });
      });
    };
    const last = path.length - 1;
    for (let i = 0; i < last; i++) {
      this.emit({ op: "arrayAppend", arr: prefix, value: path[i]! });
      leafCheck();
      const next = this.rt("opa_value_get", [L(cur), path[i]!], true);
      this.subBlock(() => {
        this.emit({ op: "isUndefined", src: next });
        this.emit({ op: "make", kind: "object", dst: next });
        this.emit({ op: "objectInsert", obj: cur, key: path[i]!, value: L(next) });
      });
      this.requireType(next, ValueType.Object);
      cur = next;
    }
    const lastKey = path[last]!;
    if (mode === "set") {
      const s = this.rt("opa_value_get", [L(cur), lastKey], true);
      this.subBlock(() => {
        this.emit({ op: "isUndefined", src: s });
        this.emit({ op: "make", kind: "set", dst: s });
        this.emit({ op: "objectInsert", obj: cur, key: lastKey, value: L(s) });
      });
      this.requireType(s, ValueType.Set);
      this.emit({ op: "setAdd", set: s, value: v });
      return;
    }
    this.emit({ op: "arrayAppend", arr: prefix, value: lastKey });
    // A value may replace nothing but an equal value put there by a rule.
    const existing = this.rt("opa_value_get", [L(cur), lastKey], true);
    const ok = this.newBlock();
    this.emit({ op: "block", blocks: [ok] });
    this.inBlock(ok, () => {
      this.subBlock(() => {
        this.emit({ op: "isUndefined", src: existing });
        this.emit({ op: "break", target: ok.id });
      });
      const inLeaves = this.rt("opa_value_get", [L(leaves), L(prefix)], true);
      this.subBlock(() => {
        this.emit({ op: "isDefined", src: inLeaves });
        this.emit({ op: "break", target: ok.id });
      });
      this.emit({ op: "abort", error: CONFLICT_REF_HEAD });
    });
    this.emit({ op: "objectInsertOnce", obj: cur, key: lastKey, value: v, error: CONFLICT_REF_HEAD });
    this.emit({ op: "setAdd", set: leaves, value: L(prefix) });
  }

  private requireType(local: number, type: ValueType): void {
    const ok = this.newBlock();
    this.emit({ op: "block", blocks: [ok] });
    this.inBlock(ok, () => {
      this.subBlock(() => {
        this.emit({ op: "isType", src: L(local), type });
        this.emit({ op: "break", target: ok.id });
      });
      this.emit({ op: "abort", error: CONFLICT_REF_HEAD });
    });
  }

  /** A package or path prefix: an object of its children's documents merged over the base document. */
  private planInternal(node: RuleNode): void {
    const result = this.newLocal();
    this.emit({ op: "make", kind: "object", dst: result });
    for (const c of node.children.values()) {
      if (c.kind === "function") continue;
      this.subBlock(() =>
        this.walkData(c, [], 0, new Map(), (v) => this.emit({ op: "objectInsert", obj: result, key: this.constTerm(c.key!), value: v })),
      );
    }
    // Base documents under the node are merged in; where both define a key, the base document wins.
    this.subBlock(() => {
      const base = this.baseData(node.path);
      this.emit({ op: "isType", src: base, type: ValueType.Object });
      const bk = this.newLocal();
      const bv = this.newLocal();
      const body = this.newBlock();
      this.emit({ op: "scan", src: base, key: bk, value: bv, body });
      this.inBlock(body, () => {
        const existing = this.rt("opa_value_get", [L(result), L(bk)], true);
        const merged = this.newLocal();
        this.emit({ op: "assign", src: L(bv), dst: merged });
        this.subBlock(() => {
          this.emit({ op: "isDefined", src: existing });
          const m = this.rt("evident_value_merge", [L(bv), L(existing)]);
          this.emit({ op: "assign", src: L(m), dst: merged });
        });
        this.emit({ op: "objectInsert", obj: result, key: L(bk), value: L(merged) });
      });
    });
    this.emit({ op: "return", src: L(result) });
  }
}

const COMPARISONS: Record<string, "equal" | "neq" | "lt" | "lte" | "gt" | "gte"> = {
  equal: "equal",
  neq: "neq",
  lt: "lt",
  lte: "lte",
  gt: "gt",
  gte: "gte",
};

function bind(env: Env, name: string, v: Operand): Env {
  const e = new Map(env);
  e.set(name, v);
  return e;
}

function callNameOfRef(t: Term): string | undefined {
  if (t.type !== "ref") return undefined;
  const parts: string[] = [];
  for (const x of t.terms) {
    if (x.type === "var") parts.push(x.name);
    else if (x.type === "string") parts.push(x.value);
    else return undefined;
  }
  return parts.join(".");
}

function dataName(path: Term[]): string {
  return ["data", ...path.map((k) => (k.type === "string" ? k.value : JSON.stringify(groundToJS(k))))].join(".");
}

/** Every definition (and else branch) has the same constant value: the first solution decides. */
function allSameConstant(defs: Rule[]): boolean {
  let text: string | undefined;
  for (const r of defs) {
    let d: Rule | undefined = r;
    while (d) {
      const v = d.head.value ?? ({ type: "boolean", value: true, loc: d.loc } as Term);
      if (!isGround(v)) return false;
      const t = valueText(v);
      if (text !== undefined && t !== text) return false;
      text = t;
      d = d.else;
    }
  }
  return defs.length > 0;
}

/** A ground term as Rego value text (JSON plus sets), as the runtime's `opa_value_parse` reads it. */
export function valueText(t: Term): string {
  switch (t.type) {
    case "null":
      return "null";
    case "boolean":
      return t.value ? "true" : "false";
    case "number":
      return t.value;
    case "string":
      return JSON.stringify(t.value);
    case "array":
      return `[${t.items.map(valueText).join(",")}]`;
    case "set":
      return t.items.length === 0 ? "set()" : `{${t.items.map(valueText).join(",")}}`;
    case "object":
      return `{${t.items.map(([k, v]) => `${valueText(k)}:${valueText(v)}`).join(",")}}`;
    default:
      throw new Error(`not a constant: ${t.type}`);
  }
}


function annotationValue(a: Annotations): Record<string, unknown> {
  return { ...a.raw, scope: a.scope };
}

function ruleNameParts(r: Rule): string[] {
  const out: string[] = [];
  r.head.ref.terms.every((t, i) => {
    if (i === 0 && t.type === "var") out.push(t.name);
    else if (i > 0 && t.type === "string") out.push(t.value);
    else return false;
    return true;
  });
  return out;
}
