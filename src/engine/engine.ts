// The Evident engine: evaluates input documents against a policy bundle and turns each check's
// violations into findings, with severity and controls from the check's METADATA. The file scan,
// the admission webhook and the periodic scanner all evaluate through this class, so the same
// object gets the same verdict whichever way it arrived.
import { fileURLToPath } from "node:url";
import type { Inventory } from "../inputs/index.js";
import { locationOf } from "../inputs/index.js";
import type { InputDocument } from "../inputs/types.js";
import { buildBundle, mergeAt } from "../rego/build.js";
import { OPA_BUILTINS, type Registry } from "../rego/registry.js";
import { readBundle } from "./bundle.js";
import { checksOfSources, kindSegment } from "./checks.js";
import type { CheckMeta, Finding, InputKind, ResourceRef } from "./finding.js";
import { type HostBuiltin, LoadedPolicy } from "./policy.js";
import { loadUserBuiltins, type UserBuiltinFiles } from "./user-builtins.js";

export interface EngineOptions {
  /** Organisation settings, merged over the policies' defaults as `data.evident.config`. */
  config?: Record<string, unknown>;
  /** Extra data documents merged into `data` (e.g. `--data file`). */
  data?: Record<string, unknown>;
  strictBuiltinErrors?: boolean;
  extraBuiltins?: Record<string, HostBuiltin>;
  registry?: Registry;
  print?: (line: string) => void;
  /** The files `registry` and `extraBuiltins` came from, so that a worker thread can load them too. */
  userBuiltinFiles?: UserBuiltinFiles;
}

/** An engine as plain data (structured-cloneable), to rebuild it in a worker thread. */
export interface PortableEngine {
  wasm: Uint8Array;
  checks: CheckMeta[];
  bundle: BundleInfo;
  /** The merged data document (bundle data, --data, organisation config). */
  data: Record<string, unknown>;
  strictBuiltinErrors: boolean;
  userBuiltins?: UserBuiltinFiles;
}

export interface BundleInfo {
  /** SHA-256 of the bundle file, or of the compiled module when built in memory. */
  digest: string;
  revision: string;
  source: string;
}

/** Where the shipped policy library lives (policies/ at the package root). */
export const POLICIES_DIR = fileURLToPath(new URL("../../policies/", import.meta.url));

export function entrypointOf(kind: InputKind): string {
  return `evident/main/${kindSegment(kind)}`;
}

interface Violation {
  msg?: unknown;
  message?: unknown;
  resource?: unknown;
  path?: unknown;
}

export class Engine {
  private readonly byPackage: Map<string, CheckMeta>;
  private readonly baseData: Record<string, unknown>;

  private constructor(
    private readonly wasm: Uint8Array,
    private readonly policy: LoadedPolicy,
    readonly checks: CheckMeta[],
    readonly bundle: BundleInfo,
    data: unknown,
    private readonly opts: EngineOptions,
  ) {
    this.byPackage = new Map(checks.map((c) => [c.package, c]));
    this.baseData = data && typeof data === "object" && !Array.isArray(data) ? structuredClone(data as Record<string, unknown>) : {};
    if (opts.data) mergeAt(this.baseData, [], opts.data);
    if (opts.config) mergeAt(this.baseData, ["evident", "config"], opts.config);
    this.policy.setData(this.baseData);
  }

  /** Loads a bundle built by `evident build` or `opa build -t wasm`. */
  static async fromBundle(path: string, opts: EngineOptions = {}): Promise<Engine> {
    const b = await readBundle(path);
    const wasm = b.wasm.get("/policy.wasm") ?? [...b.wasm.values()][0]!;
    const policy = new LoadedPolicy(wasm, engineOptions(opts));
    const checks = checksOfSources(b.sources, b.manifest.rego_version === 0 ? 0 : 1);
    return new Engine(wasm, policy, checks, { digest: b.digest, revision: String(b.manifest.revision ?? ""), source: path }, b.data, opts);
  }

  /** Compiles Rego sources (default: the shipped library) in memory. */
  static async fromPolicies(paths: string[] = [POLICIES_DIR], opts: EngineOptions = {}): Promise<Engine> {
    const res = await buildBundle({ paths, entrypoints: [], builtins: opts.registry ?? OPA_BUILTINS });
    const policy = new LoadedPolicy(res.compiled.wasm, engineOptions(opts));
    const checks = checksOfSources(res.sources.map((s) => [s.file, s.source] as [string, string]));
    const { createHash } = await import("node:crypto");
    const digest = createHash("sha256").update(res.compiled.wasm).digest("hex");
    return new Engine(res.compiled.wasm, policy, checks, { digest, revision: res.manifest.revision ?? "", source: paths.join(",") }, res.data, opts);
  }

  /** Rebuilds an engine from portable() (in a worker thread). */
  static async fromPortable(p: PortableEngine): Promise<Engine> {
    const opts: EngineOptions = { strictBuiltinErrors: p.strictBuiltinErrors };
    if (p.userBuiltins) {
      const user = await loadUserBuiltins(p.userBuiltins);
      opts.registry = user.registry;
      opts.extraBuiltins = user.impls;
      opts.userBuiltinFiles = p.userBuiltins;
    }
    return new Engine(p.wasm, new LoadedPolicy(p.wasm, engineOptions(opts)), p.checks, p.bundle, p.data, opts);
  }

  /**
   * The engine as plain data for a worker thread, or undefined when it holds what cannot cross threads:
   * builtins given as functions rather than files, or a print() sink.
   */
  portable(): PortableEngine | undefined {
    const { extraBuiltins, registry, print, userBuiltinFiles } = this.opts;
    if (print || ((extraBuiltins || registry) && !userBuiltinFiles)) return undefined;
    const p: PortableEngine = { wasm: this.wasm, checks: this.checks, bundle: this.bundle, data: this.baseData, strictBuiltinErrors: this.opts.strictBuiltinErrors ?? false };
    if (userBuiltinFiles) p.userBuiltins = userBuiltinFiles;
    return p;
  }

  /** Sets data.inventory (the objects of a scan, for cross-object Kubernetes checks). */
  setInventory(inventory: Inventory | undefined): void {
    const data = { ...this.baseData };
    if (inventory) data["inventory"] = inventory;
    this.policy.setData(data);
  }

  hasEntrypoint(kind: InputKind): boolean {
    return this.policy.entrypoints.includes(entrypointOf(kind));
  }

  /** Evaluates one document; throws EvaluationError if the policies fail (conflicts, strict builtin errors). */
  evaluate(doc: InputDocument): Finding[] {
    const entry = entrypointOf(doc.kind);
    const input = doc.inputUtf8 ? Buffer.concat(doc.inputUtf8()) : doc.inputJson ? new TextEncoder().encode(doc.inputJson()) : doc.input;
    const rs = this.policy.evaluate(entry, input);
    return this.findingsOf(doc, rs[0]?.["result"]);
  }

  /**
   * Evaluates many documents of one kind in one call (`evident/main/batch_<kind>`), with the same
   * verdicts as evaluate(). If the batch fails, each document is evaluated alone so only the
   * documents that fail carry the error.
   */
  evaluateBatch(docs: InputDocument[]): ({ findings: Finding[] } | { error: unknown })[] {
    if (docs.length === 0) return [];
    if (docs.length === 1) return [this.evaluateOne(docs[0]!)];
    const grouped = this.evaluateGroup(docs);
    if (grouped) return grouped;
    const kind = docs[0]!.kind;
    const entry = `evident/main/batch_${kindSegment(kind)}`;
    if (docs.some((d) => d.kind !== kind) || !this.policy.entrypoints.includes(entry)) return docs.map((d) => this.evaluateOne(d));
    let results: unknown[];
    try {
      results = (this.policy.evaluate(entry, batchInput(docs))[0]?.["result"] ?? []) as unknown[];
    } catch {
      return docs.map((d) => this.evaluateOne(d));
    }
    if (results.length !== docs.length) return docs.map((d) => this.evaluateOne(d));
    return docs.map((d, i) => ({ findings: this.findingsOf(d, results[i]) }));
  }

  /** The documents of a whole DocumentGroup in one call; undefined when they are not one or it fails. */
  private evaluateGroup(docs: InputDocument[]): { findings: Finding[] }[] | undefined {
    const group = docs[0]!.group;
    if (!group || group.size !== docs.length || docs.some((d) => d.group !== group) || !this.policy.entrypoints.includes(group.entrypoint)) return undefined;
    let results: unknown;
    try {
      results = this.policy.evaluate(group.entrypoint, group.input())[0]?.["result"];
    } catch {
      return undefined; // evaluated document by document, so only the documents that fail carry the error
    }
    if (!Array.isArray(results) || results.length !== docs.length) return undefined;
    return docs.map((d, i) => ({ findings: this.findingsOf(d, results[i]) }));
  }

  private evaluateOne(doc: InputDocument): { findings: Finding[] } | { error: unknown } {
    try {
      return { findings: this.evaluate(doc) };
    } catch (error) {
      return { error };
    }
  }

  private findingsOf(doc: InputDocument, result: unknown): Finding[] {
    const byCheck = (result ?? {}) as Record<string, unknown>;
    const findings: Finding[] = [];
    for (const name of Object.keys(byCheck).sort()) {
      const violations = byCheck[name];
      if (!Array.isArray(violations) || violations.length === 0) continue;
      const meta = this.metaOf(doc.kind, name);
      for (const v of violations) findings.push(this.finding(doc, meta, v));
    }
    return findings;
  }

  private metaOf(kind: InputKind, name: string): CheckMeta {
    const pkg = `evident.checks.${kindSegment(kind)}.${name}`;
    return (
      this.byPackage.get(pkg) ?? {
        id: name,
        title: name,
        description: "",
        severity: "medium",
        controls: [],
        remediation: "",
        kinds: [kind],
        package: pkg,
      }
    );
  }

  private finding(doc: InputDocument, meta: CheckMeta, v: unknown): Finding {
    const obj: Violation = v && typeof v === "object" && !Array.isArray(v) ? (v as Violation) : {};
    const message =
      typeof v === "string" ? v : typeof obj.msg === "string" ? obj.msg : typeof obj.message === "string" ? obj.message : JSON.stringify(v);
    const address = typeof obj.resource === "string" ? obj.resource : undefined;
    const path = typeof obj.path === "string" ? obj.path : undefined;
    let resource: ResourceRef = doc.resource;
    if (address !== undefined && doc.resourceOf) resource = doc.resourceOf(address) ?? { ...doc.resource, address };
    const f: Finding = {
      checkId: meta.id,
      title: meta.title,
      severity: meta.severity,
      controls: meta.controls,
      message,
      resource,
      location: locationOf(doc, path, address),
    };
    if (meta.remediation) f.remediation = meta.remediation;
    return f;
  }
}

const ITEMS_OPEN = Buffer.from('{"items":[');
const COMMA = Buffer.from(",");
const ITEMS_CLOSE = Buffer.from("]}");

/** `{"items":[<input of each document>]}` as UTF-8, from the documents' own bytes or text where they have them. */
function batchInput(docs: readonly InputDocument[]): Uint8Array {
  if (!docs.every((d) => d.inputUtf8)) {
    return new TextEncoder().encode(`{"items":[${docs.map((d) => (d.inputJson ? d.inputJson() : JSON.stringify(d.input ?? null))).join(",")}]}`);
  }
  const parts: Uint8Array[] = [ITEMS_OPEN];
  docs.forEach((d, i) => {
    if (i > 0) parts.push(COMMA);
    for (const p of d.inputUtf8!()) parts.push(p);
  });
  parts.push(ITEMS_CLOSE);
  return Buffer.concat(parts);
}

function engineOptions(opts: EngineOptions): ConstructorParameters<typeof LoadedPolicy>[1] {
  return {
    ...(opts.strictBuiltinErrors !== undefined ? { strictBuiltinErrors: opts.strictBuiltinErrors } : {}),
    ...(opts.extraBuiltins ? { extraBuiltins: opts.extraBuiltins } : {}),
    ...(opts.print ? { print: opts.print } : {}),
  };
}
