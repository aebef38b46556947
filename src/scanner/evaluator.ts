// Evaluates scanner items with the same Engine the file scan and the webhook use, applies exceptions,
// and records every evaluation in the evidence log (source type "scanner", this shard's chain).
import type { Engine } from "../engine/engine.js";
import { applyExceptions, type ExceptionEntry } from "../engine/exceptions.js";
import { isWaived, type Finding } from "../engine/finding.js";
import { findingsToRecord, subjectDigest, bytesDigest, type Decision, type EvidenceLog, type EvidenceRecord } from "../evidence/index.js";
import type { RecordInput } from "../evidence/record.js";
import type { Inventory } from "../inputs/index.js";
import type { BrokenItem, EvalItem, FindingSummary, Outcome } from "./types.js";

export interface EvaluatorStats {
  evaluated: number;
  findings: number;
  errors: number;
}

export class Evaluator {
  private currentInventory: Inventory | undefined | null = null;

  constructor(
    readonly engine: Engine,
    readonly log: EvidenceLog,
    private readonly instance: string,
    private readonly exceptions: readonly ExceptionEntry[] = [],
  ) {}

  /** Evaluates one document (synchronous: the engine is). Errors become decision "error". */
  evaluate(item: EvalItem): { findings: Finding[]; decision: Decision; error?: string } {
    // data.inventory is engine-wide: set it right before evaluating, only when it changes
    if (item.doc.kind === "kubernetes" && item.inventory !== this.currentInventory) {
      this.engine.setInventory(item.inventory);
      this.currentInventory = item.inventory;
    }
    try {
      const raw = this.engine.evaluate(item.doc);
      const findings = this.exceptions.length ? applyExceptions(raw, this.exceptions).findings : raw;
      return { findings, decision: findings.some((f) => !isWaived(f)) ? "fail" : "pass" };
    } catch (e) {
      return { findings: [], decision: "error", error: (e as Error).message };
    }
  }

  /**
   * Evaluates and records a batch. Appends are issued together (the log group-commits them) and the
   * promise resolves once every record is durable.
   */
  async record(items: readonly EvalItem[], broken: readonly BrokenItem[] = []): Promise<Outcome[]> {
    const d = this.engine.bundle.digest;
    const bundle = { digest: d.startsWith("sha256:") ? d : `sha256:${d}`, revision: this.engine.bundle.revision.slice(0, 256) };
    const source = { type: "scanner" as const, instance: this.instance };
    const outcomes: Outcome[] = [];
    const appends: Promise<EvidenceRecord>[] = [];
    for (const item of items) {
      const r = this.evaluate(item);
      const rec = findingsToRecord(r.findings);
      const input: RecordInput = {
        source,
        subject: { kind: item.doc.kind, reference: item.reference, digest: subjectDigest(item.doc.input) },
        actor: item.actor ?? null,
        bundle,
        decision: r.decision,
        findings: rec.findings,
        exceptions: rec.exceptions,
      };
      appends.push(this.log.append(input));
      const o: Outcome = { reference: item.reference, decision: r.decision, findings: r.findings.map(summary), recovered: false };
      if (r.error !== undefined) o.error = r.error;
      outcomes.push(o);
    }
    for (const b of broken) {
      appends.push(
        this.log.append({
          source,
          subject: { kind: b.kind, reference: b.reference, digest: bytesDigest(b.raw) },
          actor: null,
          bundle,
          decision: "error",
          findings: [],
        }),
      );
      outcomes.push({ reference: b.reference, decision: "error", findings: [], recovered: false, error: b.error });
    }
    await Promise.all(appends);
    return outcomes;
  }
}

function summary(f: Finding): FindingSummary {
  const s: FindingSummary = { check: f.checkId, severity: f.severity, controls: f.controls, message: f.message };
  if (isWaived(f)) s.waiver = f.waiver!.exceptionId;
  if (f.location?.path) s.path = f.location.path;
  return s;
}

/** The outcome of an evaluation recorded before a restart, read back from its evidence record. */
export function outcomeOfRecord(r: EvidenceRecord): Outcome {
  return {
    reference: r.subject.reference,
    decision: r.decision,
    findings: r.findings.map((f) => {
      const s: FindingSummary = { check: f.check, severity: f.severity, controls: f.controls, message: f.message };
      if (f.waiver !== undefined) s.waiver = f.waiver;
      return s;
    }),
    recovered: true,
  };
}
