// The webhook configuration (errors name the field and line), the enforcement rules, the response
// texts, and the canonical serialisation the subject digest is taken over.
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/engine/finding.js";
import { canonicalJson, subjectDigest } from "../../src/evidence/index.js";
import { admissionInput } from "../../src/inputs/index.js";
import { canonicalDigest, canonicalText } from "../../src/webhook/canonical.js";
import { ConfigError, loadWebhookConfig, parseWebhookConfig, resolveWebhookConfig } from "../../src/webhook/config.js";
import { actionFor, exemptionOf } from "../../src/webhook/enforcement.js";
import { denialMessage, truncate, warningsOf } from "../../src/webhook/review.js";
import { corpusFiles } from "./helpers.js";

function problems(text: string): string[] {
  try {
    parseWebhookConfig(text, "webhook.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("webhook config", () => {
  it("defaults: deny, fail closed, a deadline below the webhook timeout, no evidence", async () => {
    const c = await loadWebhookConfig(undefined);
    expect(c).toMatchObject({
      enforcement: { default: "deny", rules: [] },
      failureMode: "closed",
      deadlineMs: 3000,
      webhookTimeoutSeconds: 10,
      evidence: { backend: "none" },
      logging: { level: "info" },
      evaluation: { threads: 0 },
    });
    expect(resolveWebhookConfig({ webhookTimeoutSeconds: 2 }).deadlineMs).toBe(1000);
    expect(resolveWebhookConfig({ evidence: { backend: "file", dir: "/x" } }).evidence).toMatchObject({ backend: "file", dir: "/x", acknowledge: "durable", instance: expect.any(String) });
  });

  it("reads a full config", () => {
    const c = parseWebhookConfig(
      `enforcement:
  default: warn
  rules:
    - {checks: ["K8S-*"], severities: [critical, high], namespaces: ["phi-*"], action: deny}
exemptions: {namespaces: [kube-system], labels: [{evident.dev/exempt: "true"}]}
exceptionsFile: /etc/evident/exceptions.yaml
failureMode: open
deadlineMs: 2500
webhookTimeoutSeconds: 5
evidence: {backend: postgres, connectionString: "postgres://x@db/evident", spoolDir: /var/spool/evident, instance: replica-1, acknowledge: async}
logging: {level: debug}
policyConfig: {approved_registries: ["registry.example/"]}
`,
      "webhook.yaml",
    );
    expect(c.enforcement.rules[0]).toEqual({ checks: ["K8S-*"], severities: ["critical", "high"], namespaces: ["phi-*"], action: "deny" });
    expect(c.evidence).toEqual({ backend: "postgres", connectionString: "postgres://x@db/evident", spoolDir: "/var/spool/evident", instance: "replica-1", acknowledge: "async" });
    expect(c.policyConfig).toEqual({ approved_registries: ["registry.example/"] });
  });

  it("names each bad field and its line", () => {
    expect(
      problems(`enforcement:
  default: block
  rules:
    - {checks: [X], action: audit}
failureMode: closed
failuremode: open
deadlineMs: fast
`),
    ).toEqual([
      "enforcement.default: must be one of deny, warn, dryrun (line 2)",
      "enforcement.rules[0].action: must be one of deny, warn, dryrun (line 4)",
      "failuremode: is not a known field (line 6)",
      "deadlineMs: must be integer (line 7)",
    ]);
    expect(problems("evidence: {backend: file}\n")).toEqual(["evidence.dir: is required (line 1)"]);
    expect(problems("evidence: {backend: file, dir: /x, connectionString: y}\n")).toEqual(["evidence.connectionString: is not a known field (line 1)"]);
    expect(problems("evidence: {backend: s3}\n")).toEqual(["evidence.backend: must be one of none, file, postgres (line 1)"]);
    expect(problems("exemptions:\n  labels: [{}]\n")).toEqual(["exemptions.labels[0]: must NOT have fewer than 1 properties (line 2)"]);
    expect(problems("deadlineMs: 5000\nwebhookTimeoutSeconds: 5\n")).toEqual([
      "deadlineMs: 5000 must be below webhookTimeoutSeconds (5 s) so the webhook answers before the API server gives up (line 1)",
    ]);
    expect(problems("a: [\n")[0]).toMatch(/^invalid YAML at line \d/);
  });

  it("the error message names the file", async () => {
    await expect(loadWebhookConfig("/nonexistent/webhook.yaml")).rejects.toThrow(/^\/nonexistent\/webhook\.yaml: invalid webhook configuration:\n {2}cannot read/);
  });
});

describe("enforcement", () => {
  const f = (checkId: string, severity: Finding["severity"]) => ({ checkId, severity });
  const cfg = resolveWebhookConfig({
    enforcement: {
      default: "deny",
      rules: [
        { namespaces: ["sandbox-*"], action: "dryrun" },
        { checks: ["K8S-READONLY-*"], action: "warn" },
        { severities: ["low", "info"], namespaces: ["prod"], action: "warn" },
      ],
    },
  }).enforcement;

  it("first matching rule wins; all matchers of a rule must match; default otherwise", () => {
    expect(actionFor(cfg, f("K8S-PRIVILEGED", "high"), "sandbox-a")).toBe("dryrun");
    expect(actionFor(cfg, f("K8S-READONLY-ROOT-FILESYSTEM", "low"), "prod")).toBe("warn");
    expect(actionFor(cfg, f("K8S-READONLY-ROOT-FILESYSTEM", "low"), "sandbox-a")).toBe("dryrun");
    expect(actionFor(cfg, f("K8S-X", "low"), "prod")).toBe("warn");
    expect(actionFor(cfg, f("K8S-X", "low"), "dev")).toBe("deny");
    expect(actionFor(cfg, f("K8S-X", "critical"), "prod")).toBe("deny");
  });

  it("exemptions by namespace glob and by a full label set", () => {
    const ex = resolveWebhookConfig({ exemptions: { namespaces: ["kube-*"], labels: [{ a: "1", b: "2" }] } }).exemptions;
    expect(exemptionOf(ex, "kube-system", undefined)).toBe("namespace kube-system matches kube-*");
    expect(exemptionOf(ex, "default", { a: "1" })).toBeUndefined();
    expect(exemptionOf(ex, "default", { a: "1", b: "2", c: "3" })).toBe("labels a=1,b=2");
    expect(exemptionOf(ex, "", undefined)).toBeUndefined();
  });
});

describe("response texts", () => {
  const finding = (checkId: string, severity: Finding["severity"], message: string): Finding => ({
    checkId,
    severity,
    message,
    title: checkId,
    controls: [],
    resource: { kind: "kubernetes" },
  });

  it("a denial lists checks by severity, each with its first message and a count of the rest", () => {
    const msg = denialMessage("Deployment phi/api", [
      finding("B", "medium", "b1"),
      finding("A", "critical", "a1"),
      finding("A", "critical", "a2"),
      finding("A", "critical", "a2"),
    ]);
    expect(msg).toBe("Evident denied Deployment phi/api: 2 checks failed: [A critical] a1 (+1 more); [B medium] b1");
  });

  it("long messages are cut on one line", () => {
    expect(truncate("a\n  b   c", 10)).toBe("a b c");
    expect(truncate("x".repeat(300), 200)).toHaveLength(200);
    const w = warningsOf([finding("K8S-SOME-LONG-CHECK-ID", "low", "y".repeat(500)), finding("K8S-SOME-LONG-CHECK-ID", "low", "z")]);
    expect(w).toHaveLength(1);
    expect(w[0]!.length).toBeLessThanOrEqual(120);
    expect(w[0]).toMatch(/^K8S-SOME-LONG-CHECK-ID: y+… \(\+1\)$/);
  });
});

describe("canonical text", () => {
  it("equals RFC 8785 canonicalJson (the evidence module's) over the admission corpus and edge cases", () => {
    const values: unknown[] = corpusFiles().map((f) => {
      const v = f.value as Record<string, unknown>;
      return admissionInput((v["kind"] === "AdmissionReview" ? v["request"] : v) as Record<string, unknown>);
    });
    values.push(
      { "10": 1, "9": 2, b: [1, 2.5, -0, 1e21, 1e-7, 123456789012345680000], a: { "é": "\u2028", "\ud83d\ude00": "😀", "": null, q: '"\\\n\t\u0001' } },
      { z: undefined, y: [undefined, null, true, false], x: "x".repeat(6000) + '"' },
      ["\ud800", "a\u007fb", "<>&'"],
      42,
      "plain",
    );
    for (const v of values) {
      expect(canonicalText(v)).toBe(canonicalJson(v));
      expect(canonicalDigest(v).digest).toBe(subjectDigest(v));
    }
  });

  it("refuses numbers JSON cannot hold", () => {
    expect(() => canonicalText({ a: Number.NaN })).toThrow(/finite/);
  });
});
