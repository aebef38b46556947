// `evident test`: Rego unit tests as `opa test` runs them. Every rule named `test_*` is an
// entrypoint; it passes when it is true. `todo_*` rules are reported as skipped.
import type { Module, Rule } from "../rego/ast.js";
import { type BuiltinRegistry, compileRego, parseSources } from "../rego/compiler.js";
import { collectSources, mergeAt } from "../rego/build.js";
import { EvaluationError, type HostBuiltin, LoadedPolicy } from "./policy.js";

export interface TestResult {
  /** `data.pkg.test_name` */
  name: string;
  package: string;
  file: string;
  row: number;
  status: "pass" | "fail" | "error" | "skip";
  message?: string;
  durationMs: number;
  /** print() output of the test. */
  output: string[];
}

export interface TestRunOptions {
  paths: string[];
  run?: RegExp;
  regoVersion?: 0 | 1;
  builtins: BuiltinRegistry;
  /** Implementations of user-declared builtins (`--builtins module.mjs`). */
  extraBuiltins?: Record<string, HostBuiltin>;
  data?: Record<string, unknown>;
}

interface TestRule {
  name: string;
  pkg: string;
  path: string;
  rule: Rule;
  todo: boolean;
}

function testRules(modules: Module[]): TestRule[] {
  const out = new Map<string, TestRule>();
  for (const m of modules) {
    for (const r of m.rules) {
      const head = r.head.ref.terms;
      if (head.length !== 1 || head[0]!.type !== "var" || r.head.args) continue;
      const n = head[0].name;
      if (!n.startsWith("test_") && !n.startsWith("todo_")) continue;
      const path = [...m.package, n].join("/");
      if (!out.has(path)) out.set(path, { name: `data.${[...m.package, n].join(".")}`, pkg: `data.${m.package.join(".")}`, path, rule: r, todo: n.startsWith("todo_") });
    }
  }
  return [...out.values()];
}

export function runTests(opts: TestRunOptions): TestResult[] {
  const { sources, data } = collectSources(opts.paths, { includeTests: true });
  if (opts.data) mergeAt(data, [], opts.data);
  const modules = parseSources(sources, opts.regoVersion ?? 1);
  const tests = testRules(modules).filter((t) => !opts.run || opts.run.test(t.name));
  const runnable = tests.filter((t) => !t.todo);
  const results: TestResult[] = [];
  if (runnable.length === 0) {
    return tests.map((t) => result(t, "skip", 0, []));
  }
  const compiled = compileRego({
    sources,
    entrypoints: runnable.map((t) => t.path),
    regoVersion: opts.regoVersion ?? 1,
    builtins: opts.builtins,
  });
  let output: string[] = [];
  const policy = new LoadedPolicy(compiled.wasm, { print: (line) => output.push(line), ...(opts.extraBuiltins ? { extraBuiltins: opts.extraBuiltins } : {}) });
  policy.setData(data);
  for (const t of tests) {
    if (t.todo) {
      results.push(result(t, "skip", 0, []));
      continue;
    }
    output = [];
    const start = process.hrtime.bigint();
    try {
      const rs = policy.evaluate(t.path);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const v = rs[0]?.["result"];
      if (v === true) results.push(result(t, "pass", ms, output));
      else results.push(result(t, "fail", ms, output, v === undefined ? "undefined" : `result: ${JSON.stringify(v)}`));
    } catch (e) {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const msg = e instanceof EvaluationError ? `${e.code}: ${e.message}` : (e as Error).message;
      results.push(result(t, "error", ms, output, msg));
    }
  }
  return results;
}

function result(t: TestRule, status: TestResult["status"], durationMs: number, output: string[], message?: string): TestResult {
  return {
    name: t.name,
    package: t.pkg,
    file: t.rule.loc.file,
    row: t.rule.loc.row,
    status,
    ...(message !== undefined ? { message } : {}),
    durationMs,
    output,
  };
}

/** Text report as `opa test` prints it: failures (all results with verbose), then totals. */
export function formatTestResults(results: TestResult[], verbose: boolean): string {
  const lines: string[] = [];
  const shown = verbose ? results : results.filter((r) => r.status === "fail" || r.status === "error");
  let file = "";
  for (const r of shown) {
    if (r.file !== file) {
      if (file) lines.push("");
      file = r.file;
      lines.push(`${r.file}:`);
    }
    const status = { pass: "PASS", fail: "FAIL", error: "ERROR", skip: "SKIPPED" }[r.status];
    lines.push(`${r.name}: ${status} (${r.durationMs.toFixed(3)}ms)${r.message && r.status !== "pass" ? `\n  ${r.file}:${r.row}: ${r.message}` : ""}`);
    for (const o of r.output) lines.push(`  ${o}`);
  }
  const count = (s: TestResult["status"]) => results.filter((r) => r.status === s).length;
  if (shown.length > 0) lines.push("--------------------------------------------------------------------------------");
  const total = results.length;
  for (const [label, s] of [
    ["PASS", "pass"],
    ["FAIL", "fail"],
    ["SKIPPED", "skip"],
    ["ERROR", "error"],
  ] as const) {
    if (count(s) > 0) lines.push(`${label}: ${count(s)}/${total}`);
  }
  if (total === 0) lines.push("no tests found");
  return lines.join("\n");
}
