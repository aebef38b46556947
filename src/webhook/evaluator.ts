// Evaluation for the webhook: the policy engine behind a small async interface, so the server does not
// care whether evaluation runs on the main thread (InlineEvaluator) or in a pool of worker threads
// (PoolEvaluator, src/webhook/pool.ts). Both load a bundle built by `evident build` (or Rego sources
// compiled in memory), refuse one that cannot evaluate a Kubernetes input, and report with each result
// the bundle that produced it, so a record never names a bundle other than the one that decided.
import { Engine, type BundleInfo, type EngineOptions } from "../engine/engine.js";
import { loadUserBuiltins, type UserBuiltinFiles } from "../engine/user-builtins.js";
import type { CheckMeta, Finding, ResourceRef } from "../engine/finding.js";
import type { InputDocument } from "../inputs/types.js";
import { canonicalDigest } from "./canonical.js";

/** Where policies come from: a bundle file (production) or Rego directories compiled in memory. */
export type PolicySource = { bundle: string } | { policies: string[] };

export function describeSource(s: PolicySource): string {
  return "bundle" in s ? s.bundle : s.policies.join(",");
}

export interface LoadedBundle {
  digest: string;
  revision: string;
  source: string;
  checks: number;
}

export interface EvalResult {
  findings: Finding[];
  /** Subject digest ("sha256:...") of the policy input. */
  digest: string;
  bundle: LoadedBundle;
  /** Time spent evaluating (ms), excluding queueing. */
  evalMs: number;
}

export class DeadlineError extends Error {
  readonly code = "DEADLINE_EXCEEDED";
  constructor(readonly deadlineMs: number) {
    super(`evaluation deadline of ${deadlineMs} ms exceeded`);
    this.name = "DeadlineError";
  }
}

export class NotReadyError extends Error {
  readonly code = "NOT_READY";
  constructor() {
    super("no policy bundle is loaded");
    this.name = "NotReadyError";
  }
}

/**
 * What to evaluate: the policy input, and the request body's text when it is at hand (a worker thread
 * then gets the text, a cheap copy, and builds the same input from it; cloning the object costs more).
 */
export interface EvalJob {
  input: object;
  body?: string;
}

export interface Evaluator {
  readonly kind: "inline" | "threads";
  /** The bundle serving now, or undefined before the first successful load. */
  current(): LoadedBundle | undefined;
  /** Loads (or reloads) policies. On failure it throws and the previous bundle keeps serving. */
  load(source: PolicySource): Promise<LoadedBundle>;
  /** Evaluates the policy input of one admission request (see admissionInput). */
  evaluate(job: EvalJob, resource: ResourceRef, deadlineMs: number): Promise<EvalResult>;
  close(): Promise<void>;
}

/** A CREATE of an empty Pod: every loaded bundle must evaluate it before it serves. */
const SMOKE_INPUT = JSON.stringify({
  object: { apiVersion: "v1", kind: "Pod", metadata: { name: "evident-smoke", namespace: "default" }, spec: { containers: [{ name: "c", image: "x" }] } },
  oldObject: null,
  operation: "CREATE",
  userInfo: null,
  namespace: "default",
  dryRun: true,
  subResource: null,
  source: "webhook",
});

/** Engine options as plain data, so that they reach worker threads too: user builtins come as file paths. */
export type WebhookEngineOptions = Omit<EngineOptions, "extraBuiltins" | "registry" | "print"> & { userBuiltins?: UserBuiltinFiles };

export async function loadEngine(source: PolicySource, options: WebhookEngineOptions): Promise<Engine> {
  const { userBuiltins, ...opts } = options;
  const engineOpts: EngineOptions = { ...opts };
  if (userBuiltins) {
    const user = await loadUserBuiltins(userBuiltins);
    engineOpts.registry = user.registry;
    engineOpts.extraBuiltins = user.impls;
  }
  const engine = "bundle" in source ? await Engine.fromBundle(source.bundle, engineOpts) : await Engine.fromPolicies(source.policies, engineOpts);
  if (!engine.hasEntrypoint("kubernetes")) {
    throw new Error(`${describeSource(source)}: the bundle has no evident/main/kubernetes entrypoint (build it from policies/ with policies/evident/main.rego)`);
  }
  evaluateJson(engine, SMOKE_INPUT, { kind: "kubernetes", objectKind: "Pod", name: "evident-smoke", namespace: "default" });
  return engine;
}

export function bundleOf(engine: Engine): LoadedBundle {
  const b: BundleInfo = engine.bundle;
  return { digest: b.digest.startsWith("sha256:") ? b.digest : `sha256:${b.digest}`, revision: b.revision, source: b.source, checks: engine.checks.length };
}

export function evaluateJson(engine: Engine, inputJson: string, resource: ResourceRef): Finding[] {
  const doc: InputDocument = { kind: "kubernetes", file: "admission", index: 0, input: undefined, resource, inputJson: () => inputJson };
  return engine.evaluate(doc).map((f) => {
    // the admission request has no file: findings point at the field path only
    if (f.location) {
      const loc: Finding["location"] = { file: "admission" };
      if (f.location.path) loc.path = f.location.path;
      f.location = loc;
    }
    return f;
  });
}

/**
 * Evaluation on the main thread. The input is serialised once, canonically (RFC 8785): that text is
 * evaluated and digested. A deadline miss is detected once evaluation returns.
 */
export class InlineEvaluator implements Evaluator {
  readonly kind = "inline" as const;
  private engine: Engine | undefined;
  private bundle: LoadedBundle | undefined;

  constructor(private readonly opts: WebhookEngineOptions = {}) {}

  current(): LoadedBundle | undefined {
    return this.bundle;
  }

  checks(): CheckMeta[] {
    return this.engine?.checks ?? [];
  }

  async load(source: PolicySource): Promise<LoadedBundle> {
    const engine = await loadEngine(source, this.opts);
    this.engine = engine;
    this.bundle = bundleOf(engine);
    return this.bundle;
  }

  async evaluate({ input }: EvalJob, resource: ResourceRef, deadlineMs: number): Promise<EvalResult> {
    const engine = this.engine;
    const bundle = this.bundle;
    if (!engine || !bundle) throw new NotReadyError();
    const t0 = performance.now();
    const { text, digest } = canonicalDigest(input);
    const findings = evaluateJson(engine, text, resource);
    const evalMs = performance.now() - t0;
    if (evalMs > deadlineMs) throw new DeadlineError(deadlineMs);
    return { findings, digest, bundle, evalMs };
  }

  async close(): Promise<void> {
    this.engine = undefined;
  }
}
