// AWS Config: the current configuration items of the covered resource types.
//   method batch (default): per account and region, ListDiscoveredResources per type, then
//     BatchGetResourceConfig (<= 100 keys) for the page. BatchGetResourceConfig's items carry no tags.
//   method select: SelectResourceConfig per account and region (items carry tags).
//   aggregator: SelectAggregateResourceConfig across the aggregator's accounts and regions.
// Every item goes through normaliseConfigurationItem/configResourceRef as a file's item does.
// A run's position (type, page token) is checkpointed after each page; a run interrupted by a crash
// or SIGTERM resumes where it stopped, the next run starts over (every item again, once).
import {
  BatchGetResourceConfigCommand,
  GetDiscoveredResourceCountsCommand,
  ListDiscoveredResourcesCommand,
  SelectAggregateResourceConfigCommand,
  SelectResourceConfigCommand,
  type BaseConfigurationItem,
  type ConfigServiceClient,
  type Evaluation,
  type ResourceKey,
  type ResourceType,
} from "@aws-sdk/client-config-service";
import type { InputDocument } from "../../inputs/index.js";
import { configResourceRef, normaliseConfigurationItem } from "../../inputs/index.js";
import type { AwsConfigSourceConfig } from "../config-schema.js";
import type { AwsClients, Scope } from "../aws/clients.js";
import { evaluationOf, putEvaluations, type ConfigResult } from "../aws/put-evaluations.js";
import { LIBRARY_RESOURCE_TYPES } from "../aws/resource-types.js";
import type { EvalItem, ScannerSource, Unit, UnitContext, UnitResult } from "../types.js";

type Obj = Record<string, unknown>;

export interface AwsConfigState {
  run?: { startedAt: string; types?: string[]; typeIndex?: number; token?: string };
  lastCompleted?: string;
}

const SKIPPED_STATUSES = new Set(["ResourceDeleted", "ResourceDeletedNotRecorded", "ResourceNotRecorded"]);
const SELECT_FIELDS = [
  "resourceId",
  "resourceName",
  "resourceType",
  "accountId",
  "awsRegion",
  "arn",
  "availabilityZone",
  "configuration",
  "supplementaryConfiguration",
  "tags",
  "configurationItemCaptureTime",
  "configurationItemStatus",
  "resourceCreationTime",
];
const COVERED = new Set(LIBRARY_RESOURCE_TYPES);

/** A configuration item from the API: Dates as ISO strings, absent fields left out. */
export function ciOfApiItem(item: BaseConfigurationItem | Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(item)) if (v !== undefined && v !== null) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}

/** A row of an advanced query: tags come as [{key, value}]; configuration items carry them as a map. */
export function ciOfSelectRow(row: Obj): Obj {
  const out: Obj = { ...row };
  if (Array.isArray(row.tags)) {
    const tags: Record<string, unknown> = {};
    for (const t of row.tags as { key?: unknown; value?: unknown }[]) if (t && typeof t.key === "string") tags[t.key] = t.value ?? "";
    out.tags = tags;
  }
  return out;
}

function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function selectExpression(types: readonly string[] | "*"): string {
  const fields = SELECT_FIELDS.join(", ");
  return types === "*" ? `SELECT ${fields}` : `SELECT ${fields} WHERE resourceType IN (${types.map(quote).join(", ")})`;
}

export class AwsConfigSource implements ScannerSource<AwsConfigState> {
  readonly type = "aws-config";
  readonly name: string;
  private readonly scopeOf = new Map<string, Scope>();

  constructor(
    private readonly cfg: AwsConfigSourceConfig,
    private readonly aws: AwsClients,
  ) {
    this.name = cfg.name;
  }

  async units(): Promise<Unit[]> {
    if (this.cfg.aggregator) {
      const a = this.cfg.aggregator;
      const key = `${this.name}/aggregator/${a.name}`;
      this.scopeOf.set(key, { account: a.account, region: a.region });
      return [{ key, refPrefix: `${this.name}:`, label: `aggregator ${a.name}` }];
    }
    return this.aws.scopes(this.cfg).map((s) => {
      const key = `${this.name}/${s.account}/${s.region}`;
      this.scopeOf.set(key, s);
      return { key, refPrefix: `${this.name}:${s.account}/${s.region}/`, label: `${s.account}/${s.region}` };
    });
  }

  private types(): readonly string[] | "*" {
    return this.cfg.resourceTypes ?? LIBRARY_RESOURCE_TYPES;
  }

  async runUnit(unit: Unit, ctx: UnitContext<AwsConfigState>): Promise<UnitResult> {
    const scope = this.scopeOf.get(unit.key)!;
    const client = this.aws.config(scope);
    const run = ctx.state?.run ? { ...ctx.state.run } : { startedAt: new Date().toISOString() };
    const state: AwsConfigState = { ...ctx.state, run };
    const res = this.cfg.aggregator || this.cfg.method === "select" ? await this.runSelect(unit, scope, client, ctx, state) : await this.runBatch(unit, scope, client, ctx, state);
    if (res.interrupted) return res;
    await ctx.save({ lastCompleted: new Date().toISOString() }, { force: true });
    return res;
  }

  private async runBatch(unit: Unit, scope: Scope, client: ConfigServiceClient, ctx: UnitContext<AwsConfigState>, state: AwsConfigState): Promise<UnitResult> {
    const run = state.run!;
    if (!run.types) {
      const t = this.types();
      run.types = t === "*" ? await discoveredTypes(client) : [...t].sort();
      run.typeIndex = 0;
    }
    const warnings: string[] = [];
    let items = 0;
    let index = 0;
    for (; run.typeIndex! < run.types.length; run.typeIndex!++, delete run.token) {
      const type = run.types[run.typeIndex!]!;
      do {
        if (ctx.signal.aborted) {
          await ctx.save(state, { force: true });
          return { items, interrupted: true, warnings };
        }
        const page = await client.send(
          new ListDiscoveredResourcesCommand({ resourceType: type as ResourceType, limit: this.cfg.pageSize ?? 100, ...(run.token ? { nextToken: run.token } : {}) }),
        );
        const keys: ResourceKey[] = (page.resourceIdentifiers ?? [])
          .filter((r) => r.resourceId)
          .map((r) => ({ resourceType: (r.resourceType ?? type) as ResourceType, resourceId: r.resourceId! }));
        const { cis, missing } = await batchGet(client, keys);
        if (missing.length) warnings.push(`${unit.label}: ${missing.length} ${type} item(s) stayed unprocessed by BatchGetResourceConfig: ${missing.map((k) => k.resourceId).join(", ")}`);
        const done = await this.handlePage(unit, scope, client, ctx, state, cis.map(ciOfApiItem), () => index++, warnings);
        items += done;
        run.token = page.nextToken || undefined;
        if (run.token) await ctx.save(state);
      } while (run.token);
      await ctx.save({ ...state, run: { ...run, typeIndex: run.typeIndex! + 1, token: undefined } });
    }
    return { items, warnings };
  }

  private async runSelect(unit: Unit, scope: Scope, client: ConfigServiceClient, ctx: UnitContext<AwsConfigState>, state: AwsConfigState): Promise<UnitResult> {
    const run = state.run!;
    const expression = selectExpression(this.types());
    const warnings: string[] = [];
    let items = 0;
    let index = 0;
    let first = run.token === undefined;
    while (first || run.token) {
      first = false;
      if (ctx.signal.aborted) {
        await ctx.save(state, { force: true });
        return { items, interrupted: true, warnings };
      }
      const limit = this.cfg.pageSize ?? 100;
      const res = this.cfg.aggregator
        ? await client.send(
            new SelectAggregateResourceConfigCommand({
              Expression: expression,
              ConfigurationAggregatorName: this.cfg.aggregator.name,
              Limit: limit,
              ...(run.token ? { NextToken: run.token } : {}),
            }),
          )
        : await client.send(new SelectResourceConfigCommand({ Expression: expression, Limit: limit, ...(run.token ? { NextToken: run.token } : {}) }));
      const cis: Obj[] = [];
      for (const [i, text] of (res.Results ?? []).entries()) {
        try {
          cis.push(ciOfSelectRow(JSON.parse(text) as Obj));
        } catch (e) {
          warnings.push(`${unit.label}: query result ${i} is not JSON: ${(e as Error).message}`);
        }
      }
      const done = await this.handlePage(unit, scope, client, ctx, state, cis, () => index++, warnings);
      items += done;
      run.token = res.NextToken || undefined;
      if (run.token) await ctx.save(state);
    }
    return { items, warnings };
  }

  /** Evaluates and records one page of items, then writes the results back when configured. */
  private async handlePage(
    unit: Unit,
    scope: Scope,
    client: ConfigServiceClient,
    ctx: UnitContext<AwsConfigState>,
    state: AwsConfigState,
    rawCis: Obj[],
    nextIndex: () => number,
    warnings: string[],
  ): Promise<number> {
    const batch: EvalItem[] = [];
    const results: ConfigResult[] = [];
    const byRef = new Map<string, ConfigResult>();
    for (const raw of rawCis) {
      const type = typeof raw.resourceType === "string" ? raw.resourceType : "";
      const id = typeof raw.resourceId === "string" ? raw.resourceId : "";
      const result: ConfigResult = { resourceType: type, resourceId: id };
      if (typeof raw.configurationItemCaptureTime === "string") result.capturedAt = new Date(raw.configurationItemCaptureTime);
      results.push(result);
      const status = raw.configurationItemStatus;
      if (typeof status === "string" && SKIPPED_STATUSES.has(status)) {
        result.notApplicable = `resource ${status}`;
        continue;
      }
      const ci = normaliseConfigurationItem(raw);
      const account = (typeof ci.accountId === "string" && ci.accountId) || scope.account;
      const region = (typeof ci.awsRegion === "string" && ci.awsRegion) || scope.region;
      const doc: InputDocument = {
        kind: "aws-config",
        file: `aws-config:${this.cfg.aggregator ? `aggregator/${this.cfg.aggregator.name}` : `${scope.account}/${scope.region}`}`,
        index: nextIndex(),
        input: { configurationItem: ci },
        resource: configResourceRef(ci),
      };
      const reference = this.cfg.aggregator ? `${this.name}:${account}/${region}/${type}/${id}` : `${unit.refPrefix}${type}/${id}`;
      batch.push({ doc, reference, actor: null });
      byRef.set(reference, result);
    }
    const outcomes = await ctx.record(batch);
    for (const o of outcomes) {
      const r = byRef.get(o.reference)!;
      r.outcome = o;
      if (o.decision === "pass" && o.findings.length === 0 && !COVERED.has(r.resourceType)) r.notApplicable = `no check of the policy library covers ${r.resourceType}`;
    }
    if (this.cfg.putEvaluations && results.length) {
      const started = new Date(state.run!.startedAt);
      const evaluations = results.map((r) => evaluationOf(r, started)).filter((e): e is Evaluation => e !== undefined);
      try {
        const failed = await putEvaluations(client, evaluations, this.cfg.putEvaluations);
        if (failed.length) warnings.push(`${unit.label}: PutEvaluations refused ${failed.length} evaluation(s)`);
      } catch (e) {
        warnings.push(`${unit.label}: PutEvaluations failed: ${(e as Error).message}`);
      }
    }
    return batch.length;
  }
}

async function discoveredTypes(client: ConfigServiceClient): Promise<string[]> {
  const types = new Set<string>();
  let token: string | undefined;
  do {
    const res = await client.send(new GetDiscoveredResourceCountsCommand({ limit: 100, ...(token ? { nextToken: token } : {}) }));
    for (const c of res.resourceCounts ?? []) if (c.resourceType && (c.count ?? 0) > 0) types.add(c.resourceType);
    token = res.nextToken || undefined;
  } while (token);
  return [...types].sort();
}

/** BatchGetResourceConfig, retrying unprocessed keys a few times with backoff. */
async function batchGet(client: ConfigServiceClient, keys: ResourceKey[]): Promise<{ cis: BaseConfigurationItem[]; missing: ResourceKey[] }> {
  const cis: BaseConfigurationItem[] = [];
  let pending = keys;
  for (let attempt = 0; pending.length && attempt < 5; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 100 * 2 ** (attempt - 1)));
    const next: ResourceKey[] = [];
    for (let i = 0; i < pending.length; i += 100) {
      const res = await client.send(new BatchGetResourceConfigCommand({ resourceKeys: pending.slice(i, i + 100) }));
      cis.push(...(res.baseConfigurationItems ?? []));
      next.push(...(res.unprocessedResourceKeys ?? []));
    }
    pending = next;
  }
  return { cis, missing: pending };
}
