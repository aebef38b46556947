// Write-back to AWS Config as a custom rule: PutEvaluations in batches of at most 100 evaluations,
// annotations cut to 256 characters, the rule invocation's ResultToken, OrderingTimestamp = when the
// configuration item was captured (else when the run started).
import { PutEvaluationsCommand, type ConfigServiceClient, type Evaluation } from "@aws-sdk/client-config-service";
import type { PutEvaluationsConfig } from "../config-schema.js";
import type { Outcome } from "../types.js";

export const MAX_EVALUATIONS_PER_CALL = 100;
export const MAX_ANNOTATION = 256;

export function truncateAnnotation(s: string): string {
  const chars = [...s];
  return chars.length <= MAX_ANNOTATION ? s : `${chars.slice(0, MAX_ANNOTATION - 1).join("")}…`;
}

export interface ConfigResult {
  resourceType: string;
  resourceId: string;
  /** configurationItemCaptureTime, when known. */
  capturedAt?: Date;
  outcome?: Outcome;
  /** Why no check applies (deleted item, a type the library does not cover). */
  notApplicable?: string;
}

export function evaluationOf(r: ConfigResult, runStarted: Date): Evaluation | undefined {
  const base = { ComplianceResourceType: r.resourceType, ComplianceResourceId: r.resourceId, OrderingTimestamp: r.capturedAt ?? runStarted };
  if (r.notApplicable !== undefined) return { ...base, ComplianceType: "NOT_APPLICABLE", Annotation: truncateAnnotation(r.notApplicable) };
  const o = r.outcome;
  if (!o || o.decision === "error") return undefined; // Config has no "error" compliance: leave the last result standing
  const open = o.findings.filter((f) => f.waiver === undefined);
  if (o.decision === "fail") {
    const text = `${open.length} finding${open.length === 1 ? "" : "s"}: ${open.map((f) => `${f.check}: ${f.message}`).join("; ")}`;
    return { ...base, ComplianceType: "NON_COMPLIANT", Annotation: truncateAnnotation(text) };
  }
  const waived = o.findings.filter((f) => f.waiver !== undefined);
  return waived.length
    ? { ...base, ComplianceType: "COMPLIANT", Annotation: truncateAnnotation(`waived: ${waived.map((f) => `${f.check} (${f.waiver})`).join(", ")}`) }
    : { ...base, ComplianceType: "COMPLIANT" };
}

/** Sends the evaluations in batches of <= 100; returns the evaluations Config reported as failed. */
export async function putEvaluations(client: ConfigServiceClient, evaluations: readonly Evaluation[], cfg: PutEvaluationsConfig): Promise<Evaluation[]> {
  const failed: Evaluation[] = [];
  for (let i = 0; i < evaluations.length; i += MAX_EVALUATIONS_PER_CALL) {
    const res = await client.send(
      new PutEvaluationsCommand({
        Evaluations: evaluations.slice(i, i + MAX_EVALUATIONS_PER_CALL),
        ResultToken: cfg.resultToken,
        ...(cfg.testMode ? { TestMode: true } : {}),
      }),
    );
    failed.push(...(res.FailedEvaluations ?? []));
  }
  return failed;
}
