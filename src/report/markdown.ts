// `--format markdown`: for a pull-request comment or $GITHUB_STEP_SUMMARY. Verdict, a summary table
// per severity and per control, the open findings, then waived findings separately, input errors and
// expired exceptions. Long lists are cut at maxRows (GitHub limits comments to 65,536 characters).
import { isWaived, SEVERITIES, type Finding } from "../engine/finding.js";
import { checkIndex, controlSummary, counts, DEFAULT_FAIL_ON, locationText, relPath, resourceLabel, sortFindings, type RenderOptions, type ScanReport } from "./model.js";

/** Escapes text for a Markdown table cell (pipes, newlines, HTML). */
export function mdCell(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, "<br>");
}

function code(s: string): string {
  return s ? `\`${s.replace(/`/g, "'")}\`` : "";
}

const ICON: Record<string, string> = { critical: "🔴", high: "🟠", medium: "🟡", low: "🔵", info: "⚪" };

export function renderMarkdown(report: ScanReport, opts: RenderOptions = {}): string {
  const root = opts.root;
  const maxRows = opts.maxRows ?? 200;
  const n = counts(report);
  const failOn = report.failOn ?? DEFAULT_FAIL_ON;
  const checks = checkIndex(report);
  const out: string[] = [];
  out.push(`## Evident compliance scan`);
  out.push("");
  const problems: string[] = [];
  if (n.failing) problems.push(`**${n.failing}** finding(s) at or above **${failOn}**`);
  if (report.errors.length) problems.push(`**${report.errors.length}** input(s) could not be read or parsed`);
  out.push(problems.length ? `❌ **Failed:** ${problems.join("; ")}.` : `✅ **Passed:** no open findings at or above **${failOn}**.`);
  out.push("");
  out.push(
    `${report.tool.name} ${report.tool.version} · ${report.checks.length} check(s)` +
      (report.inputs ? ` · ${report.inputs.length} input file(s)` : "") +
      ` · ${n.open} open finding(s) · ${n.waived} waived`,
  );
  out.push("");

  out.push("### Summary by severity");
  out.push("");
  out.push("| Severity | Open | Waived |");
  out.push("|---|---:|---:|");
  const waivedBySev = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<string, number>;
  for (const f of report.findings) if (isWaived(f)) waivedBySev[f.severity]!++;
  for (const s of SEVERITIES) out.push(`| ${ICON[s]} ${s} | ${n.bySeverity[s]} | ${waivedBySev[s]} |`);
  out.push("");

  const controls = controlSummary(report);
  if (controls.length) {
    out.push("### Summary by control");
    out.push("");
    out.push("| Control | Status | Open | Waived | Checks |");
    out.push("|---|---|---:|---:|---|");
    for (const c of controls) {
      const status = c.findings ? `${ICON[c.worst ?? "info"]} ${c.worst}` : "✅ pass";
      out.push(`| ${code(c.control)} | ${status} | ${c.findings} | ${c.waived} | ${mdCell(c.checks.join(", "))} |`);
    }
    out.push("");
  }

  const sorted = sortFindings(report.findings);
  const open = sorted.filter((f) => !isWaived(f));
  const waived = sorted.filter((f) => isWaived(f));
  const row = (f: Finding) => {
    const loc = locationText(f, root);
    const path = f.location?.path ? `<br>${code(f.location.path)}` : "";
    const expired = f.waiver?.status === "expired" ? `<br>⚠️ exception ${mdCell(f.waiver.exceptionId)} expired ${f.waiver.expires}` : "";
    return `| ${ICON[f.severity]} ${f.severity} | ${code(f.checkId)}<br>${mdCell(checks.get(f.checkId)?.title ?? f.title)} | ${mdCell(resourceLabel(f.resource))} | ${loc ? code(loc) : ""}${path} | ${mdCell(f.message)}${expired} |`;
  };
  if (open.length) {
    out.push(`### Findings (${open.length})`);
    out.push("");
    out.push("| Severity | Check | Resource | Location | Message |");
    out.push("|---|---|---|---|---|");
    for (const f of open.slice(0, maxRows)) out.push(row(f));
    if (open.length > maxRows) out.push(`\n_… and ${open.length - maxRows} more finding(s); see the SARIF or JSON report._`);
    out.push("");
  }
  if (waived.length) {
    out.push(`<details><summary>Waived findings (${waived.length})</summary>`);
    out.push("");
    out.push("| Severity | Check | Resource | Exception | Approver | Expires | Justification |");
    out.push("|---|---|---|---|---|---|---|");
    for (const f of waived.slice(0, maxRows)) {
      const w = f.waiver!;
      out.push(`| ${f.severity} | ${code(f.checkId)} | ${mdCell(resourceLabel(f.resource))} | ${code(w.exceptionId)} | ${mdCell(w.approver)} | ${w.expires} | ${mdCell(w.justification)} |`);
    }
    if (waived.length > maxRows) out.push(`\n_… and ${waived.length - maxRows} more._`);
    out.push("");
    out.push("</details>");
    out.push("");
  }
  if (report.errors.length) {
    out.push(`### Input errors (${report.errors.length})`);
    out.push("");
    out.push("| File | Line | Error |");
    out.push("|---|---:|---|");
    for (const e of report.errors.slice(0, maxRows)) out.push(`| ${code(relPath(e.file, root))} | ${e.line ?? ""} | ${mdCell(e.message)} |`);
    if (report.errors.length > maxRows) out.push(`\n_… and ${report.errors.length - maxRows} more._`);
    out.push("");
  }
  if (report.expiredExceptions?.length) {
    out.push(`### Expired exceptions (${report.expiredExceptions.length})`);
    out.push("");
    out.push("| Exception | Check | Approver | Expired |");
    out.push("|---|---|---|---|");
    for (const e of report.expiredExceptions) out.push(`| ${code(e.id)} | ${code(e.check)} | ${mdCell(e.approver)} | ${e.expires} |`);
    out.push("");
  }
  return out.join("\n");
}
