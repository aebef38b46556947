// Exceptions file: validation with errors naming the entry, field and line; matching by check glob and
// resource matcher per kind; waived (kept) vs expired (the finding stands).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyExceptions, exceptionMatches, globMatch, loadExceptions, parseExceptions, type ExceptionEntry } from "../../src/engine/exceptions.js";
import { isWaived, type Finding, type ResourceRef } from "../../src/engine/finding.js";

const FILE = `# Documented deviations (GxP), reviewed quarterly
exceptions:
  - id: DEV-2025-014
    check: K8S-PRIVILEGED-*
    resource:
      kind: DaemonSet
      namespace: gpu-operator
      name: nvidia-*
    justification: NVIDIA driver DaemonSet needs privileged mode; the GPU node pool is isolated.
    approver: qa-lead@acme.example
    expires: 2025-12-31
    ticket: CAPA-1234
  - id: DEV-2025-020
    check: TF-S3-*
    resource:
      address: module.logs.aws_s3_bucket.this*
    justification: Access-log bucket; object lock handled by the central archive.
    approver: ciso@acme.example
    expires: 2025-03-31
  - id: DEV-2025-031
    check: CT-ROOT-ACTIVITY
    resource:
      eventName: ConsoleLogin
      actor: arn:aws:iam::123456789012:root
    justification: Break-glass drill, ticket INC-77.
    approver: ciso@acme.example
    expires: 2025-06-30
  - id: DEV-2025-040
    check: CFG-KMS-ROTATION
    resource:
      resourceType: AWS::KMS::Key
      resourceId: 0f1e2d3c-*
    justification: External key material cannot be rotated automatically.
    approver: qa-lead@acme.example
    expires: 2026-01-31
`;

function finding(checkId: string, resource: ResourceRef, severity: Finding["severity"] = "high"): Finding {
  return { checkId, title: checkId, severity, controls: ["hipaa:164.312(a)(1)"], message: "m", resource };
}

const k8s = (objectKind: string, namespace: string, name: string): ResourceRef => ({ kind: "kubernetes", apiVersion: "apps/v1", objectKind, namespace, name });

describe("parseExceptions", () => {
  it("reads valid entries with their source line", () => {
    const r = parseExceptions(FILE, "exceptions.yaml");
    expect(r.errors).toEqual([]);
    expect(r.exceptions.map((e) => e.id)).toEqual(["DEV-2025-014", "DEV-2025-020", "DEV-2025-031", "DEV-2025-040"]);
    expect(r.exceptions[0]).toMatchObject({ check: "K8S-PRIVILEGED-*", expires: "2025-12-31", ticket: "CAPA-1234", source: { file: "exceptions.yaml", line: 3 } });
    expect(r.exceptions[1]!.source!.line).toBe(13);
  });

  it("accepts a bare list and an empty file", () => {
    const list = parseExceptions("- id: A\n  check: X\n  resource: {address: a}\n  justification: j\n  approver: p\n  expires: 2030-01-01\n", "l.yaml");
    expect(list.errors).toEqual([]);
    expect(list.exceptions).toHaveLength(1);
    expect(parseExceptions("# nothing yet\n", "e.yaml")).toEqual({ exceptions: [], errors: [] });
  });

  it("errors name the entry, the field and the line; invalid entries are left out, valid ones kept", () => {
    const text = `exceptions:
  - id: OK-1
    check: X
    resource: {address: aws_s3_bucket.a}
    justification: fine
    approver: a@b.c
    expires: 2030-01-01
  - id: BAD-DATE
    check: X
    resource: {address: aws_s3_bucket.b}
    justification: fine
    approver: a@b.c
    expires: 2025-02-30
  - id: NO-APPROVER
    check: X
    resource: {address: aws_s3_bucket.c}
    justification: fine
    expires: 2030-01-01
  - id: TYPO
    check: X
    resource: {adress: aws_s3_bucket.d}
    justification: fine
    approver: a@b.c
    expires: 2030-01-01
  - id: MIXED
    check: X
    resource: {address: aws_s3_bucket.e, namespace: default}
    justification: fine
    approver: a@b.c
    expires: 2030-01-01
  - id: OK-1
    check: Y
    resource: {address: aws_s3_bucket.f}
    justification: fine
    approver: a@b.c
    expires: 31/12/2030
`;
    const r = parseExceptions(text, "ex.yaml");
    expect(r.exceptions.map((e) => e.id)).toEqual(["OK-1"]);
    const msgs = r.errors.map((e) => `${e.line}: ${e.message}`);
    expect(msgs).toEqual([
      "13: exceptions[1] (BAD-DATE): expires: must be a real date written YYYY-MM-DD",
      "14: exceptions[2] (NO-APPROVER): approver: is required",
      "21: exceptions[3] (TYPO): resource.adress: is not a known field (resource fields: kind, namespace, name, apiVersion, address, eventName, eventSource, actor, resourceType, resourceId, accountId, region)",
      "27: exceptions[4] (MIXED): resource: mixes kubernetes and terraform fields; one exception matches one kind of resource",
      "36: exceptions[5] (OK-1): expires: must be a real date written YYYY-MM-DD",
    ]);
    expect(r.errors.every((e) => e.file === "ex.yaml")).toBe(true);
  });

  it("duplicate ids and YAML syntax errors", () => {
    const dup = parseExceptions("- {id: A, check: X, resource: {address: a}, justification: j, approver: p, expires: 2030-01-01}\n- {id: A, check: Y, resource: {address: b}, justification: j, approver: p, expires: 2030-01-01}\n", "d.yaml");
    expect(dup.exceptions).toHaveLength(1);
    expect(dup.errors.map((e) => e.message)).toEqual(["entry [1] (A): id: duplicates exceptions[0]"]);
    const bad = parseExceptions("exceptions:\n  - id: [\n", "s.yaml");
    expect(bad.exceptions).toEqual([]);
    expect(bad.errors[0]!.message).toMatch(/^invalid YAML/);
    expect(bad.errors[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it("loadExceptions reads a file and reports a missing one", async () => {
    const d = mkdtempSync(join(tmpdir(), "evident-ex-"));
    try {
      writeFileSync(join(d, "ex.yaml"), FILE);
      expect((await loadExceptions(join(d, "ex.yaml"))).exceptions).toHaveLength(4);
      expect((await loadExceptions(join(d, "none.yaml"))).errors).toEqual([{ file: join(d, "none.yaml"), message: "exceptions file not found" }]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe("matching", () => {
  const ex = parseExceptions(FILE, "e.yaml").exceptions;
  const byId = (id: string) => ex.find((e) => e.id === id)!;

  it("globs: * spans dots and slashes, ? one character, the rest literal", () => {
    expect(globMatch("module.logs.*", 'module.logs.aws_s3_bucket.this["a/b"]')).toBe(true);
    expect(globMatch("nvidia-?", "nvidia-1")).toBe(true);
    expect(globMatch("nvidia-?", "nvidia-12")).toBe(false);
    expect(globMatch("aws_s3_bucket.b[0]", "aws_s3_bucket.b[0]")).toBe(true);
    expect(globMatch("aws_s3_bucket.b[0]", "aws_s3_bucket.b0")).toBe(false);
    expect(globMatch("a.b", "aXb")).toBe(false);
  });

  it("kubernetes: kind, namespace and name all have to match", () => {
    const e = byId("DEV-2025-014");
    expect(exceptionMatches(e, finding("K8S-PRIVILEGED-CONTAINERS", k8s("DaemonSet", "gpu-operator", "nvidia-driver-daemonset")))).toBe(true);
    expect(exceptionMatches(e, finding("K8S-PRIVILEGED-CONTAINERS", k8s("DaemonSet", "default", "nvidia-driver-daemonset")))).toBe(false);
    expect(exceptionMatches(e, finding("K8S-PRIVILEGED-CONTAINERS", k8s("Deployment", "gpu-operator", "nvidia-x")))).toBe(false);
    expect(exceptionMatches(e, finding("K8S-HOST-PATH", k8s("DaemonSet", "gpu-operator", "nvidia-x")))).toBe(false);
    // a matcher of one kind never matches a resource of another
    expect(exceptionMatches(e, finding("K8S-PRIVILEGED-CONTAINERS", { kind: "terraform", address: "nvidia-x" }))).toBe(false);
  });

  it("terraform, cloudtrail and aws-config matchers", () => {
    expect(exceptionMatches(byId("DEV-2025-020"), finding("TF-S3-OBJECT-LOCK", { kind: "terraform", address: "module.logs.aws_s3_bucket.this[0]", type: "aws_s3_bucket" }))).toBe(true);
    expect(exceptionMatches(byId("DEV-2025-020"), finding("TF-S3-OBJECT-LOCK", { kind: "terraform", address: "module.data.aws_s3_bucket.this[0]" }))).toBe(false);
    const ct: ResourceRef = { kind: "cloudtrail", eventID: "1", eventName: "ConsoleLogin", actor: "arn:aws:iam::123456789012:root" };
    expect(exceptionMatches(byId("DEV-2025-031"), finding("CT-ROOT-ACTIVITY", ct))).toBe(true);
    expect(exceptionMatches(byId("DEV-2025-031"), finding("CT-ROOT-ACTIVITY", { ...ct, eventName: "CreateAccessKey" }))).toBe(false);
    const cfg: ResourceRef = { kind: "aws-config", resourceType: "AWS::KMS::Key", resourceId: "0f1e2d3c-1111-2222" };
    expect(exceptionMatches(byId("DEV-2025-040"), finding("CFG-KMS-ROTATION", cfg))).toBe(true);
    expect(exceptionMatches(byId("DEV-2025-040"), finding("CFG-KMS-ROTATION", { ...cfg, resourceType: "AWS::S3::Bucket" }))).toBe(false);
  });
});

describe("applyExceptions", () => {
  const ex = parseExceptions(FILE, "e.yaml").exceptions;
  const findings = [
    finding("K8S-PRIVILEGED-CONTAINERS", k8s("DaemonSet", "gpu-operator", "nvidia-driver")),
    finding("TF-S3-OBJECT-LOCK", { kind: "terraform", address: "module.logs.aws_s3_bucket.this" }),
    finding("K8S-PRIVILEGED-CONTAINERS", k8s("Deployment", "phi", "api")),
  ];

  it("active exceptions waive (the finding is kept and marked); others are untouched", () => {
    const r = applyExceptions(findings, ex, new Date("2025-03-31T23:59:59Z"));
    expect(r.findings).toHaveLength(3);
    expect(r.findings[0]!.waiver).toEqual({ exceptionId: "DEV-2025-014", justification: expect.stringContaining("NVIDIA"), approver: "qa-lead@acme.example", expires: "2025-12-31", status: "active" });
    // in force through its expiry day
    expect(r.findings[1]!.waiver!.status).toBe("active");
    expect(r.findings[2]!.waiver).toBeUndefined();
    expect(r.findings.map(isWaived)).toEqual([true, true, false]);
    // inputs are not mutated
    expect(findings.every((f) => f.waiver === undefined)).toBe(true);
    expect(r.expired).toEqual([]);
    expect(r.unused.map((e) => e.id)).toEqual(["DEV-2025-031", "DEV-2025-040"]);
  });

  it("expired exceptions stop applying: the finding stands, carries the expired waiver, and is reported", () => {
    const r = applyExceptions(findings, ex, new Date("2025-04-01T00:00:00Z"));
    expect(r.findings[1]!.waiver).toMatchObject({ exceptionId: "DEV-2025-020", status: "expired" });
    expect(isWaived(r.findings[1]!)).toBe(false);
    expect(isWaived(r.findings[0]!)).toBe(true);
    expect(r.expired.map((e) => e.id)).toEqual(["DEV-2025-020"]);
  });

  it("an active exception wins over an expired one matching the same finding", () => {
    const later: ExceptionEntry = { ...ex[1]!, id: "DEV-2025-099", expires: "2027-01-01" };
    const r = applyExceptions([findings[1]!], [ex[1]!, later], new Date("2026-01-01T00:00:00Z"));
    expect(r.findings[0]!.waiver).toMatchObject({ exceptionId: "DEV-2025-099", status: "active" });
    expect(r.expired.map((e) => e.id)).toEqual(["DEV-2025-020"]);
  });

  it("a stale waiver on an input finding is cleared when no exception matches any more", () => {
    const stale: Finding = { ...findings[2]!, waiver: { exceptionId: "OLD", justification: "j", approver: "a", expires: "2030-01-01", status: "active" } };
    expect(applyExceptions([stale], ex, new Date("2025-01-01T00:00:00Z")).findings[0]!.waiver).toBeUndefined();
  });
});
