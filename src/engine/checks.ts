// Check METADATA, read from the Rego sources of a bundle: the catalog id, severity, controls and
// remediation live in each check package's `# METADATA` block, not in the engine.
import type { Module } from "../rego/ast.js";
import { parseModule } from "../rego/parser.js";
import { type CheckMeta, INPUT_KINDS, type InputKind, SEVERITIES, type Severity } from "./finding.js";

export const CHECKS_PREFIX = ["evident", "checks"];

/** Package segment per input kind (`aws-config` is `aws_config` in Rego). */
export function kindSegment(kind: InputKind): string {
  return kind.replace(/-/g, "_");
}

function asStrings(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  if (typeof v === "string") return [v];
  return [];
}

/** The CheckMeta of every check package among the modules (`evident.checks.<kind>.<name>`). */
export function checksOf(modules: Module[]): CheckMeta[] {
  const out = new Map<string, CheckMeta>();
  for (const m of modules) {
    const p = m.package;
    if (p.length !== 4 || p[0] !== CHECKS_PREFIX[0] || p[1] !== CHECKS_PREFIX[1]) continue;
    const kind = INPUT_KINDS.find((k) => kindSegment(k) === p[2]);
    if (!kind) continue;
    const pkg = p.join(".");
    const ann = m.annotations.find((a) => a.scope === "package" || a.scope === "subpackages");
    const existing = out.get(pkg);
    if (existing && !ann) continue;
    const custom = ann?.custom ?? {};
    const severity = SEVERITIES.includes(custom["severity"] as Severity) ? (custom["severity"] as Severity) : "medium";
    const kinds = asStrings(custom["kinds"]).filter((k): k is InputKind => (INPUT_KINDS as readonly string[]).includes(k));
    out.set(pkg, {
      id: typeof custom["id"] === "string" ? custom["id"] : p[3]!,
      title: ann?.title ?? p[3]!,
      description: ann?.description ?? "",
      severity,
      controls: asStrings(custom["controls"]),
      remediation: typeof custom["remediation"] === "string" ? custom["remediation"] : "",
      kinds: kinds.length > 0 ? kinds : [kind],
      package: pkg,
    });
  }
  return [...out.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Parses Rego sources (e.g. a bundle's) only for their METADATA; sources that do not parse are skipped. */
export function checksOfSources(sources: Iterable<[string, string]>, regoVersion: 0 | 1 = 1): CheckMeta[] {
  const modules: Module[] = [];
  for (const [file, source] of sources) {
    try {
      modules.push(parseModule(source, file, { regoVersion }));
    } catch {
      // A source that does not parse cannot be a check of this bundle (the bundle compiled without it).
    }
  }
  return checksOf(modules);
}
