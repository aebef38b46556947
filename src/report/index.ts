// The report stage: render(format, report) for every output format.
import { renderGithub } from "./github.js";
import { renderJson } from "./json.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown } from "./markdown.js";
import { renderSarif } from "./sarif.js";
import { renderTable } from "./table.js";
import type { RenderOptions, ScanReport } from "./model.js";

export type { ScanReport, RenderOptions, ExceptionSummary, ControlSummary, Counts } from "./model.js";
export { shouldColor, fingerprint, resourceLabel, resourceKey, sortFindings, counts, controlSummary, relPath, DEFAULT_FAIL_ON } from "./model.js";
export { toJsonReport, JSON_SCHEMA_VERSION, type JsonReport } from "./json.js";
export { toSarif, sarifLevel, SECURITY_SEVERITY } from "./sarif.js";
export { escapeData, escapeProperty, workflowCommand } from "./github.js";
export { xmlEscape } from "./junit.js";
export { mdCell } from "./markdown.js";

export const FORMATS = ["table", "json", "sarif", "junit", "github", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

const RENDERERS: Record<Format, (r: ScanReport, o: RenderOptions) => string> = {
  table: renderTable,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  github: renderGithub,
  markdown: renderMarkdown,
};

/** Renders the report in one format. Colours apply to `table` only, and only when opts.color is true. */
export function render(format: Format, report: ScanReport, opts: RenderOptions = {}): string {
  const r = RENDERERS[format];
  if (!r) throw new Error(`unknown format ${JSON.stringify(format)} (formats: ${FORMATS.join(", ")})`);
  return r(report, opts);
}
