// `evident scan` end to end through the built CLI over real files, with the stable test checks
// (test/fixtures/policies, test/scan/fixtures/policies): exit codes and --fail-on, formats and
// outputs, SARIF against the SARIF 2.1.0 schema, JUnit well-formed, exceptions (waived, expired),
// data.inventory, evaluation errors, --data, usage errors.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { XMLValidator } from "fast-xml-parser";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, SARIF_SCHEMA } from "../shared.js";
import { hasStackTrace, runCli, tempDir, TEST_POLICY_FLAGS } from "./helpers.js";

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;
const tmp = tempDir("evident-scan-cli-");
afterAll(() => tmp.cleanup());

const K8S = join(ROOT, "examples/kubernetes");
const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: trainer
  namespace: ml-training
spec:
  containers:
    - name: pytorch
      image: pytorch/pytorch:2.3.0
      securityContext:
        privileged: true
`;
const COMPLIANT_POD = `apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: ml-training
spec:
  containers:
    - name: api
      image: registry.acme.example/api@sha256:${"a".repeat(64)}
      securityContext:
        privileged: false
`;
const STOP_LOGGING = JSON.stringify({
  Records: [
    {
      eventVersion: "1.09",
      userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/admin/j.doe", accountId: "111122223333" },
      eventTime: "2026-11-20T09:04:40Z",
      eventSource: "cloudtrail.amazonaws.com",
      eventName: "StopLogging",
      awsRegion: "eu-central-1",
      requestParameters: { name: "org-trail" },
      eventID: "0b0c0d0e-0000-4000-8000-000000000001",
      eventType: "AwsApiCall",
      recipientAccountId: "111122223333",
    },
  ],
});

function file(name: string, text: string): string {
  const p = join(tmp.dir, name);
  writeFileSync(p, text);
  return p;
}

interface JsonOut {
  scan: { result: string; failOn: string };
  findings: { checkId: string; severity: string; waived: boolean; waiver?: { exceptionId: string; status: string }; location?: { file: string; line?: number }; resource: Record<string, string> }[];
  errors: { file: string; line?: number; message: string }[];
  expiredExceptions: { id: string }[];
  inputs: { file: string; kind: string }[];
}

async function scanJson(args: string[]): Promise<{ code: number | null; json: JsonOut; stderr: string }> {
  const r = await runCli(["scan", ...TEST_POLICY_FLAGS, "--format", "json", ...args]);
  expect(hasStackTrace(r.stderr), r.stderr).toBe(false);
  return { code: r.code, json: JSON.parse(r.stdout) as JsonOut, stderr: r.stderr };
}

describe("evident scan: exit codes", () => {
  const priv = file("privileged-pod.yaml", PRIVILEGED_POD);
  const ok = file("compliant-pod.yaml", COMPLIANT_POD);
  const trail = file("stoplogging.json", STOP_LOGGING);

  it("exits 0 when nothing is at or above --fail-on, 1 when something is", async () => {
    const clean = await scanJson([ok]);
    expect(clean.code).toBe(0);
    expect(clean.json.findings).toEqual([]);
    expect(clean.json.scan.result).toBe("pass");

    const bad = await scanJson([priv, ok]);
    expect(bad.code).toBe(1);
    expect(bad.json.findings.map((f) => f.checkId)).toEqual(["TEST-PRIVILEGED"]);
    expect(bad.json.findings[0]!.location).toMatchObject({ file: expect.stringContaining("privileged-pod.yaml"), line: 11 });
  });

  it("--fail-on moves the threshold both ways (default high)", async () => {
    // a high finding does not fail at --fail-on critical
    expect((await scanJson([priv, "--fail-on", "critical"])).code).toBe(0);
    // a low finding: passes by default, fails at --fail-on low
    const low = await scanJson([trail]);
    expect(low.json.findings.map((f) => [f.checkId, f.severity])).toEqual([["TEST-CT-STOPLOGGING", "low"]]);
    expect(low.code).toBe(0);
    expect((await scanJson([trail, "--fail-on", "low"])).code).toBe(1);
    expect((await scanJson([trail, "--fail-on", "medium"])).code).toBe(0);
  });

  it("a broken input is reported after the rest is scanned, and wins: exit 2", async () => {
    const broken = file("broken.json", '{"Records": [ {"eventName": "StopLogging",, } ]}');
    const r = await scanJson([broken, priv]);
    expect(r.code).toBe(2);
    expect(r.json.scan.result).toBe("error");
    expect(r.json.findings.map((f) => f.checkId)).toEqual(["TEST-PRIVILEGED"]);
    expect(r.json.errors).toHaveLength(1);
    expect(r.json.errors[0]).toMatchObject({ file: expect.stringContaining("broken.json"), line: 1 });
    expect(r.stderr).toMatch(/broken\.json:1:\d+: invalid JSON/);
  });

  it("a document whose evaluation throws becomes an error entry; the other documents are still evaluated", async () => {
    const boom = join(ROOT, "test/scan/fixtures/inputs/boom.yaml");
    const r = await scanJson([boom, priv]);
    expect(r.code).toBe(2);
    expect(r.json.errors).toEqual([expect.objectContaining({ file: expect.stringContaining("boom.yaml"), message: expect.stringMatching(/evaluation failed \(ConfigMap lab\/boom\).*conflict/) })]);
    expect(r.json.findings.map((f) => f.checkId)).toEqual(["TEST-PRIVILEGED"]);
  });

  it("usage errors exit 2 with a one-line message", async () => {
    for (const args of [
      ["scan", "--format", "yaml", K8S],
      ["scan", "--fail-on", "severe", K8S],
      ["scan", "--format", "json", "--format", "sarif", K8S],
      ["scan", "--output", "a.txt", "--output", "b.txt", K8S],
      ["scan", "--bundle", join(tmp.dir, "missing.tar.gz"), K8S],
      ["scan", "--policies", join(tmp.dir, "no-such-dir"), K8S],
      ["scan", "--bogus-flag", K8S],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().length, args.join(" ")).toBeGreaterThan(0);
      expect(hasStackTrace(r.stderr), r.stderr).toBe(false);
      expect(r.stdout).toBe("");
    }
  });

  it("a policy that does not compile is a clear error, exit 2", async () => {
    const dir = join(tmp.dir, "badpolicy");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "x.rego"), "package evident.checks.kubernetes.x\n\nviolation contains msg if {\n  msg := undefined_var\n}\n");
    const r = await runCli(["scan", "--policies", dir, K8S]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/x\.rego:4:\d+: .*undefined_var/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});

describe("evident scan: formats and outputs", () => {
  it("writes several formats in one run: --output pairs in order, FORMAT=FILE, one format on stdout", async () => {
    const sarif = join(tmp.dir, "out/results.sarif");
    const junit = join(tmp.dir, "out/junit.xml");
    const md = join(tmp.dir, "out/summary.md");
    const r = await runCli([
      "scan", ...TEST_POLICY_FLAGS,
      "--format", "sarif", "--format", "junit", "--format", `markdown=${md}`, "--format", "github",
      "--output", sarif, "--output", junit,
      K8S, join(ROOT, "examples/terraform"),
    ]);
    expect(r.code).toBe(1);
    // github workflow commands on stdout, nothing else
    expect(r.stdout).toMatch(/^::error /m);
    expect(r.stdout.split("\n").filter(Boolean).every((l) => l.startsWith("::"))).toBe(true);
    expect(XMLValidator.validate(readFileSync(junit, "utf8"))).toBe(true);
    expect(readFileSync(md, "utf8")).toContain("TEST-K8S-PRIVILEGED-TEMPLATE");
    expect(r.stderr).toContain(`sarif -> ${sarif}`);

    const log = JSON.parse(readFileSync(sarif, "utf8")) as { runs: { results: { ruleId: string; locations?: unknown[]; partialFingerprints?: Record<string, string> }[]; tool: { driver: { rules: { id: string }[] } } }[] };
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, "utf8")) as object);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const results = log.runs[0]!.results;
    expect(results.map((x) => x.ruleId).sort()).toEqual(["TEST-K8S-PRIVILEGED-TEMPLATE", "TEST-TF-VERSIONING"]);
    expect(results.every((x) => x.locations?.length && x.partialFingerprints)).toBe(true);
  });

  it("defaults to the table on stdout, without colours when stdout is not a terminal", async () => {
    const r = await runCli(["scan", ...TEST_POLICY_FLAGS, K8S], { env: { NO_COLOR: "" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("TEST-K8S-PRIVILEGED-TEMPLATE");
    expect(r.stdout).toMatch(/FAILED: \d+ finding\(s\) at or above high/);
    expect(r.stdout).not.toContain("\x1b[");
    // no progress bar either: stderr is not a terminal
    expect(r.stderr).not.toContain("\r");
    expect(r.stderr).not.toContain("█");
  });
});

describe("evident scan: exceptions, data and inventory", () => {
  it("waives matching findings (reported, not dropped) and reports expired exceptions; the findings of expired ones stand", async () => {
    const ex = file(
      "exceptions.yaml",
      `exceptions:
  - id: DEV-2026-001
    check: TEST-K8S-PRIVILEGED-*
    resource: { kind: DaemonSet, namespace: gpu-operator, name: nvidia-* }
    justification: Driver DaemonSet on the isolated GPU pool.
    approver: qa-lead@acme.example
    expires: 2099-12-31
  - id: DEV-2024-009
    check: TEST-TF-*
    resource: { address: aws_s3_bucket.scratch }
    justification: Scratch bucket, synthetic data only.
    approver: ciso@acme.example
    expires: 2024-12-31
`,
    );
    const without = await scanJson([K8S, join(ROOT, "examples/terraform")]);
    const gpu = (j: JsonOut) => j.findings.find((f) => f.resource["objectKind"] === "DaemonSet")!;
    expect(gpu(without.json).waived).toBe(false);

    const r = await scanJson(["--exceptions", ex, K8S, join(ROOT, "examples/terraform")]);
    expect(r.json.findings.length).toBe(without.json.findings.length);
    expect(gpu(r.json)).toMatchObject({ waived: true, waiver: { exceptionId: "DEV-2026-001", status: "active" } });
    const tf = r.json.findings.find((f) => f.checkId === "TEST-TF-VERSIONING")!;
    expect(tf).toMatchObject({ waived: false, waiver: { exceptionId: "DEV-2024-009", status: "expired" } });
    expect(r.json.expiredExceptions.map((e) => e.id)).toEqual(["DEV-2024-009"]);
    expect(r.stderr).toContain("exception DEV-2024-009 (TEST-TF-*) expired on 2024-12-31");
    // the DaemonSet was the only high finding: waived, the scan passes
    expect(without.code).toBe(1);
    expect(without.json.findings.filter((f) => f.severity === "high")).toHaveLength(1);
    expect(r.code).toBe(0);
  });

  it("an invalid exceptions entry is an error naming file and line (exit 2); its findings stand", async () => {
    const ex = file("bad-exceptions.yaml", "exceptions:\n  - id: X-1\n    check: TEST-PRIVILEGED\n    resource: { kind: DaemonSet }\n    approver: qa@acme.example\n    expires: 2099-01-01\n");
    const r = await scanJson(["--exceptions", ex, K8S]);
    expect(r.code).toBe(2);
    expect(r.json.errors[0]).toMatchObject({ file: expect.stringContaining("bad-exceptions.yaml"), line: 2, message: expect.stringContaining("justification") });
    expect(r.json.findings.every((f) => !f.waived)).toBe(true);
  });

  it("gives the scanned Kubernetes objects to cross-object checks as data.inventory", async () => {
    const deploy = join(K8S, "inference-compliant.yaml");
    const alone = await scanJson([deploy]);
    expect(alone.json.findings.map((f) => f.checkId)).toEqual(["TEST-K8S-NETPOL"]);
    // with namespace.yaml (which holds the namespace's NetworkPolicies) the finding goes away
    const withNs = await scanJson([deploy, join(K8S, "namespace.yaml")]);
    expect(withNs.json.findings.map((f) => f.checkId)).toEqual([]);
  });

  it("--data merges into data (organisation settings under evident.config)", async () => {
    const dir = join(tmp.dir, "datapol");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "registry.rego"),
      `# METADATA
# title: Images come from approved registries
# custom:
#   id: TEST-REGISTRY
#   severity: high
#   kinds: [kubernetes]
package evident.checks.kubernetes.registry

violation contains {"msg": sprintf("image %s is not from an approved registry", [c.image])} if {
	some c in input.object.spec.containers
	not approved(c.image)
}

approved(image) if {
	some r in data.evident.config.approved_registries
	startswith(image, r)
}
`,
    );
    const pod = file("registry-pod.yaml", COMPLIANT_POD);
    const without = await runCli(["scan", "--policies", dir, "--format", "json", pod]);
    expect(without.code).toBe(1);
    const data = file("org.yaml", "evident:\n  config:\n    approved_registries: [registry.acme.example/]\n");
    const withData = await runCli(["scan", "--policies", dir, "--data", data, "--format", "json", pod]);
    expect(withData.code).toBe(0);
    const badData = file("bad-data.yaml", "evident: [unclosed\n");
    const bad = await runCli(["scan", "--policies", dir, "--data", badData, pod]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bad-data.yaml");
    expect(hasStackTrace(bad.stderr)).toBe(false);
  });
});

describe("evident scan: the evidence log", () => {
  it("appends one record per evaluated document; a second scan continues the same chain", async () => {
    const dir = join(tmp.dir, "evidence");
    const r1 = await runCli(["scan", ...TEST_POLICY_FLAGS, "--evidence-dir", dir, "--evidence-instance", "ci-runner-1", "--format", "json", K8S]);
    expect(r1.code).toBe(1);
    const docs = Number(/scanned (\d+) document/.exec(r1.stderr)![1]);
    expect(docs).toBeGreaterThan(5);
    expect(r1.stderr).toContain(`${docs} evidence record(s) appended`);
    const r2 = await runCli(["scan", ...TEST_POLICY_FLAGS, "--evidence-dir", dir, "--evidence-instance", "ci-runner-1", join(K8S, "gpu-operator.yaml")]);
    expect(r2.stderr).toContain("1 evidence record(s) appended");
    const chainDir = join(dir, "scan-ci-runner-1");
    expect(existsSync(chainDir)).toBe(true);
    const { readdirSync } = await import("node:fs");
    const lines = readdirSync(chainDir)
      .filter((f) => f.endsWith(".jsonl"))
      .flatMap((f) => readFileSync(join(chainDir, f), "utf8").split("\n").filter(Boolean))
      .map((l) => JSON.parse(l) as { seq: number; source: { type: string; instance: string }; decision: string; subject: { kind: string; reference: string; digest: string; content?: unknown }; findings: { check: string }[] });
    const recs = lines.filter((l) => l.seq !== undefined && l.subject);
    expect(recs.map((x) => x.seq)).toEqual(Array.from({ length: docs + 1 }, (_, i) => i + 1));
    expect(recs.every((x) => x.source.type === "scan" && x.source.instance === "ci-runner-1")).toBe(true);
    expect(recs.every((x) => /^sha256:[0-9a-f]{64}$/.test(x.subject.digest) && x.subject.content === undefined)).toBe(true);
    const priv = recs.find((x) => x.subject.reference.startsWith("DaemonSet gpu-operator/nvidia-driver-daemonset"))!;
    expect(priv.decision).toBe("fail");
    expect(priv.findings.map((f) => f.check)).toEqual(["TEST-K8S-PRIVILEGED-TEMPLATE"]);
    // no secret value of the manifests in the log
    expect(lines.map((l) => JSON.stringify(l)).join("\n")).not.toContain("wJalrXUtnFEMI");
  });
});

describe("evident scan --capabilities --builtins", () => {
  it("scans with checks that call an organisation's own builtin", async () => {
    const fixtures = join(ROOT, "test/fixtures/user-builtins");
    const { dir, cleanup } = tempDir("evident-user-builtins-");
    const podDoc = (name: string, image: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: lab}\nspec:\n  containers: [{name: c, image: "${image}"}]\n`;
    writeFileSync(join(dir, "pods.yaml"), podDoc("ext", "docker.io/nginx:1") + "---\n" + podDoc("int", "registry.acme.example/nginx:1"));
    const args = ["scan", "--policies", join(fixtures, "policies"), "--format", "json", join(dir, "pods.yaml")];
    const refused = await runCli(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("undefined function acme.registry_approved");
    const r = await runCli([...args, "--capabilities", join(fixtures, "capabilities.json"), "--builtins", join(fixtures, "builtins.mjs")]);
    expect(r.stderr).toContain("scanned 2 document(s) in 1 file(s) with 1 check(s): 1 finding(s), 0 waived, 0 error(s)");
    const findings = (JSON.parse(r.stdout) as { findings: { checkId: string; resource: { name: string } }[] }).findings;
    expect(findings.map((f) => [f.checkId, f.resource.name])).toEqual([["ACME-APPROVED-REGISTRY", "ext"]]);
    expect(r.code).toBe(1);
    cleanup();
  });
});
