// `--format json`: a stable, documented document (schema: src/report/schema/findings.schema.json,
// schemaVersion "1.0"). Additions are backwards compatible; a breaking change bumps schemaVersion.
import { isWaived, type Finding, type InputKind, type ResourceRef, type Severity } from "../engine/finding.js";
import type { InputError } from "../inputs/types.js";
import { checkIndex, controlSummary, counts, DEFAULT_FAIL_ON, fingerprint, relPath, sortFindings, type ControlSummary, type ExceptionSummary, type RenderOptions, type ScanReport } from "./model.js";

export const JSON_SCHEMA_VERSION = "1.0";

export interface JsonFinding extends Omit<Finding, "resource"> {
  fingerprint: string;
  /** True when an active exception waives the finding. */
  waived: boolean;
  resource: ResourceRef;
}

export interface JsonReport {
  schemaVersion: string;
  tool: { name: string; version: string; informationUri?: string };
  scan: {
    startedAt?: string;
    finishedAt?: string;
    failOn: Severity;
    /** error: an input could not be read or parsed (exit 2); fail: open findings at or above failOn (exit 1); pass. */
    result: "pass" | "fail" | "error";
  };
  summary: {
    findings: number;
    waived: number;
    failing: number;
    inputErrors: number;
    bySeverity: Record<Severity, number>;
    byControl: ControlSummary[];
  };
  checks: { id: string; title: string; description: string; severity: Severity; controls: string[]; remediation: string; kinds: InputKind[]; package: string }[];
  findings: JsonFinding[];
  errors: InputError[];
  inputs: { file: string; kind: InputKind; documents: number }[];
  expiredExceptions: ExceptionSummary[];
}

export function toJsonReport(report: ScanReport, opts: RenderOptions = {}): JsonReport {
  const root = opts.root;
  const n = counts(report);
  const failOn = report.failOn ?? DEFAULT_FAIL_ON;
  const result: JsonReport["scan"]["result"] = report.errors.length > 0 ? "error" : n.failing > 0 ? "fail" : "pass";
  const scan: JsonReport["scan"] = { failOn, result };
  if (report.startedAt) scan.startedAt = report.startedAt;
  if (report.finishedAt) scan.finishedAt = report.finishedAt;
  const tool: JsonReport["tool"] = { name: report.tool.name, version: report.tool.version };
  if (report.tool.informationUri) tool.informationUri = report.tool.informationUri;
  const checks = [...checkIndex(report).values()]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((c) => ({ id: c.id, title: c.title, description: c.description, severity: c.severity, controls: [...c.controls], remediation: c.remediation, kinds: [...c.kinds], package: c.package }));
  const findings = sortFindings(report.findings).map((f): JsonFinding => {
    const j: JsonFinding = {
      fingerprint: fingerprint(f),
      checkId: f.checkId,
      title: f.title,
      severity: f.severity,
      controls: [...f.controls],
      message: f.message,
      resource: { ...f.resource },
      waived: isWaived(f),
    };
    if (f.location) j.location = { ...f.location, file: relPath(f.location.file, root) };
    if (f.remediation) j.remediation = f.remediation;
    if (f.waiver) j.waiver = { ...f.waiver };
    return j;
  });
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool,
    scan,
    summary: { findings: n.open, waived: n.waived, failing: n.failing, inputErrors: report.errors.length, bySeverity: n.bySeverity, byControl: controlSummary(report) },
    checks,
    findings,
    errors: report.errors.map((e) => ({ ...e, file: relPath(e.file, root) })),
    inputs: (report.inputs ?? []).map((i) => ({ ...i, file: relPath(i.file, root) })),
    // only the documented fields (callers may pass whole exception entries)
    expiredExceptions: (report.expiredExceptions ?? []).map((e) => {
      const x: ExceptionSummary = { id: e.id, check: e.check, approver: e.approver, expires: e.expires };
      if (e.justification !== undefined) x.justification = e.justification;
      return x;
    }),
  };
}

export function renderJson(report: ScanReport, opts: RenderOptions = {}): string {
  return JSON.stringify(toJsonReport(report, opts), null, 2) + "\n";
}
