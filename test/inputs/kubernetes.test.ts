// Kubernetes: multi-document YAML and JSON, Lists, Helm-rendered output, AdmissionReview files, line
// lookups, YAML 1.1 scalars as kubectl reads them, and data.inventory.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { admissionInput, inventoryFrom, loadFile, loadText, locationOf, manifestInput } from "../../src/inputs/index.js";
import type { KubernetesInput } from "../../src/inputs/index.js";
import { CORPORA } from "../shared.js";

const K = join(CORPORA, "kubernetes");

const DEPLOY = `# a comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: phi
  annotations:
    "example.com/owner.team": data
spec:
  template:
    spec:
      containers:
      - name: app
        image: registry.example.com/api:1.2
        securityContext:
          privileged: yes
      - name: sidecar
        image: envoy:latest
---
apiVersion: v1
kind: Namespace
metadata:
  name: phi
  labels:
    data-classification: phi
`;

describe("kubernetes manifests", () => {
  it("multi-document YAML: one CREATE input per object, with lines", () => {
    const r = loadText("k8s/app.yaml", DEPLOY);
    expect(r.errors).toEqual([]);
    expect(r.documents.map((d) => [d.resource.objectKind, d.resource.namespace, d.resource.name, d.line, d.index])).toEqual([
      ["Deployment", "phi", "api", 2, 0],
      ["Namespace", undefined, "phi", 20, 1],
    ]);
    const input = r.documents[0]!.input as KubernetesInput;
    expect(input).toMatchObject({ operation: "CREATE", oldObject: null, userInfo: null, namespace: "phi", dryRun: false, subResource: null, source: "scan" });
  });

  it("YAML 1.1 booleans as kubectl reads them; dates stay strings", () => {
    const r = loadText("a.yaml", DEPLOY + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  day: 2024-01-01\n  octal: '0777'\n");
    const dep = (r.documents[0]!.input as KubernetesInput).object as any;
    expect(dep.spec.template.spec.containers[0].securityContext.privileged).toBe(true);
    const cm = (r.documents[2]!.input as KubernetesInput).object as any;
    expect(cm.data.day).toBe("2024-01-01");
    expect(cm.data.octal).toBe("0777");
  });

  it("locate(path) maps field paths to lines, including quoted keys and missing fields (parent line)", () => {
    const r = loadText("k8s/app.yaml", DEPLOY);
    const d = r.documents[0]!;
    expect(d.locate!("spec.template.spec.containers[0].image")).toEqual({ line: 14, column: 9 });
    expect(d.locate!("spec.template.spec.containers[0].securityContext.privileged")?.line).toBe(16);
    expect(d.locate!("spec.template.spec.containers[1].image")?.line).toBe(18);
    expect(d.locate!('metadata.annotations["example.com/owner.team"]')?.line).toBe(8);
    // a field that is absent points at its deepest existing parent
    expect(d.locate!("spec.template.spec.containers[1].securityContext.runAsNonRoot")?.line).toBe(17);
    expect(d.locate!(undefined)?.line).toBe(2);
    expect(locationOf(d, "spec.template.spec.containers[1].image")).toEqual({ file: "k8s/app.yaml", line: 18, column: 9, path: "spec.template.spec.containers[1].image" });
  });

  it("JSON manifests: lines found lazily on request", async () => {
    const f = join(K, "kubernetes__examples/_archived/meteor/mongo-pod.json");
    const r = await loadFile(f);
    expect(r.documents).toHaveLength(1);
    const text = readFileSync(f, "utf8").split("\n");
    const at = r.documents[0]!.locate!("spec.containers[0].image");
    expect(at).toBeDefined();
    expect(text[at!.line - 1]).toMatch(/"image"/);
  });

  it("List kinds (typed and untyped) become one document per item", () => {
    const list = {
      apiVersion: "v1",
      kind: "List",
      items: [
        { apiVersion: "v1", kind: "Service", metadata: { name: "a", namespace: "x" } },
        { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "b", namespace: "x" } },
      ],
    };
    const r = loadText("list.json", JSON.stringify(list, null, 2));
    expect(r.documents.map((d) => `${d.resource.objectKind}/${d.resource.name}`)).toEqual(["Service/a", "Deployment/b"]);
    expect(r.documents[1]!.locate!("metadata.name")?.line).toBe(17);
    // JSON: the item line is computed on first read (no positional parse while loading)
    expect(r.documents.map((d) => d.line)).toEqual([5, 13]);
    const typed = loadText("pods.yaml", "apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: p1, namespace: ns}\n  spec: {containers: []}\n");
    expect(typed.documents.map((d) => d.resource)).toEqual([{ kind: "kubernetes", apiVersion: "v1", objectKind: "Pod", namespace: "ns", name: "p1" }]);
    expect(typed.documents[0]!.line).toBe(4);
  });

  it("Helm-rendered output keeps the # Source: template path as the location file", async () => {
    const file = join(K, "kubeflow__manifests/helm-rendered/common/cert-manager/base/upstream/cert-manager.yaml");
    const text = readFileSync(file, "utf8");
    const r = await loadFile(file);
    const withSource = r.documents.filter((d) => d.sourceFile);
    expect(withSource.length).toBeGreaterThan(0);
    for (const d of withSource) {
      // the rendered file really has that comment right above the document
      const before = text.split("\n").slice(0, d.line! - 1);
      const lastSource = before.reverse().find((l) => l.startsWith("# Source:"));
      expect(lastSource).toBe(`# Source: ${d.sourceFile}`);
      expect(locationOf(d, "metadata.name")).toEqual({ file: d.sourceFile, path: "metadata.name" });
    }
  });

  it("AdmissionReview files: input from request.*, locate inside request.object", async () => {
    const f = join(K, "admissionreview/kubewarden__policies/echo/update_accept.json");
    const raw = JSON.parse(readFileSync(f, "utf8"));
    const req = raw.request ?? raw;
    const r = await loadFile(f);
    expect(r.documents).toHaveLength(1);
    const input = r.documents[0]!.input as KubernetesInput;
    expect(input.operation).toBe("UPDATE");
    expect(input.object).toEqual(req.object);
    expect(input.oldObject).toEqual(req.oldObject);
    expect(input.userInfo).toEqual(req.userInfo);
    expect(input.namespace).toBe(req.namespace);
    const text = readFileSync(f, "utf8").split("\n");
    const at = r.documents[0]!.locate!("metadata.name")!;
    // the object's metadata.name, not the oldObject's or the request's
    const objectStart = r.documents[0]!.line!;
    expect(text[objectStart - 1]).toMatch(/"object"/);
    expect(at.line).toBeGreaterThan(objectStart);
    expect(text[at.line - 1]).toMatch(/"name"/);
  });

  it("a DELETE request concerns the old object", async () => {
    const r = await loadFile(join(K, "admissionreview/kubewarden__policies/echo/delete_accept.json"));
    const d = r.documents[0]!;
    expect((d.input as KubernetesInput).object).toBeNull();
    expect(d.resource).toMatchObject({ objectKind: "Deployment", name: "nginx", namespace: "default" });
  });

  it("the same object gives the same input fields whichever way it arrives", () => {
    const obj = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns" }, spec: { containers: [] } };
    const scanned = manifestInput(obj, "scan");
    const admitted = admissionInput({ uid: "1", kind: { group: "", version: "v1", kind: "Pod" }, operation: "CREATE", namespace: "ns", object: obj, userInfo: { username: "u" } }, "webhook");
    expect(admitted.object).toEqual(scanned.object);
    expect(admitted.namespace).toBe(scanned.namespace);
    expect(admitted.operation).toBe(scanned.operation);
    const viaFile = loadText("ar.yaml", `apiVersion: admission.k8s.io/v1\nkind: AdmissionReview\nrequest:\n  uid: "1"\n  operation: CREATE\n  namespace: ns\n  object:\n    apiVersion: v1\n    kind: Pod\n    metadata: {name: p, namespace: ns}\n    spec: {containers: []}\n`);
    expect((viaFile.documents[0]!.input as KubernetesInput).object).toEqual(obj);
  });

  it("documents that are not Kubernetes objects inside a manifest file are reported", () => {
    const r = loadText("mixed.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\nfoo: bar\n");
    expect(r.documents).toHaveLength(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: "mixed.yaml", line: 5 });
    expect(r.errors[0]!.message).toMatch(/^YAML document 2: not a Kubernetes object/);
  });
});

describe("inventory", () => {
  it("lays objects out as Gatekeeper's data.inventory", () => {
    const r = loadText("k8s/app.yaml", DEPLOY + "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {}\n");
    const inv = inventoryFrom(r.documents);
    expect(Object.keys(inv.cluster)).toEqual(["v1"]);
    expect(inv.cluster.v1!.Namespace!.phi).toMatchObject({ metadata: { labels: { "data-classification": "phi" } } });
    expect(inv.namespace.phi!["apps/v1"]!.Deployment!.api).toBeDefined();
    // a namespaced object without a namespace in its manifest: the namespace is unknown ("")
    expect(inv.namespace[""]!["networking.k8s.io/v1"]!.NetworkPolicy!.deny).toBeDefined();
    expect(Object.keys(inv.namespace).sort()).toEqual(["", "phi"]);
  });

  it("leaves out DELETEs and non-Kubernetes documents", async () => {
    const del = await loadFile(join(K, "admissionreview/kubewarden__policies/echo/delete_accept.json"));
    const ct = loadText("t.json", JSON.stringify({ Records: [{ eventName: "A", eventSource: "s" }] }));
    expect(inventoryFrom([...del.documents, ...ct.documents])).toEqual({ cluster: {}, namespace: {} });
  });
});
