// Fail-safe behaviour and hot reload, over real HTTPS: deadline misses and internal errors answered by
// the failure mode, readiness, policy bundle reload (a bad bundle keeps the old one), TLS certificate
// rotation without restart and without a failed request, exceptions file reload, the worker-thread pool.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent } from "node:https";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveWebhookConfig } from "../../src/webhook/config.js";
import {
  buildTestBundle,
  createRequest,
  FIXTURE_POLICIES,
  records,
  httpsCall,
  makeServerCert,
  pod,
  replaceFile,
  review,
  startTestServer,
  tempDir,
  type TestServer,
} from "./helpers.js";

let bundle1: string;
let bundle2: string;
let dir: string;
beforeAll(async () => {
  dir = tempDir();
  bundle1 = await buildTestBundle(FIXTURE_POLICIES, join(dir, "b1.tar.gz"), "rev-1");
  // revision 2 drops the privileged check
  const only = [FIXTURE_POLICIES[0]!, FIXTURE_POLICIES[2]!];
  bundle2 = await buildTestBundle(only, join(dir, "b2.tar.gz"), "rev-2");
});

const slowPod = (n: number) => review(createRequest(pod("slow", { labels: { "evident-test/slow": String(n) } })));
const boomPod = () => review(createRequest(pod("boom", { labels: { "evident-test/boom": "true" } })));

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 25));
    v = await fn();
  }
  return v;
}

describe.each([
  ["main thread", 0],
  ["worker threads", 2],
])("failure mode (%s)", (_label, threads) => {
  let closed: TestServer;
  let open: TestServer;
  let evDir: string;
  beforeAll(async () => {
    evDir = join(tempDir(), "ev");
    const common = { deadlineMs: 150, webhookTimeoutSeconds: 1, evaluation: { threads } };
    closed = await startTestServer({ source: { bundle: bundle1 }, config: { ...common, evidence: { backend: "file", dir: evDir, instance: "closed" } } });
    open = await startTestServer({ source: { bundle: bundle1 }, config: { ...common, failureMode: "open" } });
  });
  afterAll(async () => {
    await closed.close();
    await open.close();
  });

  it("a deadline miss is answered closed: refused, saying the webhook failed, not the object", async () => {
    // main thread: ~0.6 s of evaluation, noticed when it ends; worker threads: several seconds, answered at the deadline
    const body = slowPod(threads > 0 ? 12000 : 5000);
    const t0 = performance.now();
    const r = await closed.post(body);
    const took = performance.now() - t0;
    expect(r.status).toBe(200);
    expect(r.body.response).toMatchObject({ uid: (body["request"] as { uid: string }).uid, allowed: false, status: { code: 504, reason: "Timeout" } });
    expect(r.body.response.status.message).toBe(
      "Evident admission webhook failed: evaluation did not finish within its deadline of 150 ms. This says nothing about the Pod itself, which was not judged; failureMode is closed, so the request is refused; retry, and tell the platform team if it persists.",
    );
    expect(r.body.response.auditAnnotations).toEqual({ decision: "error", "error-reason": "deadline", "failure-mode": "closed" });
    if (threads > 0) expect(took).toBeLessThan(2000); // answered at the deadline, not when evaluation ends
    // the process goes on serving
    expect((await closed.post(review(createRequest(pod("after"))))).body.response.allowed).toBe(true);
    const recs = await until(() => records(evDir), (rs) => rs.some((x) => x.decision === "error"));
    expect(recs.find((x) => x.decision === "error")).toMatchObject({ findings: [], subject: { reference: expect.stringContaining("Pod lab/slow") } });
  });

  it("an internal error is answered closed with 500, and open admits with a warning", async () => {
    const r = await closed.post(boomPod());
    expect(r.body.response).toMatchObject({ allowed: false, status: { code: 500, reason: "InternalError" } });
    expect(r.body.response.status.message).toMatch(/^Evident admission webhook failed: an internal error occurred while evaluating\. This says nothing about the Pod itself/);
    const o = await open.post(boomPod());
    expect(o.body.response.allowed).toBe(true);
    expect(o.body.response.status).toBeUndefined();
    expect(o.body.response.warnings).toEqual(["Evident webhook failed (internal); admitted unevaluated (failureMode open)"]);
    expect(o.body.response.auditAnnotations).toMatchObject({ decision: "error", "failure-mode": "open" });
    const od = await open.post(slowPod(5000));
    expect(od.body.response.allowed).toBe(true);
    expect(od.body.response.auditAnnotations["error-reason"]).toBe("deadline");
  });

  it("counts evaluation errors by reason", async () => {
    const m = (await closed.get("/metrics")).text;
    expect(m).toMatch(/evident_webhook_evaluation_errors_total\{reason="deadline"\} 1/);
    expect(m).toMatch(/evident_webhook_evaluation_errors_total\{reason="internal"\} 1/);
    expect(m).toMatch(/evident_webhook_requests_total\{operation="CREATE",decision="error",mode="enforce"\} 2/);
  });

  it("decides as the main thread does", async () => {
    const p = pod("twin", { privileged: true, image: "x/y:latest" });
    const r = await closed.post(review(createRequest(p)));
    expect(r.body.response.status.message).toBe(
      'Evident denied Pod lab/twin: 2 checks failed: [TEST-PRIVILEGED high] container "c0" runs privileged; [TEST-LATEST-TAG medium] container "c0" uses image "x/y:latest" tagged latest',
    );
  });
});

describe("an evidence log that cannot take the record", () => {
  it("answers by the failure mode: the decision is not given unrecorded", async () => {
    const evDir = join(tempDir(), "ev");
    const s = await startTestServer({ source: { bundle: bundle1 }, config: { evidence: { backend: "file", dir: evDir, instance: "x" } } });
    try {
      expect((await s.post(review(createRequest(pod("ok"))))).body.response.allowed).toBe(true);
      // white box: close the log under the running server, as a failed disk would make appends fail
      await (s.server as unknown as { evidence: { close(): Promise<void> } }).evidence.close();
      const r = await s.post(review(createRequest(pod("unrecorded"))));
      expect(r.body.response).toMatchObject({ allowed: false, status: { code: 500 }, auditAnnotations: { "error-reason": "evidence" } });
      expect(r.body.response.status.message).toMatch(/^Evident admission webhook failed: the decision could not be written to the evidence log\./);
      expect((await s.get("/metrics")).text).toMatch(/evident_webhook_evidence_errors_total 1/);
    } finally {
      await s.close(); // closes the (already closed) log again
    }
  });
});

describe("a runaway evaluation in the worker pool", () => {
  it("is answered at the deadline; the stuck worker is replaced and the pool goes on", async () => {
    const s = await startTestServer({ source: { bundle: bundle1 }, config: { deadlineMs: 100, webhookTimeoutSeconds: 1, evaluation: { threads: 1, replaceStuckAfterMs: 200 } } });
    try {
      const r = await s.post(slowPod(12000)); // seconds of evaluation
      expect(r.body.response.auditAnnotations["error-reason"]).toBe("deadline");
      // the only worker is stuck: it is terminated 200 ms past the deadline and replaced, long before it would have finished
      const ok = await until(
        () => s.post(review(createRequest(pod("later")))),
        (x) => x.body?.response?.allowed === true,
        20_000,
      );
      expect(ok.body.response.allowed).toBe(true);
      expect(s.logs.records.find((l) => l["msg"] === "evaluation worker replaced")).toMatchObject({ reason: "evaluation worker terminated: busy 300 ms on one request" });
    } finally {
      await s.close();
    }
  });
});

describe("readiness and policy bundle reload", () => {
  let s: TestServer;
  let live: string;
  beforeAll(async () => {
    live = join(tempDir(), "bundle.tar.gz"); // does not exist yet
    s = await startTestServer({ source: { bundle: live } });
  });
  afterAll(() => s.close());

  it("is not ready without a bundle, answers by the failure mode, and becomes ready when one appears", async () => {
    expect((await s.get("/healthz")).status).toBe(200);
    const nr = await s.get("/readyz");
    expect(nr.status).toBe(503);
    expect(nr.body.reason).toMatch(/^no policy bundle loaded: .*cannot read bundle/);
    const r = await s.post(review(createRequest(pod("early"))));
    expect(r.body.response).toMatchObject({ allowed: false, auditAnnotations: { "error-reason": "not_ready" } });
    copyFileSync(bundle1, live);
    const ready = await until(() => s.get("/readyz"), (x) => x.status === 200);
    expect(ready.body).toEqual({ status: "ready", bundle: { revision: "rev-1", digest: expect.stringMatching(/^sha256:/) } });
  });

  it("swaps in a new bundle without dropping a request", async () => {
    let failures = 0;
    let answered = 0;
    const revisions = new Set<string>();
    let stop = false;
    const loop = async () => {
      while (!stop) {
        const r = await s.post(review(createRequest(pod("during", { privileged: true }))));
        answered++;
        if (r.status !== 200 || r.body.response.auditAnnotations.decision === "error") failures++;
        else revisions.add(r.body.response.auditAnnotations["bundle-revision"]);
      }
    };
    const loops = [loop(), loop(), loop()];
    await new Promise((r) => setTimeout(r, 150));
    replaceFile(live, readFileSync(bundle2));
    await until(() => s.get("/readyz"), (x) => x.body?.bundle?.revision === "rev-2");
    await new Promise((r) => setTimeout(r, 150));
    stop = true;
    await Promise.all(loops);
    expect(failures).toBe(0);
    expect(answered).toBeGreaterThan(10);
    expect([...revisions].sort()).toEqual(["rev-1", "rev-2"]);
    // rev-2 has no privileged check
    const r = await s.post(review(createRequest(pod("after", { privileged: true }))));
    expect(r.body.response).toMatchObject({ allowed: true, auditAnnotations: { "bundle-revision": "rev-2" } });
    expect((await s.get("/metrics")).text).toMatch(/evident_webhook_bundle_info\{revision="rev-2",digest="sha256:[0-9a-f]{64}"\} 1/);
  });

  it("refuses a bundle that does not load, logs and counts it, and keeps serving the old one", async () => {
    // the startup without a bundle counted one failure
    expect((await s.get("/metrics")).text).toMatch(/evident_webhook_bundle_reloads_total\{result="failure"\} 1\n/);
    replaceFile(live, "this is not a gzip file");
    await until(() => s.get("/metrics"), (m) => /evident_webhook_bundle_reloads_total\{result="failure"\} 2\n/.test(m.text));
    const r = await s.post(review(createRequest(pod("still"))));
    expect(r.body.response).toMatchObject({ allowed: true, auditAnnotations: { "bundle-revision": "rev-2" } });
    expect((await s.get("/readyz")).body.bundle.revision).toBe("rev-2");
    const log = s.logs.records.find((l) => l["msg"] === "policy bundle refused; the previous bundle keeps serving");
    expect(log).toMatchObject({ level: 50, serving: { revision: "rev-2" } });
  });

  it("refuses a bundle without the Kubernetes entrypoint", async () => {
    const tdir = tempDir();
    writeFileSync(join(tdir, "p.rego"), "package evident.main\n\n# METADATA\n# entrypoint: true\nterraform := {}\n");
    const tfOnly = await buildTestBundle([tdir], join(tdir, "tf.tar.gz"), "tf-only");
    replaceFile(live, readFileSync(tfOnly));
    await until(() => s.get("/metrics"), (m) => /evident_webhook_bundle_reloads_total\{result="failure"\} 3\n/.test(m.text));
    expect((await s.get("/readyz")).body.bundle.revision).toBe("rev-2");
    expect(s.logs.lines.some((l) => l.includes("no evident/main/kubernetes entrypoint"))).toBe(true);
  });
});

describe("TLS", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ source: { bundle: bundle1 } });
  });
  afterAll(() => s.close());

  it("refuses TLS below 1.2", async () => {
    await expect(httpsCall(s.port, s.ca.certPem, "GET", "/healthz", undefined, { maxVersion: "TLSv1.1", minVersion: "TLSv1" })).rejects.toThrow();
    const ok = await httpsCall(s.port, s.ca.certPem, "GET", "/healthz", undefined, { maxVersion: "TLSv1.2" });
    expect(ok.status).toBe(200);
  });

  it("picks up a rotated certificate without restart and without a failed request", async () => {
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
    const before = await s.post(review(createRequest(pod("a"))), { agent: keepAlive });
    expect(before.serial.toLowerCase()).toBe("0a01");
    let failures = 0;
    const serials = new Set<string>();
    let stop = false;
    const loop = async () => {
      while (!stop) {
        try {
          const r = await s.post(review(createRequest(pod("rot")))); // a new connection (and handshake) each time
          if (r.status !== 200) failures++;
          serials.add(r.serial.toLowerCase());
        } catch {
          failures++;
        }
      }
    };
    const loops = [loop(), loop()];
    await new Promise((r) => setTimeout(r, 100));
    // cert-manager writes the new pair; write the key first, so for a moment the files do not match
    const next = await makeServerCert(s.ca, "0a02");
    replaceFile(s.keyFile, next.keyPem);
    await new Promise((r) => setTimeout(r, 120));
    replaceFile(s.certFile, next.certPem);
    await until(async () => serials, (x) => x.has("0a02"));
    await new Promise((r) => setTimeout(r, 100));
    stop = true;
    await Promise.all(loops);
    expect(failures).toBe(0);
    expect([...serials].sort()).toEqual(["0a01", "0a02"]);
    // an open connection keeps working; a new one sees the new certificate
    const after = await s.post(review(createRequest(pod("b"))), { agent: keepAlive });
    expect(after.status).toBe(200);
    const fresh = await s.post(review(createRequest(pod("c"))));
    expect(fresh.serial.toLowerCase()).toBe("0a02");
    const m = (await s.get("/metrics")).text;
    expect(m).toMatch(/evident_webhook_tls_reloads_total\{result="success"\} [1-9]/);
    keepAlive.destroy();
  });
});

describe("exceptions file reload", () => {
  it("applies a new exception without restart; an unreadable file keeps the old ones", async () => {
    const d = tempDir();
    const file = join(d, "exceptions.yaml");
    writeFileSync(file, "exceptions: []\n");
    const s = await startTestServer({ source: { bundle: bundle1 }, config: { exceptionsFile: file } });
    try {
      const req = () => review(createRequest(pod("x", { privileged: true })));
      expect((await s.post(req())).body.response.allowed).toBe(false);
      replaceFile(
        file,
        "exceptions:\n  - id: DEV-9\n    check: TEST-PRIVILEGED\n    resource: {namespace: lab}\n    justification: Lab pods.\n    approver: qa@example.com\n    expires: 2999-01-01\n",
      );
      const waived = await until(() => s.post(req()), (r) => r.body.response.allowed === true);
      expect(waived.body.response.auditAnnotations["waived-checks"]).toBe("TEST-PRIVILEGED");
      replaceFile(file, "exceptions: [ {{{ not yaml");
      await until(() => s.get("/metrics"), (m) => /evident_webhook_exceptions_reloads_total\{result="failure"\} 1/.test(m.text));
      expect((await s.post(req())).body.response.allowed).toBe(true);
      rmSync(file);
      await until(() => s.get("/metrics"), (m) => /evident_webhook_exceptions_reloads_total\{result="failure"\} 2/.test(m.text));
      expect((await s.post(req())).body.response.allowed).toBe(true);
    } finally {
      await s.close();
    }
  });

  it("refuses to start with an exceptions file that does not exist", async () => {
    await expect(startTestServer({ source: { bundle: bundle1 }, resolved: resolveWebhookConfig({ exceptionsFile: join(tempDir(), "missing.yaml") }) })).rejects.toThrow(/exceptions file not found/);
  });
});
