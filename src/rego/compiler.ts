// The compiler's front door: Rego sources in, an OPA-ABI Wasm module out, every stage inspectable.
//   parse (parser.ts) -> compile stages (compile/) -> plan (plan/planner.ts) -> emit + link (wasm/link.ts)
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Body, Module, Term } from "./ast.js";
import { refTerm, stringTerm, varTerm } from "./ast.js";
import { type CompiledProgram, compileModules, compileQuery } from "./compile/index.js";
import { RegoError, RegoErrors } from "./errors.js";
import { parseModule, parseQuery } from "./parser.js";
import type { IRProgram } from "./plan/ir.js";
import type { BuiltinDecl } from "./builtins.js";
import { type PlanQuery, Planner, mangleBuiltin } from "./plan/planner.js";
import { parseModule as parseWasm } from "./wasm/binary.js";
import { link } from "./wasm/link.js";

/** What the compiler needs to know about builtins (src/rego/builtins.ts provides OPA's). */
export interface BuiltinRegistry {
  names(): Iterable<string>;
  arity(name: string): number | undefined;
  decl?(name: string): BuiltinDecl | undefined;
  relation(name: string): boolean;
  returnsSet(name: string): boolean;
}

export interface SourceFile {
  file: string;
  source: string;
  /** Rego version of this file when it differs from the request's (a bundle manifest's rego_version). */
  regoVersion?: 0 | 1;
}

export interface CompileRequest {
  sources: SourceFile[];
  /** Entrypoint paths (`test/p`, `data.test.p`): each reports `[{"result": <value>}]`. */
  entrypoints?: string[];
  /** Queries (`data.test.p = x`): each reports one object of its variables per solution. */
  queries?: { name: string; query: string }[];
  regoVersion?: 0 | 1;
  strictBuiltinErrors?: boolean;
  builtins: BuiltinRegistry;
}

export interface CompileResult {
  wasm: Uint8Array;
  ir: IRProgram;
  program: CompiledProgram;
  modules: Module[];
  /** Memory pages the module needs (pass as the SDK's initial memory if above its default of 5). */
  minPages: number;
  /** Milliseconds spent per stage. */
  timings: { parse: number; compile: number; plan: number; link: number };
}

let runtimeCache: { bytes: Uint8Array; exports: Set<string> } | undefined;

/** build/runtime.wasm, built by `npm run build:runtime`. */
export function loadRuntime(): { bytes: Uint8Array; exports: Set<string> } {
  if (!runtimeCache) {
    const path = fileURLToPath(new URL("../../build/runtime.wasm", import.meta.url));
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch {
      throw new Error(`the Wasm runtime is not built (${path}); run: npm run build:runtime`);
    }
    const exports = new Set(parseWasm(bytes).exports.filter((e) => e.kind === 0).map((e) => e.name));
    runtimeCache = { bytes, exports };
  }
  return runtimeCache;
}

export function parseSources(sources: SourceFile[], regoVersion: 0 | 1 = 1): Module[] {
  const modules: Module[] = [];
  const errors: RegoError[] = [];
  for (const s of sources) {
    try {
      modules.push(parseModule(s.source, s.file, { regoVersion: s.regoVersion ?? regoVersion }));
    } catch (e) {
      if (e instanceof RegoError) errors.push(e);
      else throw e;
    }
  }
  if (errors.length > 0) throw new RegoErrors(errors);
  return modules;
}

/** `test/p`, `data.test.p` or `test.p` -> a query binding `result` to that document. */
export function entrypointQuery(path: string): { name: string; body: Body; bindings: string[] } {
  const parts = path.replace(/^data[./]/, "").split(/[./]/).filter(Boolean);
  const l = { file: "entrypoint", row: 1, col: 1 };
  const ref = refTerm([varTerm("data", l), ...parts.map((p) => stringTerm(p, l))], l);
  const body: Body = [
    {
      kind: "term",
      term: { type: "call", op: refTerm([varTerm("eq", l)], l), args: [varTerm("result", l), ref as Term], loc: l },
      negated: false,
      with: [],
      loc: l,
    },
  ];
  return { name: parts.join("/"), body, bindings: ["result"] };
}

export function compileRego(req: CompileRequest): CompileResult {
  const t0 = performance.now();
  const modules = parseSources(req.sources, req.regoVersion ?? 1);
  const t1 = performance.now();
  const program = compileModules(modules, { arity: (n) => req.builtins.arity(n), decl: (n) => req.builtins.decl?.(n) });
  const queries: PlanQuery[] = [];
  for (const ep of req.entrypoints ?? []) {
    const q = entrypointQuery(ep);
    queries.push({ name: q.name, body: compileQuery(q.body, program), bindings: q.bindings });
  }
  for (const q of req.queries ?? []) {
    const parsed = parseQuery(q.query, "query");
    const body = compileQuery(parsed, program);
    queries.push({ name: q.name, body, bindings: queryBindings(parsed) });
  }
  const runtime = loadRuntime();
  const wasmBuiltins = new Set<string>();
  for (const name of req.builtins.names()) if (runtime.exports.has(mangleBuiltin(name))) wasmBuiltins.add(name);
  const planner = new Planner(program.tree, {
    wasmBuiltins,
    builtinArity: (n) => req.builtins.arity(n),
    isRelation: (n) => req.builtins.relation(n),
    returnsSet: (n) => req.builtins.returnsSet(n),
    strictBuiltinErrors: req.strictBuiltinErrors ?? false,
    modules,
  });
  const t2 = performance.now();
  const ir = planner.plan(queries);
  const t3 = performance.now();
  const { wasm, minPages } = link(runtime.bytes, ir);
  const t4 = performance.now();
  return { wasm, ir, program, modules, minPages, timings: { parse: t1 - t0, compile: t2 - t1, plan: t3 - t2, link: t4 - t3 } };
}

/** The variables a query reports: those the user wrote (not `_`), in order of appearance. */
function queryBindings(body: Body): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (t: Term): void => {
    switch (t.type) {
      case "var":
        if (!t.name.startsWith("$") && !seen.has(t.name)) {
          seen.add(t.name);
          out.push(t.name);
        }
        return;
      case "ref":
        t.terms.forEach((x, i) => (i === 0 && x.type === "var" ? undefined : visit(x)));
        return;
      case "call":
        t.args.forEach(visit);
        return;
      case "array":
      case "set":
        t.items.forEach(visit);
        return;
      case "object":
        t.items.forEach(([k, v]) => {
          visit(k);
          visit(v);
        });
        return;
      default:
        return;
    }
  };
  for (const e of body) {
    if (e.kind === "term") visit(e.term);
  }
  return out.filter((n) => n !== "data" && n !== "input");
}
