// The webhook's configuration file (`--config webhook.yaml`), validated with ajv. Errors name the file,
// the field and its line. Everything has a default, so an empty file (or none) is a valid config.
//
//   enforcement:
//     default: deny                  # deny | warn | dryrun: what a finding does when no rule matches
//     rules:                         # first match wins; every matcher given must match
//       - checks: [K8S-READONLY-ROOT-FILESYSTEM]   # check ids or globs
//         severities: [low, info]
//         namespaces: ["sandbox-*"]  # namespace globs
//         action: warn
//   exemptions:                      # requests that are never blocked (still evaluated, recorded as dry runs)
//     namespaces: [kube-system]      # globs
//     labels:                        # object label sets; a request matches when one set matches fully
//       - {evident.dev/exempt: "true"}
//   exceptionsFile: /etc/evident/exceptions.yaml   # the exceptions file of `evident scan` (with expiry)
//   failureMode: closed              # closed (deny when the webhook fails) | open (allow)
//   deadlineMs: 3000                 # evaluation deadline; must stay below webhookTimeoutSeconds
//   webhookTimeoutSeconds: 5         # timeoutSeconds of the ValidatingWebhookConfiguration
//   evidence:
//     backend: file                  # file | postgres | none
//     dir: /var/lib/evident/evidence # file: the log directory
//                                    # postgres: connectionString or connectionStringFile (a mounted Secret), schema, spoolDir
//     instance: replica-a            # default: $POD_NAME, else the host name
//     acknowledge: durable           # durable: answer once the record is durable | async: answer first
//     signingKeyFile: /etc/evident/keys/evidence.pem   # optional: signs checkpoints
//   logging: {level: info}
//   reload: {pollIntervalMs: 2000}   # how often TLS files, bundle and exceptions file are checked
//   evaluation:
//     threads: 0                     # 0: evaluate on the main thread; n: a pool of n worker threads
//     replaceStuckAfterMs: 2000      # threads: a worker still busy this long past the deadline is replaced
//   policyConfig: {...}              # organisation settings, data.evident.config (as `evident scan --data`)
import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { Ajv, type ErrorObject } from "ajv";
import { parseDocument } from "yaml";
import { LineIndex } from "../inputs/positions.js";
import { nodeOffset, type PathSegment } from "../inputs/yamlnav.js";
import { SEVERITIES, type Severity } from "../engine/finding.js";

export type EnforcementAction = "deny" | "warn" | "dryrun";
export const ENFORCEMENT_ACTIONS: readonly EnforcementAction[] = ["deny", "warn", "dryrun"];

export interface EnforcementRule {
  checks?: string[];
  severities?: Severity[];
  namespaces?: string[];
  action: EnforcementAction;
}

export type EvidenceConfig =
  | { backend: "none" }
  | { backend: "file"; dir: string; instance: string; acknowledge: "durable" | "async"; signingKeyFile?: string; fsync?: boolean }
  | {
      backend: "postgres";
      /** libpq connection string; or read from connectionStringFile (a mounted Secret). */
      connectionString?: string;
      connectionStringFile?: string;
      schema?: string;
      spoolDir: string;
      instance: string;
      acknowledge: "durable" | "async";
      signingKeyFile?: string;
    };

export interface WebhookConfig {
  enforcement: { default: EnforcementAction; rules: EnforcementRule[] };
  exemptions: { namespaces: string[]; labels: Record<string, string>[] };
  exceptionsFile?: string;
  failureMode: "closed" | "open";
  deadlineMs: number;
  webhookTimeoutSeconds: number;
  evidence: EvidenceConfig;
  logging: { level: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent" };
  reload: { pollIntervalMs: number };
  evaluation: { threads: number; replaceStuckAfterMs: number };
  policyConfig?: Record<string, unknown>;
}

const globList = { type: "array", items: { type: "string", minLength: 1 } } as const;
const action = { enum: ENFORCEMENT_ACTIONS } as const;
const instance = { type: "string", pattern: "^[A-Za-z0-9._:@-]{1,100}$" } as const;
const acknowledge = { enum: ["durable", "async"] } as const;

export const WEBHOOK_CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    enforcement: {
      type: "object",
      additionalProperties: false,
      properties: {
        default: action,
        rules: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["action"],
            properties: {
              checks: globList,
              severities: { type: "array", items: { enum: SEVERITIES } },
              namespaces: globList,
              action,
            },
          },
        },
      },
    },
    exemptions: {
      type: "object",
      additionalProperties: false,
      properties: {
        namespaces: globList,
        labels: { type: "array", items: { type: "object", minProperties: 1, additionalProperties: { type: "string" } } },
      },
    },
    exceptionsFile: { type: "string", minLength: 1 },
    failureMode: { enum: ["closed", "open"] },
    deadlineMs: { type: "integer", minimum: 1, maximum: 29_000 },
    webhookTimeoutSeconds: { type: "integer", minimum: 1, maximum: 30 },
    evidence: {
      type: "object",
      required: ["backend"],
      properties: { backend: { enum: ["none", "file", "postgres"] } },
      allOf: [
        {
          if: { properties: { backend: { const: "file" } } },
          then: {
            additionalProperties: false,
            required: ["dir"],
            properties: {
              backend: true,
              dir: { type: "string", minLength: 1 },
              instance,
              acknowledge,
              signingKeyFile: { type: "string", minLength: 1 },
              fsync: { type: "boolean" },
            },
          },
        },
        {
          if: { properties: { backend: { const: "postgres" } } },
          then: {
            additionalProperties: false,
            required: ["spoolDir"],
            oneOf: [{ required: ["connectionString"] }, { required: ["connectionStringFile"] }],
            properties: {
              backend: true,
              connectionString: { type: "string", minLength: 1 },
              connectionStringFile: { type: "string", minLength: 1 },
              schema: { type: "string", pattern: "^[a-z_][a-z0-9_]*$" },
              spoolDir: { type: "string", minLength: 1 },
              instance,
              acknowledge,
              signingKeyFile: { type: "string", minLength: 1 },
            },
          },
        },
        { if: { properties: { backend: { const: "none" } } }, then: { additionalProperties: false, properties: { backend: true } } },
      ],
    },
    logging: {
      type: "object",
      additionalProperties: false,
      properties: { level: { enum: ["fatal", "error", "warn", "info", "debug", "trace", "silent"] } },
    },
    reload: { type: "object", additionalProperties: false, properties: { pollIntervalMs: { type: "integer", minimum: 10, maximum: 3_600_000 } } },
    evaluation: {
      type: "object",
      additionalProperties: false,
      properties: { threads: { type: "integer", minimum: 0, maximum: 64 }, replaceStuckAfterMs: { type: "integer", minimum: 10, maximum: 600_000 } },
    },
    policyConfig: { type: "object" },
  },
} as const;

export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: invalid webhook configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** The instance id of this replica: $POD_NAME when set (Kubernetes downward API), else the host name. */
export function defaultInstance(): string {
  const raw = process.env["POD_NAME"] || hostname() || "webhook";
  return raw.replace(/[^A-Za-z0-9._:@-]/g, "_").slice(0, 100);
}

let validator: ReturnType<Ajv["compile"]> | undefined;
function validate() {
  validator ??= new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(WEBHOOK_CONFIG_SCHEMA);
  return validator;
}

function fieldOf(segs: readonly PathSegment[]): string {
  let s = "";
  for (const p of segs) s += typeof p === "number" ? `[${p}]` : s ? `.${p}` : p;
  return s || "(top level)";
}

function describe(e: ErrorObject): { segs: PathSegment[]; message: string } {
  const segs: PathSegment[] = e.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  switch (e.keyword) {
    case "required":
      return { segs: [...segs, (e.params as { missingProperty: string }).missingProperty], message: "is required" };
    case "additionalProperties":
      return { segs: [...segs, (e.params as { additionalProperty: string }).additionalProperty], message: "is not a known field" };
    case "oneOf":
      return { segs, message: "needs exactly one of connectionString and connectionStringFile" };
    case "enum":
      return { segs, message: `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")}` };
    default:
      return { segs, message: e.message ?? e.keyword };
  }
}

/** Validates a parsed config value and fills in defaults. Throws ConfigError naming each bad field. */
export function resolveWebhookConfig(value: unknown, file = "webhook config", where?: (segs: PathSegment[]) => string): WebhookConfig {
  const raw = value ?? {};
  const v = validate();
  const problems: string[] = [];
  if (!v(raw)) {
    const seen = new Set<string>();
    for (const e of v.errors ?? []) {
      if (e.keyword === "if") continue;
      const { segs, message } = describe(e);
      const line = `${fieldOf(segs)}: ${message}${where ? where(segs) : ""}`;
      if (!seen.has(line)) problems.push(line);
      seen.add(line);
    }
  }
  const lineOf = (p: string) => Number(/\(line (\d+)\)$/.exec(p)?.[1] ?? 0);
  if (problems.length) throw new ConfigError(file, problems.sort((a, b) => lineOf(a) - lineOf(b)));
  const c = raw as Partial<WebhookConfig> & { evidence?: Record<string, unknown> };
  const timeout = c.webhookTimeoutSeconds ?? 10;
  const deadlineMs = c.deadlineMs ?? Math.max(1, Math.min(timeout * 1000 - 1000, 3000));
  if (deadlineMs >= timeout * 1000) {
    throw new ConfigError(file, [
      `deadlineMs: ${deadlineMs} must be below webhookTimeoutSeconds (${timeout} s) so the webhook answers before the API server gives up${where ? where(["deadlineMs"]) : ""}`,
    ]);
  }
  const ev = c.evidence ?? { backend: "none" };
  let evidence: EvidenceConfig;
  if (ev["backend"] === "file" || ev["backend"] === "postgres") {
    evidence = { ...(ev as object), instance: (ev["instance"] as string | undefined) ?? defaultInstance(), acknowledge: (ev["acknowledge"] as "durable" | "async" | undefined) ?? "durable" } as EvidenceConfig;
  } else evidence = { backend: "none" };
  const out: WebhookConfig = {
    enforcement: { default: c.enforcement?.default ?? "deny", rules: c.enforcement?.rules ?? [] },
    exemptions: { namespaces: c.exemptions?.namespaces ?? [], labels: c.exemptions?.labels ?? [] },
    failureMode: c.failureMode ?? "closed",
    deadlineMs,
    webhookTimeoutSeconds: timeout,
    evidence,
    logging: { level: c.logging?.level ?? "info" },
    reload: { pollIntervalMs: c.reload?.pollIntervalMs ?? 2000 },
    evaluation: { threads: c.evaluation?.threads ?? 0, replaceStuckAfterMs: c.evaluation?.replaceStuckAfterMs ?? 2000 },
  };
  if (c.exceptionsFile) out.exceptionsFile = c.exceptionsFile;
  if (c.policyConfig) out.policyConfig = c.policyConfig;
  return out;
}

/** Parses config text (YAML or JSON). Throws ConfigError with the file, field and line. */
export function parseWebhookConfig(text: string, file: string): WebhookConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    const lp = err.linePos?.[0];
    throw new ConfigError(file, [`invalid YAML${lp ? ` at line ${lp.line}` : ""}: ${err.message.split(/:\n/)[0]}`]);
  }
  const lines = new LineIndex(text);
  const where = (segs: PathSegment[]): string => {
    for (let n = segs.length; n >= 0; n--) {
      const off = nodeOffset(doc, segs.slice(0, n));
      if (off !== undefined) return ` (line ${lines.position(off).line})`;
    }
    return "";
  };
  return resolveWebhookConfig(doc.toJS(), file, where);
}

export async function loadWebhookConfig(file: string | undefined): Promise<WebhookConfig> {
  if (!file) return resolveWebhookConfig({});
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new ConfigError(file, [`cannot read: ${(e as Error).message}`]);
  }
  return parseWebhookConfig(text, file);
}
