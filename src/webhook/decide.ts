// One admission decision, independent of HTTP: AdmissionReview request -> policy input (the same
// admissionInput `evident scan` uses for AdmissionReview files) -> findings -> exceptions -> enforcement
// actions -> response, evidence record, metrics and one log line. Never throws: an internal error or a
// deadline miss is answered by the failure mode, with a message that says the webhook failed, not the object.
import type { FastifyBaseLogger } from "fastify";
import { applyExceptions, type ExceptionEntry } from "../engine/exceptions.js";
import type { Finding, ResourceRef } from "../engine/finding.js";
import { actorFromUserInfo, clipField, findingsToRecord, subjectDigest, type Decision, type EvidenceLog, type RecordInput } from "../evidence/index.js";
import type { RecordActor } from "../evidence/record.js";
import { admissionInput, kubernetesResourceRef } from "../inputs/index.js";
import type { Obj } from "../inputs/detect.js";
import type { WebhookConfig } from "./config.js";
import { exemptionOf, judge, type Judged } from "./enforcement.js";
import { DeadlineError, NotReadyError, type EvalResult, type Evaluator, type LoadedBundle } from "./evaluator.js";
import type { RequestMode, WebhookMetrics } from "./metrics.js";
import { auditAnnotationsOf, denialMessage, describeSubject, truncate, warningsOf, type AdmissionRequest, type AdmissionResponse } from "./review.js";

export interface DecisionOutcome {
  response: AdmissionResponse;
  decision: Decision;
  mode: RequestMode;
}

/** What the decider reads at each request: the reloadable parts live here, swapped whole. */
export interface DeciderState {
  config: WebhookConfig;
  evaluator: Evaluator;
  exceptions: readonly ExceptionEntry[];
  evidence: EvidenceLog | undefined;
  instance: string;
}

const UNKNOWN_BUNDLE = { digest: `sha256:${"0".repeat(64)}`, revision: "none" };

function reasonOf(e: unknown): "deadline" | "not_ready" | "internal" {
  if (e instanceof DeadlineError) return "deadline";
  if (e instanceof NotReadyError) return "not_ready";
  return "internal";
}

function labelsOf(o: Obj | null): Record<string, unknown> | undefined {
  const m = o?.["metadata"];
  const l = m && typeof m === "object" ? (m as Obj)["labels"] : undefined;
  return l && typeof l === "object" ? (l as Record<string, unknown>) : undefined;
}

function referenceOf(ref: ResourceRef, req: AdmissionRequest): string {
  const sub = req.subResource ? `/${req.subResource}` : "";
  const name = ref.namespace ? `${ref.namespace}/${ref.name ?? "?"}` : (ref.name ?? "?");
  return clipField(`${ref.apiVersion ? `${ref.apiVersion} ` : ""}${ref.objectKind ?? "object"}${sub} ${name} (${req.operation}${req.uid ? ` ${req.uid}` : ""})`, 1024);
}

export class Decider {
  constructor(
    private readonly state: () => DeciderState,
    private readonly metrics: WebhookMetrics,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** `body`: the request body's text, when at hand (handed to worker threads instead of a clone). */
  async decide(req: AdmissionRequest, body?: string, started = performance.now()): Promise<DecisionOutcome> {
    try {
      return await this.decideOrThrow(req, body, started);
    } catch (e) {
      // a bug of ours must not become an HTTP error (the API server would see the webhook fail without a word)
      const uid = typeof req?.uid === "string" ? req.uid : "";
      const operation = typeof req?.operation === "string" ? req.operation : "UNKNOWN";
      return this.failed(this.state(), req, uid, operation, "enforce", { kind: "kubernetes" }, {}, e, started, "internal");
    }
  }

  private async decideOrThrow(req: AdmissionRequest, body: string | undefined, started: number): Promise<DecisionOutcome> {
    const st = this.state();
    const cfg = st.config;
    const operation = typeof req.operation === "string" ? req.operation : "UNKNOWN";
    const input = admissionInput(req as Obj, "webhook");
    const ref = kubernetesResourceRef(input, req as Obj);
    const subject = describeSubject(ref.objectKind, ref.namespace, ref.name);
    const exempt = exemptionOf(cfg.exemptions, input.namespace, labelsOf(input.object ?? input.oldObject));
    const dryRunRequest = input.dryRun;
    const mode: RequestMode = exempt ? "exempt" : dryRunRequest ? "dryrun" : "enforce";
    const uid = typeof req.uid === "string" ? req.uid : "";

    let result: EvalResult;
    try {
      result = await st.evaluator.evaluate(body !== undefined ? { input, body } : { input }, ref, cfg.deadlineMs);
    } catch (e) {
      return this.failed(st, req, uid, operation, mode, ref, input, e, started);
    }

    const applied = st.exceptions.length ? applyExceptions(result.findings, st.exceptions).findings : result.findings;
    const judged = judge(applied, cfg.enforcement, input.namespace);
    const denied = judged.filter((j) => j.action === "deny").map((j) => j.finding);
    const warned = judged.filter((j) => j.action === "warn").map((j) => j.finding);
    const blocking = denied.length > 0 && !exempt;

    let decision: Decision = denied.length ? "deny" : warned.length ? "warn" : judged.some((j) => j.action === "dryrun") ? "dryrun" : "allow";
    if (exempt) decision = "dryrun";
    // dry-run requests get the real answer (so `kubectl --dry-run=server` shows it) and are recorded as dry runs
    const recorded: Decision = dryRunRequest ? "dryrun" : decision;

    const response: AdmissionResponse = { uid, allowed: !blocking };
    if (blocking) response.status = { code: 403, reason: "Forbidden", message: denialMessage(subject, denied) };
    if (!exempt) {
      // deny-mode findings of an exempt request are not shown; warn-mode ones are shown unless exempt
      const w = warningsOf(warned);
      if (w.length) response.warnings = w;
    }

    let recordId: string | undefined;
    try {
      recordId = await this.record(st, {
        req,
        ref,
        actor: actorFromUserInfo(req.userInfo),
        digest: result.digest,
        bundle: result.bundle,
        decision: recorded,
        findings: applied,
      });
    } catch (e) {
      this.metrics.evidenceErrors.inc();
      return this.failed(st, req, uid, operation, mode, ref, input, e, started, "evidence");
    }

    response.auditAnnotations = auditAnnotationsOf(exempt ? "exempt" : decision, judged, {
      "exempt-reason": exempt,
      "dry-run": dryRunRequest ? "true" : undefined,
      "bundle-revision": result.bundle.revision,
      "evidence-record": recordId,
    });

    const ms = performance.now() - started;
    this.metrics.requests.inc({ operation, decision, mode });
    this.metrics.latency.observe({ operation }, ms / 1000);
    if (judged.length) this.countViolations(judged, !!exempt);
    const line = {
      uid,
      operation,
      kind: ref.objectKind,
      namespace: ref.namespace,
      name: ref.name,
      user: req.userInfo?.username,
      decision,
      mode,
      checks: judged.length ? summary(judged) : undefined,
      bundle: result.bundle.revision,
      record: recordId,
      ms: Math.round(ms * 100) / 100,
    };
    if (decision === "allow") this.log.debug(line, "admission decision");
    else this.log.info(line, "admission decision");
    return { response, decision, mode };
  }

  private countViolations(judged: Judged[], exempt: boolean): void {
    const counts = new Map<string, { check: string; severity: string; action: string; n: number }>();
    for (const j of judged) {
      const action = exempt && j.action !== "waived" ? "exempt" : j.action;
      const key = `${j.finding.checkId}\0${action}`;
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { check: j.finding.checkId, severity: j.finding.severity, action, n: 1 });
    }
    for (const c of counts.values()) this.metrics.violations.inc({ check: c.check, severity: c.severity, action: c.action }, c.n);
  }

  /** The evidence record of a decision; resolves with its id (once durable, unless acknowledge is async). */
  private async record(
    st: DeciderState,
    d: { req: AdmissionRequest; ref: ResourceRef; actor: RecordActor | null; digest: string; bundle: Pick<LoadedBundle, "digest" | "revision">; decision: Decision; findings: Finding[] },
  ): Promise<string | undefined> {
    const log = st.evidence;
    if (!log) return undefined;
    const { findings, exceptions } = findingsToRecord(d.findings);
    const input: RecordInput = {
      source: { type: "webhook", instance: st.instance },
      subject: { kind: "kubernetes", reference: referenceOf(d.ref, d.req), digest: d.digest },
      actor: d.actor,
      bundle: { digest: d.bundle.digest, revision: clipField(d.bundle.revision, 256) },
      decision: d.decision,
      findings,
      exceptions,
    };
    const appended = log.append(input);
    const ack = st.config.evidence.backend === "none" ? "async" : st.config.evidence.acknowledge;
    if (ack === "durable") return (await appended).id;
    appended.catch((e: unknown) => {
      this.metrics.evidenceErrors.inc();
      this.log.error({ err: { message: (e as Error)?.message }, uid: d.req.uid }, "evidence record could not be written");
    });
    return undefined;
  }

  /** The failure-mode answer: closed denies, open admits with a warning; both say the webhook failed. */
  private async failed(
    st: DeciderState,
    req: AdmissionRequest,
    uid: string,
    operation: string,
    mode: RequestMode,
    ref: ResourceRef,
    input: object,
    e: unknown,
    started: number,
    reason: "deadline" | "not_ready" | "internal" | "evidence" = reasonOf(e),
  ): Promise<DecisionOutcome> {
    const cfg = st.config;
    const why =
      reason === "deadline"
        ? `evaluation did not finish within its deadline of ${cfg.deadlineMs} ms`
        : reason === "not_ready"
          ? "no policy bundle is loaded yet"
          : reason === "evidence"
            ? "the decision could not be written to the evidence log"
            : "an internal error occurred while evaluating";
    const closed = cfg.failureMode === "closed";
    const text = `Evident admission webhook failed: ${why}. This says nothing about the ${ref.objectKind ?? "object"} itself, which was not judged; failureMode is ${cfg.failureMode}, so the request is ${closed ? "refused; retry, and tell the platform team if it persists" : "admitted without evaluation"}.`;
    const response: AdmissionResponse = { uid, allowed: !closed };
    if (closed) response.status = { code: reason === "deadline" ? 504 : 500, reason: reason === "deadline" ? "Timeout" : "InternalError", message: text };
    else response.warnings = [truncate(`Evident webhook failed (${reason}); admitted unevaluated (failureMode open)`, 120)];
    response.auditAnnotations = { decision: "error", "error-reason": reason, "failure-mode": cfg.failureMode };

    this.metrics.evaluationErrors.inc({ reason });
    this.metrics.requests.inc({ operation, decision: "error", mode });
    this.metrics.latency.observe({ operation }, (performance.now() - started) / 1000);
    this.log.warn(
      { uid, operation, kind: ref.objectKind, namespace: ref.namespace, name: ref.name, reason, err: { message: (e as Error)?.message ?? String(e), code: (e as { code?: string })?.code }, failureMode: cfg.failureMode },
      "admission failed; answered by failure mode",
    );
    if (reason !== "evidence" && st.evidence) {
      // the failure is a decision too; record it, without delaying the answer
      let digest: string;
      try {
        digest = subjectDigest(input);
      } catch {
        digest = UNKNOWN_BUNDLE.digest;
      }
      const bundle = st.evaluator.current() ?? UNKNOWN_BUNDLE;
      this.record(st, { req, ref, actor: actorFromUserInfo(req.userInfo), digest, bundle, decision: "error", findings: [] }).catch(() => {
        this.metrics.evidenceErrors.inc();
      });
    }
    return { response, decision: "error", mode };
  }
}

function summary(judged: Judged[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const j of judged) {
    const list = (out[j.action] ??= []);
    if (!list.includes(j.finding.checkId)) list.push(j.finding.checkId);
  }
  return out;
}
