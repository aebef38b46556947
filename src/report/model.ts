// What every output format renders: findings, unreadable inputs and scan metadata, plus the shared
// helpers (labels, ordering, fingerprints, summaries, repository-relative paths).
import { createHash } from "node:crypto";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { isWaived, severityRank, SEVERITIES, type CheckMeta, type Finding, type InputKind, type ResourceRef, type Severity } from "../engine/finding.js";
import type { InputError } from "../inputs/types.js";

export interface ExceptionSummary {
  id: string;
  check: string;
  approver: string;
  expires: string;
  justification?: string;
}

export interface ScanReport {
  tool: { name: string; version: string; informationUri?: string };
  /** The checks that ran. */
  checks: CheckMeta[];
  findings: Finding[];
  /** Inputs that could not be read or parsed. */
  errors: InputError[];
  /** Recognised input files. */
  inputs?: { file: string; kind: InputKind; documents: number }[];
  startedAt?: string;
  finishedAt?: string;
  /** Findings at or above this severity (and not waived) fail the scan. Default "high". */
  failOn?: Severity;
  /** Exceptions past their expiry date, reported so that they are renewed or retired. */
  expiredExceptions?: ExceptionSummary[];
}

export interface RenderOptions {
  /** ANSI colours (table only). Default false; see shouldColor(). */
  color?: boolean;
  /** Repository root: file paths are reported relative to it. Default process.cwd(). */
  root?: string;
  /** Markdown: at most this many findings rows (the rest are counted). Default 200. */
  maxRows?: number;
}

export const DEFAULT_FAIL_ON: Severity = "high";

/** Colours only on a terminal, unless NO_COLOR / FORCE_COLOR say otherwise. */
export function shouldColor(stream: { isTTY?: boolean } | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") return true;
  return stream?.isTTY === true;
}

/** A short human name for the resource: `Deployment prod/api`, an address, `StopLogging by arn:...`. */
export function resourceLabel(r: ResourceRef): string {
  switch (r.kind) {
    case "kubernetes": {
      const name = r.namespace ? `${r.namespace}/${r.name ?? "?"}` : (r.name ?? "?");
      return `${r.objectKind ?? "object"} ${name}`;
    }
    case "terraform":
      return r.address ?? "(plan)";
    case "cloudtrail": {
      const who = r.actor ? ` by ${r.actor}` : "";
      const when = r.eventTime ? ` at ${r.eventTime}` : "";
      return `${r.eventName ?? "event"}${who}${when}`;
    }
    case "aws-config":
      return `${r.resourceType ?? "resource"} ${r.resourceId ?? r.arn ?? "?"}`;
  }
}

/** Identity of the resource for fingerprints (stable across line moves and re-runs). */
export function resourceKey(r: ResourceRef): string {
  switch (r.kind) {
    case "kubernetes":
      return `kubernetes:${r.objectKind ?? ""}/${r.namespace ?? ""}/${r.name ?? ""}`;
    case "terraform":
      return `terraform:${r.address ?? ""}`;
    case "cloudtrail":
      return `cloudtrail:${r.eventID ?? `${r.eventName ?? ""}|${r.eventTime ?? ""}|${r.actor ?? ""}`}`;
    case "aws-config":
      return `aws-config:${r.accountId ?? ""}/${r.region ?? ""}/${r.resourceType ?? ""}/${r.resourceId ?? r.arn ?? ""}`;
  }
}

/**
 * Stable fingerprint of a finding: check, file (two overlays or plans may hold the same resource),
 * resource identity and field path. Independent of line numbers and message wording.
 */
export function fingerprint(f: Finding): string {
  const parts = [f.checkId, f.location?.file ?? "", resourceKey(f.resource), f.location?.path ?? ""];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32);
}

/** Deterministic order: worst severity first, then check, file, line, resource, message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      cmp(a.checkId, b.checkId) ||
      cmp(a.location?.file ?? "", b.location?.file ?? "") ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      cmp(resourceLabel(a.resource), resourceLabel(b.resource)) ||
      cmp(a.message, b.message),
  );
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A path relative to the repository root, with forward slashes (absolute if outside the root). */
export function relPath(file: string, root: string = process.cwd()): string {
  const abs = resolve(root, file);
  const rel = relative(resolve(root), abs);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return sep === "/" ? abs : abs.split(sep).join("/");
  return sep === "/" ? rel : rel.split(sep).join("/");
}

export interface Counts {
  /** Findings not waived (active waivers excluded). */
  open: number;
  waived: number;
  /** Open findings at or above failOn. */
  failing: number;
  bySeverity: Record<Severity, number>;
}

export function counts(report: ScanReport): Counts {
  const failOn = report.failOn ?? DEFAULT_FAIL_ON;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let open = 0;
  let waived = 0;
  let failing = 0;
  for (const f of report.findings) {
    if (isWaived(f)) {
      waived++;
      continue;
    }
    open++;
    bySeverity[f.severity]++;
    if (severityRank(f.severity) >= severityRank(failOn)) failing++;
  }
  return { open, waived, failing, bySeverity };
}

export interface ControlSummary {
  control: string;
  /** Checks (that ran) mapped to the control. */
  checks: string[];
  /** Open findings under the control. */
  findings: number;
  waived: number;
  /** Worst open severity, if any. */
  worst?: Severity;
}

/** Per control: the checks mapped to it and their open and waived findings, sorted by control id. */
export function controlSummary(report: ScanReport): ControlSummary[] {
  const map = new Map<string, ControlSummary>();
  const get = (c: string) => {
    let s = map.get(c);
    if (!s) map.set(c, (s = { control: c, checks: [], findings: 0, waived: 0 }));
    return s;
  };
  for (const ch of report.checks) for (const c of ch.controls) if (!get(c).checks.includes(ch.id)) get(c).checks.push(ch.id);
  for (const f of report.findings) {
    for (const c of f.controls) {
      const s = get(c);
      if (!s.checks.includes(f.checkId)) s.checks.push(f.checkId);
      if (isWaived(f)) s.waived++;
      else {
        s.findings++;
        if (!s.worst || severityRank(f.severity) > severityRank(s.worst)) s.worst = f.severity;
      }
    }
  }
  for (const s of map.values()) s.checks.sort(cmp);
  return [...map.values()].sort((a, b) => cmp(a.control, b.control));
}

/** Check metadata by id, with a stand-in for findings of checks missing from report.checks. */
export function checkIndex(report: ScanReport): Map<string, CheckMeta> {
  const idx = new Map(report.checks.map((c) => [c.id, c]));
  for (const f of report.findings) {
    if (!idx.has(f.checkId)) {
      idx.set(f.checkId, {
        id: f.checkId,
        title: f.title,
        description: f.title,
        severity: f.severity,
        controls: f.controls,
        remediation: f.remediation ?? "",
        kinds: [f.resource.kind],
        package: "",
      });
    }
  }
  return idx;
}

/** `file:line` of a finding (relative to root), or "" when it has no file. */
export function locationText(f: Finding, root?: string): string {
  if (!f.location?.file) return "";
  const line = f.location.line !== undefined ? `:${f.location.line}` : "";
  return `${relPath(f.location.file, root)}${line}`;
}
