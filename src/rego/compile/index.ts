// The compiler: a named list of stages over the modules' AST, each small and testable on its own
// (as OPA's compiler does). The result feeds the planner.
import type { Body, Import, Module, Rule, Term } from "../ast.js";
import { isGround, walkBody, walkTerm } from "../ast.js";
import { ErrorList } from "../errors.js";
import { rewriteQuery, rewriteRule } from "./rewrite.js";
import { RuleTree, type RuleNode, keyId, pathName } from "./ruletree.js";
import { SafetyChecker, callName, varsIn } from "./safety.js";
import { type BuiltinDecl, type T, typeString } from "../builtins.js";

/** What the compiler needs to know of builtins (declarations live in src/rego/builtins.ts). */
export interface BuiltinLookup {
  arity(name: string): number | undefined;
  /** Declared argument types, for the type check of literal arguments. */
  decl?(name: string): BuiltinDecl | undefined;
}

export interface CompiledProgram {
  modules: Module[];
  tree: RuleTree;
  builtins: BuiltinLookup;
  counter: { n: number };
}

export interface Stage {
  name: string;
  run(p: CompiledProgram, errors: ErrorList): void;
}

/** The stages, in order. Each reports every error it finds; the first stage with errors stops compilation. */
export const STAGES: Stage[] = [
  { name: "checkImports", run: checkImports },
  { name: "rewrite", run: rewriteAll },
  { name: "ruletree", run: buildTree },
  { name: "safety", run: checkSafety },
  { name: "typecheck", run: checkCalls },
  { name: "recursion", run: checkRecursion },
];

export function compileModules(modules: Module[], builtins: BuiltinLookup, stop?: string): CompiledProgram {
  const program: CompiledProgram = {
    modules,
    tree: new RuleTree(new ErrorList()),
    builtins,
    counter: { n: 0 },
  };
  for (const stage of STAGES) {
    const errors = new ErrorList();
    stage.run(program, errors);
    errors.throwIfAny();
    if (stage.name === stop) break;
  }
  return program;
}

/** Rewrites and orders a query against a compiled program. Free vars keep their names. */
export function compileQuery(body: Body, program: CompiledProgram): Body {
  const errors = new ErrorList();
  const rewritten = rewriteQuery(body, {
    pkg: ["data"],
    ruleNames: new Set(),
    imports: new Map(),
    errors,
    isBuiltin: (n: string) => program.builtins.arity(n) !== undefined,
    counter: program.counter,
  });
  errors.throwIfAny();
  const checker = new SafetyChecker({ errors, arity: (n) => arityOf(program, n) });
  const { body: ordered } = checker.orderBody(rewritten, new Set(), new Set());
  errors.throwIfAny();
  const calls = new ErrorList();
  checkBodyCalls(ordered, program, calls);
  calls.throwIfAny();
  return ordered;
}

// ---- stages ----

/** The name an import binds (its alias, else the last segment of its path); undefined for `future.*` and `rego.*`. */
function importAlias(imp: Import): string | undefined {
  const terms = imp.path.terms;
  const head = terms[0]!.type === "var" ? terms[0]!.name : "";
  if (head === "future" || head === "rego") return undefined;
  const last = terms[terms.length - 1]!;
  return imp.alias ?? (last.type === "string" ? last.value : last.type === "var" ? last.name : "");
}

function checkImports(p: CompiledProgram, errors: ErrorList): void {
  for (const m of p.modules) {
    const seen = new Map<string, Term>();
    for (const imp of m.imports) {
      const alias = importAlias(imp);
      if (alias === undefined) continue;
      if (seen.has(alias)) errors.add("rego_compile_error", `import must not shadow import ${alias}`, imp.loc);
      seen.set(alias, imp.path);
    }
  }
}

function rewriteAll(p: CompiledProgram, errors: ErrorList): void {
  const rulesByPkg = new Map<string, Set<string>>();
  for (const m of p.modules) {
    const key = m.package.join(".");
    let names = rulesByPkg.get(key);
    if (!names) rulesByPkg.set(key, (names = new Set()));
    for (const r of m.rules) {
      const h = r.head.ref.terms[0]!;
      if (h.type === "var") names.add(h.name);
    }
  }
  for (const m of p.modules) {
    const imports = new Map<string, Term[]>();
    for (const imp of m.imports) {
      const alias = importAlias(imp);
      if (alias !== undefined) imports.set(alias, imp.path.terms);
    }
    const env = {
      pkg: ["data", ...m.package],
      ruleNames: rulesByPkg.get(m.package.join("."))!,
      imports,
      errors,
      isBuiltin: (n: string) => p.builtins.arity(n) !== undefined,
      regoVersion: m.regoVersion,
      counter: p.counter,
    };
    for (const r of m.rules) rewriteRule(r, env);
  }
}

function buildTree(p: CompiledProgram, errors: ErrorList): void {
  p.tree = new RuleTree(errors);
  for (const m of p.modules) {
    // A package is a document even with no rules (it evaluates to {}).
    p.tree.ensurePath(m.package.map((s) => ({ type: "string", value: s, loc: m.packageLoc }) as Term));
    for (const r of m.rules) p.tree.add(r);
  }
  p.tree.classify();
}

function arityOf(p: CompiledProgram, name: string): number | undefined {
  if (name.startsWith("data.")) {
    const node = p.tree.lookup(name.split(".").slice(1).map((s) => ({ type: "string", value: s, loc: { file: "", row: 0, col: 0 } }) as Term));
    return node?.kind === "function" ? node.rules[0]!.head.args!.length : undefined;
  }
  return p.builtins.arity(name);
}

function checkSafety(p: CompiledProgram, errors: ErrorList): void {
  const checker = new SafetyChecker({ errors, arity: (n) => arityOf(p, n) });
  for (const m of p.modules) {
    for (const r of m.rules) {
      let d: Rule | undefined = r;
      while (d) {
        const params = new Set<string>();
        for (const a of d.head.args ?? []) for (const v of varsIn(a)) params.add(v);
        const { body, bound } = checker.orderBody(d.body, params, params);
        d.body = body;
        // Refs with variables in the head's value or key iterate, binding those variables for the ref keys.
        const valueTerms: Term[] = [];
        if (d.head.key) valueTerms.push(d.head.key);
        if (d.head.value) valueTerms.push(d.head.value);
        checker.checkHeadSafe(valueTerms, bound);
        checker.checkHeadSafe(d.head.ref.terms.slice(1), checker.withIterationOutputs(valueTerms, bound));
        d = d.else;
      }
    }
  }
}

function checkCalls(p: CompiledProgram, errors: ErrorList): void {
  for (const m of p.modules) {
    for (const r of m.rules) {
      let d: Rule | undefined = r;
      while (d) {
        checkBodyCalls(d.body, p, errors);
        for (const t of [d.head.value, d.head.key, ...d.head.ref.terms.slice(1)]) if (t) checkTermCalls(t, p, errors);
        d = d.else;
      }
    }
  }
}

function checkBodyCalls(body: Body, p: CompiledProgram, errors: ErrorList): void {
  walkBody(body, (t) => {
    if (t.type === "call") checkCall(t, p, errors);
    return undefined;
  });
}

function checkTermCalls(t: Term, p: CompiledProgram, errors: ErrorList): void {
  walkTerm(
    t,
    (x) => {
      if (x.type === "call") checkCall(x, p, errors);
      return undefined;
    },
    true,
  );
}

const PLANNER_HANDLED = new Set(["eq", "assign", "print", "internal.print"]);

function checkCall(t: Extract<Term, { type: "call" }>, p: CompiledProgram, errors: ErrorList): void {
  const name = callName(t);
  if (name === undefined) {
    errors.add("rego_type_error", "illegal call", t.loc);
    return;
  }
  if (PLANNER_HANDLED.has(name)) return;
  if (name.startsWith("data.")) {
    const path = t.op.terms.slice(1);
    const node = path.every(isGround) ? p.tree.lookup(path) : undefined;
    if (!node || node.kind !== "function") {
      errors.add("rego_type_error", `undefined function ${name}`, t.loc);
      return;
    }
    const n = node.rules[0]!.head.args!.length;
    if (t.args.length !== n && t.args.length !== n + 1) {
      errors.add("rego_type_error", `function ${name} has arity ${n}, got ${t.args.length} arguments`, t.loc);
    }
    return;
  }
  const arity = p.builtins.arity(name);
  if (arity === undefined) {
    errors.add("rego_type_error", `undefined function ${name}`, t.loc);
    return;
  }
  if (t.args.length !== arity && t.args.length !== arity + 1) {
    errors.add("rego_type_error", `${name}: arity mismatch: want ${arity} arguments, have ${t.args.length}`, t.loc);
    return;
  }
  // Literal arguments have a known type: a mismatch is a compile error, as OPA's type checker reports it.
  const decl = p.builtins.decl?.(name);
  if (!decl) return;
  t.args.slice(0, arity).forEach((a, i) => {
    const kind = literalKind(a);
    const want = decl.args[i];
    if (kind && want && !accepts(want, kind)) {
      errors.add(
        "rego_type_error",
        `${name}: invalid argument(s): operand ${i + 1} must be ${typeString(want)} but got ${kind}`,
        a.loc,
      );
    }
  });
}

type Kind = "null" | "boolean" | "number" | "string" | "array" | "set" | "object";

/** The type of a literal term (its outer kind), or undefined when only evaluation tells. */
function literalKind(t: Term): Kind | undefined {
  switch (t.type) {
    case "null":
    case "boolean":
    case "number":
    case "string":
    case "array":
    case "set":
    case "object":
      return t.type;
    case "arraycomp":
      return "array";
    case "setcomp":
      return "set";
    case "objectcomp":
      return "object";
    default:
      return undefined;
  }
}

function accepts(t: T, k: Kind): boolean {
  if (t === "any") return true;
  if (typeof t === "string") return t === k;
  if ("anyOf" in t) return t.anyOf.some((x) => accepts(x, k));
  if ("array" in t || "tuple" in t) return k === "array";
  if ("set" in t) return k === "set";
  if ("object" in t || "fields" in t) return k === "object";
  return true;
}

/** Rules may not depend on themselves, directly or through others (OPA: rego_recursion_error). */
function checkRecursion(p: CompiledProgram, errors: ErrorList): void {
  const deps = new Map<RuleNode, Set<RuleNode>>();
  const nodeOf = (r: Rule): RuleNode => {
    let n: RuleNode = p.tree.root;
    const placed = p.tree.placed.get(r)!;
    for (let i = 0; i < placed.groundLen; i++) n = n.children.get(keyId(placed.ref[i]!))!;
    return n.assembledBy ?? n;
  };
  // The rule nodes a ref can reach: ground keys select a child, other keys any child; the first
  // node with rules is the target (the rest of the ref looks inside its value).
  const refTargets = (terms: Term[]): RuleNode[] => {
    const out: RuleNode[] = [];
    const visit = (n: RuleNode, i: number): void => {
      if (n.kind !== "internal") {
        out.push(n.assembledBy ?? n);
        return;
      }
      if (i >= terms.length) {
        for (const x of p.tree.nodes(n)) if (x.kind !== "internal") out.push(x.assembledBy ?? x);
        return;
      }
      const k = terms[i]!;
      if (isGround(k)) {
        const c = n.children.get(keyId(k));
        if (c) visit(c, i + 1);
        return;
      }
      for (const c of n.children.values()) visit(c, i + 1);
    };
    visit(p.tree.root, 1);
    return out;
  };
  for (const m of p.modules) {
    for (const r of m.rules) {
      const from = nodeOf(r);
      let set = deps.get(from);
      if (!set) deps.set(from, (set = new Set()));
      const visit = (t: Term) => {
        if (t.type === "ref" && t.terms[0]!.type === "var" && t.terms[0].name === "data") for (const n of refTargets(t.terms)) set!.add(n);
        if (t.type === "call" && t.op.terms[0]!.type === "var" && t.op.terms[0].name === "data") for (const n of refTargets(t.op.terms)) set!.add(n);
        return undefined;
      };
      let d: Rule | undefined = r;
      while (d) {
        walkBody(d.body, visit);
        for (const t of [d.head.value, d.head.key, ...d.head.ref.terms.slice(1)]) if (t) walkTerm(t, visit, true);
        for (const e of d.body) for (const w of e.with) walkTerm(w.value, visit, true);
        d = d.else;
      }
    }
  }
  const state = new Map<RuleNode, number>();
  const stack: RuleNode[] = [];
  const reported = new Set<RuleNode>();
  const dfs = (n: RuleNode) => {
    state.set(n, 1);
    stack.push(n);
    for (const d of deps.get(n) ?? []) {
      const s = state.get(d) ?? 0;
      if (s === 1) {
        const cycle = stack.slice(stack.indexOf(d));
        if (!reported.has(d)) {
          reported.add(d);
          const names = [...cycle, d].map(pathName).join(" -> ");
          errors.add("rego_recursion_error", `rule ${pathName(d)} is recursive: ${names}`, d.rules[0]?.loc);
        }
      } else if (s === 0) dfs(d);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of deps.keys()) if (!state.get(n)) dfs(n);
}
