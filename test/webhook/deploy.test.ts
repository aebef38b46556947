// deploy/ (the kustomize base of the webhook) passes Evident's own policies: every manifest it renders
// is loaded as `evident scan` loads files (loadInputs, data.inventory) and evaluated by the real library
// in policies/; no finding at or above medium may stand (deploy/exceptions.yaml would list any waived
// one with its reason). The shape the issue asks for is checked too.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { Engine, POLICIES_DIR } from "../../src/engine/engine.js";
import { applyExceptions, loadExceptions } from "../../src/engine/exceptions.js";
import { isWaived, severityRank, type Finding } from "../../src/engine/finding.js";
import { inventoryFrom, loadInputs, type InputDocument } from "../../src/inputs/index.js";
import { parseWebhookConfig } from "../../src/webhook/config.js";
import { ROOT } from "../shared.js";

const DEPLOY = join(ROOT, "deploy");
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const kustomization = parseYaml(readFileSync(join(DEPLOY, "kustomization.yaml"), "utf8")) as { resources: string[] };
const files = kustomization.resources.map((r) => join(DEPLOY, r));
const objects: Obj[] = files.flatMap((f) => parseAllDocuments(readFileSync(f, "utf8")).map((d) => d.toJS() as Obj));
const find = (kind: string, name?: string) => objects.filter((o) => o["kind"] === kind && (name === undefined || o["metadata"]?.["name"] === name));

describe("deploy/", () => {
  it("the kustomization lists every manifest of the base and only transforms nothing (rendering = the files)", () => {
    const yamls = readdirSync(DEPLOY).filter((f) => /\.ya?ml$/.test(f) && f !== "kustomization.yaml" && f !== "exceptions.yaml");
    expect([...kustomization.resources].sort()).toEqual(yamls.sort());
    expect(Object.keys(kustomization).sort()).toEqual(["apiVersion", "kind", "resources"]);
    for (const o of objects) if (o["kind"] !== "Namespace" && !/Cluster|ValidatingWebhookConfiguration/.test(o["kind"])) expect(o["metadata"]["namespace"], `${o["kind"]} ${o["metadata"]["name"]}`).toBe("evident-system");
  });

  describe("passes Evident's own policies", () => {
    let documents: InputDocument[];
    let findings: Finding[];
    let engine: Engine;
    beforeAll(async () => {
      const loaded = await loadInputs(files);
      expect(loaded.errors).toEqual([]);
      documents = loaded.documents;
      engine = await Engine.fromPolicies([POLICIES_DIR]);
      engine.setInventory(inventoryFrom(documents));
      const raw = documents.flatMap((d) => engine.evaluate(d));
      const exFile = join(DEPLOY, "exceptions.yaml");
      const ex = existsSync(exFile) ? await loadExceptions(exFile) : { exceptions: [], errors: [] };
      expect(ex.errors).toEqual([]);
      findings = applyExceptions(raw, ex.exceptions).findings;
    }, 120_000);

    it("evaluates every manifest with the shipped Kubernetes checks", () => {
      expect(documents.length).toBe(objects.length);
      const kube = engine.checks.filter((c) => c.kinds.includes("kubernetes")).map((c) => c.id);
      // the checks this base is written against (the library is growing: any missing one is named here)
      for (const id of [
        "K8S-PRIVILEGED-CONTAINER",
        "K8S-RUN-AS-NON-ROOT",
        "K8S-READONLY-ROOT-FILESYSTEM",
        "K8S-CAPABILITIES-DROPPED",
        "K8S-RESOURCE-LIMITS",
        "K8S-IMAGE-DIGEST-PINNED",
        "K8S-IMAGE-REGISTRY-ALLOWLIST",
        "K8S-SA-TOKEN-AUTOMOUNT",
        "K8S-NS-CLASSIFICATION-LABEL",
        "K8S-NS-PSA-RESTRICTED",
        "K8S-NETWORKPOLICY-DEFAULT-DENY",
        "K8S-GXP-WORKLOAD-TRACEABILITY",
        "K8S-SECRETS-NOT-IN-ENV",
        "K8S-SERVICE-NOT-INTERNET-FACING",
      ]) {
        expect(kube, `policies/ has no ${id}`).toContain(id);
      }
    });

    it("no finding at or above medium stands", () => {
      const standing = findings.filter((f) => !isWaived(f) && severityRank(f.severity) >= severityRank("medium"));
      expect(standing.map((f) => `${f.checkId} ${f.severity} ${f.resource.objectKind}/${f.resource.name}: ${f.message}`)).toEqual([]);
    });

  });

  it("Deployment: 2+ replicas, anti-affinity, non-root, read-only root, limits, seccomp, no capabilities, digest-pinned image, no token", () => {
    const [d] = find("Deployment", "evident-webhook");
    expect(d!["spec"]["replicas"]).toBeGreaterThanOrEqual(2);
    const pod = d!["spec"]["template"]["spec"];
    expect(pod["automountServiceAccountToken"]).toBe(false);
    expect(pod["serviceAccountName"]).toBe("evident-webhook");
    expect(pod["securityContext"]).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(pod["affinity"]["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][0]["topologyKey"]).toBe("kubernetes.io/hostname");
    const [c] = pod["containers"];
    expect(c["image"]).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(c["securityContext"]).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } });
    expect(c["resources"]["limits"]).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(c["resources"]["requests"]).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(c["args"]).toEqual(expect.arrayContaining(["webhook", "--config=/etc/evident/config/webhook.yaml"]));
    const [pdb] = find("PodDisruptionBudget");
    expect(pdb!["spec"]["minAvailable"]).toBe(1);
    expect(pdb!["spec"]["selector"]).toEqual(d!["spec"]["selector"]);
    const [sa] = find("ServiceAccount", "evident-webhook");
    expect(sa!["automountServiceAccountToken"]).toBe(false);
    expect(find("Service", "evident-webhook")[0]!["spec"]["type"]).toBe("ClusterIP");
  });

  it("ValidatingWebhookConfiguration: v1 reviews, NoneOnDryRun, fails closed, excludes its namespace and kube-system, registers CONNECT", () => {
    const [v] = find("ValidatingWebhookConfiguration");
    const [w] = v!["webhooks"];
    expect(w["admissionReviewVersions"]).toEqual(["v1"]);
    expect(w["sideEffects"]).toBe("NoneOnDryRun");
    expect(w["failurePolicy"]).toBe("Fail");
    expect(w["namespaceSelector"]["matchExpressions"]).toEqual([{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["evident-system", "kube-system"] }]);
    expect(w["clientConfig"]["service"]).toMatchObject({ name: "evident-webhook", namespace: "evident-system", path: "/v1/validate" });
    const connect = w["rules"].find((r: Obj) => r["operations"].includes("CONNECT"));
    expect(connect["resources"].sort()).toEqual(["pods/attach", "pods/exec", "pods/portforward"]);
    const resources = w["rules"].flatMap((r: Obj) => r["resources"]);
    for (const r of ["pods", "deployments", "statefulsets", "daemonsets", "jobs", "cronjobs", "namespaces", "services", "ingresses", "networkpolicies", "clusterrolebindings", "storageclasses"]) expect(resources).toContain(r);
    expect(v!["metadata"]["annotations"]["cert-manager.io/inject-ca-from"]).toBe("evident-system/evident-webhook-tls");

    // the shipped webhook.yaml is valid, and its deadline answers before the API server's timeout
    const cm = find("ConfigMap", "evident-webhook-config")[0]!;
    const cfg = parseWebhookConfig(cm["data"]["webhook.yaml"], "deploy/configmap.yaml");
    expect(cfg.webhookTimeoutSeconds).toBe(w["timeoutSeconds"]);
    expect(cfg.deadlineMs).toBeLessThan(w["timeoutSeconds"] * 1000);
    expect(cfg.failureMode).toBe("closed");
  });

  it("cert-manager issues the serving certificate for the Service; NetworkPolicies deny by default", () => {
    const cert = find("Certificate", "evident-webhook-tls")[0]!;
    expect(cert["spec"]["dnsNames"]).toContain("evident-webhook.evident-system.svc");
    expect(cert["spec"]["secretName"]).toBe("evident-webhook-tls");
    expect(find("Issuer").length).toBeGreaterThanOrEqual(1);
    const deny = find("NetworkPolicy", "default-deny-all")[0]!;
    expect(deny["spec"]).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  });

  it("the Grafana dashboard is built on the webhook's metrics", () => {
    const dash = JSON.parse(readFileSync(join(DEPLOY, "grafana-dashboard.json"), "utf8")) as Obj;
    const exprs: string[] = dash["panels"].flatMap((p: Obj) => (p["targets"] ?? []).map((t: Obj) => t["expr"] as string));
    const used = new Set(exprs.flatMap((e) => e.match(/evident_webhook_[a-z_]+/g) ?? []));
    for (const m of [
      "evident_webhook_requests_total",
      "evident_webhook_request_duration_seconds_bucket",
      "evident_webhook_violations_total",
      "evident_webhook_evaluation_errors_total",
      "evident_webhook_bundle_info",
      "evident_webhook_bundle_reloads_total",
      "evident_webhook_tls_reloads_total",
      "evident_webhook_evidence_errors_total",
    ]) {
      expect(used, m).toContain(m);
    }
  });
});
