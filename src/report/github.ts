// `--format github`: GitHub Actions workflow commands, one annotation per finding and per unreadable
// input (`::error file=...,line=...,col=...,title=...::message`). Open critical/high findings are
// errors, medium warnings, low/info notices; waived findings are notices marked as waived.
import { isWaived, type Finding } from "../engine/finding.js";
import { counts, DEFAULT_FAIL_ON, relPath, resourceLabel, sortFindings, type RenderOptions, type ScanReport } from "./model.js";

/** Escapes a workflow command message (as @actions/core does). */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command property value: also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function workflowCommand(command: "error" | "warning" | "notice", props: Record<string, string | number | undefined>, message: string): string {
  const p = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(",");
  return `::${command}${p ? ` ${p}` : ""}::${escapeData(message)}`;
}

function level(f: Finding): "error" | "warning" | "notice" {
  if (isWaived(f)) return "notice";
  return f.severity === "critical" || f.severity === "high" ? "error" : f.severity === "medium" ? "warning" : "notice";
}

export function renderGithub(report: ScanReport, opts: RenderOptions = {}): string {
  const root = opts.root;
  const lines: string[] = [];
  for (const f of sortFindings(report.findings)) {
    const waived = isWaived(f);
    const title = `${waived ? "Waived: " : ""}${f.checkId} (${f.severity}) ${f.title}`;
    let msg = `${resourceLabel(f.resource)}: ${f.message}`;
    if (f.location?.path) msg += `\nField: ${f.location.path}`;
    if (f.controls.length) msg += `\nControls: ${f.controls.join(", ")}`;
    if (waived) msg += `\nWaived by exception ${f.waiver!.exceptionId} (approved by ${f.waiver!.approver}, expires ${f.waiver!.expires}): ${f.waiver!.justification}`;
    else if (f.waiver?.status === "expired") msg += `\nException ${f.waiver.exceptionId} expired on ${f.waiver.expires}; the finding stands.`;
    if (!waived && f.remediation) msg += `\nRemediation: ${f.remediation}`;
    const props: Record<string, string | number | undefined> = {};
    if (f.location?.file) {
      props.file = relPath(f.location.file, root);
      props.line = f.location.line;
      props.col = f.location.line !== undefined ? f.location.column : undefined;
    }
    props.title = title;
    lines.push(workflowCommand(level(f), props, msg));
  }
  for (const e of report.errors) {
    lines.push(workflowCommand("error", { file: relPath(e.file, root), line: e.line, col: e.line !== undefined ? e.column : undefined, title: "Evident: input could not be read" }, e.message));
  }
  const n = counts(report);
  const failOn = report.failOn ?? DEFAULT_FAIL_ON;
  const summary = `Evident: ${n.open} finding(s), ${n.failing} at or above ${failOn}, ${n.waived} waived, ${report.errors.length} input error(s)`;
  lines.push(workflowCommand(n.failing > 0 || report.errors.length > 0 ? "error" : "notice", { title: "Evident scan" }, summary));
  return lines.join("\n") + "\n";
}
