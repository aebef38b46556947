// `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
// - tool.driver.rules: one per check (id, name, short/full description, help = remediation and
//   controls, properties.security-severity and tags with the control ids);
// - results: ruleId/ruleIndex, level, message, a physical location (repository-relative uri,
//   region.startLine) and a logical one (the resource), partialFingerprints "evident/v1";
//   findings waived by an active exception carry `suppressions` (external, accepted, justification);
// - inputs that could not be read or parsed: invocations[0].toolExecutionNotifications (level error)
//   and executionSuccessful false.
import { pathToFileURL } from "node:url";
import { isAbsolute, resolve } from "node:path";
import { isWaived, type CheckMeta, type Finding, type Severity } from "../engine/finding.js";
import { checkIndex, fingerprint, relPath, resourceKey, resourceLabel, sortFindings, type RenderOptions, type ScanReport } from "./model.js";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub's security-severity scale. */
export const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: undefined,
};

export type SarifLevel = "error" | "warning" | "note";

export function sarifLevel(s: Severity): SarifLevel {
  return s === "critical" || s === "high" ? "error" : s === "medium" ? "warning" : "note";
}

/** `evident.checks.kubernetes.privileged_containers` -> `PrivilegedContainers` (a rule name). */
function ruleName(c: CheckMeta): string {
  const last = c.package.split(".").pop() || c.id.toLowerCase().replace(/-/g, "_");
  return last
    .split(/[_\-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

function uriFor(file: string, root: string): { uri: string; uriBaseId?: string } {
  const rel = relPath(file, root);
  if (isAbsolute(rel)) return { uri: pathToFileURL(rel).href };
  return { uri: encodeURI(rel).replace(/#/g, "%23").replace(/\?/g, "%3F"), uriBaseId: "%SRCROOT%" };
}

function helpText(c: CheckMeta): { text: string; markdown: string } {
  const controls = c.controls.length ? c.controls.join(", ") : "none";
  const text = `${c.remediation || c.title}\n\nControls: ${controls}`;
  const markdown = `**Remediation:** ${c.remediation || c.title}\n\n**Controls:** ${c.controls.map((x) => `\`${x}\``).join(", ") || "none"}${c.description && c.description !== c.title ? `\n\n${c.description}` : ""}`;
  return { text, markdown };
}

export function toSarif(report: ScanReport, opts: RenderOptions = {}): Record<string, unknown> {
  const root = resolve(opts.root ?? process.cwd());
  const checks = [...checkIndex(report).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ruleIndex = new Map(checks.map((c, i) => [c.id, i]));
  const rules = checks.map((c) => {
    const props: Record<string, unknown> = {
      tags: ["security", "compliance", ...c.kinds, ...c.controls],
      precision: "very-high",
      "problem.severity": sarifLevel(c.severity) === "note" ? "recommendation" : sarifLevel(c.severity),
      severity: c.severity,
      controls: c.controls,
    };
    const ss = SECURITY_SEVERITY[c.severity];
    if (ss !== undefined) props["security-severity"] = ss;
    return {
      id: c.id,
      name: ruleName(c),
      shortDescription: { text: c.title },
      fullDescription: { text: c.description || c.title },
      help: helpText(c),
      defaultConfiguration: { level: sarifLevel(c.severity) },
      properties: props,
    };
  });

  const results = sortFindings(report.findings).map((f: Finding) => {
    const r: Record<string, unknown> = {
      ruleId: f.checkId,
      ruleIndex: ruleIndex.get(f.checkId),
      level: sarifLevel(f.severity),
      message: { text: `${resourceLabel(f.resource)}: ${f.message}` },
    };
    const loc: Record<string, unknown> = {
      logicalLocations: [{ name: resourceLabel(f.resource), fullyQualifiedName: resourceKey(f.resource), kind: "resource" }],
    };
    if (f.location?.file) {
      const region: Record<string, number> = { startLine: f.location.line ?? 1 };
      if (f.location.column !== undefined && f.location.line !== undefined) region.startColumn = f.location.column;
      loc.physicalLocation = { artifactLocation: uriFor(f.location.file, root), region };
    }
    r.locations = [loc];
    r.partialFingerprints = { "evident/v1": fingerprint(f) };
    const props: Record<string, unknown> = { severity: f.severity, controls: f.controls, resource: f.resource };
    if (f.location?.path) props.path = f.location.path;
    if (f.waiver) props.waiver = f.waiver;
    r.properties = props;
    if (isWaived(f)) {
      const w = f.waiver!;
      r.suppressions = [
        {
          kind: "external",
          status: "accepted",
          justification: `${w.justification} (exception ${w.exceptionId}, approved by ${w.approver}, expires ${w.expires})`,
          properties: { exceptionId: w.exceptionId, approver: w.approver, expires: w.expires },
        },
      ];
    }
    return r;
  });

  const notifications = report.errors.map((e) => {
    const n: Record<string, unknown> = {
      level: "error",
      message: { text: `${relPath(e.file, root)}: ${e.message}` },
      descriptor: { id: "EVIDENT-INPUT-ERROR" },
    };
    const region: Record<string, number> = {};
    if (e.line !== undefined) region.startLine = e.line;
    if (e.line !== undefined && e.column !== undefined) region.startColumn = e.column;
    const physicalLocation: Record<string, unknown> = { artifactLocation: uriFor(e.file, root) };
    if (region.startLine !== undefined) physicalLocation.region = region;
    n.locations = [{ physicalLocation }];
    return n;
  });

  const invocation: Record<string, unknown> = {
    executionSuccessful: report.errors.length === 0,
    toolExecutionNotifications: notifications,
  };
  if (report.startedAt) invocation.startTimeUtc = report.startedAt;
  if (report.finishedAt) invocation.endTimeUtc = report.finishedAt;

  const driver: Record<string, unknown> = {
    name: report.tool.name,
    version: report.tool.version,
    semanticVersion: /^[0-9]+\.[0-9]+\.[0-9]+/.test(report.tool.version) ? report.tool.version : undefined,
    rules,
  };
  if (report.tool.informationUri) driver.informationUri = report.tool.informationUri;
  if (driver.semanticVersion === undefined) delete driver.semanticVersion;

  const rootUri = pathToFileURL(root).href;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver },
        invocations: [invocation],
        originalUriBaseIds: { "%SRCROOT%": { uri: rootUri.endsWith("/") ? rootUri : `${rootUri}/` } },
        results,
        columnKind: "utf16CodeUnits",
      },
    ],
  };
}

export function renderSarif(report: ScanReport, opts: RenderOptions = {}): string {
  return JSON.stringify(toSarif(report, opts), null, 2) + "\n";
}
