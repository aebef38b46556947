// `--format junit`: one <testsuite> per check, one <testcase> per resource with findings (a <failure>
// for open findings, <skipped> when every finding on it is waived), one passing testcase for a check
// without findings, and an "evident.inputs" suite with an <error> per unreadable input.
import { isWaived, type Finding } from "../engine/finding.js";
import { checkIndex, relPath, resourceKey, resourceLabel, sortFindings, type RenderOptions, type ScanReport } from "./model.js";

// Characters XML 1.0 does not allow, even escaped.
const INVALID_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(s: string): string {
  return s
    .replace(INVALID_XML, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Attribute values: also keep line breaks and tabs (XML normalises literal ones to spaces). */
function attrEscape(s: string): string {
  return xmlEscape(s).replace(/\r/g, "&#13;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}

function attrs(a: Record<string, string | number | undefined>): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${attrEscape(String(v))}"`)
    .join("");
}

export function renderJunit(report: ScanReport, opts: RenderOptions = {}): string {
  const root = opts.root;
  const checks = [...checkIndex(report).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byCheck = new Map<string, Finding[]>();
  for (const f of sortFindings(report.findings)) {
    let l = byCheck.get(f.checkId);
    if (!l) byCheck.set(f.checkId, (l = []));
    l.push(f);
  }
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const c of checks) {
    const findings = byCheck.get(c.id) ?? [];
    // one testcase per resource (and file: the same address in two plans is two resources)
    const byResource = new Map<string, Finding[]>();
    for (const f of findings) {
      const k = `${f.location?.file ?? ""}\u0000${resourceKey(f.resource)}`;
      let l = byResource.get(k);
      if (!l) byResource.set(k, (l = []));
      l.push(f);
    }
    const cases: string[] = [];
    let sFail = 0;
    let sSkip = 0;
    for (const fs of byResource.values()) {
      const first = fs[0]!;
      const open = fs.filter((f) => !isWaived(f));
      const file = first.location?.file ? relPath(first.location.file, root) : undefined;
      const head = `<testcase${attrs({ classname: c.id, name: resourceLabel(first.resource), file, line: first.location?.line })}>`;
      if (open.length) {
        sFail++;
        const details = fs
          .map((f) => {
            const where = f.location?.file ? `${relPath(f.location.file, root)}${f.location.line !== undefined ? `:${f.location.line}` : ""}` : "";
            const path = f.location?.path ? ` (${f.location.path})` : "";
            const waived = isWaived(f) ? ` [waived by ${f.waiver!.exceptionId}]` : f.waiver?.status === "expired" ? ` [exception ${f.waiver.exceptionId} expired ${f.waiver.expires}]` : "";
            return `${f.severity.toUpperCase()} ${f.message}${waived}${where ? `\n  at ${where}${path}` : path}`;
          })
          .join("\n");
        const msg = open.length === 1 ? open[0]!.message : `${open.length} violations: ${open[0]!.message}`;
        cases.push(
          `    ${head}\n      <failure${attrs({ message: msg, type: open[0]!.severity })}>${xmlEscape(`${details}\n\nControls: ${c.controls.join(", ")}\nRemediation: ${c.remediation}`)}</failure>\n    </testcase>`,
        );
      } else {
        sSkip++;
        const w = first.waiver!;
        cases.push(`    ${head}\n      <skipped${attrs({ message: `waived by ${w.exceptionId} (approved by ${w.approver}, expires ${w.expires}): ${w.justification}` })}/>\n    </testcase>`);
      }
    }
    if (cases.length === 0) cases.push(`    <testcase${attrs({ classname: c.id, name: "no violations" })}/>`);
    tests += cases.length;
    failures += sFail;
    skipped += sSkip;
    const props = `    <properties>\n${[
      ["title", c.title],
      ["severity", c.severity],
      ["controls", c.controls.join(", ")],
    ]
      .map(([k, v]) => `      <property${attrs({ name: k, value: v })}/>`)
      .join("\n")}\n    </properties>`;
    suites.push(
      `  <testsuite${attrs({ name: c.id, tests: cases.length, failures: sFail, errors: 0, skipped: sSkip })}>\n${props}\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  if (report.errors.length) {
    const cases = report.errors.map((e) => {
      const file = relPath(e.file, root);
      const at = e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ""}` : "";
      return `    <testcase${attrs({ classname: "evident.inputs", name: file, file, line: e.line })}>\n      <error${attrs({ message: e.message, type: "InputError" })}>${xmlEscape(`${file}${at}: ${e.message}`)}</error>\n    </testcase>`;
    });
    tests += cases.length;
    suites.push(`  <testsuite${attrs({ name: "evident.inputs", tests: cases.length, failures: 0, errors: cases.length, skipped: 0 })}>\n${cases.join("\n")}\n  </testsuite>`);
  }
  const head = `<testsuites${attrs({ name: `${report.tool.name} ${report.tool.version}`, tests, failures, errors: report.errors.length, skipped })}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${head}\n${suites.join("\n")}\n</testsuites>\n`;
}
