// Terraform plans: the references that join S3 split resources (and other companions) to their parent
// by address, the resource listing, and address -> line lookups.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadFile, loadText, locationOf, parseAddress, planResources, resolveReferences } from "../../src/inputs/index.js";
import type { PlanReferences } from "../../src/inputs/index.js";
import { CORPORA, ROOT } from "../shared.js";
import { generatePlan } from "./generate.js";

const FIXTURE = join(ROOT, "test/fixtures/inputs/terraform/s3-split-modules.plan.json");
const TF = join(CORPORA, "terraform-plans");

async function refsOf(file: string): Promise<PlanReferences> {
  const r = await loadFile(file);
  expect(r.errors).toEqual([]);
  return (r.documents[0]!.input as { references: PlanReferences }).references;
}

describe("terraform references", () => {
  it("split S3 resources join their bucket through modules, count, for_each, each.value and module outputs", async () => {
    const refs = await refsOf(FIXTURE);
    const SSE = "aws_s3_bucket_server_side_encryption_configuration";
    // root, plain reference (`aws_s3_bucket.logs.id`)
    expect(refs["aws_s3_bucket_versioning.logs"]).toEqual({ bucket: ["aws_s3_bucket.logs"] });
    // for_each over the buckets, bucket = each.value.id: the instance with the same key
    expect(refs[`${SSE}.data["raw"]`]!.bucket).toEqual(['aws_s3_bucket.data["raw"]']);
    expect(refs[`${SSE}.data["curated"]`]!.bucket).toEqual(['aws_s3_bucket.data["curated"]']);
    expect(refs[`${SSE}.data["raw"]`]!["rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id"]).toEqual(["aws_kms_key.data"]);
    // for_each = toset(...), bucket = aws_s3_bucket.data[each.key].id (the plan only says `aws_s3_bucket.data`)
    expect(refs['aws_s3_bucket_versioning.data["curated"]']).toEqual({ bucket: ['aws_s3_bucket.data["curated"]'] });
    expect(refs['aws_s3_bucket_logging.data["raw"]']).toMatchObject({ bucket: ['aws_s3_bucket.data["raw"]'], target_bucket: ["aws_s3_bucket.logs"] });
    // inside a counted module: the bucket of the same module instance
    expect(refs["module.archive[1].aws_s3_bucket_public_access_block.this"]).toEqual({ bucket: ["module.archive[1].aws_s3_bucket.this"] });
    expect(refs[`module.archive[0].${SSE}.this`]!.bucket).toEqual(["module.archive[0].aws_s3_bucket.this"]);
    // var.kms_key_arn followed into the calling module's expression
    expect(refs[`module.archive[0].${SSE}.this`]!["rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id"]).toEqual(["aws_kms_key.data"]);
    // ... twice (module.shared -> module.inner)
    expect(refs[`module.shared.module.inner.${SSE}.this`]!["rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id"]).toEqual(["aws_kms_key.data"]);
    // module.archive[count.index].bucket_id: the module instance with the same index
    expect(refs["aws_s3_bucket_logging.archive[0]"]!.bucket).toEqual(["module.archive[0].aws_s3_bucket.this"]);
    expect(refs["aws_s3_bucket_logging.archive[1]"]!.bucket).toEqual(["module.archive[1].aws_s3_bucket.this"]);
    // module output through a nested module's output
    expect(refs["aws_s3_bucket_policy.shared"]).toEqual({ bucket: ["module.shared.module.inner.aws_s3_bucket.this"] });
    // every resolved address exists in the plan
    const plan = JSON.parse(readFileSync(FIXTURE, "utf8"));
    const known = new Set(plan.resource_changes.map((r: { address: string }) => r.address));
    for (const attrs of Object.values(refs)) for (const list of Object.values(attrs)) for (const a of list) expect(known.has(a), a).toBe(true);
    // and every bucket companion resolves its bucket (no "unknown until apply" false positives)
    for (const rc of plan.resource_changes as { address: string; type: string; change: { after_unknown: { bucket?: boolean } } }[]) {
      if (rc.type.startsWith("aws_s3_bucket_") && rc.type !== "aws_s3_bucket_policy") {
        expect(rc.change.after_unknown.bucket, rc.address).toBe(true);
        expect(refs[rc.address]!.bucket, rc.address).toHaveLength(1);
      }
    }
  });

  it("real plans: count-indexed references and legacy inline logging blocks", async () => {
    const refs = await refsOf(join(TF, "snyk__policy-engine/count-02/plan.json"));
    expect(refs["aws_s3_bucket_logging.s3_bucket_log[0]"]).toEqual({ bucket: ["aws_s3_bucket.validbucket2[0]"], target_bucket: ["aws_s3_bucket.logbucket1"] });
    expect(refs["aws_s3_bucket_acl.acl1"]).toEqual({ bucket: ["aws_s3_bucket.logbucket1"] });
    expect(refs["aws_s3_bucket.validbucket1[0]"]).toEqual({ "logging[0].target_bucket": ["aws_s3_bucket.logbucket1"] });
    const r355 = await refsOf(join(TF, "fugue__regula/cloudtrail/issue355_infra.json"));
    expect(r355["aws_s3_bucket_logging.cloudtrail"]).toEqual({ bucket: ["aws_s3_bucket.cloudtrail"], target_bucket: ["aws_s3_bucket.logging"] });
  });

  it("real plans (Terraform 0.12): module outputs, var.* into the caller, nested module outputs", async () => {
    const refs = await refsOf(join(TF, "terraform-compliance__cli/test_issue-249/plan.out.json"));
    // security_group_id = module.myapp-asg.sg_id; output sg_id = aws_security_group.sg_asg.id
    expect(refs["aws_security_group_rule.asg-ingress"]).toEqual({
      security_group_id: ["module.myapp-asg.aws_security_group.sg_asg"],
      source_security_group_id: ["module.alb.aws_security_group.alb"],
    });
    // role = var.role inside module.lambda_TFUpgradeTest; the call passes aws_iam_role.lambda_role
    expect(refs["module.lambda_TFUpgradeTest.aws_lambda_function.lambda"]!.role).toEqual(["aws_iam_role.lambda_role"]);
    // iam_instance_profile = module.iam.iam_profile_arn, one module deeper
    expect(refs["module.myapp-asg.aws_launch_configuration.lc"]!.iam_instance_profile).toEqual(["module.myapp-asg.module.iam.aws_iam_instance_profile.profile"]);
    // references inside a module resolve inside that module
    expect(refs["module.myapp-asg.module.iam.aws_iam_instance_profile.profile"]).toEqual({ role: ["module.myapp-asg.module.iam.aws_iam_role.role"] });
  });

  it("a plan without configuration still loads, with empty references", () => {
    const plan = { format_version: "0.1", resource_changes: [{ address: "aws_s3_bucket.b", type: "aws_s3_bucket", name: "b", change: { actions: ["create"], after: {} } }] };
    const r = loadText("p.json", JSON.stringify(plan));
    expect(r.errors).toEqual([]);
    expect((r.documents[0]!.input as { references: PlanReferences }).references).toEqual({ "aws_s3_bucket.b": {} });
  });

  it("planResources lists address, type and actions; resourceOf makes ResourceRefs", async () => {
    const res = planResources(JSON.parse(readFileSync(join(TF, "bridgecrewio__checkov/plan_with_deleted_resources/tfplan.json"), "utf8")));
    expect(res.length).toBeGreaterThan(0);
    expect(res.some((r) => r.actions.includes("delete"))).toBe(true);
    for (const r of res) expect(r.address.endsWith(`${r.type}.${r.name}`) || r.address.includes(`${r.type}.${r.name}[`)).toBe(true);
    const r = await loadFile(FIXTURE);
    const d = r.documents[0]!;
    expect(d.resourceOf!('module.archive[1].aws_s3_bucket.this')).toEqual({ kind: "terraform", address: "module.archive[1].aws_s3_bucket.this", type: "aws_s3_bucket" });
    expect(d.resourceOf!("aws_s3_bucket.not_in_plan")).toEqual({ kind: "terraform", address: "aws_s3_bucket.not_in_plan", type: "aws_s3_bucket" });
    const listed = planResources((d.input as { plan: unknown }).plan);
    expect(listed.find((x) => x.address === 'aws_s3_bucket.data["raw"]')).toEqual({
      address: 'aws_s3_bucket.data["raw"]',
      moduleAddress: "",
      mode: "managed",
      type: "aws_s3_bucket",
      name: "data",
      index: "raw",
      actions: ["create"],
      providerName: "registry.terraform.io/hashicorp/aws",
    });
  });

  it("parseAddress reads module paths and keys", () => {
    expect(parseAddress('module.a["x.y"].module.b[0].data.aws_iam_policy_document.p["k"]')).toMatchObject({
      names: ["a", "b"],
      keys: ["x.y", 0],
      moduleAddrs: ['module.a["x.y"]', 'module.a["x.y"].module.b[0]'],
      rel: "data.aws_iam_policy_document.p",
      mode: "data",
      type: "aws_iam_policy_document",
      name: "p",
      key: "k",
    });
    expect(parseAddress("aws_s3_bucket.b[3]")).toMatchObject({ names: [], rel: "aws_s3_bucket.b", key: 3 });
  });

  it("locate(path, address): the resource_changes entry of the resource, narrowed by the path", async () => {
    const r = await loadFile(FIXTURE);
    const d = r.documents[0]!;
    const lines = readFileSync(FIXTURE, "utf8").split("\n");
    const addr = "module.archive[1].aws_s3_bucket_public_access_block.this";
    const at = d.locate!(undefined, addr)!;
    expect(lines[at.line - 1]).toContain(`"address": ${JSON.stringify(addr)}`);
    // the resource_changes entry, not the planned_values one (which comes first in the file)
    const rcStart = lines.findIndex((l) => l.includes('"resource_changes"'));
    expect(at.line).toBeGreaterThan(rcStart + 1);
    const deeper = d.locate!("change.after.block_public_acls", addr)!;
    expect(deeper.line).toBeGreaterThan(at.line);
    expect(lines[deeper.line - 1]).toContain('"block_public_acls"');
    expect(d.locate!(undefined, "aws_s3_bucket.nope")).toBeUndefined();
    expect(locationOf(d, undefined, addr)).toMatchObject({ file: FIXTURE, line: at.line });
  });

  it("inputJson() is the JSON of input, built from the plan's own text", async () => {
    const r = await loadFile(FIXTURE);
    const d = r.documents[0]!;
    expect(JSON.parse(d.inputJson!())).toEqual(d.input);
    const utf16 = await loadFile(join(TF, "bridgecrewio__checkov/plan_encodings/tfplan_win_utf16.json"));
    expect(JSON.parse(utf16.documents[0]!.inputJson!())).toEqual(utf16.documents[0]!.input);
    // an ASCII plan's input also comes as bytes spliced from the file's own, with the same JSON
    expect(d.inputUtf8).toBeDefined();
    expect(JSON.parse(Buffer.concat(d.inputUtf8!()).toString("utf8"))).toEqual(d.input);
    expect(utf16.documents[0]!.inputUtf8).toBeUndefined();
  });

  it("minified plans (what terraform show -json prints): line 1 and the column of the entry", () => {
    const text = readFileSync(FIXTURE, "utf8");
    const mini = JSON.stringify(JSON.parse(text));
    const r = loadText("mini.json", mini);
    const at = r.documents[0]!.locate!(undefined, "aws_s3_bucket_policy.shared")!;
    expect(at.line).toBe(1);
    expect(mini.slice(at.column! - 1).startsWith('"address":"aws_s3_bucket_policy.shared"')).toBe(true);
  });

  it("scales linearly: 10x the resources costs far less than 100x the time", () => {
    const time = (n: number) => {
      const plan = JSON.parse(generatePlan(n));
      const t = performance.now();
      const refs = resolveReferences(plan);
      const ms = performance.now() - t;
      expect(Object.keys(refs)).toHaveLength(n);
      expect(refs["aws_s3_bucket_versioning.b7"]).toEqual({ bucket: ["aws_s3_bucket.b7"] });
      return ms;
    };
    time(2000); // warm up
    const small = Math.max(time(2000), 1);
    const big = time(20000);
    expect(big / small).toBeLessThan(40);
  });
});
