// The JSON Schema of scanner.yaml (validated with ajv) and the types it describes. See docs in
// deploy/scanner/README.md for an annotated example.
import { durationSchema } from "./duration.js";

export type Duration = string | number;

export interface ScheduleConfig {
  /** Run every this long (e.g. "15m"). */
  every?: Duration;
  /** Or on a cron expression (5 or 6 fields, UTC unless `timezone`). */
  cron?: string;
  timezone?: string;
  /** Each run starts up to this much later than scheduled (random), to spread load. */
  jitter?: Duration;
}

interface SourceBase {
  name: string;
  schedule?: ScheduleConfig;
  enabled?: boolean;
}

interface AwsScoped {
  /** Restrict to these account ids (default: every account of `aws.accounts`). */
  accounts?: string[];
  /** Restrict to these regions (default: each account's regions). */
  regions?: string[];
}

export interface CloudTrailSourceConfig extends SourceBase, AwsScoped {
  type: "cloudtrail";
  /** How far back the first run reads (default 24h; LookupEvents keeps 90 days). */
  lookback?: Duration;
  /** Events younger than this are left for the next run: LookupEvents shows events with a delay (default 5m). */
  settle?: Duration;
  /** LookupEvents requests per second per account and region (CloudTrail allows 2). */
  requestsPerSecond?: number;
  /** Events per LookupEvents page (1-50). */
  pageSize?: number;
}

export interface CloudTrailFilesSourceConfig extends SourceBase, AwsScoped {
  type: "cloudtrail-files";
  /** Directory holding AWSLogs/ as CloudTrail writes it to S3 (a synced bucket, a mounted volume). */
  path: string;
}

export interface PutEvaluationsConfig {
  /** The ResultToken AWS Config gave the custom rule's invocation. */
  resultToken: string;
  testMode?: boolean;
}

export interface AwsConfigSourceConfig extends SourceBase, AwsScoped {
  type: "aws-config";
  /** Resource types to read; "*" for every discovered type. Default: the types the policy library covers. */
  resourceTypes?: string[] | "*";
  /** batch: ListDiscoveredResources + BatchGetResourceConfig (default); select: SelectResourceConfig (carries tags). */
  method?: "batch" | "select";
  /** Read through an aggregator with SelectAggregateResourceConfig instead of account by account. */
  aggregator?: { name: string; account: string; region: string };
  pageSize?: number;
  putEvaluations?: PutEvaluationsConfig;
}

export interface KubernetesSourceConfig extends SourceBase {
  type: "kubernetes";
  /** Name of the cluster in subject references (default "cluster"). */
  cluster?: string;
  kubeconfig?: string;
  context?: string;
  /** Use the pod's service account (KUBERNETES_SERVICE_HOST, /var/run/secrets/kubernetes.io/serviceaccount). */
  inCluster?: boolean;
  /** Resources to list (default: workloads, namespaces, ingresses, network policies, RBAC ...). */
  resources?: string[];
  /** Only these namespaces (namespaced resources). */
  namespaces?: string[];
  pageSize?: number;
  /** Pods owned by a controller are covered by their controller's pod template (default true). */
  skipOwnedPods?: boolean;
  /** Write findings back as wgpolicyk8s.io/v1alpha2 PolicyReport / ClusterPolicyReport objects. */
  policyReports?: boolean;
}

export interface FilesSourceConfig extends SourceBase {
  type: "files";
  paths: string[];
}

export type SourceConfig = CloudTrailSourceConfig | CloudTrailFilesSourceConfig | AwsConfigSourceConfig | KubernetesSourceConfig | FilesSourceConfig;
export type SourceType = SourceConfig["type"];

export interface AwsAccountConfig {
  id: string;
  /** Assume this role (fromTemporaryCredentials) with the default chain's credentials. */
  roleArn?: string;
  externalId?: string;
  regions?: string[];
}

export interface ScannerConfig {
  instance?: string;
  shard?: { index?: number; count?: number };
  stateDir: string;
  policies: {
    paths?: string[];
    bundle?: string;
    /** Data files merged into `data` (JSON or YAML). */
    data?: string[];
    /** Organisation settings merged into data.evident.config. */
    config?: Record<string, unknown>;
    exceptions?: string;
    /** OPA capabilities JSON declaring user builtins, and the JS module supplying them. */
    capabilities?: string;
    builtins?: string;
  };
  evidence:
    | { backend: "file"; dir: string; signingKey?: string }
    | { backend: "postgres"; connectionString?: string; schema?: string; spoolDir: string; signingKey?: string };
  metrics?: { host?: string; port: number };
  aws?: {
    regions?: string[];
    accounts: AwsAccountConfig[];
    endpoints?: { cloudtrail?: string; config?: string; sts?: string };
    maxAttempts?: number;
    /** Account/region scopes read at the same time per source. */
    concurrency?: number;
  };
  sources: SourceConfig[];
}

const str = { type: "string", minLength: 1 } as const;
const strList = { type: "array", items: str } as const;
const accountId = { type: "string", pattern: "^[0-9]{12}$" } as const;
const region = { type: "string", pattern: "^[a-z0-9-]+$" } as const;

const schedule = {
  type: "object",
  additionalProperties: false,
  properties: { every: durationSchema, cron: str, timezone: str, jitter: durationSchema },
  oneOf: [{ required: ["every"], not: { required: ["cron"] } }, { required: ["cron"], not: { required: ["every"] } }],
} as const;

const base = {
  name: { type: "string", pattern: "^[a-z0-9][a-z0-9-]{0,62}$" },
  schedule,
  enabled: { type: "boolean" },
} as const;
const scoped = { accounts: { type: "array", items: accountId }, regions: { type: "array", items: region } } as const;

const sourceSchemas = {
  cloudtrail: {
    properties: {
      ...base,
      ...scoped,
      type: { const: "cloudtrail" },
      lookback: durationSchema,
      settle: durationSchema,
      requestsPerSecond: { type: "number", exclusiveMinimum: 0, maximum: 100 },
      pageSize: { type: "integer", minimum: 1, maximum: 50 },
    },
    required: ["name", "type"],
  },
  "cloudtrail-files": {
    properties: { ...base, ...scoped, type: { const: "cloudtrail-files" }, path: str },
    required: ["name", "type", "path"],
  },
  "aws-config": {
    properties: {
      ...base,
      ...scoped,
      type: { const: "aws-config" },
      resourceTypes: { anyOf: [{ const: "*" }, { type: "array", minItems: 1, items: { type: "string", pattern: "^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$" } }] },
      method: { enum: ["batch", "select"] },
      aggregator: {
        type: "object",
        additionalProperties: false,
        required: ["name", "account", "region"],
        properties: { name: str, account: accountId, region },
      },
      pageSize: { type: "integer", minimum: 1, maximum: 100 },
      putEvaluations: {
        type: "object",
        additionalProperties: false,
        required: ["resultToken"],
        properties: { resultToken: str, testMode: { type: "boolean" } },
      },
    },
    required: ["name", "type"],
  },
  kubernetes: {
    properties: {
      ...base,
      type: { const: "kubernetes" },
      cluster: { type: "string", pattern: "^[A-Za-z0-9._-]{1,63}$" },
      kubeconfig: str,
      context: str,
      inCluster: { type: "boolean" },
      resources: strList,
      namespaces: strList,
      pageSize: { type: "integer", minimum: 1, maximum: 5000 },
      skipOwnedPods: { type: "boolean" },
      policyReports: { type: "boolean" },
    },
    required: ["name", "type"],
  },
  files: {
    properties: { ...base, type: { const: "files" }, paths: { ...strList, minItems: 1 } },
    required: ["name", "type", "paths"],
  },
} as const;

export const SOURCE_TYPES = Object.keys(sourceSchemas) as SourceType[];

export const SCANNER_CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["stateDir", "policies", "evidence", "sources"],
  properties: {
    instance: { type: "string", pattern: "^[A-Za-z0-9._-]{1,100}$" },
    shard: {
      type: "object",
      additionalProperties: false,
      properties: { index: { type: "integer", minimum: 0 }, count: { type: "integer", minimum: 1 } },
    },
    stateDir: str,
    policies: {
      type: "object",
      additionalProperties: false,
      properties: { paths: { ...strList, minItems: 1 }, bundle: str, data: strList, config: { type: "object" }, exceptions: str, capabilities: str, builtins: str },
      oneOf: [{ required: ["paths"], not: { required: ["bundle"] } }, { required: ["bundle"], not: { required: ["paths"] } }],
    },
    evidence: {
      type: "object",
      required: ["backend"],
      properties: { backend: { enum: ["file", "postgres"] } },
      if: { properties: { backend: { const: "file" } } },
      then: {
        additionalProperties: false,
        required: ["dir"],
        properties: { backend: true, dir: str, signingKey: str },
      },
      else: {
        additionalProperties: false,
        required: ["spoolDir"],
        properties: { backend: true, connectionString: str, schema: str, spoolDir: str, signingKey: str },
      },
    },
    metrics: {
      type: "object",
      additionalProperties: false,
      required: ["port"],
      properties: { host: str, port: { type: "integer", minimum: 0, maximum: 65535 } },
    },
    aws: {
      type: "object",
      additionalProperties: false,
      required: ["accounts"],
      properties: {
        regions: { type: "array", items: region, minItems: 1 },
        accounts: {
          type: "array",
          minItems: 1,
          items: {
            type: "object",
            additionalProperties: false,
            required: ["id"],
            properties: {
              id: accountId,
              roleArn: { type: "string", pattern: "^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$" },
              externalId: str,
              regions: { type: "array", items: region, minItems: 1 },
            },
          },
        },
        endpoints: {
          type: "object",
          additionalProperties: false,
          properties: { cloudtrail: str, config: str, sts: str },
        },
        maxAttempts: { type: "integer", minimum: 1, maximum: 20 },
        concurrency: { type: "integer", minimum: 1, maximum: 64 },
      },
    },
    sources: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["type"],
        properties: { type: { enum: SOURCE_TYPES } },
        // one if/then per type so that errors name the fields of the source's own type
        allOf: SOURCE_TYPES.map((t) => ({
          if: { properties: { type: { const: t } }, required: ["type"] },
          then: { additionalProperties: false, ...sourceSchemas[t] },
        })),
      },
    },
  },
} as const;
