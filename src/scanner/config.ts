// Reads and validates scanner.yaml. Every problem is reported as `file:line:column: field: message`,
// the field written as a path (`sources[1].schedule.every`); all problems are reported at once.
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import { CronExpressionParser } from "cron-parser";
import { parseDocument } from "yaml";
import { LineIndex } from "../inputs/positions.js";
import { formatPath, nodeOffset, type PathSegment } from "../inputs/yamlnav.js";
import { parseDuration } from "./duration.js";
import { SCANNER_CONFIG_SCHEMA, type ScannerConfig, type SourceConfig } from "./config-schema.js";

export type * from "./config-schema.js";

export interface ConfigProblem {
  file: string;
  line?: number;
  column?: number;
  field: string;
  message: string;
}

export class ScannerConfigError extends Error {
  readonly code = "SCANNER_CONFIG_INVALID";
  readonly exitCode = 1;
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `invalid scanner config:\n${problems
        .map((p) => `  ${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ""}: ${p.field ? `${p.field}: ` : ""}${p.message}`)
        .join("\n")}`,
    );
  }
}

let validator: ReturnType<Ajv["compile"]> | undefined;
function validate() {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(SCANNER_CONFIG_SCHEMA);
  return validator;
}

const DURATION_FIELDS = new Set(["every", "jitter", "lookback", "settle"]);

function segmentsOf(instancePath: string): PathSegment[] {
  return instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
}

function describe(e: ErrorObject, value: unknown): { segs: PathSegment[]; message: string } | undefined {
  const segs = segmentsOf(e.instancePath);
  const last = segs[segs.length - 1];
  // errors inside anyOf/oneOf branches and if/then wrappers are noise: the combinator's own error says it
  if (/\/(anyOf|oneOf)\/\d+\//.test(e.schemaPath) || e.keyword === "if") return undefined;
  switch (e.keyword) {
    case "required":
      return { segs: [...segs, (e.params as { missingProperty: string }).missingProperty], message: "is required" };
    case "additionalProperties": {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const type = segs[0] === "sources" && segs.length === 2 ? sourceType(value, segs) : undefined;
      return { segs: [...segs, extra], message: `is not a known field${type ? ` of a ${type} source` : ""}` };
    }
    case "enum":
      return { segs, message: `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(", ")}` };
    case "const":
      return { segs, message: `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}` };
    case "anyOf":
      if (typeof last === "string" && DURATION_FIELDS.has(last)) return { segs, message: "must be a duration such as 30s, 5m, 1h30m or 2d, or a number of seconds" };
      if (last === "resourceTypes") return { segs, message: 'must be "*" or a list of resource types such as AWS::S3::Bucket' };
      return { segs, message: e.message ?? "is invalid" };
    case "oneOf":
      if (last === "schedule") return { segs, message: "must have exactly one of `every` and `cron`" };
      if (last === "policies") return { segs, message: "must have exactly one of `paths` and `bundle`" };
      return { segs, message: e.message ?? "is invalid" };
    case "pattern": {
      const field = typeof last === "number" ? segs[segs.length - 2] : last;
      const hints: Record<string, string> = {
        id: "must be a 12-digit AWS account id",
        account: "must be a 12-digit AWS account id",
        accounts: "must be a 12-digit AWS account id",
        name: "must be lower-case letters, digits and dashes (at most 63), starting with a letter or digit",
        roleArn: "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
        regions: "must be a region name such as eu-west-1",
        region: "must be a region name such as eu-west-1",
        instance: "must be 1-100 characters of A-Z a-z 0-9 . _ -",
        cluster: "must be 1-63 characters of A-Z a-z 0-9 . _ -",
      };
      return { segs, message: hints[String(field)] ?? `must match ${String((e.params as { pattern: string }).pattern)}` };
    }
    default:
      return { segs, message: e.message ?? e.keyword };
  }
}

function sourceType(value: unknown, segs: PathSegment[]): string | undefined {
  const s = (value as { sources?: unknown[] })?.sources?.[segs[1] as number] as { type?: unknown } | undefined;
  return typeof s?.type === "string" ? s.type : undefined;
}

/** Validates a parsed config; `file`/`text` give positions. Returns the problems (empty when valid). */
export function checkScannerConfig(value: unknown, file: string, text?: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const lines = text !== undefined ? new LineIndex(text) : undefined;
  const doc = text !== undefined ? parseDocument(text) : undefined;
  const add = (segs: PathSegment[], message: string) => {
    const p: ConfigProblem = { file, field: formatPath(segs), message };
    if (doc && lines) {
      const off = nodeOffset(doc, segs);
      if (off !== undefined) Object.assign(p, lines.position(off));
    }
    if (!problems.some((q) => q.field === p.field && q.message === p.message)) problems.push(p);
  };
  const v = validate();
  if (!v(value)) {
    for (const e of v.errors ?? []) {
      const d = describe(e, value);
      if (d) add(d.segs, d.message);
    }
    return problems;
  }
  const cfg = value as ScannerConfig;
  // what a schema cannot say
  const names = new Map<string, number>();
  cfg.sources.forEach((s, i) => {
    const prev = names.get(s.name);
    if (prev !== undefined) add(["sources", i, "name"], `duplicates sources[${prev}].name`);
    else names.set(s.name, i);
    if (s.schedule?.cron !== undefined) {
      try {
        CronExpressionParser.parse(s.schedule.cron, s.schedule.timezone ? { tz: s.schedule.timezone } : {});
      } catch (e) {
        add(["sources", i, "schedule", "cron"], `is not a valid cron expression: ${(e as Error).message}`);
      }
    }
    if (s.schedule?.every !== undefined && parseDuration(s.schedule.every) < 1000) add(["sources", i, "schedule", "every"], "must be at least 1s");
    if (s.type === "cloudtrail" && s.lookback !== undefined && parseDuration(s.lookback) > 90 * 86_400_000) {
      add(["sources", i, "lookback"], "must be at most 90d (LookupEvents keeps 90 days of events)");
    }
    if (s.type === "kubernetes" && s.inCluster && s.kubeconfig) add(["sources", i, "inCluster"], "cannot be combined with kubeconfig");
    if (s.type === "cloudtrail" || s.type === "aws-config" || s.type === "cloudtrail-files") {
      const needsAccounts = s.type !== "cloudtrail-files" && !(s.type === "aws-config" && s.aggregator);
      if (needsAccounts && !cfg.aws) add(["sources", i], `a ${s.type} source needs the aws section (accounts and regions)`);
      const known = new Set((cfg.aws?.accounts ?? []).map((a) => a.id));
      (s.accounts ?? []).forEach((a, j) => {
        if (cfg.aws && !known.has(a)) add(["sources", i, "accounts", j], "is not one of aws.accounts");
      });
    }
    if (s.type === "aws-config" && s.aggregator && s.putEvaluations) add(["sources", i, "putEvaluations"], "is for account sources: an aggregator's items belong to other accounts");
  });
  cfg.aws?.accounts.forEach((a, i) => {
    if (!a.regions && !cfg.aws?.regions) add(["aws", "accounts", i, "regions"], "is required when aws.regions is not set");
    if (a.roleArn && a.roleArn.split(":")[4] !== a.id) add(["aws", "accounts", i, "roleArn"], `names account ${a.roleArn.split(":")[4]}, not ${a.id}`);
  });
  return problems;
}

/** Paths in the config are relative to the config file. */
function resolvePaths(cfg: ScannerConfig, baseDir: string): ScannerConfig {
  const r = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const out: ScannerConfig = structuredClone(cfg);
  out.stateDir = r(out.stateDir);
  if (out.policies.paths) out.policies.paths = out.policies.paths.map(r);
  if (out.policies.bundle) out.policies.bundle = r(out.policies.bundle);
  if (out.policies.data) out.policies.data = out.policies.data.map(r);
  if (out.policies.exceptions) out.policies.exceptions = r(out.policies.exceptions);
  if (out.policies.capabilities) out.policies.capabilities = r(out.policies.capabilities);
  if (out.policies.builtins) out.policies.builtins = r(out.policies.builtins);
  if (out.evidence.backend === "file") out.evidence.dir = r(out.evidence.dir);
  else out.evidence.spoolDir = r(out.evidence.spoolDir);
  if (out.evidence.signingKey) out.evidence.signingKey = r(out.evidence.signingKey);
  out.sources = out.sources.map((s): SourceConfig => {
    if (s.type === "files") return { ...s, paths: s.paths.map(r) };
    if (s.type === "cloudtrail-files") return { ...s, path: r(s.path) };
    if (s.type === "kubernetes" && s.kubeconfig) return { ...s, kubeconfig: r(s.kubeconfig) };
    return s;
  });
  return out;
}

/** Parses scanner config text (YAML or JSON); throws ScannerConfigError naming every bad field. */
export function parseScannerConfig(text: string, file: string): ScannerConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    const lp = err.linePos?.[0];
    throw new ScannerConfigError([{ file, ...(lp ? { line: lp.line, column: lp.col } : {}), field: "", message: `invalid YAML: ${err.message.split("\n")[0]}` }]);
  }
  const value = doc.toJS() as unknown;
  const problems = checkScannerConfig(value, file, text);
  if (problems.length) throw new ScannerConfigError(problems);
  return resolvePaths(value as ScannerConfig, dirname(resolve(file)));
}

export async function loadScannerConfig(file: string): Promise<ScannerConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new ScannerConfigError([{ file, field: "", message: `cannot read the config: ${(e as Error).message}` }]);
  }
  return parseScannerConfig(text, file);
}
