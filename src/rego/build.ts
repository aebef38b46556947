// `evident build`: collects Rego sources and data files, compiles the entrypoints (given with -e or
// marked `entrypoint: true` in METADATA) and writes an OPA bundle.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import YAML from "yaml";
import type { Module, Rule } from "./ast.js";
import { type BundleManifest, writeBundle } from "./bundle.js";
import { type BuiltinRegistry, type CompileResult, type SourceFile, compileRego, parseSources } from "./compiler.js";

export interface CollectedSources {
  sources: SourceFile[];
  /** Data documents merged by directory (as OPA loads data.json / data.yaml files). */
  data: Record<string, unknown>;
}

const SKIP_DIRS = new Set(["node_modules", ".git"]);

/** Rego files (and data.json / data.yaml documents) under the given paths, in a stable order. */
export function collectSources(paths: string[], opts: { includeTests?: boolean } = {}): CollectedSources {
  const sources: SourceFile[] = [];
  const data: Record<string, unknown> = {};
  for (const p of paths) {
    const root = resolve(p);
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name)) walk(join(d, e.name));
        } else files.push(join(d, e.name));
      }
    };
    if (statSync(root).isDirectory()) walk(root);
    else files.push(root);
    // A bundle directory's manifest may say its sources are Rego v0 (as OPA 1.x reads it).
    const manifestVersion = bundleRegoVersion(statSync(root).isDirectory() ? root : dirname(root));
    for (const f of files) {
      const name = basename(f);
      if (name.endsWith(".rego")) {
        if (!opts.includeTests && name.endsWith("_test.rego")) continue;
        sources.push({
          file: relative(process.cwd(), f) || f,
          source: readFileSync(f, "utf8"),
          ...(manifestVersion !== undefined ? { regoVersion: manifestVersion } : {}),
        });
      } else if (name === "data.json" || name === "data.yaml" || name === "data.yml") {
        const text = readFileSync(f, "utf8");
        const doc = name === "data.json" ? JSON.parse(text) : YAML.parse(text);
        const rel = relative(statSync(root).isDirectory() ? root : dirname(root), dirname(f));
        mergeAt(data, rel ? rel.split(sep) : [], doc);
      }
    }
  }
  return { sources, data };
}

/** The rego_version of a bundle directory's `.manifest`, if it has one. */
function bundleRegoVersion(dir: string): 0 | 1 | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, ".manifest"), "utf8")) as { rego_version?: unknown };
    return m.rego_version === 0 ? 0 : m.rego_version === 1 ? 1 : undefined;
  } catch {
    return undefined;
  }
}

/** Merges `doc` into `target` at `path` (objects merge recursively). */
export function mergeAt(target: Record<string, unknown>, path: string[], doc: unknown): void {
  let cur = target;
  for (const k of path) {
    const next = cur[k];
    if (next && typeof next === "object" && !Array.isArray(next)) cur = next as Record<string, unknown>;
    else cur = cur[k] = {};
  }
  if (doc && typeof doc === "object" && !Array.isArray(doc)) {
    for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
      const existing = cur[k];
      if (existing && typeof existing === "object" && !Array.isArray(existing) && v && typeof v === "object" && !Array.isArray(v)) {
        mergeAt(cur, [k], v);
      } else cur[k] = v;
    }
  }
}

/** Entrypoints declared in METADATA with `entrypoint: true`, as paths (`evident/main/kubernetes`). */
export function annotatedEntrypoints(modules: Module[]): string[] {
  const out = new Set<string>();
  for (const m of modules) {
    for (const a of m.annotations) {
      if (a.entrypoint && (a.scope === "package" || a.scope === "subpackages")) out.add(m.package.join("/"));
    }
    for (const r of m.rules) {
      if (r.annotations?.entrypoint && r.annotations.scope !== "package") out.add(rulePath(r));
    }
  }
  return [...out];
}

function rulePath(r: Rule): string {
  const parts = [...r.module.package];
  r.head.ref.terms.every((t, i) => {
    if (i === 0 && t.type === "var") parts.push(t.name);
    else if (i > 0 && t.type === "string") parts.push(t.value);
    else return false;
    return true;
  });
  return parts.join("/");
}

export interface BuildRequest {
  paths: string[];
  entrypoints: string[];
  out?: string;
  regoVersion?: 0 | 1;
  builtins: BuiltinRegistry;
  revision?: string;
  /** Extra data merged over the data files found in `paths`. */
  data?: Record<string, unknown>;
}

export interface BuildResult {
  compiled: CompileResult;
  manifest: BundleManifest;
  entrypoints: string[];
  data: Record<string, unknown>;
  sources: SourceFile[];
  /** SHA-256 of the written bundle file. */
  digest?: string;
}

export async function buildBundle(req: BuildRequest): Promise<BuildResult> {
  const { sources, data } = collectSources(req.paths);
  if (req.data) mergeAt(data, [], req.data);
  const regoVersion = req.regoVersion ?? 1;
  const modules = parseSources(sources, regoVersion);
  const entrypoints = [...new Set([...req.entrypoints.map(normaliseEntrypoint), ...annotatedEntrypoints(modules)])];
  if (entrypoints.length === 0) throw new Error("no entrypoints: pass -e <path> or mark a rule or package `entrypoint: true` in METADATA");
  const compiled = compileRego({ sources, entrypoints, regoVersion, builtins: req.builtins });
  const roots = [...new Set(compiled.modules.map((m) => m.package[0]!))].sort();
  const revision =
    req.revision ??
    createHash("sha256")
      .update(JSON.stringify({ s: sources.map((s) => [s.file, s.source]), data }))
      .digest("hex")
      .slice(0, 16);
  const manifest: BundleManifest = {
    revision,
    roots,
    rego_version: regoVersion,
    wasm: entrypoints.map((e) => ({ entrypoint: e, module: "/policy.wasm" })),
  };
  const result: BuildResult = { compiled, manifest, entrypoints, data, sources };
  if (req.out) {
    result.digest = await writeBundle(req.out, {
      manifest,
      wasm: compiled.wasm,
      data,
      sources: sources.map((s) => ({ path: "/" + s.file.split(sep).join("/").replace(/^(\.\.\/)+/, ""), source: s.source })),
    });
  }
  return result;
}

/** `data.a.b`, `a.b`, `a/b` -> `a/b`. */
export function normaliseEntrypoint(e: string): string {
  return e.replace(/^data[./]/, "").replace(/\./g, "/");
}
