// Output formats: SARIF validated against the SARIF 2.1.0 schema, JSON against our schema, JUnit is
// well-formed XML, GitHub workflow commands are escaped, Markdown carries the summaries, waived
// findings are shown as waived everywhere.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { CheckMeta, Finding } from "../../src/engine/finding.js";
import { escapeData, escapeProperty, FORMATS, fingerprint, render, shouldColor, toJsonReport, toSarif, type ScanReport } from "../../src/report/index.js";
import { ROOT, SARIF_SCHEMA } from "../shared.js";

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;

const CHECKS: CheckMeta[] = [
  {
    id: "K8S-PRIVILEGED-CONTAINERS",
    title: "Containers do not run privileged",
    description: "Privileged containers can reach the host and every PHI volume on it.",
    severity: "high",
    controls: ["hipaa:164.308(a)(3)(i)", "gxp-part11:11.10(d)"],
    remediation: "Set securityContext.privileged to false.",
    kinds: ["kubernetes"],
    package: "evident.checks.kubernetes.privileged_containers",
  },
  {
    id: "TF-S3-ENCRYPTION",
    title: "S3 buckets are encrypted with KMS",
    description: "Buckets holding GxP records use SSE-KMS.",
    severity: "critical",
    controls: ["hipaa:164.312(a)(2)(iv)"],
    remediation: "Add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm aws:kms.",
    kinds: ["terraform"],
    package: "evident.checks.terraform.s3_encryption",
  },
  {
    id: "CT-ROOT-ACTIVITY",
    title: "The root user is not used",
    description: "Root activity bypasses role-based access control.",
    severity: "medium",
    controls: ["hipaa:164.312(b)", "gxp-annex11:12.1"],
    remediation: "Use IAM roles; lock the root user away.",
    kinds: ["cloudtrail"],
    package: "evident.checks.cloudtrail.root_activity",
  },
  {
    id: "CFG-KMS-ROTATION",
    title: "KMS keys rotate",
    description: "Customer managed keys rotate yearly.",
    severity: "low",
    controls: ["hipaa:164.312(a)(2)(iv)"],
    remediation: "Enable key rotation.",
    kinds: ["aws-config"],
    package: "evident.checks.aws_config.kms_rotation",
  },
];

const NASTY = 'Container "app" runs privileged: 100% of hosts, a,b | <script>&x\r\nsecond line';

const FINDINGS: Finding[] = [
  {
    checkId: "K8S-PRIVILEGED-CONTAINERS",
    title: CHECKS[0]!.title,
    severity: "high",
    controls: CHECKS[0]!.controls,
    message: NASTY,
    resource: { kind: "kubernetes", apiVersion: "apps/v1", objectKind: "Deployment", namespace: "phi", name: "api" },
    location: { file: join(ROOT, "k8s/app, v1:prod.yaml"), line: 16, column: 11, path: "spec.template.spec.containers[0].securityContext.privileged" },
    remediation: CHECKS[0]!.remediation,
  },
  {
    checkId: "K8S-PRIVILEGED-CONTAINERS",
    title: CHECKS[0]!.title,
    severity: "high",
    controls: CHECKS[0]!.controls,
    message: 'Container "nvidia" runs privileged',
    resource: { kind: "kubernetes", apiVersion: "apps/v1", objectKind: "DaemonSet", namespace: "gpu-operator", name: "nvidia-driver" },
    location: { file: join(ROOT, "k8s/gpu.yaml"), line: 30 },
    waiver: { exceptionId: "DEV-2025-014", justification: "GPU node pool is isolated", approver: "qa-lead@acme.example", expires: "2025-12-31", status: "active" },
  },
  {
    checkId: "TF-S3-ENCRYPTION",
    title: CHECKS[1]!.title,
    severity: "critical",
    controls: CHECKS[1]!.controls,
    message: "Bucket has no server-side encryption configuration",
    resource: { kind: "terraform", address: 'module.data.aws_s3_bucket.this["raw"]', type: "aws_s3_bucket" },
    location: { file: join(ROOT, "plan.json"), line: 1, column: 5321 },
    waiver: { exceptionId: "DEV-2024-003", justification: "Migration", approver: "ciso@acme.example", expires: "2024-12-31", status: "expired" },
  },
  {
    checkId: "CT-ROOT-ACTIVITY",
    title: CHECKS[2]!.title,
    severity: "medium",
    controls: CHECKS[2]!.controls,
    message: "Root user signed in to the console",
    resource: { kind: "cloudtrail", eventID: "e-1", eventName: "ConsoleLogin", eventTime: "2024-02-01T10:00:00Z", actor: "arn:aws:iam::123456789012:root" },
    location: { file: join(ROOT, "logs/trail.json.gz") },
  },
];

const REPORT: ScanReport = {
  tool: { name: "evident", version: "0.1.0", informationUri: "https://github.com/acme/evident" },
  checks: CHECKS,
  findings: FINDINGS,
  errors: [
    { file: join(ROOT, "broken.yaml"), line: 5, column: 3, message: "invalid YAML: Map keys must be unique" },
    { file: join(ROOT, "huge.json"), message: "file is 1.0 GiB, larger than the 256 MiB limit" },
  ],
  inputs: [{ file: join(ROOT, "plan.json"), kind: "terraform", documents: 1 }],
  startedAt: "2025-05-01T10:00:00.000Z",
  finishedAt: "2025-05-01T10:00:02.500Z",
  failOn: "high",
  expiredExceptions: [{ id: "DEV-2024-003", check: "TF-S3-ENCRYPTION", approver: "ciso@acme.example", expires: "2024-12-31" }],
};

const CLEAN: ScanReport = { tool: { name: "evident", version: "0.1.0" }, checks: CHECKS, findings: [], errors: [] };

describe("render", () => {
  it("knows every format and renders each without throwing, clean or not", () => {
    expect([...FORMATS]).toEqual(["table", "json", "sarif", "junit", "github", "markdown"]);
    for (const f of FORMATS) {
      expect(render(f, REPORT, { root: ROOT }).length).toBeGreaterThan(0);
      expect(render(f, CLEAN, { root: ROOT }).length).toBeGreaterThan(0);
    }
    expect(() => render("xml" as never, REPORT)).toThrow(/unknown format/);
  });
});

describe("sarif", () => {
  const sarifSchema = JSON.parse(readFileSync(SARIF_SCHEMA, "utf8"));
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  const validate = ajv.compile(sarifSchema);

  it("validates against the SARIF 2.1.0 schema (with findings, waivers, input errors, and clean)", () => {
    for (const r of [REPORT, CLEAN]) {
      const doc = JSON.parse(render("sarif", r, { root: ROOT }));
      const ok = validate(doc);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("rules carry what GitHub code scanning reads", () => {
    const run = (toSarif(REPORT, { root: ROOT }) as any).runs[0];
    const rule = run.tool.driver.rules.find((r: any) => r.id === "K8S-PRIVILEGED-CONTAINERS");
    expect(rule).toMatchObject({
      name: "PrivilegedContainers",
      shortDescription: { text: "Containers do not run privileged" },
      fullDescription: { text: CHECKS[0]!.description },
      defaultConfiguration: { level: "error" },
    });
    expect(rule.help.text).toContain("Set securityContext.privileged to false.");
    expect(rule.help.text).toContain("hipaa:164.308(a)(3)(i)");
    expect(rule.properties.tags).toEqual(expect.arrayContaining(["security", "hipaa:164.308(a)(3)(i)", "gxp-part11:11.10(d)"]));
    const sev = Object.fromEntries(run.tool.driver.rules.map((r: any) => [r.id, r.properties["security-severity"]]));
    expect(sev).toEqual({ "CFG-KMS-ROTATION": "3.0", "CT-ROOT-ACTIVITY": "5.5", "K8S-PRIVILEGED-CONTAINERS": "8.0", "TF-S3-ENCRYPTION": "9.5" });
    expect(run.tool.driver).toMatchObject({ name: "evident", version: "0.1.0", informationUri: "https://github.com/acme/evident" });
  });

  it("results: rule, level, repository-relative location, fingerprints, suppressions for waived findings", () => {
    const run = (toSarif(REPORT, { root: ROOT }) as any).runs[0];
    expect(run.results).toHaveLength(4);
    const priv = run.results.find((r: any) => r.ruleId === "K8S-PRIVILEGED-CONTAINERS" && !r.suppressions);
    expect(priv.level).toBe("error");
    expect(run.tool.driver.rules[priv.ruleIndex].id).toBe("K8S-PRIVILEGED-CONTAINERS");
    expect(priv.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "k8s/app,%20v1:prod.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 16, startColumn: 11 } });
    expect(priv.message.text).toBe(`Deployment phi/api: ${NASTY}`);
    expect(priv.partialFingerprints["evident/v1"]).toBe(fingerprint(FINDINGS[0]!));
    const waived = run.results.find((r: any) => r.suppressions);
    expect(waived.suppressions).toEqual([
      expect.objectContaining({ kind: "external", status: "accepted", justification: expect.stringContaining("GPU node pool is isolated (exception DEV-2025-014") }),
    ]);
    // an expired exception does not suppress
    const tf = run.results.find((r: any) => r.ruleId === "TF-S3-ENCRYPTION");
    expect(tf.suppressions).toBeUndefined();
    expect(tf.properties.waiver.status).toBe("expired");
    // no line known: startLine 1 (GitHub needs a region)
    const ct = run.results.find((r: any) => r.ruleId === "CT-ROOT-ACTIVITY");
    expect(ct.locations[0].physicalLocation.region).toEqual({ startLine: 1 });
    expect(ct.level).toBe("warning");
  });

  it("unreadable inputs are tool execution notifications", () => {
    const inv = (toSarif(REPORT, { root: ROOT }) as any).runs[0].invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications).toHaveLength(2);
    expect(inv.toolExecutionNotifications[0]).toMatchObject({
      level: "error",
      message: { text: "broken.yaml: invalid YAML: Map keys must be unique" },
      locations: [{ physicalLocation: { artifactLocation: { uri: "broken.yaml" }, region: { startLine: 5, startColumn: 3 } } }],
    });
    expect((toSarif(CLEAN) as any).runs[0].invocations[0]).toMatchObject({ executionSuccessful: true, toolExecutionNotifications: [] });
  });

  it("fingerprints are stable across line moves and message changes, distinct across resources and files", () => {
    const f = FINDINGS[0]!;
    expect(fingerprint({ ...f, message: "other words", location: { ...f.location!, line: 99 } })).toBe(fingerprint(f));
    expect(fingerprint({ ...f, resource: { ...f.resource, name: "api2" } })).not.toBe(fingerprint(f));
    expect(fingerprint({ ...f, location: { ...f.location!, file: "k8s/other.yaml" } })).not.toBe(fingerprint(f));
    expect(fingerprint({ ...f, location: { ...f.location!, path: "spec.template.spec.containers[1].securityContext.privileged" } })).not.toBe(fingerprint(f));
  });
});

describe("json", () => {
  const schema = JSON.parse(readFileSync(join(ROOT, "src/report/schema/findings.schema.json"), "utf8"));
  const ajv = addFormats(new Ajv({ strict: true, allErrors: true }));
  const validate = ajv.compile(schema);

  it("validates against src/report/schema/findings.schema.json", () => {
    for (const r of [REPORT, CLEAN]) {
      const doc = JSON.parse(render("json", r, { root: ROOT }));
      validate(doc);
      expect(validate.errors ?? []).toEqual([]);
    }
  });

  it("expired exceptions passed as whole exception entries are reduced to the documented fields", () => {
    const entry = { id: "DEV-1", check: "X", approver: "a", expires: "2024-01-01", justification: "j", resource: { address: "a" }, source: { file: "e.yaml", line: 3 } };
    const doc = toJsonReport({ ...REPORT, expiredExceptions: [entry] });
    expect(doc.expiredExceptions).toEqual([{ id: "DEV-1", check: "X", approver: "a", expires: "2024-01-01", justification: "j" }]);
    validate(doc);
    expect(validate.errors ?? []).toEqual([]);
  });

  it("the schema rejects what it should (it is not a blanket accept)", () => {
    const doc = toJsonReport(REPORT, { root: ROOT }) as any;
    expect(validate({ ...doc, findings: [{ ...doc.findings[0], severity: "severe" }] })).toBe(false);
    expect(validate({ ...doc, extra: 1 })).toBe(false);
    const { summary: _s, ...noSummary } = doc;
    expect(validate(noSummary)).toBe(false);
  });

  it("summary, result and waived flags", () => {
    const doc = toJsonReport(REPORT, { root: ROOT });
    expect(doc.scan).toEqual({ failOn: "high", result: "error", startedAt: REPORT.startedAt, finishedAt: REPORT.finishedAt });
    expect(doc.summary).toMatchObject({ findings: 3, waived: 1, failing: 2, inputErrors: 2, bySeverity: { critical: 1, high: 1, medium: 1, low: 0, info: 0 } });
    expect(doc.findings.map((f) => [f.checkId, f.waived])).toEqual([
      ["TF-S3-ENCRYPTION", false],
      ["K8S-PRIVILEGED-CONTAINERS", false],
      ["K8S-PRIVILEGED-CONTAINERS", true],
      ["CT-ROOT-ACTIVITY", false],
    ]);
    expect(doc.findings[1]!.location!.file).toBe("k8s/app, v1:prod.yaml");
    const enc = doc.summary.byControl.find((c) => c.control === "hipaa:164.312(a)(2)(iv)")!;
    expect(enc).toEqual({ control: "hipaa:164.312(a)(2)(iv)", checks: ["CFG-KMS-ROTATION", "TF-S3-ENCRYPTION"], findings: 1, waived: 0, worst: "critical" });
    expect(toJsonReport({ ...REPORT, errors: [] }).scan.result).toBe("fail");
    expect(toJsonReport(CLEAN).scan.result).toBe("pass");
  });
});

describe("junit", () => {
  const xml = render("junit", REPORT, { root: ROOT });
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", htmlEntities: true, isArray: (name) => ["testsuite", "testcase", "property"].includes(name) }).parse(xml);

  it("is well-formed XML (also with control characters in messages)", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    const weird = { ...REPORT, findings: [{ ...FINDINGS[0]!, message: "bell\u0007 nul\u0000 esc\u001b ]]> done" }] };
    expect(XMLValidator.validate(render("junit", weird))).toBe(true);
    expect(XMLValidator.validate(render("junit", CLEAN))).toBe(true);
  });

  it("one testsuite per check, one testcase per resource, waived as skipped, input errors as errors", () => {
    const suites = parsed.testsuites.testsuite as any[];
    expect(suites.map((s) => s["@name"])).toEqual(["CFG-KMS-ROTATION", "CT-ROOT-ACTIVITY", "K8S-PRIVILEGED-CONTAINERS", "TF-S3-ENCRYPTION", "evident.inputs"]);
    const priv = suites[2];
    expect(priv.testcase.map((t: any) => t["@name"])).toEqual(["Deployment phi/api", "DaemonSet gpu-operator/nvidia-driver"]);
    expect(priv.testcase[0].failure["@message"]).toBe(NASTY);
    expect(priv.testcase[1].skipped["@message"]).toMatch(/^waived by DEV-2025-014/);
    expect(priv["@failures"]).toBe("1");
    expect(priv["@skipped"]).toBe("1");
    expect(suites[0].testcase).toEqual([{ "@classname": "CFG-KMS-ROTATION", "@name": "no violations" }]);
    expect(suites[4].testcase).toHaveLength(2);
    expect(suites[4].testcase[0].error["@message"]).toBe("invalid YAML: Map keys must be unique");
    expect(parsed.testsuites["@tests"]).toBe("7");
    expect(parsed.testsuites["@failures"]).toBe("3");
    expect(parsed.testsuites["@errors"]).toBe("2");
  });
});

describe("github", () => {
  it("escapes data and properties as the runner expects", () => {
    expect(escapeData("100% done\r\nnext")).toBe("100%25 done%0D%0Anext");
    expect(escapeProperty("a,b:c%\n")).toBe("a%2Cb%3Ac%25%0A");
  });

  it("one annotation per finding and input error, levels by severity, waived as notices", () => {
    const out = render("github", REPORT, { root: ROOT }).trimEnd().split("\n");
    expect(out).toHaveLength(4 + 2 + 1);
    // nothing unescaped can break a command onto a second line
    for (const l of out) expect(l.startsWith("::")).toBe(true);
    const priv = out.find((l) => l.includes("title=K8S-PRIVILEGED-CONTAINERS"))!;
    expect(priv.startsWith("::error file=k8s/app%2C v1%3Aprod.yaml,line=16,col=11,title=K8S-PRIVILEGED-CONTAINERS (high) Containers do not run privileged::")).toBe(true);
    expect(priv).toContain("100%25 of hosts, a,b | <script>&x%0D%0Asecond line");
    const waived = out.find((l) => l.includes("Waived%3A") || l.includes("title=Waived"))!;
    expect(waived.startsWith("::notice file=k8s/gpu.yaml,line=30,title=Waived%3A K8S-PRIVILEGED-CONTAINERS")).toBe(true);
    expect(out.find((l) => l.includes("CT-ROOT-ACTIVITY"))!.startsWith("::warning file=logs/trail.json.gz,title=")).toBe(true);
    expect(out.find((l) => l.includes("TF-S3-ENCRYPTION"))).toMatch(/^::error .*Exception DEV-2024-003 expired on 2024-12-31/);
    expect(out).toContain("::error file=broken.yaml,line=5,col=3,title=Evident%3A input could not be read::invalid YAML: Map keys must be unique");
    expect(out).toContain("::error file=huge.json,title=Evident%3A input could not be read::file is 1.0 GiB, larger than the 256 MiB limit");
    expect(out.at(-1)).toBe("::error title=Evident scan::Evident: 3 finding(s), 2 at or above high, 1 waived, 2 input error(s)");
    expect(render("github", CLEAN).trim()).toBe("::notice title=Evident scan::Evident: 0 finding(s), 0 at or above high, 0 waived, 0 input error(s)");
  });
});

describe("markdown", () => {
  const md = render("markdown", REPORT, { root: ROOT });

  it("verdict, summaries per severity and per control", () => {
    expect(md).toContain("❌ **Failed:** **2** finding(s) at or above **high**; **2** input(s) could not be read or parsed.");
    expect(md).toContain("| 🔴 critical | 1 | 0 |");
    expect(md).toContain("| 🟠 high | 1 | 1 |");
    expect(md).toContain("| `hipaa:164.312(a)(2)(iv)` | 🔴 critical | 1 | 0 | CFG-KMS-ROTATION, TF-S3-ENCRYPTION |");
    expect(md).toContain("| `gxp-annex11:12.1` | 🟡 medium | 1 | 0 | CT-ROOT-ACTIVITY |");
    expect(render("markdown", CLEAN)).toContain("✅ **Passed:** no open findings at or above **high**.");
  });

  it("findings table with escaped cells; waived findings listed separately", () => {
    const findings = md.slice(md.indexOf("### Findings (3)"), md.indexOf("<details>"));
    expect(findings).toContain("`K8S-PRIVILEGED-CONTAINERS`<br>Containers do not run privileged | Deployment phi/api | `k8s/app, v1:prod.yaml:16`");
    expect(findings).toContain('Container "app" runs privileged: 100% of hosts, a,b \\| &lt;script&gt;&amp;x<br>second line');
    expect(findings).not.toContain("nvidia-driver");
    expect(findings).toContain("⚠️ exception DEV-2024-003 expired 2024-12-31");
    const waived = md.slice(md.indexOf("<details><summary>Waived findings (1)</summary>"), md.indexOf("</details>"));
    expect(waived).toContain("| high | `K8S-PRIVILEGED-CONTAINERS` | DaemonSet gpu-operator/nvidia-driver | `DEV-2025-014` | qa-lead@acme.example | 2025-12-31 | GPU node pool is isolated |");
    expect(md).toContain("### Input errors (2)");
    expect(md).toContain("| `broken.yaml` | 5 | invalid YAML: Map keys must be unique |");
    expect(md).toContain("### Expired exceptions (1)");
  });

  it("long lists are cut at maxRows", () => {
    const many = { ...REPORT, findings: Array.from({ length: 30 }, (_, i) => ({ ...FINDINGS[3]!, resource: { ...FINDINGS[3]!.resource, eventID: `e${i}` } })) };
    const out = render("markdown", many, { maxRows: 10 });
    expect(out.match(/\| 🟡 medium \| `CT-ROOT-ACTIVITY`/g)).toHaveLength(10);
    expect(out).toContain("… and 20 more finding(s)");
  });
});

describe("table", () => {
  it("no ANSI codes unless asked; colours when asked", () => {
    const plain = render("table", REPORT, { root: ROOT });
    expect(plain).not.toMatch(/\x1b\[/);
    expect(render("table", REPORT, { root: ROOT, color: true })).toMatch(/\x1b\[31m/);
  });

  it("findings, the waived section, input errors, summary per control, verdict", () => {
    const t = render("table", REPORT, { root: ROOT });
    expect(t).toContain("CRITICAL TF-S3-ENCRYPTION  S3 buckets are encrypted with KMS");
    expect(t).toContain('module.data.aws_s3_bucket.this["raw"]  plan.json:1');
    expect(t).toContain("exception DEV-2024-003 expired on 2024-12-31; the finding stands");
    const waived = t.slice(t.indexOf("Waived findings (1)"));
    expect(waived).toContain("WAIVED by DEV-2025-014 (approved by qa-lead@acme.example, expires 2025-12-31): GPU node pool is isolated");
    expect(t.slice(0, t.indexOf("Waived findings"))).not.toContain("nvidia-driver");
    expect(t).toContain("  broken.yaml:5:3: invalid YAML: Map keys must be unique");
    expect(t).toMatch(/hipaa:164\.312\(a\)\(2\)\(iv\)\s+1\s+0\s+2/);
    expect(t.trimEnd().split("\n").at(-1)).toBe("FAILED: 2 finding(s) at or above high, 2 input error(s) (1 critical, 1 high, 1 medium)");
    expect(render("table", CLEAN).trimEnd().split("\n").at(-1)).toBe("PASSED: no findings at or above high");
  });

  it("shouldColor: TTY only, NO_COLOR and FORCE_COLOR respected", () => {
    expect(shouldColor({ isTTY: true }, {})).toBe(true);
    expect(shouldColor({ isTTY: false }, {})).toBe(false);
    expect(shouldColor(undefined, {})).toBe(false);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(shouldColor({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
  });
});
