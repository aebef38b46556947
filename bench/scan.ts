// npm run bench:scan [-- resources events]
// `evident scan` throughput through the real pipeline (loadInputs + data.inventory + Engine with the
// shipped library + exceptions, i.e. runScan) on generated inputs written to a temp dir:
//   - a `terraform show -json` plan of 10,000 resources (S3 buckets with their split companions in a
//     for_each module, a VPC module with count, instances with count, IAM with for_each, ...);
//   - 100,000 CloudTrail records in S3-delivered log files ({"Records": [...]}, 1,000 per file).
// The scan runs as `evident scan` does: the 100 CloudTrail files spread over worker threads (one per
// core); the same scan in the main thread alone (--jobs 1) is printed beside it.
// Baseline, measured in the same run: a bare JSON.parse of the very same files (texts already in
// memory, one thread). Goals: >= 20,000 resources/s and >= 50,000 events/s.
// Then the per-event cost of CloudTrail evaluation, split into its parts (host serialisation, copy
// into Wasm memory, JSON parse in Wasm, evaluation, result dump, host JSON.parse of the result), by
// driving the same compiled policy's Wasm exports one phase at a time.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Engine } from "../src/engine/engine.js";
import type { InputDocument } from "../src/inputs/index.js";

// The built code (dist/, what `evident scan` runs) is measured: worker threads started from the
// TypeScript sources would spend seconds compiling them first. `npm run bench:scan` builds it.
const built = <T>(path: string): Promise<T> => import(new URL(`../dist/${path}`, import.meta.url).href) as Promise<T>;
const { Engine: EngineClass, POLICIES_DIR } = await built<typeof import("../src/engine/engine.js")>("engine/engine.js");
const { runScan } = await built<typeof import("../src/engine/scan.js")>("engine/scan.js");
const { beginEvaluation } = await built<typeof import("../src/engine/builtins/context.js")>("engine/builtins/context.js");
const { loadFile, loadInputs } = await built<typeof import("../src/inputs/index.js")>("inputs/index.js");

const RESOURCES = Number(process.argv[2] ?? 10_000);
const EVENTS = Number(process.argv[3] ?? 100_000);
const PER_FILE = 1_000;
const GOAL_RES = 20_000;
const GOAL_EV = 50_000;

// ---------------------------------------------------------------- deterministic generators
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(rnd() * 16)]).join("");
const ACCT = "111122223333";
const AWS = "registry.terraform.io/hashicorp/aws";
type Obj = Record<string, unknown>;

function generatePlan(total: number): Obj {
  const rc: Obj[] = [];
  const pvRoot: Obj[] = [];
  const pvChildren = new Map<string, Obj[]>();
  const add = (type: string, name: string, after: Obj, unknown: Obj, opts: { module?: string; index?: string | number } = {}) => {
    const idx = opts.index === undefined ? "" : typeof opts.index === "number" ? `[${opts.index}]` : `["${opts.index}"]`;
    const address = `${opts.module ? `${opts.module}.` : ""}${type}.${name}${idx}`;
    const r: Obj = { address };
    if (opts.module) r["module_address"] = opts.module;
    Object.assign(r, { mode: "managed", type, name });
    if (opts.index !== undefined) r["index"] = opts.index;
    Object.assign(r, { provider_name: AWS, change: { actions: ["create"], before: null, after, after_unknown: unknown, before_sensitive: false, after_sensitive: {} } });
    rc.push(r);
    const pv: Obj = { address, mode: "managed", type, name, ...(opts.index !== undefined ? { index: opts.index } : {}), provider_name: AWS, schema_version: 0, values: after, sensitive_values: {} };
    if (opts.module) (pvChildren.get(opts.module) ?? pvChildren.set(opts.module, []).get(opts.module)!).push(pv);
    else pvRoot.push(pv);
  };
  const tags = (extra: Obj = {}) => ({ Environment: pick(["prod", "staging", "dev"]), DataClassification: pick(["phi", "gxp", "internal", "public"]), Owner: pick(["ml-platform", "data-eng", "clinical-ai"]), ...extra });
  const ref = (...r: string[]) => ({ references: r });
  const c = (v: unknown) => ({ constant_value: v });

  // budget (the rest goes to CloudWatch log groups)
  const datasets = Math.floor((total * 0.4) / 5); // module.datalake["ds-N"]: bucket + 4 companions
  const vpcs = Math.max(1, Math.floor((total * 0.2) / 20)); // module.vpc[N]: vpc, 12 subnets, sg, 6 rules
  const instances = Math.floor((total * 0.15) / 3); // aws_instance[N], aws_ebs_volume[N], attachment[N]
  const roles = Math.floor((total * 0.1) / 2); // role + policy attachment, for_each
  // root singletons
  add("aws_kms_key", "data", { description: "data lake key", enable_key_rotation: true, deletion_window_in_days: 30, tags: tags() }, { arn: true, id: true, key_id: true });
  add("aws_s3_bucket", "logs", { bucket: "acme-access-logs", force_destroy: false, tags: tags() }, { arn: true, id: true });
  add("aws_cloudtrail", "org", { name: "org-trail", is_multi_region_trail: true, enable_log_file_validation: pick([true, false]), include_global_service_events: true, tags: tags() }, { arn: true, kms_key_id: true, s3_bucket_name: true });
  add("aws_eks_cluster", "ml", { name: "ml-gpu", version: "1.29", enabled_cluster_log_types: ["api", "audit"], vpc_config: [{ endpoint_public_access: false, endpoint_private_access: true }], encryption_config: [{ resources: ["secrets"], provider: [{}] }] }, { arn: true, endpoint: true, encryption_config: [{ provider: [{ key_arn: true }] }] });
  add("aws_sagemaker_notebook_instance", "eda", { name: "eda", instance_type: "ml.g5.xlarge", root_access: "Enabled", direct_internet_access: "Enabled" }, { arn: true, kms_key_id: true });
  add("aws_db_instance", "clinical", { identifier: "clinical", engine: "postgres", engine_version: "15.5", instance_class: "db.r6g.large", storage_encrypted: true, backup_retention_period: 7, publicly_accessible: false, deletion_protection: true, multi_az: true }, { arn: true, kms_key_id: true, endpoint: true });
  let used = 6;
  for (let d = 0; d < datasets; d++) {
    const m = `module.datalake["ds-${d}"]`;
    add("aws_s3_bucket", "this", { bucket: `acme-ds-${d}-${hex(6)}`, force_destroy: false, object_lock_enabled: false, tags: tags({ Dataset: `ds-${d}` }) }, { arn: true, id: true, bucket_domain_name: true, versioning: true, server_side_encryption_configuration: true }, { module: m });
    const algo = d % 10 === 0 ? "AES256" : "aws:kms";
    add("aws_s3_bucket_server_side_encryption_configuration", "this", { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: algo }], bucket_key_enabled: true }] }, { bucket: true, id: true, rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }] }, { module: m });
    add("aws_s3_bucket_versioning", "this", { versioning_configuration: [{ status: d % 7 === 0 ? "Suspended" : "Enabled" }] }, { bucket: true, id: true }, { module: m });
    const on = d % 13 !== 0;
    add("aws_s3_bucket_public_access_block", "this", { block_public_acls: on, block_public_policy: true, ignore_public_acls: on, restrict_public_buckets: true }, { bucket: true, id: true }, { module: m });
    add("aws_s3_bucket_logging", "this", { target_prefix: `ds-${d}/`, target_grant: [] }, { bucket: true, id: true, target_bucket: true }, { module: m });
    used += 5;
  }
  for (let v = 0; v < vpcs; v++) {
    const m = `module.vpc[${v}]`;
    add("aws_vpc", "this", { cidr_block: `10.${v % 250}.0.0/16`, enable_dns_support: true, tags: tags() }, { arn: true, id: true }, { module: m });
    for (let s = 0; s < 12; s++) add("aws_subnet", "private", { cidr_block: `10.${v % 250}.${s}.0/24`, map_public_ip_on_launch: s === 0 }, { id: true, vpc_id: true }, { module: m, index: s });
    add("aws_security_group", "this", { name: `vpc-${v}-default`, description: "managed", ingress: [], egress: [] }, { id: true, vpc_id: true }, { module: m });
    for (let r = 0; r < 6; r++) {
      add("aws_security_group_rule", "ingress", { type: "ingress", from_port: pick([22, 443, 5432, 8443]), to_port: 443, protocol: "tcp", cidr_blocks: [r === 0 && v % 5 === 0 ? "0.0.0.0/0" : "10.0.0.0/8"] }, { id: true, security_group_id: true }, { module: m, index: r });
    }
    used += 20;
  }
  for (let i = 0; i < instances; i++) {
    add("aws_instance", "gpu", { ami: "ami-0abcdef1234567890", instance_type: pick(["p4d.24xlarge", "g5.12xlarge", "m6i.large"]), metadata_options: [{ http_tokens: i % 9 === 0 ? "optional" : "required", http_endpoint: "enabled" }], root_block_device: [{ encrypted: i % 11 !== 0, volume_size: 200 }], tags: tags() }, { arn: true, id: true, private_ip: true, subnet_id: true }, { index: i });
    add("aws_ebs_volume", "scratch", { availability_zone: "eu-central-1a", size: 1000, type: "gp3", encrypted: i % 8 !== 0, tags: tags() }, { arn: true, id: true, kms_key_id: true }, { index: i });
    add("aws_volume_attachment", "scratch", { device_name: "/dev/sdh" }, { id: true, instance_id: true, volume_id: true }, { index: i });
    used += 3;
  }
  for (let r = 0; r < roles; r++) {
    const k = `svc-${r}`;
    add("aws_iam_role", "svc", { name: `svc-${r}`, assume_role_policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }), max_session_duration: 3600 }, { arn: true, id: true, unique_id: true }, { index: k });
    add("aws_iam_role_policy_attachment", "svc", { policy_arn: r % 17 === 0 ? "arn:aws:iam::aws:policy/AdministratorAccess" : "arn:aws:iam::aws:policy/ReadOnlyAccess" }, { id: true, role: true }, { index: k });
    used += 2;
  }
  for (let l = 0; used < total; l++, used++) {
    add("aws_cloudwatch_log_group", "app", { name: `/aws/app/svc-${l}`, retention_in_days: pick([0, 30, 365, 2557]), tags: tags() }, { arn: true, id: true, kms_key_id: true }, { index: `svc-${l}` });
  }

  const configuration = {
    provider_config: { aws: { name: "aws", full_name: AWS, version_constraint: "~> 5.40", expressions: { region: c("eu-central-1") } } },
    root_module: {
      resources: [
        { address: "aws_kms_key.data", mode: "managed", type: "aws_kms_key", name: "data", provider_config_key: "aws", expressions: { enable_key_rotation: c(true) }, schema_version: 0 },
        { address: "aws_s3_bucket.logs", mode: "managed", type: "aws_s3_bucket", name: "logs", provider_config_key: "aws", expressions: { bucket: c("acme-access-logs") }, schema_version: 0 },
        { address: "aws_cloudtrail.org", mode: "managed", type: "aws_cloudtrail", name: "org", provider_config_key: "aws", expressions: { kms_key_id: ref("aws_kms_key.data.arn", "aws_kms_key.data"), s3_bucket_name: ref("aws_s3_bucket.logs.id", "aws_s3_bucket.logs") }, schema_version: 0 },
        { address: "aws_eks_cluster.ml", mode: "managed", type: "aws_eks_cluster", name: "ml", provider_config_key: "aws", expressions: { encryption_config: [{ provider: [{ key_arn: ref("aws_kms_key.data.arn", "aws_kms_key.data") }] }] }, schema_version: 0 },
        { address: "aws_sagemaker_notebook_instance.eda", mode: "managed", type: "aws_sagemaker_notebook_instance", name: "eda", provider_config_key: "aws", expressions: { name: c("eda") }, schema_version: 0 },
        { address: "aws_db_instance.clinical", mode: "managed", type: "aws_db_instance", name: "clinical", provider_config_key: "aws", expressions: { kms_key_id: ref("aws_kms_key.data.arn", "aws_kms_key.data") }, schema_version: 0 },
        { address: "aws_instance.gpu", mode: "managed", type: "aws_instance", name: "gpu", provider_config_key: "aws", expressions: { subnet_id: ref("module.vpc[0].private_subnet_ids", "module.vpc[0]") }, schema_version: 0, count_expression: ref("var.gpu_nodes") },
        { address: "aws_ebs_volume.scratch", mode: "managed", type: "aws_ebs_volume", name: "scratch", provider_config_key: "aws", expressions: { kms_key_id: ref("aws_kms_key.data.arn", "aws_kms_key.data") }, schema_version: 0, count_expression: ref("var.gpu_nodes") },
        { address: "aws_volume_attachment.scratch", mode: "managed", type: "aws_volume_attachment", name: "scratch", provider_config_key: "aws", expressions: { instance_id: ref("aws_instance.gpu[count.index].id", "aws_instance.gpu", "count.index"), volume_id: ref("aws_ebs_volume.scratch[count.index].id", "aws_ebs_volume.scratch", "count.index") }, schema_version: 0, count_expression: ref("var.gpu_nodes") },
        { address: "aws_iam_role.svc", mode: "managed", type: "aws_iam_role", name: "svc", provider_config_key: "aws", expressions: { name: ref("each.key") }, schema_version: 0, for_each_expression: ref("local.services") },
        { address: "aws_iam_role_policy_attachment.svc", mode: "managed", type: "aws_iam_role_policy_attachment", name: "svc", provider_config_key: "aws", expressions: { role: ref("aws_iam_role.svc[each.key].name", "aws_iam_role.svc", "each.key") }, schema_version: 0, for_each_expression: ref("local.services") },
        { address: "aws_cloudwatch_log_group.app", mode: "managed", type: "aws_cloudwatch_log_group", name: "app", provider_config_key: "aws", expressions: { kms_key_id: ref("aws_kms_key.data.arn", "aws_kms_key.data") }, schema_version: 0, for_each_expression: ref("local.log_groups") },
      ],
      module_calls: {
        datalake: {
          source: "./modules/phi-bucket",
          for_each_expression: ref("local.datasets"),
          expressions: { kms_key_arn: ref("aws_kms_key.data.arn", "aws_kms_key.data"), log_bucket: ref("aws_s3_bucket.logs.id", "aws_s3_bucket.logs"), name: ref("each.key") },
          module: {
            resources: [
              { address: "aws_s3_bucket.this", mode: "managed", type: "aws_s3_bucket", name: "this", provider_config_key: "aws", expressions: { bucket_prefix: ref("var.name") }, schema_version: 0 },
              { address: "aws_s3_bucket_server_side_encryption_configuration.this", mode: "managed", type: "aws_s3_bucket_server_side_encryption_configuration", name: "this", provider_config_key: "aws", expressions: { bucket: ref("aws_s3_bucket.this.id", "aws_s3_bucket.this"), rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: ref("var.kms_key_arn"), sse_algorithm: c("aws:kms") }] }] }, schema_version: 0 },
              { address: "aws_s3_bucket_versioning.this", mode: "managed", type: "aws_s3_bucket_versioning", name: "this", provider_config_key: "aws", expressions: { bucket: ref("aws_s3_bucket.this.id", "aws_s3_bucket.this") }, schema_version: 0 },
              { address: "aws_s3_bucket_public_access_block.this", mode: "managed", type: "aws_s3_bucket_public_access_block", name: "this", provider_config_key: "aws", expressions: { bucket: ref("aws_s3_bucket.this.id", "aws_s3_bucket.this") }, schema_version: 0 },
              { address: "aws_s3_bucket_logging.this", mode: "managed", type: "aws_s3_bucket_logging", name: "this", provider_config_key: "aws", expressions: { bucket: ref("aws_s3_bucket.this.id", "aws_s3_bucket.this"), target_bucket: ref("var.log_bucket") }, schema_version: 0 },
            ],
            variables: { kms_key_arn: {}, log_bucket: {}, name: {} },
          },
        },
        vpc: {
          source: "./modules/vpc",
          count_expression: ref("var.vpc_count"),
          expressions: { cidr: ref("count.index") },
          module: {
            outputs: { private_subnet_ids: { expression: ref("aws_subnet.private") } },
            resources: [
              { address: "aws_vpc.this", mode: "managed", type: "aws_vpc", name: "this", provider_config_key: "aws", expressions: { cidr_block: ref("var.cidr") }, schema_version: 0 },
              { address: "aws_subnet.private", mode: "managed", type: "aws_subnet", name: "private", provider_config_key: "aws", expressions: { vpc_id: ref("aws_vpc.this.id", "aws_vpc.this") }, schema_version: 0, count_expression: c(12) },
              { address: "aws_security_group.this", mode: "managed", type: "aws_security_group", name: "this", provider_config_key: "aws", expressions: { vpc_id: ref("aws_vpc.this.id", "aws_vpc.this") }, schema_version: 0 },
              { address: "aws_security_group_rule.ingress", mode: "managed", type: "aws_security_group_rule", name: "ingress", provider_config_key: "aws", expressions: { security_group_id: ref("aws_security_group.this.id", "aws_security_group.this") }, schema_version: 0, count_expression: c(6) },
            ],
            variables: { cidr: {} },
          },
        },
      },
      variables: { gpu_nodes: {}, vpc_count: {} },
    },
  };
  const child_modules = [...pvChildren.entries()].map(([address, resources]) => ({ address, resources }));
  return { format_version: "1.2", terraform_version: "1.7.5", planned_values: { root_module: { resources: pvRoot, child_modules } }, resource_changes: rc, configuration, timestamp: "2026-11-20T09:14:02Z", errored: false };
}

const EVENT_MIX: [string, string, number][] = [
  ["sts.amazonaws.com", "AssumeRole", 18],
  ["s3.amazonaws.com", "GetObject", 20],
  ["s3.amazonaws.com", "PutObject", 10],
  ["kms.amazonaws.com", "Decrypt", 14],
  ["kms.amazonaws.com", "GenerateDataKey", 8],
  ["ec2.amazonaws.com", "DescribeInstances", 8],
  ["sagemaker.amazonaws.com", "CreateTrainingJob", 2],
  ["iam.amazonaws.com", "CreateAccessKey", 1],
  ["iam.amazonaws.com", "AttachRolePolicy", 1],
  ["s3.amazonaws.com", "PutBucketPolicy", 1],
  ["ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", 2],
  ["signin.amazonaws.com", "ConsoleLogin", 3],
  ["cloudtrail.amazonaws.com", "StopLogging", 1],
  ["kms.amazonaws.com", "ScheduleKeyDeletion", 1],
  ["eks.amazonaws.com", "DescribeCluster", 5],
  ["logs.amazonaws.com", "PutLogEvents", 5],
];
const MIX_TOTAL = EVENT_MIX.reduce((s, [, , w]) => s + w, 0);

function generateEvent(i: number): Obj {
  let x = rnd() * MIX_TOTAL;
  let [source, name] = [EVENT_MIX[0]![0], EVENT_MIX[0]![1]];
  for (const [s, n, w] of EVENT_MIX) {
    if ((x -= w) < 0) {
      [source, name] = [s, n];
      break;
    }
  }
  const role = pick(["ml-training-pipeline", "ml-platform-admin", "data-scientist", "airflow-worker"]);
  const user = pick(["j.doe", "a.smith", "k.lee", "airflow"]);
  const ts = new Date(Date.UTC(2026, 10, 20, 0, 0, 0) + i * 350).toISOString().replace(/\.\d+Z$/, "Z");
  const bucket = `acme-ds-${Math.floor(rnd() * 500)}`;
  const root = rnd() < 0.002;
  const e: Obj = {
    eventVersion: "1.09",
    userIdentity: root
      ? { type: "Root", principalId: ACCT, arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT }
      : {
          type: "AssumedRole",
          principalId: `AROA${hex(16).toUpperCase()}:${user}`,
          arn: `arn:aws:sts::${ACCT}:assumed-role/${role}/${user}`,
          accountId: ACCT,
          accessKeyId: `ASIA${hex(16).toUpperCase()}`,
          sessionContext: { sessionIssuer: { type: "Role", principalId: `AROA${hex(16).toUpperCase()}`, arn: `arn:aws:iam::${ACCT}:role/${role}`, accountId: ACCT, userName: role }, attributes: { creationDate: ts, mfaAuthenticated: rnd() < 0.3 ? "true" : "false" } },
        },
    eventTime: ts,
    eventSource: source,
    eventName: name,
    awsRegion: pick(["eu-central-1", "eu-west-1", "us-east-1"]),
    sourceIPAddress: rnd() < 0.7 ? `10.20.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}` : `198.51.100.${Math.floor(rnd() * 255)}`,
    userAgent: pick(["aws-cli/2.15.30 Python/3.11.8 Linux/6.1 botocore/2.4.5", "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10 lang/python#3.11.8", "[aws-sdk-go-v2/1.26.1]"]),
    requestParameters:
      source === "s3.amazonaws.com"
        ? { bucketName: bucket, Host: `${bucket}.s3.eu-central-1.amazonaws.com`, key: `cohort-${i % 50}/part-${i % 997}.parquet`, ...(name === "PutBucketPolicy" ? { policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: rnd() < 0.5 ? "*" : { AWS: `arn:aws:iam::${ACCT}:root` }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` }] } } : {}) }
        : source === "kms.amazonaws.com"
          ? { keyId: `arn:aws:kms:eu-central-1:${ACCT}:key/${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`, encryptionAlgorithm: "SYMMETRIC_DEFAULT" }
          : name === "AuthorizeSecurityGroupIngress"
            ? { groupId: `sg-${hex(17)}`, ipPermissions: { items: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: rnd() < 0.3 ? "0.0.0.0/0" : "10.0.0.0/8" }] } }] } }
            : { roleArn: `arn:aws:iam::${ACCT}:role/${role}`, roleSessionName: user, durationSeconds: 3600 },
    responseElements: null,
    requestID: hex(16).toUpperCase(),
    eventID: `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`,
    readOnly: name.startsWith("Get") || name.startsWith("Describe") || name === "Decrypt",
    resources: source === "s3.amazonaws.com" ? [{ type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucket}`, accountId: ACCT }] : undefined,
    eventType: name === "ConsoleLogin" ? "AwsConsoleSignIn" : "AwsApiCall",
    managementEvent: !(name === "GetObject" || name === "PutObject"),
    recipientAccountId: ACCT,
    eventCategory: name === "GetObject" || name === "PutObject" ? "Data" : "Management",
    tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: `${source.split(".")[0]}.eu-central-1.amazonaws.com` },
  };
  if (name === "ConsoleLogin") e["additionalEventData"] = { LoginTo: "https://console.aws.amazon.com/console/home", MobileVersion: "No", MFAUsed: rnd() < 0.8 ? "Yes" : "No" };
  if (rnd() < 0.04) {
    e["errorCode"] = "AccessDenied";
    e["errorMessage"] = `User: arn:aws:sts::${ACCT}:assumed-role/${role}/${user} is not authorized to perform this operation`;
  }
  return e;
}

// ---------------------------------------------------------------- measurement helpers
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (t: number) => `${t.toFixed(0)} ms`;
function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}
async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

// ---------------------------------------------------------------- main
let engineRef: Engine;
const dir = mkdtempSync(join(tmpdir(), "evident-bench-scan-"));
try {
  // inputs
  const planFile = join(dir, "plan.json");
  const [, genPlanMs] = time(() => writeFileSync(planFile, JSON.stringify(generatePlan(RESOURCES))));
  const ctDir = join(dir, "cloudtrail");
  mkdirSync(ctDir);
  const [, genCtMs] = time(() => {
    for (let f = 0; f * PER_FILE < EVENTS; f++) {
      const n = Math.min(PER_FILE, EVENTS - f * PER_FILE);
      const recs = Array.from({ length: n }, (_, i) => generateEvent(f * PER_FILE + i));
      writeFileSync(join(ctDir, `${ACCT}_CloudTrail_eu-central-1_20261120T${String(f).padStart(4, "0")}Z_${hex(8)}.json`), JSON.stringify({ Records: recs }));
    }
  });
  const planText = readFileSync(planFile, "utf8");
  let ctTexts: string[] = readdirSync(ctDir).map((f) => readFileSync(join(ctDir, f), "utf8"));
  const ctBytes = ctTexts.reduce((s, t) => s + t.length, 0);
  console.log(`inputs: plan ${fmt(RESOURCES)} resources (${(planText.length / 1e6).toFixed(1)} MB, ${ms(genPlanMs)} to generate); ${fmt(EVENTS)} CloudTrail events in ${ctTexts.length} files (${(ctBytes / 1e6).toFixed(1)} MB, ${ms(genCtMs)})`);

  // the shipped library, compiled in memory (as `evident scan` does without --bundle)
  const [engine, compileMs] = await timeAsync(() => EngineClass.fromPolicies());
  engineRef = engine;
  const kinds = (k: string) => engine.checks.filter((c) => c.kinds.includes(k as never)).length;
  console.log(`library: ${engine.checks.length} checks (terraform ${kinds("terraform")}, cloudtrail ${kinds("cloudtrail")}, kubernetes ${kinds("kubernetes")}, aws-config ${kinds("aws-config")}), compiled in ${ms(compileMs)}`);

  // baseline: bare JSON.parse of the same texts (best of 3)
  const best = (fn: () => void) => Math.min(...[0, 1, 2].map(() => time(fn)[1]));
  const parsePlanMs = best(() => JSON.parse(planText));
  const parseCtMs = best(() => {
    for (const t of ctTexts) JSON.parse(t);
  });
  // the scans run without 130 MB of texts held by the benchmark itself (a scan process holds nothing)
  ctTexts = [];

  // The pipeline. The first plan scan of a process also compiles the plan code paths (JIT): it is
  // timed and printed, then each path is warmed up on a small input and the full runs are measured.
  const [, planColdMs] = await timeAsync(() => runScan({ paths: [planFile], engine }));
  const smallPlan = join(dir, "small-plan.json");
  writeFileSync(smallPlan, JSON.stringify(generatePlan(200)));
  await runScan({ paths: [smallPlan], engine });
  await runScan({ paths: [join(ctDir, readdirSync(ctDir)[0]!)], engine });
  const [planRes, planMs] = await timeAsync(() => runScan({ paths: [planFile], engine }));
  const [ctRes, ctMs] = await timeAsync(() => runScan({ paths: [ctDir], engine }));
  const [, ctSerialMs] = await timeAsync(() => runScan({ paths: [ctDir], engine, jobs: 1 }));
  // as the scan loads them: one file at a time, each file's documents dropped before the next
  const [, ctStreamLoadMs] = await timeAsync(async () => {
    for (const f of readdirSync(ctDir)) await loadFile(join(ctDir, f));
  });
  const [planLoad, planLoadMs] = await timeAsync(() => loadInputs([planFile]));
  const [ctLoad, ctLoadMs] = await timeAsync(() => loadInputs([ctDir]));
  for (const [what, r] of [["plan", planRes], ["cloudtrail", ctRes]] as const) {
    if (r.report.errors.length) console.log(`  ${what}: ${r.report.errors.length} error(s), first: ${r.report.errors[0]!.message}`);
  }
  const resRate = (RESOURCES / planMs) * 1000;
  const evRate = (EVENTS / ctMs) * 1000;
  console.log("");
  console.log(`terraform  ${fmt(resRate)} resources/s  (scan ${ms(planMs)}: load+normalise ${ms(planLoadMs)}, evaluate ${ms(planMs - planLoadMs)}; ${planRes.report.findings.length} findings)  goal ${fmt(GOAL_RES)}: ${resRate >= GOAL_RES ? "met" : "NOT met"}`);
  console.log(`           baseline JSON.parse ${ms(parsePlanMs)} -> ratio scan/parse ${(planMs / parsePlanMs).toFixed(1)}x; the process's first plan scan (JIT warm-up included): ${ms(planColdMs)}, ${fmt((RESOURCES / planColdMs) * 1000)} resources/s`);
  // with workers, loading and evaluating overlap: the split is given for the main thread alone (below)
  console.log(`cloudtrail ${fmt(evRate)} events/s  (scan ${ms(ctMs)}; ${ctRes.report.findings.length} findings)  goal ${fmt(GOAL_EV)}: ${evRate >= GOAL_EV ? "met" : "NOT met"}`);
  console.log(`           baseline JSON.parse ${ms(parseCtMs)} -> ratio scan/parse ${(ctMs / parseCtMs).toFixed(1)}x`);
  console.log(`           ${ctRes.workers} worker threads (they scanned ${ctRes.workerFiles} of the files, the main thread the rest while they started); the main thread alone (--jobs 1): ${fmt((EVENTS / ctSerialMs) * 1000)} events/s (scan ${ms(ctSerialMs)}: load+normalise file by file ${ms(ctStreamLoadMs)}, evaluate ${ms(ctSerialMs - ctStreamLoadMs)})`);

  // ------------------------------------------------------------ where the evaluation time goes
  engine.setInventory(undefined);
  // The SDK call alone (LoadedPolicy.evaluate, what engine.evaluate calls before building findings)
  // and engine.evaluate, interleaved chunk by chunk so that noise from other processes hits both alike.
  const lp = (engine as unknown as { policy: { evaluate(e: string, i: unknown): unknown } }).policy;
  const rawInput = (d: InputDocument) => (d.inputJson ? new TextEncoder().encode(d.inputJson()) : d.input);
  const interleaved = (docs: InputDocument[], entry: string) => {
    let sdkMs = 0;
    let engMs = 0;
    for (let i = 0; i < docs.length; i += 1000) {
      const chunk = docs.slice(i, i + 1000);
      sdkMs += time(() => chunk.forEach((d) => lp.evaluate(entry, rawInput(d))))[1];
      engMs += time(() => chunk.forEach((d) => engine.evaluate(d)))[1];
    }
    return [sdkMs, engMs] as const;
  };
  const [ctSdkMs, ctEvalMs] = interleaved(ctLoad.documents, "evident/main/cloudtrail");
  const [planSdkMs, planEvalMs] = interleaved(planLoad.documents, "evident/main/terraform");
  console.log("");
  console.log(`SDK evaluate alone:    cloudtrail ${ms(ctSdkMs)} (${((ctSdkMs / EVENTS) * 1000).toFixed(1)} µs/event); terraform ${ms(planSdkMs)} for the plan`);
  console.log(`engine.evaluate alone: cloudtrail ${ms(ctEvalMs)} (${((ctEvalMs / EVENTS) * 1000).toFixed(1)} µs/event, ${fmt((EVENTS / ctEvalMs) * 1000)} events/s); terraform ${ms(planEvalMs)} for the plan (the difference: findings, i.e. resourceOf/locate)`);
  console.log(`loadInputs alone:      cloudtrail ${ms(ctLoadMs)} (${(ctLoadMs / parseCtMs).toFixed(1)}x JSON.parse; every document held at once, unlike a scan); terraform ${ms(planLoadMs)} (${(planLoadMs / parsePlanMs).toFixed(1)}x JSON.parse)`);
  phases("cloudtrail", ctLoad.documents, "events");
  phases("terraform", planLoad.documents, "plans");
  if (process.argv.includes("--per-check")) await perCheck(ctLoad.documents.slice(0, 5_000));
} finally {
  // BENCH_KEEP=1 keeps the generated inputs (for profiling)
  if (process.env["BENCH_KEEP"]) console.log(`\ninputs kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

/**
 * One evaluation split into its phases. The SDK's evaluate() (opa-wasm, ABI 1.2 fast path) does per
 * document: JSON.stringify + TextEncoder on the host (Terraform: the engine hands it the plan's own
 * text instead), a copy into Wasm memory, opa_eval (= JSON parse in Wasm + evaluation + JSON dump of
 * the result), then decode + JSON.parse of the result on the host. Here each phase is driven
 * separately through the same instance's exports (the eval(ctx) path) over the same documents.
 */
function phases(kind: string, docs: InputDocument[], unit: string): void {
  const sdk = (engineRef as unknown as { policy: { policy: { wasmInstance: { exports: unknown }; mem: { buffer: ArrayBuffer; grow(pages: number): number }; dataAddr: number; dataHeapPtr: number; entrypoints: Record<string, number> } } }).policy.policy;
  const ex = sdk.wasmInstance.exports as Record<string, (...a: number[]) => number>;
  const entry = sdk.entrypoints[`evident/main/${kind}`]!;
  const N = docs.length;
  const t = { stringify: 0, copy: 0, parse: 0, evaluate: 0, dump: 0, hostParse: 0 };
  let fast = 0; // opa_eval (ABI 1.2: parse + eval + dump in one call), the SDK's path, as a cross-check
  let inBytes = 0;
  let resultBytes = 0;
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  for (let i = 0; i < N; i++) {
    const d = docs[i]!;
    let t0 = performance.now();
    const bytes = enc.encode(d.inputJson ? d.inputJson() : JSON.stringify(d.input));
    let t1 = performance.now();
    t.stringify += t1 - t0;
    inBytes += bytes.byteLength;
    const base = sdk.dataHeapPtr;
    const need = base + 2 * bytes.byteLength + (16 << 20) - sdk.mem.buffer.byteLength;
    if (need > 0) sdk.mem.grow(Math.ceil(need / 65536));
    t0 = performance.now();
    new Uint8Array(sdk.mem.buffer).set(bytes, base);
    t1 = performance.now();
    t.copy += t1 - t0;
    ex["opa_heap_ptr_set"]!(base + bytes.byteLength);
    t0 = performance.now();
    const inputAddr = ex["opa_json_parse"]!(base, bytes.byteLength);
    t1 = performance.now();
    t.parse += t1 - t0;
    beginEvaluation();
    t0 = performance.now();
    const ctx = ex["opa_eval_ctx_new"]!();
    ex["opa_eval_ctx_set_input"]!(ctx, inputAddr);
    ex["opa_eval_ctx_set_data"]!(ctx, sdk.dataAddr);
    ex["opa_eval_ctx_set_entrypoint"]!(ctx, entry);
    ex["eval"]!(ctx);
    const result = ex["opa_eval_ctx_get_result"]!(ctx);
    t1 = performance.now();
    t.evaluate += t1 - t0;
    t0 = performance.now();
    const cstr = ex["opa_json_dump"]!(result);
    t1 = performance.now();
    t.dump += t1 - t0;
    t0 = performance.now();
    const mem = new Uint8Array(sdk.mem.buffer);
    const end = mem.indexOf(0, cstr);
    JSON.parse(dec.decode(mem.subarray(cstr, end)));
    t1 = performance.now();
    t.hostParse += t1 - t0;
    resultBytes += end - cstr;
    ex["opa_heap_ptr_set"]!(base + bytes.byteLength);
    beginEvaluation();
    t0 = performance.now();
    ex["opa_eval"]!(0, entry, sdk.dataAddr, base, bytes.byteLength, base + bytes.byteLength, 0);
    fast += performance.now() - t0;
  }
  ex["opa_heap_ptr_set"]!(sdk.dataHeapPtr);
  const sum = Object.values(t).reduce((a, b) => a + b, 0);
  const per = (x: number) => (N > 10 ? `${((x / N) * 1000).toFixed(1)} µs` : `${(x / N).toFixed(1)} ms`);
  console.log("");
  console.log(`one ${kind} evaluation by phase (mean over ${fmt(N)} ${unit}; ${fmt(inBytes / N)} B of input, ${fmt(resultBytes / N)} B of result each):`);
  const rows: [string, number][] = [
    [d0(docs) ? "host: input JSON text (plan text spliced) + encode" : "host: JSON.stringify + UTF-8 encode of input", t.stringify],
    ["host: copy input into Wasm memory", t.copy],
    ["wasm: opa_json_parse of input", t.parse],
    ["wasm: evaluation (eval)", t.evaluate],
    ["wasm: opa_json_dump of result", t.dump],
    ["host: decode + JSON.parse of result", t.hostParse],
  ];
  for (const [label, v] of rows) console.log(`  ${label.padEnd(52)} ${per(v).padStart(10)}  ${((100 * v) / sum).toFixed(0).padStart(3)}%`);
  console.log(`  ${"total".padEnd(52)} ${per(sum).padStart(10)}`);
  console.log(`  ${"(cross-check: opa_eval = parse + eval + dump)".padEnd(52)} ${per(fast).padStart(10)}`);
}

/**
 * --per-check: each CloudTrail check compiled alone (with lib/ and the entrypoints), SDK time per event,
 * against the same policy with no check at all. Measured round-robin in chunks so that noise from other
 * processes spreads evenly over all of them.
 */
async function perCheck(docs: InputDocument[]): Promise<void> {
  type P = { evaluate(e: string, i: unknown): unknown };
  const dirCt = join(POLICIES_DIR, "cloudtrail");
  const files = readdirSync(dirCt).filter((f) => f.endsWith(".rego") && !f.endsWith("_test.rego"));
  const base = [join(POLICIES_DIR, "lib"), join(POLICIES_DIR, "evident")];
  const subjects: { name: string; p: P; ms: number }[] = [];
  for (const f of ["(no check)", ...files]) {
    const e = await EngineClass.fromPolicies(f === "(no check)" ? base : [...base, join(dirCt, f)]);
    subjects.push({ name: f.replace(/\.rego$/, ""), p: (e as unknown as { policy: P }).policy, ms: 0 });
  }
  for (let i = 0; i < docs.length; i += 250) {
    const chunk = docs.slice(i, i + 250);
    for (const s of subjects) s.ms += time(() => chunk.forEach((d) => s.p.evaluate("evident/main/cloudtrail", d.input)))[1];
  }
  const us = (s: { ms: number }) => (s.ms / docs.length) * 1000;
  const floor = us(subjects[0]!);
  console.log("");
  console.log(`per CloudTrail check: SDK evaluate µs/event over ${fmt(docs.length)} events, the policy with that one check vs with none (${floor.toFixed(1)} µs):`);
  for (const s of subjects.slice(1).sort((a, b) => b.ms - a.ms)) console.log(`  ${s.name.padEnd(44)} ${us(s).toFixed(1).padStart(7)} µs  (+${(us(s) - floor).toFixed(1)})`);
}

function d0(docs: InputDocument[]): boolean {
  return docs[0]?.inputJson !== undefined;
}
