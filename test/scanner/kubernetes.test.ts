// The Kubernetes source against a local API server over real HTTPS (test CA, bearer token): every
// listed object once, paging with limit/continue (an expired continue token relists), the same verdict
// as the manifest with the cluster as data.inventory, PolicyReports written back, in-cluster config.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inventoryFrom, kubernetesResourceRef, loadInputs, manifestInput, type InputDocument } from "../../src/inputs/index.js";
import { Scanner } from "../../src/scanner/scanner.js";
import { KubeClient } from "../../src/scanner/k8s/client.js";
import { inClusterConnection, kubeconfigConnection } from "../../src/scanner/k8s/connection.js";
import type { ScannerConfig } from "../../src/scanner/config-schema.js";
import { DEFAULT_KUBE_RESOURCES, resourceByName } from "../../src/scanner/k8s/resources.js";
import { CORPORA } from "../shared.js";
import { countByReference, readEvidence, SCANNER_POLICIES, tempDir } from "./support/env.js";
import { FakeKube } from "./support/kube-server.js";
import { makeTls, type TestTls } from "./support/tls.js";
import { silent } from "./support/world.js";

type Obj = Record<string, unknown>;
let tls: TestTls;
let kube: FakeKube;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  tls = await makeTls();
  kube = new FakeKube(tls);
  const r = await loadInputs([join(CORPORA, "kubernetes")]);
  for (const d of r.documents) {
    const o = (d.input as { object: Obj | null }).object;
    if (o) kube.add(structuredClone(o));
  }
  // a namespace with a NetworkPolicy and one without, for the cross-object check
  kube.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "phi" } });
  kube.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "open" } });
  kube.add({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "deny-all", namespace: "phi" }, spec: { podSelector: {} } });
  kube.add({ apiVersion: "v1", kind: "Pod", metadata: { name: "owned", namespace: "phi", ownerReferences: [{ kind: "ReplicaSet", name: "x", controller: true, uid: "u" }] }, spec: { containers: [{ name: "c", image: "x" }] } });
  kube.add({ apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "phi" }, data: { password: "c2VjcmV0" } });
  await kube.start();
  dir = tempDir();
  kubeconfig = join(dir, "kubeconfig");
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      "current-context": "test",
      contexts: [{ name: "test", context: { cluster: "local", user: "scanner" } }],
      clusters: [{ name: "local", cluster: { server: kube.url, "certificate-authority-data": Buffer.from(tls.caPem).toString("base64") } }],
      users: [{ name: "scanner", user: { token: kube.token } }],
    }),
  );
});
afterAll(async () => {
  await kube.stop();
});

// what the scanner lists by default (this API server serves each object only at the version it was created with)
const LISTED = new Set(DEFAULT_KUBE_RESOURCES.map((n) => { const r = resourceByName(n)!; return `${r.apiVersion}/${r.kind}`; }));
const owned = (o: Obj) => ((o.metadata as Obj).ownerReferences as Obj[] | undefined)?.some((r) => r.controller === true) ?? false;

function refOf(o: Obj): string {
  const md = o.metadata as Obj;
  return `k8s:${String(o.apiVersion)}/${String(o.kind)}/${(md.namespace as string | undefined) ?? "_"}/${String(md.name)}`;
}

describe("Kubernetes source", () => {
  it("lists with limit/continue over HTTPS, evaluates each object once with the cluster as inventory, writes PolicyReports", async () => {
    kube.expireContinueAt = 3;
    const config = {
      stateDir: join(dir, "state"),
      policies: { paths: SCANNER_POLICIES },
      evidence: { backend: "file", dir: join(dir, "evidence") },
      sources: [{ name: "k8s", type: "kubernetes", cluster: "test", kubeconfig, pageSize: 7, policyReports: true }],
    } as ScannerConfig;
    const scanner = await Scanner.create(config, { logger: silent });
    const [report] = await scanner.runOnce();
    expect(report!.failures).toBe(0);

    const expected = kube.objects().filter((o) => LISTED.has(`${String(o.apiVersion)}/${String(o.kind)}`) && !(o.kind === "Pod" && owned(o)));
    expect(kube.objects().some((o) => o.kind === "Pod" && owned(o))).toBe(true);
    const records = await readEvidence(join(dir, "evidence"));
    const counts = countByReference(records);
    expect(new Set(counts.keys())).toEqual(new Set(expected.map(refOf)));
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(report!.items).toBe(expected.length);

    // paging happened, a 410 Gone relisted, Secrets were never asked for
    expect(kube.requests.filter((r) => r.query.continue).length).toBeGreaterThan(20);
    expect(kube.requests.some((r) => r.status === 410)).toBe(true);
    expect(kube.requests.every((r) => r.query.limit === undefined || r.query.limit === "7")).toBe(true);
    expect(kube.requests.some((r) => r.path.includes("secrets") || r.path.includes("configmaps"))).toBe(false);

    // the verdict of each object equals the manifest's, evaluated with the same cluster as data.inventory
    const docs: InputDocument[] = expected.map((o, i) => {
      const md = { ...(o.metadata as Obj) };
      delete md.managedFields;
      const input = manifestInput({ ...o, metadata: md }, "scanner");
      return { kind: "kubernetes", file: "manifest", index: i, input, resource: kubernetesResourceRef(input) };
    });
    const inv = inventoryFrom(docs);
    const byRef = new Map(records.map((r) => [r.subject.reference, r]));
    let failing = 0;
    for (const d of docs) {
      scanner.engine.setInventory(inv);
      const file = scanner.engine.evaluate(d).map((f) => `${f.checkId}:${f.message}`).sort();
      const rec = byRef.get(refOf((d.input as { object: Obj }).object))!;
      expect(rec.findings.map((f) => `${f.check}:${f.message}`).sort()).toEqual(file);
      if (file.length) failing++;
    }
    expect(failing).toBeGreaterThan(3);
    expect(byRef.get("k8s:v1/Namespace/_/open")!.findings.map((f) => f.check)).toContain("TEST-K8S-NS-NETPOL");
    expect(byRef.get("k8s:v1/Namespace/_/phi")!.findings.map((f) => f.check)).not.toContain("TEST-K8S-NS-NETPOL");
    await scanner.close();

    // PolicyReports: one per namespace, one ClusterPolicyReport; results match the records
    const nsOf = (r: (typeof records)[number]) => r.subject.reference.split("/").at(-2)!;
    const namespaces = new Set(records.map(nsOf).filter((n) => n !== "_"));
    for (const ns of namespaces) {
      const pr = kube.applied.get(`policyreports/${ns}/evident-k8s`) as { kind: string; summary: Record<string, number>; results: { result: string; policy: string; resources: Obj[] }[] };
      expect(pr?.kind).toBe("PolicyReport");
      const recs = records.filter((r) => nsOf(r) === ns);
      const fails = recs.reduce((s, r) => s + r.findings.length, 0);
      expect(pr.summary.fail).toBe(fails);
      expect(pr.summary.pass).toBe(recs.filter((r) => r.findings.length === 0).length);
      expect(pr.results.every((x) => (x.resources[0] as Obj).namespace === ns)).toBe(true);
    }
    const cpr = kube.applied.get("clusterpolicyreports//evident-k8s") as { kind: string; results: { policy: string; result: string; resources: Obj[] }[] };
    expect(cpr.kind).toBe("ClusterPolicyReport");
    expect(cpr.results.some((r) => r.policy === "TEST-K8S-NS-NETPOL" && r.result === "fail" && r.resources[0]!.name === "open")).toBe(true);
  });

  it("refuses a server whose certificate the kubeconfig's CA did not sign, and a missing token", async () => {
    const other = await makeTls();
    const bad = join(dir, "kubeconfig-bad");
    writeFileSync(
      bad,
      stringify({
        "current-context": "t",
        contexts: [{ name: "t", context: { cluster: "c", user: "u" } }],
        clusters: [{ name: "c", cluster: { server: kube.url, "certificate-authority-data": Buffer.from(other.caPem).toString("base64") } }],
        users: [{ name: "u", user: { token: kube.token } }],
      }),
    );
    const c1 = new KubeClient(await kubeconfigConnection(bad));
    await expect(c1.listAll("/api/v1/namespaces", 10)).rejects.toThrow(/certificate/);
    c1.close();
    const c2 = new KubeClient({ ...(await kubeconfigConnection(kubeconfig)), token: async () => undefined });
    await expect(c2.listAll("/api/v1/namespaces", 10)).rejects.toMatchObject({ status: 401 });
    c2.close();
  });

  it("kubeconfig users with an exec credential plugin (EKS, GKE, AKS) get their token from the plugin", async () => {
    const file = join(dir, "kubeconfig-exec");
    const script = `process.stdout.write(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential", status: { token: process.env.TOKEN, expirationTimestamp: new Date(Date.now() + 600000).toISOString() } }))`;
    writeFileSync(
      file,
      stringify({
        "current-context": "t",
        contexts: [{ name: "t", context: { cluster: "c", user: "u" } }],
        clusters: [{ name: "c", cluster: { server: kube.url, "certificate-authority-data": Buffer.from(tls.caPem).toString("base64") } }],
        users: [{ name: "u", user: { exec: { apiVersion: "client.authentication.k8s.io/v1", command: process.execPath, args: ["-e", script], env: [{ name: "TOKEN", value: kube.token }] } } }],
      }),
    );
    const client = new KubeClient(await kubeconfigConnection(file));
    const nss = await client.listAll("/api/v1/namespaces", 50);
    client.close();
    expect(nss.map((n) => (n.metadata as Obj).name)).toContain("open");
  });

  it("in-cluster: KUBERNETES_SERVICE_HOST/PORT with the service account's token and CA", async () => {
    const sa = join(dir, "sa");
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, "token"), `${kube.token}\n`);
    writeFileSync(join(sa, "ca.crt"), tls.caPem);
    const port = new URL(kube.url).port;
    await expect(inClusterConnection({}, sa)).rejects.toThrow(/KUBERNETES_SERVICE_HOST/);
    const client = new KubeClient(await inClusterConnection({ KUBERNETES_SERVICE_HOST: "127.0.0.1", KUBERNETES_SERVICE_PORT: port }, sa));
    const nss = await client.listAll("/api/v1/namespaces", 3);
    client.close();
    expect(nss.map((n) => (n.metadata as Obj).name)).toContain("phi");
  });
});
