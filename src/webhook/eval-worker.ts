// A worker thread of the evaluation pool (src/webhook/pool.ts): loads the policies once, then answers
// {id, input or body, resource} with the findings and the subject digest of the policy input.
import { parentPort, workerData } from "node:worker_threads";
import type { Finding, ResourceRef } from "../engine/finding.js";
import type { Obj } from "../inputs/detect.js";
import { admissionInput } from "../inputs/index.js";
import { canonicalDigest } from "./canonical.js";
import { bundleOf, evaluateJson, loadEngine, type PolicySource, type WebhookEngineOptions } from "./evaluator.js";

export interface EvalTask {
  id: number;
  /** The policy input (structured clone), or */
  input?: object;
  /** the AdmissionReview body's text, validated by the main thread. */
  body?: string;
  resource: ResourceRef;
}

const port = parentPort!;
const { source, options } = workerData as { source: PolicySource; options: WebhookEngineOptions };

try {
  const engine = await loadEngine(source, options);
  port.on("message", (t: EvalTask) => {
    const t0 = performance.now();
    try {
      const input = t.input ?? admissionInput((JSON.parse(t.body!) as { request: Obj }).request, "webhook");
      const { text, digest } = canonicalDigest(input);
      // what the decision, the exceptions and the record use travels back (not remediation, location)
      const findings: Finding[] = evaluateJson(engine, text, t.resource).map((f) => ({
        checkId: f.checkId,
        title: f.title,
        severity: f.severity,
        controls: f.controls,
        message: f.message,
        resource: f.resource,
      }));
      port.postMessage({ id: t.id, findings, digest, evalMs: performance.now() - t0 });
    } catch (e) {
      port.postMessage({ id: t.id, error: (e as Error)?.message ?? String(e), code: (e as { code?: string })?.code });
    }
  });
  port.postMessage({ ready: bundleOf(engine) });
} catch (e) {
  port.postMessage({ failed: (e as Error)?.message ?? String(e) });
}
