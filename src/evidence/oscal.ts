// The period as an OSCAL 1.1 assessment-results document: one result for the period, one observation
// and one finding per control (satisfied when no unwaived failure). Validated against the subset schema
// evidence/schemas/oscal-assessment-results.subset.schema.json at export and at verification.
import { randomUUID } from "node:crypto";
import type { Summary } from "./summary.js";

export const OSCAL_VERSION = "1.1.2";
export const EVIDENT_NS = "https://evident.dev/ns/oscal";

/** OSCAL control-id / target-id are tokens: "hipaa:164.312(b)" -> "hipaa_164.312_b_". */
export function oscalToken(controlId: string): string {
  const t = controlId.replace(/[^A-Za-z0-9._-]/g, "_");
  return /^[A-Za-z_]/.test(t) ? t : `_${t}`;
}

export interface OscalInput {
  title: string;
  period: { from: string; to: string };
  generatedAt: string;
  summary: Summary;
  recordsFiles: string[];
  policyBundles: { name: string; file: string; digest: string }[];
}

export function buildAssessmentResults(input: OscalInput): Record<string, unknown> {
  const planUuid = randomUUID();
  const observations: Record<string, unknown>[] = [];
  const findings: Record<string, unknown>[] = [];
  for (const c of input.summary.controls) {
    const obsUuid = randomUUID();
    const d = Object.entries(c.decisions)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    observations.push({
      uuid: obsUuid,
      title: `Automated evaluation of ${c.control}`,
      description: `${c.evaluated} decision(s) in scope of ${c.control}${d ? ` (${d})` : ""}; ${c.failures} failure(s), ${c.waived} waived finding(s).`,
      props: [
        { name: "control", ns: EVIDENT_NS, value: c.control },
        { name: "evaluated", ns: EVIDENT_NS, value: String(c.evaluated) },
        { name: "failures", ns: EVIDENT_NS, value: String(c.failures) },
        { name: "waived", ns: EVIDENT_NS, value: String(c.waived) },
      ],
      methods: ["TEST"],
      types: ["finding"],
      collected: input.period.to,
      "relevant-evidence": input.recordsFiles.map((f) => ({ href: f, description: "Hash-chained decision records (JSON Lines), covered by the bundle's signature." })),
    });
    findings.push({
      uuid: randomUUID(),
      title: `${c.control}${c.title ? ` ${c.title}` : ""}`,
      description: c.failures
        ? `${c.failures} unwaived failure(s) of checks mapped to ${c.control} in the period.`
        : `No unwaived failure of checks mapped to ${c.control} in the period${c.waived ? ` (${c.waived} finding(s) waived by documented exceptions)` : ""}.`,
      props: [{ name: "control", ns: EVIDENT_NS, value: c.control }],
      target: {
        type: "objective-id",
        "target-id": oscalToken(c.control),
        status: { state: c.failures ? "not-satisfied" : "satisfied" },
      },
      "related-observations": [{ "observation-uuid": obsUuid }],
    });
  }
  const result: Record<string, unknown> = {
    uuid: randomUUID(),
    title: `Evident automated assessment ${input.period.from} to ${input.period.to}`,
    description: "Decisions of the Evident admission webhook, CLI scans and scanner in the period, from the signed hash-chained decision log.",
    start: input.period.from,
    end: input.period.to,
    "reviewed-controls": {
      "control-selections": [
        input.summary.controls.length
          ? { "include-controls": input.summary.controls.map((c) => ({ "control-id": oscalToken(c.control) })) }
          : { "include-all": {} },
      ],
    },
  };
  if (observations.length) result.observations = observations;
  if (findings.length) result.findings = findings;
  return {
    "assessment-results": {
      uuid: randomUUID(),
      metadata: {
        title: input.title,
        "last-modified": input.generatedAt,
        version: input.generatedAt,
        "oscal-version": OSCAL_VERSION,
      },
      "import-ap": { href: `#${planUuid}` },
      results: [result],
      "back-matter": {
        resources: [
          {
            uuid: planUuid,
            title: "Assessment plan: the Evident policy bundles in force",
            description: "The checks evaluated are the policy bundles listed here; their digests are covered by the bundle's signature.",
            ...(input.policyBundles.length
              ? { rlinks: input.policyBundles.map((b) => ({ href: b.file, hashes: [{ algorithm: "SHA-256", value: b.digest.replace(/^sha256:/, "") }] })) }
              : {}),
          },
        ],
      },
    },
  };
}
