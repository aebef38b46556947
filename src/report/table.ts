// The default terminal output: findings grouped by severity, waived findings, input errors, a
// summary per control and the verdict. Colours (picocolors) only when asked (a TTY, see shouldColor).
import pc from "picocolors";
import { isWaived, type Finding, type Severity } from "../engine/finding.js";
import { checkIndex, controlSummary, counts, DEFAULT_FAIL_ON, locationText, relPath, resourceLabel, sortFindings, type RenderOptions, type ScanReport } from "./model.js";

type Colors = ReturnType<typeof pc.createColors>;

function sevColor(c: Colors, s: Severity): (t: string) => string {
  switch (s) {
    case "critical":
      return (t) => c.bold(c.red(t));
    case "high":
      return c.red;
    case "medium":
      return c.yellow;
    case "low":
      return c.cyan;
    default:
      return c.dim;
  }
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function indent(text: string, by: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => by + l)
    .join("\n");
}

export function renderTable(report: ScanReport, opts: RenderOptions = {}): string {
  const c = pc.createColors(opts.color === true);
  const root = opts.root;
  const out: string[] = [];
  const n = counts(report);
  const failOn = report.failOn ?? DEFAULT_FAIL_ON;
  const checks = checkIndex(report);
  const inputs = report.inputs?.length;
  out.push(
    c.bold(`${report.tool.name} ${report.tool.version}`) +
      c.dim(
        ` · ${report.checks.length} check(s)` +
          (inputs !== undefined ? ` · ${inputs} input file(s)` : "") +
          ` · ${n.open} finding(s)` +
          (n.waived ? ` · ${n.waived} waived` : "") +
          (report.errors.length ? ` · ${report.errors.length} input error(s)` : ""),
      ),
  );
  out.push("");

  const sorted = sortFindings(report.findings);
  const open = sorted.filter((f) => !isWaived(f));
  const waived = sorted.filter((f) => isWaived(f));
  const block = (f: Finding, waivedNote?: string) => {
    const sev = sevColor(c, f.severity)(pad(f.severity.toUpperCase(), 9));
    const title = checks.get(f.checkId)?.title ?? f.title;
    const lines = [`${sev}${c.bold(f.checkId)}  ${title}`];
    const loc = locationText(f, root);
    const path = f.location?.path ? c.dim(`  ${f.location.path}`) : "";
    lines.push(`         ${resourceLabel(f.resource)}${loc ? `  ${c.underline(loc)}` : ""}${path}`);
    lines.push(indent(f.message, "         "));
    if (f.controls.length) lines.push(c.dim(`         controls: ${f.controls.join(", ")}`));
    if (f.waiver?.status === "expired") {
      lines.push(c.yellow(`         exception ${f.waiver.exceptionId} expired on ${f.waiver.expires}; the finding stands`));
    }
    if (waivedNote) lines.push(c.dim(`         ${waivedNote}`));
    return lines.join("\n");
  };
  if (open.length === 0) out.push(c.green("No findings."));
  for (const f of open) {
    out.push(block(f));
    out.push("");
  }
  if (waived.length) {
    out.push(c.bold(`Waived findings (${waived.length})`));
    out.push("");
    for (const f of waived) {
      const w = f.waiver!;
      out.push(block(f, `WAIVED by ${w.exceptionId} (approved by ${w.approver}, expires ${w.expires}): ${w.justification}`));
      out.push("");
    }
  }
  if (report.errors.length) {
    out.push(c.bold(c.red(`Input errors (${report.errors.length})`)));
    for (const e of report.errors) {
      const at = e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ""}` : "";
      out.push(`  ${relPath(e.file, root)}${at}: ${e.message}`);
    }
    out.push("");
  }
  if (report.expiredExceptions?.length) {
    out.push(c.bold(c.yellow(`Expired exceptions (${report.expiredExceptions.length})`)));
    for (const e of report.expiredExceptions) out.push(`  ${e.id} (${e.check}) expired ${e.expires}, approver ${e.approver}`);
    out.push("");
  }

  const controls = controlSummary(report);
  if (controls.length) {
    out.push(c.bold("Summary by control"));
    const w = Math.max(7, ...controls.map((s) => s.control.length));
    out.push(c.dim(`  ${pad("CONTROL", w)}  ${pad("FINDINGS", 8)}  ${pad("WAIVED", 6)}  CHECKS`));
    for (const s of controls) {
      const f = s.findings ? sevColor(c, s.worst ?? "info")(pad(String(s.findings), 8)) : c.green(pad("0", 8));
      out.push(`  ${pad(s.control, w)}  ${f}  ${pad(String(s.waived), 6)}  ${s.checks.length}`);
    }
    out.push("");
  }
  const sevs = (Object.entries(n.bySeverity) as [Severity, number][]).filter(([, k]) => k > 0).map(([s, k]) => `${k} ${s}`);
  const problems: string[] = [];
  if (n.failing > 0) problems.push(`${n.failing} finding(s) at or above ${failOn}`);
  if (report.errors.length > 0) problems.push(`${report.errors.length} input error(s)`);
  const verdict = problems.length ? c.red(`FAILED: ${problems.join(", ")}`) : c.green(`PASSED: no findings at or above ${failOn}`);
  out.push(`${verdict}${sevs.length ? c.dim(` (${sevs.join(", ")})`) : ""}`);
  return out.join("\n") + "\n";
}
