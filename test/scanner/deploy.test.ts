// deploy/scanner: the shipped config is valid, the Indexed Job and the CronJob shard consistently and
// run a hardened pod, and the role never reads Secrets.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { checkScannerConfig } from "../../src/scanner/config.js";
import { ROOT } from "../shared.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;
const DIR = join(ROOT, "deploy/scanner");
const docs = (f: string): Obj[] => parseAllDocuments(readFileSync(join(DIR, f), "utf8")).map((d) => d.toJS() as Obj);

describe("deploy/scanner", () => {
  it("ships a scanner config that validates", () => {
    const cm = docs("configmap.yaml")[0]!;
    const text = cm.data["scanner.yaml"] as string;
    expect(checkScannerConfig(parseAllDocuments(text)[0]!.toJS() as unknown, "configmap.yaml", text)).toEqual([]);
  });

  for (const [file, specOf] of [
    ["indexed-job.yaml", (d: Obj) => d.spec],
    ["cronjob.yaml", (d: Obj) => d.spec.jobTemplate.spec],
  ] as const) {
    it(`${file}: Indexed, one shard per completion, hardened pod`, () => {
      const d = docs(file)[0]!;
      const spec = specOf(d);
      if (d.kind === "CronJob") expect(d.spec.concurrencyPolicy).toBe("Forbid");
      expect(spec.completionMode).toBe("Indexed");
      expect(spec.parallelism).toBe(spec.completions);
      const pod = spec.template.spec;
      const c = pod.containers[0];
      expect(c.env.find((e: Obj) => e.name === "EVIDENT_SHARD_COUNT").value).toBe(String(spec.completions));
      expect(c.args).toEqual(["scanner", "--config", "/etc/evident/scanner.yaml", "--once"]);
      expect(c.image).toMatch(/@sha256:[0-9a-f]{64}$/);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.securityContext.seccompProfile.type).toBe("RuntimeDefault");
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ["ALL"] } });
      expect(c.resources.limits.cpu).toBeDefined();
      expect(c.resources.limits.memory).toBeDefined();
      expect(pod.restartPolicy).toBe("Never");
      expect(spec.podFailurePolicy.rules[0]).toMatchObject({ action: "FailIndex", onExitCodes: { values: [1, 2] } });
      // everything the scanner writes is on a volume (the root filesystem is read-only)
      const mounts = c.volumeMounts.map((m: Obj) => m.mountPath);
      expect(mounts).toEqual(expect.arrayContaining(["/var/lib/evident", "/tmp"]));
      expect(pod.serviceAccountName).toBe("evident-scanner");
    });
  }

  it("the ClusterRole lists what is scanned, writes Policy Reports, and never touches Secrets", () => {
    const role = docs("rbac.yaml").find((d) => d.kind === "ClusterRole")!;
    const resources = role.rules.flatMap((r: Obj) => r.resources);
    expect(resources).not.toContain("secrets");
    expect(resources).not.toContain("configmaps");
    expect(resources).toEqual(expect.arrayContaining(["namespaces", "deployments", "ingresses", "networkpolicies", "clusterrolebindings", "policyreports"]));
    const verbs = role.rules.filter((r: Obj) => r.apiGroups[0] !== "wgpolicyk8s.io").flatMap((r: Obj) => r.verbs);
    expect(new Set(verbs)).toEqual(new Set(["list"]));
  });
});
