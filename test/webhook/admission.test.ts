// POST /v1/validate over real HTTPS: the shared AdmissionReview corpus, envelope errors, enforcement
// actions, exemptions, exceptions with expiry, dry runs, DELETE and CONNECT, readable denials,
// metrics, evidence records and logs.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvidenceRecord } from "../../src/evidence/index.js";
import { MAX_DENIAL_CHECKS, MAX_WARNING_CHARS, MAX_WARNINGS } from "../../src/webhook/review.js";
import { ROOT } from "../shared.js";
import { buildTestBundle, corpusFiles, createRequest, FIXTURE_POLICIES, pod, records, review, startTestServer, tempDir, type TestServer } from "./helpers.js";

const SECRET = "s3cr3t-value-never-logged";
const TOKEN = "never-recorded";

let bundle: string;
beforeAll(async () => {
  bundle = await buildTestBundle(FIXTURE_POLICIES, join(tempDir(), "bundle.tar.gz"), "fixtures-1");
});

function metricValue(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split("\n")) {
    if (!line.startsWith(name + "{")) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf("}"));
    if (Object.entries(labels).every(([k, v]) => body.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return 0;
}

describe("the admission corpus", () => {
  let s: TestServer;
  let evidenceDir: string;
  beforeAll(async () => {
    evidenceDir = join(tempDir(), "evidence");
    s = await startTestServer({ source: { bundle }, config: { evidence: { backend: "file", dir: evidenceDir, instance: "replica-a" } } });
  });
  afterAll(() => s.close());

  it("answers every AdmissionReview of ../shared with a well-formed response carrying its uid, in its own version", async () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThanOrEqual(30);
    const seen = { v1: 0, v1beta1: 0, CREATE: 0, UPDATE: 0, DELETE: 0, nullObject: 0, oldObject: 0, denied: 0 };
    for (const { file, value } of files) {
      const v = value as Record<string, unknown>;
      // bare AdmissionRequests (Kubewarden's test data) are sent wrapped, as the API server sends them
      const body = v["kind"] === "AdmissionReview" ? v : { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: v };
      const req = body["request"] as Record<string, unknown>;
      const r = await s.post(body);
      expect(r.status, `${file}: ${r.text}`).toBe(200);
      expect(r.body.apiVersion, file).toBe(body["apiVersion"]);
      expect(r.body.kind).toBe("AdmissionReview");
      expect(Object.keys(r.body).sort()).toEqual(["apiVersion", "kind", "response"]);
      expect(r.body.response.uid, file).toBe(typeof req["uid"] === "string" ? req["uid"] : "");
      expect(typeof r.body.response.allowed).toBe("boolean");
      expect(r.body.response.auditAnnotations.decision).toMatch(/^(allow|deny|warn|dryrun)$/);
      if (!r.body.response.allowed) {
        seen.denied++;
        expect(r.body.response.status.code).toBe(403);
        expect(r.body.response.status.message).toMatch(/^Evident denied /);
      }
      seen[body["apiVersion"] === "admission.k8s.io/v1" ? "v1" : "v1beta1"]++;
      const op = req["operation"] as string;
      if (op === "CREATE" || op === "UPDATE" || op === "DELETE") seen[op]++;
      if (req["object"] === null || (op === "DELETE" && req["object"] === undefined)) seen.nullObject++;
      if (req["oldObject"]) seen.oldObject++;
    }
    // the corpus holds what the brief promises, so the loop above covered it
    expect(seen.v1beta1).toBeGreaterThanOrEqual(3);
    expect(seen.UPDATE).toBeGreaterThanOrEqual(2);
    expect(seen.DELETE).toBeGreaterThanOrEqual(2);
    expect(seen.nullObject).toBeGreaterThanOrEqual(2);
    expect(seen.oldObject).toBeGreaterThanOrEqual(2);
    expect(seen.denied).toBeGreaterThan(0); // privileged containers in the corpus meet TEST-PRIVILEGED
    const recs = await waitForRecords(evidenceDir, files.length);
    expect(recs).toHaveLength(files.length);
  });

  it("answers a v1beta1 review in v1beta1, denying the corpus's privileged Pod", async () => {
    const file = join(corpusDir(), "gatekeeper-library/privileged-containers/psp-privileged-container/update.yaml");
    const body = parseYaml(readFileSync(file, "utf8")) as Record<string, unknown>;
    (body["request"] as Record<string, unknown>)["uid"] = "beta-1";
    const r = await s.post(body);
    expect(r.body.apiVersion).toBe("admission.k8s.io/v1beta1");
    expect(r.body.response).toMatchObject({ uid: "beta-1", allowed: false, status: { code: 403 } });
    expect(r.body.response.status.message).toContain('[TEST-PRIVILEGED high] container "nginx" runs privileged');
  });
});

function corpusDir(): string {
  return join(process.cwd(), "../shared/corpora/kubernetes/admissionreview");
}

async function waitForRecords(dir: string, n: number): Promise<EvidenceRecord[]> {
  for (let i = 0; i < 100; i++) {
    const r = await records(dir);
    if (r.length >= n) return r;
    await new Promise((res) => setTimeout(res, 20));
  }
  return records(dir);
}

describe("bodies that are not AdmissionReviews", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ source: { bundle } });
  });
  afterAll(() => s.close());

  it("malformed JSON gets 400 saying so", async () => {
    const r = await s.post('{"apiVersion": "admission.k8s.io/v1", "kind": ');
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/not valid JSON/);
  });

  it("a wrong API version gets 400 naming the versions served", async () => {
    const r = await s.post({ apiVersion: "admission.k8s.io/v2", kind: "AdmissionReview", request: { uid: "x", operation: "CREATE" } });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe(
      "not an AdmissionReview (admission.k8s.io/v1 or admission.k8s.io/v1beta1): body.apiVersion must be one of admission.k8s.io/v1, admission.k8s.io/v1beta1",
    );
  });

  it("other JSON gets 400 naming what is missing or wrong", async () => {
    const cases: [unknown, RegExp][] = [
      [{ apiVersion: "v1", kind: "Pod", metadata: { name: "x" } }, /body\.(request is required|apiVersion must be one of)/],
      [{ apiVersion: "admission.k8s.io/v1", kind: "ConversionReview", request: { uid: "x", operation: "CREATE" } }, /body\.kind must be "AdmissionReview"/],
      [{ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview" }, /body\.request is required/],
      [{ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: { uid: "x" } }, /body\.request\.operation is required/],
      [{ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: { uid: 7, operation: "CREATE" } }, /body\.request\.uid must be string/],
      [{ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: { uid: "x", operation: "CREATE", object: "pod" } }, /body\.request\.object must be object,null/],
      [[1, 2], /body must be object/],
      ["null", /body must be object|not an AdmissionReview/],
    ];
    for (const [body, re] of cases) {
      const r = await s.post(typeof body === "string" ? body : JSON.stringify(body));
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.message, JSON.stringify(body)).toMatch(/^not an AdmissionReview/);
      expect(r.body.message, JSON.stringify(body)).toMatch(re);
    }
  });

  it("a body over 3 MiB gets 413; one just under is evaluated", async () => {
    const big = (n: number) => {
      const p = pod("big");
      (p["metadata"] as Record<string, unknown>)["annotations"] = { filler: "x".repeat(n) };
      return JSON.stringify(review(createRequest(p)));
    };
    const base = big(0).length;
    const over = await s.post(big(3 * 1024 * 1024 - base + 1));
    expect(over.status).toBe(413);
    expect(over.body.message).toMatch(/3 MiB/);
    const under = await s.post(big(3 * 1024 * 1024 - base - 10));
    expect(under.status).toBe(200);
    expect(under.body.response.allowed).toBe(true);
  });

  it("a body that is not JSON at all gets 415", async () => {
    const { httpsCall } = await import("./helpers.js");
    const r = await httpsCall(s.port, s.ca.certPem, "POST", "/v1/validate", "apiVersion: admission.k8s.io/v1", { contentType: "application/yaml" });
    expect(r.status).toBe(415);
  });

  it("refused bodies are counted in the metrics", async () => {
    const m = await s.get("/metrics");
    expect(metricValue(m.text, "evident_webhook_bad_requests_total", { reason: "malformed_json" })).toBeGreaterThanOrEqual(1);
    expect(metricValue(m.text, "evident_webhook_bad_requests_total", { reason: "not_admission_review" })).toBeGreaterThanOrEqual(8);
    expect(metricValue(m.text, "evident_webhook_bad_requests_total", { reason: "too_large" })).toBe(1);
  });
});

describe("decisions", () => {
  let s: TestServer;
  let evidenceDir: string;
  let exceptionsFile: string;
  beforeAll(async () => {
    const dir = tempDir();
    evidenceDir = join(dir, "evidence");
    exceptionsFile = join(dir, "exceptions.yaml");
    writeFileSync(
      exceptionsFile,
      `exceptions:
  - id: DEV-1
    check: TEST-PRIVILEGED
    resource: {kind: Pod, namespace: gpu, name: "driver-*"}
    justification: The GPU driver needs privileged mode; the node pool is isolated.
    approver: qa-lead@example.com
    expires: 2999-12-31
  - id: DEV-OLD
    check: TEST-PRIVILEGED
    resource: {kind: Pod, namespace: gpu, name: "legacy-*"}
    justification: Expired deviation.
    approver: qa-lead@example.com
    expires: 2001-01-31
`,
    );
    s = await startTestServer({
      source: { bundle },
      config: {
        enforcement: {
          default: "deny",
          rules: [
            { namespaces: ["sandbox-*"], action: "dryrun" },
            { checks: ["TEST-LATEST-TAG"], namespaces: ["staging"], action: "warn" },
            { severities: ["low", "info"], action: "warn" },
          ],
        },
        exemptions: { namespaces: ["kube-system"], labels: [{ "evident.dev/exempt": "true" }] },
        exceptionsFile,
        evidence: { backend: "file", dir: evidenceDir, instance: "replica-b" },
      },
    });
  });
  afterAll(() => s.close());

  const lastRecord = async (uid: string) => {
    const all = await records(evidenceDir);
    return all.find((r) => r.subject.reference.includes(uid));
  };

  it("allows a clean object and records the allow", async () => {
    const body = review(createRequest(pod("clean")));
    const r = await s.post(body);
    expect(r.body.response).toMatchObject({ uid: (body["request"] as { uid: string }).uid, allowed: true });
    expect(r.body.response.warnings).toBeUndefined();
    expect(r.body.response.status).toBeUndefined();
    const rec = await lastRecord((body["request"] as { uid: string }).uid);
    expect(rec).toMatchObject({ decision: "allow", findings: [], source: { type: "webhook", instance: "replica-b" }, actor: { name: "alice@example.com", type: "user", groups: ["devs", "system:authenticated"] } });
    expect(r.body.response.auditAnnotations["evidence-record"]).toBe(rec!.id);
  });

  it("deny: 403 naming each failed check and why; warn-mode findings of the same request become warnings", async () => {
    const p = pod("bad", { privileged: true, image: "registry.example/app:latest" });
    delete ((p["spec"] as { containers: Record<string, unknown>[] }).containers[0]!)["resources"];
    const body = review(createRequest(p));
    const uid = (body["request"] as { uid: string }).uid;
    const r = await s.post(body);
    expect(r.body.response.allowed).toBe(false);
    expect(r.body.response.status.code).toBe(403);
    expect(r.body.response.status.message).toBe(
      'Evident denied Pod lab/bad: 2 checks failed: [TEST-PRIVILEGED high] container "c0" runs privileged; [TEST-LATEST-TAG medium] container "c0" uses image "registry.example/app:latest" tagged latest',
    );
    expect(r.body.response.warnings).toEqual(['TEST-NO-LIMITS: container "c0" has no resource limits']);
    expect(r.body.response.auditAnnotations).toMatchObject({ decision: "deny", "deny-checks": "TEST-LATEST-TAG,TEST-PRIVILEGED", "warn-checks": "TEST-NO-LIMITS", "bundle-revision": "fixtures-1" });
    const rec = await lastRecord(uid);
    expect(rec!.decision).toBe("deny");
    expect(rec!.findings.map((f) => f.check).sort()).toEqual(["TEST-LATEST-TAG", "TEST-NO-LIMITS", "TEST-PRIVILEGED"]);
    expect(rec!.subject.reference).toBe(`v1 Pod lab/bad (CREATE ${uid})`);
    expect(rec!.subject.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(rec!.bundle.revision).toBe("fixtures-1");
  });

  it("warn per check and namespace: admitted with a short warning", async () => {
    const r = await s.post(review(createRequest(pod("w", { namespace: "staging", image: "registry.example/app:latest" }))));
    expect(r.body.response.allowed).toBe(true);
    expect(r.body.response.warnings).toEqual(['TEST-LATEST-TAG: container "c0" uses image "registry.example/app:latest" tagged latest']);
    expect(r.body.response.auditAnnotations.decision).toBe("warn");
  });

  it("dryrun per namespace: admitted silently, recorded with its findings", async () => {
    const body = review(createRequest(pod("d", { namespace: "sandbox-1", privileged: true })));
    const r = await s.post(body);
    expect(r.body.response.allowed).toBe(true);
    expect(r.body.response.warnings).toBeUndefined();
    expect(r.body.response.auditAnnotations).toMatchObject({ decision: "dryrun", "dryrun-checks": "TEST-PRIVILEGED" });
    const rec = await lastRecord((body["request"] as { uid: string }).uid);
    expect(rec!.decision).toBe("dryrun");
    expect(rec!.findings.map((f) => f.check)).toEqual(["TEST-PRIVILEGED"]);
  });

  it("a dryRun request gets the real answer and is recorded as a dry run", async () => {
    const body = review(createRequest(pod("dr", { privileged: true }), { dryRun: true }));
    const r = await s.post(body);
    expect(r.body.response.allowed).toBe(false);
    expect(r.body.response.auditAnnotations["dry-run"]).toBe("true");
    const rec = await lastRecord((body["request"] as { uid: string }).uid);
    expect(rec!.decision).toBe("dryrun");
    expect(rec!.findings.map((f) => f.check)).toEqual(["TEST-PRIVILEGED"]);
  });

  it("exemptions by namespace and by label: never blocked, still evaluated and recorded", async () => {
    const ns = review(createRequest(pod("sys", { namespace: "kube-system", privileged: true })));
    const r1 = await s.post(ns);
    expect(r1.body.response.allowed).toBe(true);
    expect(r1.body.response.auditAnnotations).toMatchObject({ decision: "exempt", "exempt-reason": "namespace kube-system matches kube-system" });
    const lb = review(createRequest(pod("lbl", { labels: { "evident.dev/exempt": "true" }, privileged: true })));
    const r2 = await s.post(lb);
    expect(r2.body.response.allowed).toBe(true);
    expect(r2.body.response.auditAnnotations["exempt-reason"]).toBe("labels evident.dev/exempt=true");
    const other = review(createRequest(pod("lbl2", { labels: { "evident.dev/exempt": "false" }, privileged: true })));
    expect((await s.post(other)).body.response.allowed).toBe(false);
    const rec = await lastRecord((ns["request"] as { uid: string }).uid);
    expect(rec!.decision).toBe("dryrun");
    expect(rec!.findings.map((f) => f.check)).toEqual(["TEST-PRIVILEGED"]);
  });

  it("an exception in force waives the finding; an expired one does not", async () => {
    const ok = review(createRequest(pod("driver-nvidia", { namespace: "gpu", privileged: true })));
    const r1 = await s.post(ok);
    expect(r1.body.response.allowed).toBe(true);
    expect(r1.body.response.auditAnnotations).toMatchObject({ decision: "allow", "waived-checks": "TEST-PRIVILEGED" });
    const rec1 = await lastRecord((ok["request"] as { uid: string }).uid);
    expect(rec1!.decision).toBe("allow");
    expect(rec1!.findings[0]).toMatchObject({ check: "TEST-PRIVILEGED", waiver: "DEV-1" });
    expect(rec1!.exceptions).toEqual([
      { id: "DEV-1", justification: "The GPU driver needs privileged mode; the node pool is isolated.", approver: "qa-lead@example.com", expires: "2999-12-31", status: "active" },
    ]);

    const old = review(createRequest(pod("legacy-app", { namespace: "gpu", privileged: true })));
    const r2 = await s.post(old);
    expect(r2.body.response.allowed).toBe(false);
    expect(r2.body.response.status.message).toContain("TEST-PRIVILEGED");
    const rec2 = await lastRecord((old["request"] as { uid: string }).uid);
    expect(rec2!.decision).toBe("deny");
    expect(rec2!.findings[0]!.waiver).toBeUndefined();
    expect(rec2!.exceptions[0]).toMatchObject({ id: "DEV-OLD", status: "expired" });
  });

  it("DELETE with a null object is judged on oldObject", async () => {
    const protectedPod = pod("keep", { labels: { protected: "true" } });
    const body = review(createRequest(protectedPod, { operation: "DELETE", object: null, oldObject: protectedPod }));
    const r = await s.post(body);
    expect(r.body.response.allowed).toBe(false);
    expect(r.body.response.status.message).toBe("Evident denied Pod lab/keep: 1 check failed: [TEST-DELETE-PROTECTED critical] Pod keep is protected and cannot be deleted");
    const rec = await lastRecord((body["request"] as { uid: string }).uid);
    expect(rec!.subject.reference).toMatch(/^v1 Pod lab\/keep \(DELETE /);
    const free = review(createRequest(pod("free"), { operation: "DELETE", object: null, oldObject: pod("free") }));
    expect((await s.post(free)).body.response.allowed).toBe(true);
  });

  it("CONNECT (pods/exec) is evaluated: denied without break-glass, allowed with it", async () => {
    const execOptions = { kind: "PodExecOptions", apiVersion: "v1", stdin: true, tty: true, container: "app", command: ["/bin/sh"] };
    const connect = (groups: string[]) =>
      review({
        kind: { group: "", version: "v1", kind: "PodExecOptions" },
        resource: { group: "", version: "v1", resource: "pods" },
        subResource: "exec",
        name: "api-0",
        namespace: "phi-prod",
        operation: "CONNECT",
        userInfo: { username: "bob@example.com", groups },
        object: execOptions,
        oldObject: null,
        dryRun: false,
        options: null,
      });
    const denied = await s.post(connect(["devs"]));
    expect(denied.body.response.allowed).toBe(false);
    expect(denied.body.response.status.message).toContain("[TEST-EXEC medium] exec by bob@example.com into a pod of phi-prod needs the break-glass group");
    const allowed = await s.post(connect(["devs", "break-glass"]));
    expect(allowed.body.response.allowed).toBe(true);
    const rec = await lastRecord(denied.body.response.uid as string);
    expect(rec!.subject.reference).toContain("PodExecOptions/exec phi-prod/api-0 (CONNECT");
    expect(rec!.actor!.name).toBe("bob@example.com");
  });

  it("many failures stay readable: checks capped and summarised, warnings short and few", async () => {
    // TEST-ENV (deny) fires once per env var; TEST-NO-LIMITS (warn) once per container
    const p = pod("many", { labels: { "evident-test/env": "true" }, containers: 30 });
    for (const c of (p["spec"] as { containers: Record<string, unknown>[] }).containers) {
      c["env"] = Array.from({ length: 5 }, (_, i) => ({ name: `VAR_${i}_${"LONG".repeat(30)}`, value: SECRET }));
      delete c["resources"];
    }
    const r = await s.post(review(createRequest(p)));
    const msg = r.body.response.status.message as string;
    expect(msg).toMatch(/^Evident denied Pod lab\/many: 1 check failed: \[TEST-ENV high\] container "c\d+" sets VAR_\d_(LONG)+ literally \(\+149 more\)$/);
    expect(msg.length).toBeLessThan(400);
    expect(msg).not.toContain(SECRET);
    for (const w of r.body.response.warnings as string[]) expect(w.length).toBeLessThanOrEqual(MAX_WARNING_CHARS);
    expect(r.body.response.warnings).toEqual(['TEST-NO-LIMITS: container "c0" has no resource limits (+29)']);
  });

  it("metrics: requests by operation, decision and mode; violations per check; bundle revision", async () => {
    const m = await s.get("/metrics");
    expect(m.status).toBe(200);
    expect(m.headers["content-type"]).toMatch(/^text\/plain/);
    expect(metricValue(m.text, "evident_webhook_requests_total", { operation: "CREATE", decision: "deny", mode: "enforce" })).toBeGreaterThanOrEqual(2);
    expect(metricValue(m.text, "evident_webhook_requests_total", { operation: "CREATE", decision: "dryrun", mode: "exempt" })).toBe(2);
    expect(metricValue(m.text, "evident_webhook_requests_total", { operation: "CREATE", decision: "deny", mode: "dryrun" })).toBe(1);
    expect(metricValue(m.text, "evident_webhook_requests_total", { operation: "DELETE", decision: "deny", mode: "enforce" })).toBe(1);
    expect(metricValue(m.text, "evident_webhook_requests_total", { operation: "CONNECT", decision: "deny", mode: "enforce" })).toBe(1);
    expect(metricValue(m.text, "evident_webhook_violations_total", { check: "TEST-PRIVILEGED", severity: "high", action: "waived" })).toBe(1);
    expect(metricValue(m.text, "evident_webhook_violations_total", { check: "TEST-PRIVILEGED", severity: "high", action: "exempt" })).toBe(2);
    expect(metricValue(m.text, "evident_webhook_violations_total", { check: "TEST-ENV", severity: "high", action: "deny" })).toBe(150);
    expect(metricValue(m.text, "evident_webhook_bundle_info", { revision: "fixtures-1" })).toBe(1);
    expect(m.text).toMatch(/evident_webhook_request_duration_seconds_bucket\{le="0\.005",operation="CREATE"\} \d+/);
    expect(m.text).toContain("evident_webhook_evaluation_errors_total");
  });

  it("evidence records and logs hold no object contents, Secret values or tokens", async () => {
    const all = await records(evidenceDir);
    expect(all.length).toBeGreaterThanOrEqual(12);
    const files = readdirSync(evidenceDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const text = files.map((f) => readFileSync(join(f.parentPath ?? (f as unknown as { path: string }).path, f.name), "utf8")).join("\n");
    expect(text).toContain("TEST-PRIVILEGED");
    for (const needle of [SECRET, TOKEN, '"spec"', '"containers"', "registry.example/app@sha256"]) expect(text).not.toContain(needle);
    for (const r of all) expect(r.subject.content).toBeUndefined();
    const logs = s.logs.lines.join("\n");
    expect(logs).toContain("admission decision");
    for (const needle of [SECRET, TOKEN, '"spec"', '"containers"']) expect(logs).not.toContain(needle);
    const decisions = s.logs.records.filter((l) => l["msg"] === "admission decision");
    expect(decisions.length).toBeGreaterThanOrEqual(10);
    expect(decisions.find((d) => d["decision"] === "deny")).toMatchObject({ operation: "CREATE", kind: "Pod", namespace: "lab", user: "alice@example.com", mode: "enforce" });
  });
});

describe("denial messages with many checks", () => {
  it("spell out the most severe checks and name the rest", async () => {
    const dir = tempDir();
    const severities = ["critical", "high", "medium", "low", "info"];
    for (let i = 0; i < 12; i++) {
      writeFileSync(
        join(dir, `c${i}.rego`),
        `# METADATA
# title: Generated check ${i}
# custom:
#   id: GEN-${String(i).padStart(2, "0")}
#   severity: ${severities[i % 5]}
#   controls: []
#   kinds: [kubernetes]
package evident.checks.kubernetes.gen_${i}

violation contains {"msg": "generated violation ${i}"} if input.object.metadata.labels.gen == "true"
`,
      );
    }
    const b = await buildTestBundle([FIXTURE_POLICIES[0]!, dir], join(dir, "b.tar.gz"), "gen");
    const s = await startTestServer({ source: { bundle: b } });
    try {
      const r = await s.post(review(createRequest(pod("g", { labels: { gen: "true" } }))));
      const msg = r.body.response.status.message as string;
      expect(msg.startsWith("Evident denied Pod lab/g: 12 checks failed: [GEN-00 critical] generated violation 0; [GEN-05 critical]")).toBe(true);
      expect(msg.match(/\[GEN-\d\d /g)).toHaveLength(MAX_DENIAL_CHECKS);
      expect(msg).toMatch(/; and 4 more: GEN-\d\d, GEN-\d\d, GEN-\d\d, GEN-\d\d$/);
      expect(r.body.response.auditAnnotations["deny-checks"].split(",")).toHaveLength(12);
      // warnings: at most MAX_WARNINGS, the last one naming the rest
      const w = await startTestServer({ source: { bundle: b }, config: { enforcement: { default: "warn" } } });
      try {
        const rw = await w.post(review(createRequest(pod("g", { labels: { gen: "true" } }))));
        const warnings = rw.body.response.warnings as string[];
        expect(warnings).toHaveLength(MAX_WARNINGS);
        expect(warnings[MAX_WARNINGS - 1]).toMatch(/^and 3 more checks: GEN-/);
        expect(rw.body.response.allowed).toBe(true);
      } finally {
        await w.close();
      }
    } finally {
      await s.close();
    }
  });
});

describe.each([
  ["main thread", 0],
  ["worker threads", 1],
])("user-declared builtins (%s)", (_label, threads) => {
  let s: TestServer;
  const fixtures = join(ROOT, "test/fixtures/user-builtins");
  beforeAll(async () => {
    s = await startTestServer({
      source: { policies: [...FIXTURE_POLICIES.slice(0, 1), join(fixtures, "policies")] },
      config: { evaluation: { threads } },
      userBuiltins: { capabilities: join(fixtures, "capabilities.json"), builtins: join(fixtures, "builtins.mjs") },
    });
    for (let i = 0; i < 200 && (await s.get("/readyz")).status !== 200; i++) await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(async () => s.close());

  it("policies calling an organisation's own builtin decide with it", async () => {
    const bad = await s.post(review(createRequest(pod("ext", { image: "docker.io/library/nginx:1.27" }))));
    expect(bad.body.response).toMatchObject({ allowed: false, auditAnnotations: { "deny-checks": "ACME-APPROVED-REGISTRY" } });
    expect(bad.body.response.status.message).toContain('container "c0" uses image "docker.io/library/nginx:1.27" from an unapproved registry');
    const good = await s.post(review(createRequest(pod("int", { image: "registry.acme.example/nginx:1.27" }))));
    expect(good.body.response.allowed).toBe(true);
  });
});
