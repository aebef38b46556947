// Runs OPA-format conformance cases (YAML: modules, data, input/input_term, query, want_result,
// want_error/want_error_code, strict_error, sort_bindings) through our compiler and the SDK.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import YAML from "yaml";
import { OPA_BUILTINS } from "../rego/registry.js";
import { compileRego } from "../rego/compiler.js";
import { RegoError, RegoErrors } from "../rego/errors.js";
import { CONFORMANCE_SKIPS } from "./conformance-skips.js";
import { EvaluationError, LoadedPolicy } from "./policy.js";

export interface ConformanceCase {
  note: string;
  file: string;
  category: string;
  query: string;
  modules?: string[];
  data?: unknown;
  input?: unknown;
  input_term?: string;
  want_result?: Record<string, unknown>[];
  want_error?: string;
  want_error_code?: string;
  strict_error?: boolean;
  sort_bindings?: boolean;
}

export type CaseOutcome = { status: "passed" } | { status: "failed"; reason: string } | { status: "skipped"; reason: string };

export interface CaseResult {
  case: ConformanceCase;
  outcome: CaseOutcome;
}

export interface CategoryTotals {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
}

export interface ConformanceSummary extends CategoryTotals {
  byCategory: Record<string, CategoryTotals>;
}

/** Every case in the YAML files under `dirs`; the category is the first directory below the root (or the root's own name). */
export function loadCases(dirs: string[]): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const root of dirs) {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ya?ml$/.test(e.name)) files.push(p);
      }
    };
    if (statSync(root).isDirectory()) walk(root);
    else files.push(root);
    for (const file of files) {
      const rel = relative(root, file);
      const category = rel.includes(sep) ? rel.split(sep)[0]! : basename(statSync(root).isDirectory() ? root : dirname(root));
      for (const doc of YAML.parseAllDocuments(readFileSync(file, "utf8"))) {
        const j = doc.toJS({ maxAliasCount: -1 }) as { cases?: Omit<ConformanceCase, "file" | "category">[] } | null;
        for (const c of j?.cases ?? []) out.push({ ...c, file, category });
      }
    }
  }
  return out;
}

/**
 * Builtins OPA's own test harness registers for its cases (they are not OPA builtins):
 * test.sleep(duration) pauses the evaluation, to show time.now_ns stays the same within one.
 */
const HARNESS_BUILTINS = OPA_BUILTINS.withCapabilities({
  builtins: [{ name: "test.sleep", decl: { args: [{ type: "string" }], result: { type: "null" } } }],
});
const HARNESS_IMPLS = {
  "test.sleep": (d: unknown) => {
    const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(String(d));
    const ms = m ? Number(m[1]) * (m[2] === "s" ? 1000 : 1) : 0;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    return null;
  },
};

export function runCase(c: ConformanceCase): CaseOutcome {
  const skip = CONFORMANCE_SKIPS.find((s) => s.note === c.note);
  if (skip) return { status: "skipped", reason: skip.reason };
  const wantsError = c.want_error !== undefined || c.want_error_code !== undefined;
  let rs: Record<string, unknown>[];
  try {
    const compiled = compileRego({
      // named as OPA's own runner names them: want_error texts may quote them
      sources: (c.modules ?? []).map((source, i) => ({ file: `test-${i}.rego`, source })),
      queries: [{ name: "query", query: c.query }],
      builtins: HARNESS_BUILTINS,
      strictBuiltinErrors: c.strict_error ?? false,
    });
    const policy = new LoadedPolicy(compiled.wasm, { strictBuiltinErrors: c.strict_error ?? false, print: () => {}, extraBuiltins: HARNESS_IMPLS });
    if (c.data !== undefined) policy.setData(c.data);
    const input = c.input_term !== undefined ? new TextEncoder().encode(c.input_term) : c.input;
    rs = policy.evaluate("query", input);
  } catch (e) {
    const { code, message } = describeError(e);
    if (!wantsError) return { status: "failed", reason: `unexpected error: ${code}: ${message}` };
    if (c.want_error_code !== undefined && code !== c.want_error_code) {
      return { status: "failed", reason: `want error code ${c.want_error_code}, got ${code}: ${message}` };
    }
    if (c.want_error !== undefined && !message.includes(c.want_error)) {
      return { status: "failed", reason: `want error containing ${JSON.stringify(c.want_error)}, got ${code}: ${message}` };
    }
    return { status: "passed" };
  }
  if (wantsError) return { status: "failed", reason: `want error ${c.want_error_code ?? ""} ${c.want_error ?? ""}, got result ${clip(rs)}` };
  const want = c.want_result ?? [];
  const got = canonicalResultSet(rs, c.sort_bindings ?? false);
  const expected = canonicalResultSet(want, c.sort_bindings ?? false);
  if (got !== expected) return { status: "failed", reason: `want ${clip(want)}, got ${clip(rs)}` };
  return { status: "passed" };
}

function describeError(e: unknown): { code: string; message: string } {
  if (e instanceof RegoErrors) return { code: e.code, message: e.errors.map((x) => x.message).join("; ") };
  if (e instanceof RegoError) return { code: e.code, message: e.message };
  if (e instanceof EvaluationError) return { code: e.code, message: e.message };
  return { code: "internal_error", message: e instanceof Error ? e.message : String(e) };
}

function clip(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 300 ? s.slice(0, 300) + "..." : s;
}

/**
 * A result set as comparable text: a multiset of binding objects, keys sorted; with `sort_bindings`,
 * arrays in bindings are sorted too (they stand for sets).
 */
export function canonicalResultSet(rs: unknown[], sortBindings: boolean): string {
  const canon = (v: unknown, sortArrays: boolean): unknown => {
    if (Array.isArray(v)) {
      const items = v.map((x) => canon(x, false));
      return sortArrays ? items.map((x) => JSON.stringify(x)).sort() : items;
    }
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, canon((v as Record<string, unknown>)[k], false)]),
      );
    }
    return v;
  };
  const bindings = rs.map((b) => {
    const obj = (b ?? {}) as Record<string, unknown>;
    return JSON.stringify(
      Object.fromEntries(
        Object.keys(obj)
          .sort()
          .map((k) => [k, canon(obj[k], sortBindings)]),
      ),
    );
  });
  return JSON.stringify(bindings.sort());
}

export function runConformance(dirs: string[], onCase?: (r: CaseResult) => void): { summary: ConformanceSummary; results: CaseResult[] } {
  const results: CaseResult[] = [];
  const summary: ConformanceSummary = { total: 0, passed: 0, failed: 0, skipped: 0, byCategory: {} };
  for (const c of loadCases(dirs)) {
    const outcome = runCase(c);
    const r = { case: c, outcome };
    results.push(r);
    onCase?.(r);
    const cat = (summary.byCategory[c.category] ??= { total: 0, passed: 0, failed: 0, skipped: 0 });
    for (const t of [summary, cat]) {
      t.total++;
      t[outcome.status]++;
    }
  }
  return { summary, results };
}
