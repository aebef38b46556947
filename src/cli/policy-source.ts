// Where a command's policies come from: `--bundle FILE` (built by `evident build` or `opa build -t
// wasm`) or `--policies DIR` (repeatable; Rego compiled in memory), by default the shipped library.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { readBundle } from "../engine/bundle.js";
import { checksOfSources } from "../engine/checks.js";
import { Engine, POLICIES_DIR, type EngineOptions } from "../engine/engine.js";
import { loadUserBuiltins, type UserBuiltinFiles } from "../engine/user-builtins.js";
import type { CheckMeta } from "../engine/finding.js";
import { collectSources } from "../rego/build.js";
import { readDataFile } from "./compiler-commands.js";
import { UsageError } from "./outputs.js";

export interface PolicySourceOptions {
  bundle?: string;
  policies?: string[];
}

function checkChoice(o: PolicySourceOptions): void {
  if (o.bundle && o.policies?.length) throw new UsageError("give --bundle or --policies, not both");
  for (const p of o.policies ?? []) {
    try {
      statSync(p);
    } catch {
      throw new UsageError(`--policies ${p}: no such file or directory`);
    }
  }
  if (o.bundle) {
    try {
      statSync(o.bundle);
    } catch {
      throw new UsageError(`--bundle ${o.bundle}: no such file`);
    }
  }
}

function declaresMain(path: string): boolean {
  const st = statSync(path);
  if (st.isFile()) return path.endsWith(".rego") && /^\s*package\s+evident\.main\s*$/m.test(readFileSync(path, "utf8"));
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    if (declaresMain(join(path, e.name))) return true;
  }
  return false;
}

/**
 * The Rego paths to compile: the given ones, plus the shipped entrypoints package
 * (policies/evident/main.rego, `data.evident.main.<kind>`) when none of them declares `evident.main`,
 * so a directory of check packages alone can be scanned with.
 */
export function policyPaths(policies: string[] | undefined): string[] {
  if (!policies?.length) return [POLICIES_DIR];
  if (policies.some((p) => declaresMain(p))) return policies;
  return [...policies, join(POLICIES_DIR, "evident")];
}

/** Data files (`--data`, JSON or YAML) merged in order. */
export function readDataFiles(files: readonly string[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of files) {
    let doc: unknown;
    try {
      doc = readDataFile(f);
    } catch (e) {
      throw new UsageError(`--data ${f}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
    }
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== "object" || Array.isArray(doc)) throw new UsageError(`--data ${f}: expected a mapping at the top level (e.g. evident: {config: ...})`);
    deepMerge(data, doc as Record<string, unknown>);
  }
  return data;
}

function deepMerge(target: Record<string, unknown>, src: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(src)) {
    const cur = target[k];
    if (cur && typeof cur === "object" && !Array.isArray(cur) && v && typeof v === "object" && !Array.isArray(v)) {
      deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>);
    } else target[k] = v;
  }
}

export async function loadEngine(o: PolicySourceOptions & { data?: Record<string, unknown>; userBuiltins?: UserBuiltinFiles }): Promise<Engine> {
  checkChoice(o);
  const opts: EngineOptions = o.data && Object.keys(o.data).length ? { data: o.data } : {};
  try {
    if (o.userBuiltins?.capabilities || o.userBuiltins?.builtins) {
      const user = await loadUserBuiltins(o.userBuiltins);
      opts.registry = user.registry;
      opts.extraBuiltins = user.impls;
      opts.userBuiltinFiles = o.userBuiltins;
    }
    if (o.bundle) return await Engine.fromBundle(o.bundle, opts);
    return await Engine.fromPolicies(policyPaths(o.policies).map((p) => resolve(p)), opts);
  } catch (e) {
    // compile errors and unreadable bundles: reported as they are, exit code 2
    if (e && typeof e === "object") (e as { exitCode?: number }).exitCode = 2;
    throw e;
  }
}

/** Check METADATA without compiling: from a bundle's Rego sources or from Rego files. */
export async function loadChecks(o: PolicySourceOptions): Promise<CheckMeta[]> {
  checkChoice(o);
  if (o.bundle) {
    const b = await readBundle(o.bundle);
    return checksOfSources(b.sources, b.manifest.rego_version === 0 ? 0 : 1);
  }
  const { sources } = collectSources(o.policies?.length ? o.policies : [POLICIES_DIR]);
  return checksOfSources(sources.map((s) => [s.file, s.source] as [string, string]));
}
