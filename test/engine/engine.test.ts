import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Engine, POLICIES_DIR } from "../../src/engine/engine.js";
import { loadText } from "../../src/inputs/index.js";
import { CORPORA, ROOT } from "../shared.js";

const fixtures = join(ROOT, "test/fixtures/policies");

describe("engine", () => {
  it("turns violations into findings with METADATA, resource and line", async () => {
    const engine = await Engine.fromPolicies([join(POLICIES_DIR, "evident"), fixtures]);
    expect(engine.checks.map((c) => c.id)).toEqual(["TEST-PRIVILEGED", "TEST-TF-VERSIONING"]);
    const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: lab
spec:
  containers:
    - name: ok
      image: nginx
    - name: bad
      image: nginx
      securityContext:
        privileged: true
`;
    const { documents, errors } = loadText("pod.yaml", yaml);
    expect(errors).toEqual([]);
    const findings = engine.evaluate(documents[0]!);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.checkId).toBe("TEST-PRIVILEGED");
    expect(f.severity).toBe("high");
    expect(f.controls).toEqual(["hipaa:164.312(a)(1)", "gxp-part11:11.10(d)"]);
    expect(f.message).toBe('container "bad" runs privileged');
    expect(f.resource).toMatchObject({ kind: "kubernetes", objectKind: "Pod", namespace: "lab", name: "web" });
    expect(f.location).toMatchObject({ file: "pod.yaml", line: 13, path: "spec.containers[1].securityContext.privileged" });
  });

  it("names the Terraform resource a violation concerns, joined through configuration references", async () => {
    const engine = await Engine.fromPolicies([join(POLICIES_DIR, "evident"), fixtures]);
    const plan = {
      format_version: "1.2",
      resource_changes: [
        { address: "aws_s3_bucket.a", mode: "managed", type: "aws_s3_bucket", name: "a", change: { actions: ["create"], after: {}, after_unknown: { bucket: true } } },
        { address: "aws_s3_bucket.b", mode: "managed", type: "aws_s3_bucket", name: "b", change: { actions: ["create"], after: {}, after_unknown: { bucket: true } } },
        { address: "aws_s3_bucket_versioning.a", mode: "managed", type: "aws_s3_bucket_versioning", name: "a", change: { actions: ["create"], after: {}, after_unknown: { bucket: true } } },
      ],
      configuration: {
        root_module: {
          resources: [
            { address: "aws_s3_bucket.a", mode: "managed", type: "aws_s3_bucket", name: "a", expressions: {} },
            { address: "aws_s3_bucket.b", mode: "managed", type: "aws_s3_bucket", name: "b", expressions: {} },
            { address: "aws_s3_bucket_versioning.a", mode: "managed", type: "aws_s3_bucket_versioning", name: "a", expressions: { bucket: { references: ["aws_s3_bucket.a.id", "aws_s3_bucket.a"] } } },
          ],
        },
      },
    };
    const dir = mkdtempSync(join(tmpdir(), "evident-engine-"));
    writeFileSync(join(dir, "plan.json"), JSON.stringify(plan, null, 2));
    const { documents } = loadText(join(dir, "plan.json"), JSON.stringify(plan, null, 2));
    const findings = engine.evaluate(documents[0]!);
    expect(findings.map((f) => f.resource.address)).toEqual(["aws_s3_bucket.b"]);
    expect(findings[0]!.checkId).toBe("TEST-TF-VERSIONING");
    expect(findings[0]!.location?.line).toBeGreaterThan(1);
  });
});

describe("engine batches", () => {
  it("gives the same findings for a batch as document by document", async () => {
    const engine = await Engine.fromPolicies([join(POLICIES_DIR, "evident"), fixtures]);
    const pods = [true, false, true].map((priv, i) =>
      loadText(`pod${i}.yaml`, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\nspec:\n  containers:\n    - name: c\n      image: x\n      securityContext:\n        privileged: ${priv}\n`).documents[0]!,
    );
    const batch = engine.evaluateBatch(pods);
    const single = pods.map((d) => engine.evaluate(d));
    expect(batch.map((r) => ("findings" in r ? r.findings : r))).toEqual(single);
    expect(single.map((f) => f.length)).toEqual([1, 0, 1]);
  });

  it("evaluates a CloudTrail log file in one call, with the findings of record-by-record evaluation", async () => {
    const engine = await Engine.fromPolicies();
    const file = join(CORPORA, "cloudtrail/panther-labs__panther-analysis/test_scenarios/compromised-root-creds__attacker_cloudtrail.json");
    const text = readFileSync(file, "utf8");
    const { documents } = loadText(file, text);
    expect(documents.length).toBeGreaterThan(1);
    expect(documents.every((d) => d.group === documents[0]!.group && d.group?.size === documents.length)).toBe(true);
    const whole = engine.evaluateBatch(documents).map((r) => ("findings" in r ? r.findings : r));
    const single = documents.map((d) => engine.evaluate({ ...d, group: undefined } as typeof d));
    expect(whole).toEqual(single);
    expect(single.flat().length).toBeGreaterThan(0);
    // the same records, with each one's input taken from its own span of the file
    expect(documents.map((d) => JSON.parse(d.inputJson!()))).toEqual(documents.map((d) => d.input));
  });

  it("does not evaluate a file as a whole when its text holds a second \"Records\" (a duplicate key parses to the last)", async () => {
    const record = (id: string, name: string) => ({ eventVersion: "1.08", eventID: id, eventTime: "2026-01-01T00:00:00Z", eventSource: "cloudtrail.amazonaws.com", eventName: name, awsRegion: "eu-west-1", userIdentity: { type: "IAMUser", arn: "arn:aws:iam::1:user/a" } });
    const first = JSON.stringify([record("aaaa", "StopLogging")]);
    const last = JSON.stringify([record("bbbb", "DescribeTrails")]);
    const text = `{"Records": ${first}, "Records": ${last}}`;
    const { documents } = loadText("dup.json", text);
    expect(documents.map((d) => (d.input as { event: { eventID: string } }).event.eventID)).toEqual(["bbbb"]);
    expect(documents[0]!.group).toBeUndefined();
    expect(JSON.parse(documents[0]!.inputJson!()).event.eventID).toBe("bbbb");
  });
});
