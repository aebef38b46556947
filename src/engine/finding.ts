// The vocabulary every stage after evaluation shares: what a check is, what it found, and where.

export type Severity = "critical" | "high" | "medium" | "low" | "info";
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low", "info"];

/** Severity rank: higher is worse. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

export type InputKind = "kubernetes" | "terraform" | "cloudtrail" | "aws-config";
export const INPUT_KINDS: readonly InputKind[] = ["kubernetes", "terraform", "cloudtrail", "aws-config"];

/** A check as its METADATA declares it. */
export interface CheckMeta {
  id: string; // catalog id, e.g. "K8S-PRIVILEGED-CONTAINERS"
  title: string;
  description: string;
  severity: Severity;
  controls: string[]; // "hipaa:164.312(b)", "gxp-part11:11.10(e)", "gxp-annex11:9"
  remediation: string;
  kinds: InputKind[];
  /** Rego package path, e.g. "evident.checks.kubernetes.privileged_containers". */
  package: string;
}

/** The resource a finding concerns, in the terms of its input kind. */
export interface ResourceRef {
  kind: InputKind;
  // kubernetes
  apiVersion?: string;
  objectKind?: string;
  namespace?: string;
  name?: string;
  // terraform
  address?: string;
  type?: string;
  // cloudtrail
  eventID?: string;
  eventName?: string;
  eventSource?: string;
  eventTime?: string;
  actor?: string;
  // aws-config
  resourceType?: string;
  resourceId?: string;
  accountId?: string;
  region?: string;
  arn?: string;
}

/** Where in the input a finding points. */
export interface Location {
  file: string;
  line?: number;
  column?: number;
  /** Field path within the resource, e.g. "spec.containers[0].securityContext.privileged". */
  path?: string;
}

/** An exception (documented deviation) that matched a finding. */
export interface Waiver {
  exceptionId: string;
  justification: string;
  approver: string;
  expires: string; // YYYY-MM-DD
  /** active: the finding is waived. expired: the exception no longer applies; the finding stands. */
  status: "active" | "expired";
}

export interface Finding {
  checkId: string;
  title: string;
  severity: Severity;
  controls: string[];
  message: string;
  resource: ResourceRef;
  location?: Location;
  remediation?: string;
  waiver?: Waiver;
}

/** A finding counts against the verdict unless an active exception waives it. */
export function isWaived(f: Finding): boolean {
  return f.waiver?.status === "active";
}
