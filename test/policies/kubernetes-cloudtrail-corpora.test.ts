// The Kubernetes and CloudTrail checks of the policy library over the real inputs in ../shared/corpora:
// - the findings (check id, resource, count) are pinned in test/policies/expected/*.json, so a change
//   in verdicts shows in review. The test never rewrites them; run with EVIDENT_UPDATE_EXPECTED=1 to
//   regenerate, then review the diff.
// - every Kubernetes and CloudTrail check of the catalog is present with the catalog's severity and
//   controls;
// - on the Panther rule tests (independent expectations that come with the CloudTrail corpus) our
//   verdicts agree with Panther's wherever a Panther rule means the same as one of our checks, and
//   the few places where they knowingly differ are listed with the reason;
// - the Stratus Red Team detonations are caught by the check their technique is about.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import type { Finding } from "../../src/engine/finding.js";
import { inventoryFrom, loadInputs, type InputDocument } from "../../src/inputs/index.js";
import { catalogOf, CORPORA, ROOT } from "../shared.js";

const UPDATE = process.env.EVIDENT_UPDATE_EXPECTED === "1";
const EXPECTED = join(ROOT, "test/policies/expected");


/** file (relative to the corpora) -> "#<document> <resource>" -> check id -> number of findings. */
type Pinned = Record<string, Record<string, Record<string, number>>>;

function resourceLabel(doc: InputDocument): string {
  const r = doc.resource;
  if (r.kind === "kubernetes") return `#${doc.index} ${r.objectKind ?? "?"}/${r.namespace ?? "-"}/${r.name ?? "-"}`;
  return `#${doc.index} ${r.eventSource ?? "?"} ${r.eventName ?? "?"}`;
}

function sorted<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]!]));
}

interface Evaluated {
  doc: InputDocument;
  findings: Finding[];
}

function pin(evaluated: Evaluated[]): Pinned {
  const out: Pinned = {};
  for (const { doc, findings } of evaluated) {
    if (findings.length === 0) continue;
    const file = relative(CORPORA, doc.file);
    const byResource = (out[file] ??= {});
    const byCheck = (byResource[resourceLabel(doc)] ??= {});
    for (const f of findings) byCheck[f.checkId] = (byCheck[f.checkId] ?? 0) + 1;
  }
  return sorted(Object.fromEntries(Object.entries(out).map(([f, r]) => [f, sorted(Object.fromEntries(Object.entries(r).map(([k, c]) => [k, sorted(c)])))])));
}

/** One line per resource, so a changed verdict is a one-line diff. */
function format(p: Pinned): string {
  const files = Object.entries(p).map(([file, resources]) => {
    const lines = Object.entries(resources).map(([r, checks]) => `  ${JSON.stringify(r)}: ${JSON.stringify(checks)}`);
    return ` ${JSON.stringify(file)}: {\n${lines.join(",\n")}\n }`;
  });
  return `{\n${files.join(",\n")}\n}\n`;
}

function checkPinned(name: string, actual: Pinned): void {
  const path = join(EXPECTED, name);
  if (UPDATE) {
    writeFileSync(path, format(actual));
    return;
  }
  expect(existsSync(path), `${path} is missing: run with EVIDENT_UPDATE_EXPECTED=1 and review it`).toBe(true);
  expect(actual).toEqual(JSON.parse(readFileSync(path, "utf8")));
}

function checksFiring(evaluated: Evaluated[]): Set<string> {
  return new Set(evaluated.flatMap((e) => e.findings.map((f) => f.checkId)));
}

let engine: Engine;

beforeAll(async () => {
  // The shipped library, as `evident scan` uses it.
  engine = await Engine.fromPolicies();
}, 120_000);

describe("the library's Kubernetes and CloudTrail checks", () => {
  for (const kind of ["kubernetes", "cloudtrail"]) {
    it(`has every ${kind} check of the catalog with its severity and controls`, () => {
      const ours = new Map(engine.checks.filter((c) => c.kinds.includes(kind as never)).map((c) => [c.id, c]));
      const expected = catalogOf(kind);
      expect(expected.length).toBe(kind === "kubernetes" ? 24 : 27);
      for (const c of expected) {
        const meta = ours.get(c.id);
        expect(meta, c.id).toBeDefined();
        expect(meta!.severity, c.id).toBe(c.severity);
        expect(meta!.controls, c.id).toEqual(c.controls);
        expect(meta!.kinds, c.id).toEqual([kind]);
        expect(meta!.package, c.id).toBe(`evident.checks.${kind}.${c.id.replace(/^[A-Z0-9]+-/, "").toLowerCase().replace(/-/g, "_")}`);
        expect(meta!.remediation.length, c.id).toBeGreaterThan(40);
        expect(meta!.title.length, c.id).toBeGreaterThan(10);
      }
      expect([...ours.keys()].sort()).toEqual(expected.map((c) => c.id).sort());
    });
  }
});

describe("Kubernetes corpora", () => {
  let evaluated: Evaluated[];
  let loadErrors: number;

  beforeAll(async () => {
    // One scan of the whole corpus: data.inventory holds every object, as `evident scan` sets it.
    const loaded = await loadInputs([join(CORPORA, "kubernetes")]);
    loadErrors = loaded.errors.length;
    engine.setInventory(inventoryFrom(loaded.documents));
    evaluated = loaded.documents.map((doc) => ({ doc, findings: engine.evaluate(doc) }));
    engine.setInventory(undefined);
  }, 120_000);

  it("loads every document", () => {
    expect(loadErrors).toBe(0);
    expect(evaluated.length).toBeGreaterThan(500);
  });

  it("pins the findings", () => {
    checkPinned("kubernetes-corpora.json", pin(evaluated));
  });

  it("fires where the corpus was written to trip a check, and stays silent on the compliant examples", () => {
    const fired = (file: string, check: string) =>
      evaluated.filter((e) => relative(CORPORA, e.doc.file) === `kubernetes/${file}`).flatMap((e) => e.findings).filter((f) => f.checkId === check);
    // Written to violate:
    expect(fired("gatekeeper-library/pod-security-policy/privileged-containers/psp-privileged-container/example_disallowed.yaml", "K8S-PRIVILEGED-CONTAINER").length).toBeGreaterThan(0);
    expect(fired("admissionreview/kubewarden__policies/pod-privileged-policy/privileged_init_container.json", "K8S-PRIVILEGED-CONTAINER").map((f) => f.location?.path)).toEqual([
      "spec.initContainers[0].securityContext.privileged",
    ]);
    expect(fired("admissionreview/kubewarden__policies/pod-privileged-policy/privileged_ephemeral_container.json", "K8S-PRIVILEGED-CONTAINER").map((f) => f.location?.path)).toEqual([
      "spec.ephemeralContainers[0].securityContext.privileged",
    ]);
    expect(fired("gatekeeper-library/pod-security-policy/host-namespaces/psp-host-namespace/example_disallowed.yaml", "K8S-HOST-NAMESPACES-AND-PORTS").length).toBeGreaterThan(0);
    expect(fired("gatekeeper-library/general/httpsonly/ingress-https-only/example_disallowed.yaml", "K8S-INGRESS-TLS").length).toBe(1);
    expect(fired("gatekeeper-library/general/imagedigests/container-image-must-have-digest/example_disallowed.yaml", "K8S-IMAGE-DIGEST-PINNED").length).toBeGreaterThan(0);
    // Written to pass:
    expect(fired("gatekeeper-library/pod-security-policy/privileged-containers/psp-privileged-container/example_allowed.yaml", "K8S-PRIVILEGED-CONTAINER")).toEqual([]);
    expect(fired("gatekeeper-library/pod-security-policy/read-only-root-filesystem/psp-readonlyrootfilesystem/example_allowed.yaml", "K8S-READONLY-ROOT-FILESYSTEM")).toEqual([]);
    expect(fired("gatekeeper-library/pod-security-policy/host-filesystem/no-host-paths/example_allowed_no_volumes.yaml", "K8S-HOSTPATH-VOLUME")).toEqual([]);
  });

  it("judges each kyverno resource as its privileged flag says (18 privileged containers, 15 not)", () => {
    const file = join(CORPORA, "kubernetes/kyverno__policies/pod-security/baseline/disallow-privileged-containers/resource.yaml");
    const text = readFileSync(file, "utf8");
    const privileged = text.match(/privileged: true/g)?.length ?? 0;
    const notPrivileged = text.match(/privileged: false/g)?.length ?? 0;
    const findings = evaluated.filter((e) => e.doc.file === file).flatMap((e) => e.findings).filter((f) => f.checkId === "K8S-PRIVILEGED-CONTAINER");
    expect(privileged).toBe(18);
    expect(notPrivileged).toBe(15);
    expect(findings.length).toBe(privileged);
    // Each finding points at a line that says `privileged: true`.
    const lines = text.split("\n");
    for (const f of findings) expect(lines[f.location!.line! - 1]).toMatch(/privileged: true/);
  });

  it("does not judge deletions", () => {
    const deletes = evaluated.filter((e) => (e.doc.input as { operation?: string }).operation === "DELETE");
    expect(deletes.length).toBe(2);
    for (const e of deletes) expect(e.findings).toEqual([]);
  });

  it("fires every Kubernetes check that needs no organisation data on some corpus input", () => {
    // The rest need a PHI/GxP classification, a GPU-allowed namespace, CONNECT requests or objects
    // the corpora do not hold (StorageClass, NetworkPolicy deletions); their Rego tests use
    // realistic inputs for them.
    const needsData = new Set([
      "K8S-NS-PSA-RESTRICTED",
      "K8S-NETWORKPOLICY-DEFAULT-DENY",
      "K8S-SERVICE-NOT-INTERNET-FACING",
      "K8S-RBAC-CLUSTER-ADMIN",
      "K8S-STORAGECLASS-ENCRYPTED",
      "K8S-GXP-WORKLOAD-TRACEABILITY",
      "K8S-EXEC-INTO-REGULATED-PODS",
    ]);
    const fired = checksFiring(evaluated);
    for (const c of catalogOf("kubernetes")) expect(fired.has(c.id), c.id).toBe(!needsData.has(c.id));
  });
});

describe("CloudTrail corpora", () => {
  let evaluated: Evaluated[];
  let loadErrors: number;

  beforeAll(async () => {
    const loaded = await loadInputs([join(CORPORA, "cloudtrail")]);
    loadErrors = loaded.errors.length;
    evaluated = loaded.documents.map((doc) => ({ doc, findings: engine.evaluate(doc) }));
  }, 120_000);

  it("loads every record", () => {
    expect(loadErrors).toBe(0);
    expect(evaluated.length).toBeGreaterThan(700);
  });

  it("pins the findings", () => {
    checkPinned("cloudtrail-corpora.json", pin(evaluated));
  });

  it("never fires on a failed call (errorCode present)", () => {
    const failed = evaluated.filter((e) => {
      const ev = (e.doc.input as { event: Record<string, unknown> }).event;
      return typeof ev.errorCode === "string" && ev.errorCode !== "";
    });
    expect(failed.length).toBeGreaterThan(20);
    for (const e of failed) expect(e.findings.map((f) => `${resourceLabel(e.doc)} ${f.checkId}`)).toEqual([]);
  });

  it("fires every CloudTrail check whose events the corpora hold", () => {
    // The corpora hold no (successful) GuardDuty/Security Hub, CloudWatch Logs retention, Block Public
    // Access, open security-group, EKS cluster-config or SageMaker notebook/job events; the Rego tests
    // of these checks use realistic records instead.
    const noEvents = new Set([
      "CT-DETECTION-SERVICE-DISABLED",
      "CT-LOG-GROUP-DELETED-OR-SHORTENED",
      "CT-S3-PUBLIC-ACCESS-BLOCK-REMOVED",
      "CT-SG-INGRESS-OPEN-TO-INTERNET",
      "CT-EKS-LOGGING-DISABLED-OR-ENDPOINT-PUBLIC",
      "CT-SAGEMAKER-NOTEBOOK-INSECURE",
      "CT-SAGEMAKER-JOB-INSECURE",
    ]);
    const fired = checksFiring(evaluated);
    for (const c of catalogOf("cloudtrail")) expect(fired.has(c.id), c.id).toBe(!noEvents.has(c.id));
  });

  /**
   * Panther rules whose meaning is one of our checks: rule id -> our check ids (the rule agrees when any
   * of them fires), and optionally the events of the rule's tests that the mapping covers.
   */
  const PANTHER: { rule: string; checks: string[]; only?: (e: Record<string, unknown>) => boolean; why?: string }[] = [
    { rule: "AWS.CloudTrail.AMIModifiedForPublicAccess", checks: ["CT-EBS-SNAPSHOT-OR-AMI-PUBLIC"] },
    { rule: "AWS.CloudTrail.SnapshotMadePublic", checks: ["CT-EBS-SNAPSHOT-OR-AMI-PUBLIC"] },
    { rule: "AWS.Bedrock.DeleteModelInvocationLoggingConfiguration", checks: ["CT-BEDROCK-AUDIT-OR-GUARDRAIL-REMOVED"] },
    { rule: "AWS.CloudTrail.EventSelectorsDisabled", checks: ["CT-CLOUDTRAIL-WEAKENED"] },
    { rule: "AWS.CloudTrail.ShortLifecycle", checks: ["CT-S3-RECORD-PROTECTION-WEAKENED"] },
    { rule: "AWS.CloudTrail.Stopped", checks: ["CT-CLOUDTRAIL-STOPPED"] },
    {
      rule: "AWS.CloudTrail.SecurityConfigurationChange",
      checks: ["CT-CLOUDTRAIL-STOPPED"],
      only: (e) => e.eventSource === "cloudtrail.amazonaws.com",
      why: "the rule also covers IAM and other services; its CloudTrail events are ours",
    },
    { rule: "AWS.ConfigService.DisabledDeleted", checks: ["CT-CONFIG-RECORDER-STOPPED"] },
    { rule: "AWS.Console.RootLogin", checks: ["CT-ROOT-ACCOUNT-USED"] },
    { rule: "AWS.Root.Activity", checks: ["CT-ROOT-ACCOUNT-USED"] },
    { rule: "AWS.CloudTrail.RootAccessKeyCreated", checks: ["CT-ROOT-ACCOUNT-USED"] },
    { rule: "AWS.Console.RootLoginFailed", checks: ["CT-CONSOLE-LOGIN-FAILURES"] },
    { rule: "AWS.CloudTrail.PasswordSpraying", checks: ["CT-CONSOLE-LOGIN-FAILURES"] },
    { rule: "AWS.EC2.EBS.Encryption.Disabled", checks: ["CT-EBS-DEFAULT-ENCRYPTION-DISABLED"] },
    { rule: "AWS.IAM.AttachAdminRolePolicy", checks: ["CT-ADMIN-PRIVILEGE-GRANTED"] },
    { rule: "AWS.IAM.AttachAdminUserPolicy", checks: ["CT-ADMIN-PRIVILEGE-GRANTED"] },
    { rule: "AWS.KMS.CustomerManagedKeyLoss", checks: ["CT-KMS-KEY-DISABLED-OR-SCHEDULED-DELETION"] },
    { rule: "AWS.RDS.AutomatedBackupDeleted", checks: ["CT-RDS-PROTECTION-REMOVED"] },
    { rule: "AWS.RDS.InstanceMadePublic", checks: ["CT-RDS-MADE-PUBLIC"] },
    { rule: "AWS.RDS.PublicRestore", checks: ["CT-RDS-MADE-PUBLIC"] },
    {
      rule: "AWS.CloudTrail.ResourceMadePublic",
      checks: ["CT-S3-POLICY-OR-ACL-PUBLIC"],
      only: (e) => e.eventSource === "s3.amazonaws.com" && (e.eventName === "PutBucketPolicy" || e.eventName === "PutBucketAcl"),
      why: "the rule covers every resource policy (ECR, KMS, SQS, Secrets Manager ...); its S3 bucket policy/ACL events are ours",
    },
    { rule: "AWS.S3.DeleteBucketEncryption", checks: ["CT-S3-ENCRYPTION-REMOVED-OR-DOWNGRADED"] },
    { rule: "AWS.S3.DeleteObject", checks: ["CT-S3-GXP-OBJECT-DELETED"] },
    { rule: "AWS.S3.DeleteObjects", checks: ["CT-S3-GXP-OBJECT-DELETED"] },
    { rule: "AWS.S3.DisableBucketLogging", checks: ["CT-S3-RECORD-PROTECTION-WEAKENED"] },
    { rule: "AWS.S3.DisableMfaDelete", checks: ["CT-S3-VERSIONING-OR-MFA-DELETE-DISABLED"] },
    { rule: "AWS.S3.SuspendVersioning", checks: ["CT-S3-VERSIONING-OR-MFA-DELETE-DISABLED"] },
    { rule: "AWS.S3.SecurityControlDisabling", checks: ["CT-S3-VERSIONING-OR-MFA-DELETE-DISABLED", "CT-S3-RECORD-PROTECTION-WEAKENED"] },
    { rule: "AWS.VPCFlow.LogsDeleted", checks: ["CT-FLOW-LOGS-DELETED"] },
  ];

  /** Where we knowingly disagree with Panther: our verdict and why. Each must still disagree. */
  const DIVERGENCES: { rule: string; test: string; ours: boolean; reason: string }[] = [
    {
      rule: "AWS.Root.Activity",
      test: "Root Activity - CreateServiceLinkedRole",
      ours: true,
      reason: "Panther allowlists CreateServiceLinkedRole; the catalog reports every root API call (CIS root-usage filter)",
    },
    {
      rule: "AWS.Root.Activity",
      test: "Root Read-Only Enumeration",
      ours: true,
      reason: "Panther ignores read-only root calls; any use of root credentials is reported",
    },
    {
      rule: "AWS.CloudTrail.RootAccessKeyCreated",
      test: "Root Created Access Key For User",
      ours: true,
      reason: "the root user acted (it created an IAM user's key): root usage, though not a root access key",
    },
  ];

  it("agrees with Panther's expectations on the rules that mean the same as our checks", () => {
    const index = JSON.parse(readFileSync(join(CORPORA, "cloudtrail/panther-labs__panther-analysis/_tests_index.json"), "utf8")) as Record<
      string,
      { ruleId: string; tests: { test: string; expectedResult: boolean }[] }
    >;
    const byFile = new Map<string, Evaluated[]>();
    for (const e of evaluated) {
      const f = relative(join(CORPORA, "cloudtrail"), e.doc.file);
      if (!byFile.has(f)) byFile.set(f, []);
      byFile.get(f)!.push(e);
    }
    const disagreements: string[] = [];
    const divergencesSeen = new Set<string>();
    let compared = 0;
    for (const m of PANTHER) {
      const entries = Object.entries(index).filter(([, v]) => v.ruleId === m.rule);
      expect(entries.length, m.rule).toBe(1);
      const [file, v] = entries[0]!;
      const docs = byFile.get(file)!;
      // One record per rule test, in the order of the tests.
      expect(docs.map((d) => d.doc.index), file).toEqual(v.tests.map((_, i) => i));
      v.tests.forEach((t, i) => {
        const ev = (docs[i]!.doc.input as { event: Record<string, unknown> }).event;
        if (m.only && !m.only(ev)) return;
        compared++;
        const ours = docs[i]!.findings.some((f) => m.checks.includes(f.checkId));
        const divergence = DIVERGENCES.find((d) => d.rule === m.rule && d.test === t.test);
        if (divergence) {
          divergencesSeen.add(`${divergence.rule}/${divergence.test}`);
          expect(ours, `${m.rule} / ${t.test}: ${divergence.reason}`).toBe(divergence.ours);
          expect(t.expectedResult, `${m.rule} / ${t.test} is no longer a divergence`).toBe(!divergence.ours);
        } else if (ours !== t.expectedResult) {
          disagreements.push(`${m.rule} / ${t.test}: Panther expects ${t.expectedResult}, we say ${ours}`);
        }
      });
    }
    expect(disagreements).toEqual([]);
    expect([...divergencesSeen].sort()).toEqual(DIVERGENCES.map((d) => `${d.rule}/${d.test}`).sort());
    expect(compared).toBeGreaterThan(100);
  });

  it("catches the Stratus Red Team detonations with the check of their technique", () => {
    const technique: Record<string, string> = {
      "aws.defense-evasion.cloudtrail-stop.json": "CT-CLOUDTRAIL-STOPPED",
      "aws.defense-evasion.vpc-remove-flow-logs.json": "CT-FLOW-LOGS-DELETED",
      "aws.exfiltration.ec2-share-ami.json": "CT-EBS-SNAPSHOT-OR-AMI-PUBLIC",
      "aws.exfiltration.rds-share-snapshot.json": "CT-RDS-SNAPSHOT-SHARED-OR-PUBLIC",
      "aws.initial-access.console-login-without-mfa.json": "CT-CONSOLE-LOGIN-WITHOUT-MFA",
      "aws.persistence.iam-create-admin-user.json": "CT-ADMIN-PRIVILEGE-GRANTED",
      "aws.persistence.iam-create-backdoor-role.json": "CT-ADMIN-PRIVILEGE-GRANTED",
    };
    for (const [file, check] of Object.entries(technique)) {
      const docs = evaluated.filter((e) => e.doc.file === join(CORPORA, "cloudtrail/DataDog__stratus-red-team", file));
      expect(docs.length, file).toBeGreaterThan(0);
      expect(docs.some((e) => e.findings.some((f) => f.checkId === check)), `${file} -> ${check}`).toBe(true);
    }
    // The credential-access and discovery techniques read data; none of our (configuration-change)
    // checks is about them.
    for (const file of ["aws.credential-access.secretsmanager-retrieve-secrets.json", "aws.discovery.ec2-download-user-data.json"]) {
      const docs = evaluated.filter((e) => e.doc.file === join(CORPORA, "cloudtrail/DataDog__stratus-red-team", file));
      expect(docs.length, file).toBeGreaterThan(0);
      expect(docs.flatMap((e) => e.findings), file).toEqual([]);
    }
  });
});
