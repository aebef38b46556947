// CloudTrail LookupEvents, per account and region, from the last checkpoint.
//
// LookupEvents returns the events of [StartTime, EndTime] (both inclusive, whole seconds) newest first.
// A run reads one window [watermark, end] (end = now - settle) page by page, newest first, and records
// each page before saving its position:
//   - watermark / watermarkIds: every event before `watermark` is done, and the events at exactly
//     `watermark` whose ids are in watermarkIds (the boundary second, de-duplicated by eventID);
//   - window.low / lowIds: within the window, every event after `low` is done, and those at `low`
//     whose ids are in lowIds. A resumed window queries [watermark, low] again.
// When a window completes, `end` becomes the watermark. Events CloudTrail shows later than `settle`
// after they happened would fall behind the watermark: keep `settle` above LookupEvents' delay.
import { LookupEventsCommand, type Event as TrailEvent } from "@aws-sdk/client-cloudtrail";
import { actorFromUserIdentity } from "../../evidence/index.js";
import { cloudtrailDocument } from "../../inputs/index.js";
import type { CloudTrailSourceConfig } from "../config-schema.js";
import { parseDuration } from "../duration.js";
import type { AwsClients, Scope } from "../aws/clients.js";
import { RateLimiters } from "../aws/ratelimit.js";
import type { BrokenItem, EvalItem, ScannerSource, Unit, UnitContext, UnitResult } from "../types.js";

export interface CloudTrailState {
  watermark: number;
  watermarkIds: string[];
  window?: { end: number; endIds: string[]; low?: number; lowIds: string[] };
}

type Obj = Record<string, unknown>;

export class CloudTrailSource implements ScannerSource<CloudTrailState> {
  readonly type = "cloudtrail";
  readonly name: string;
  private readonly limiters: RateLimiters;
  private readonly scopeOf = new Map<string, Scope>();
  private readonly paced = new WeakSet<object>();

  constructor(
    private readonly cfg: CloudTrailSourceConfig,
    private readonly aws: AwsClients,
    private readonly now: () => number = Date.now,
  ) {
    this.name = cfg.name;
    this.limiters = new RateLimiters(cfg.requestsPerSecond ?? 2);
  }

  async units(): Promise<Unit[]> {
    return this.aws.scopes(this.cfg).map((s) => {
      const key = `${this.name}/${s.account}/${s.region}`;
      this.scopeOf.set(key, s);
      return { key, refPrefix: `${this.name}:${s.account}/${s.region}/`, label: `${s.account}/${s.region}` };
    });
  }

  async runUnit(unit: Unit, ctx: UnitContext<CloudTrailState>): Promise<UnitResult> {
    const scope = this.scopeOf.get(unit.key)!;
    const settle = Math.floor(parseDuration(this.cfg.settle ?? "5m") / 1000);
    const lookback = Math.floor(parseDuration(this.cfg.lookback ?? "24h") / 1000);
    const nowS = Math.floor(this.now() / 1000);
    const st: CloudTrailState = ctx.state ? structuredClone(ctx.state) : { watermark: nowS - settle - lookback, watermarkIds: [] };
    if (!st.window) {
      const end = nowS - settle;
      if (end <= st.watermark) return { items: 0 };
      st.window = { end, endIds: [], lowIds: [] };
    }
    const w = st.window;
    const queryEnd = w.low ?? w.end;
    const wmIds = new Set(st.watermarkIds);
    const lowIds = new Set(w.lowIds);
    const endIds = new Set(w.endIds);
    const client = this.aws.cloudtrail(scope);
    if (!this.paced.has(client)) {
      // Paced right before the HTTP request, after signing and credential resolution, so that retries
      // of throttled requests are paced too: the endpoint never sees more than the rate.
      const limiter = this.limiters.for(`${scope.account}/${scope.region}`);
      client.middlewareStack.add(
        (next) => async (args) => {
          await limiter.take();
          return next(args);
        },
        { step: "deserialize", priority: "low", name: "evidentLookupEventsPacing" },
      );
      this.paced.add(client);
    }
    const label = `cloudtrail:lookup-events/${scope.account}/${scope.region}`;
    let token: string | undefined;
    let items = 0;
    let index = 0;
    do {
      if (ctx.signal.aborted) {
        await ctx.save(st, { force: true });
        return { items, interrupted: true };
      }
      const res = await client.send(
        new LookupEventsCommand({
          StartTime: new Date(st.watermark * 1000),
          EndTime: new Date(queryEnd * 1000),
          MaxResults: this.cfg.pageSize ?? 50,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      // newest first; a stable sort guards the window position against a page out of order
      const page = [...(res.Events ?? [])].sort((a, b) => secondOf(b) - secondOf(a));
      const batch: EvalItem[] = [];
      const broken: BrokenItem[] = [];
      for (const e of page) {
        const t = secondOf(e);
        const id = e.EventId ?? "";
        if (t < st.watermark || (t === st.watermark && wmIds.has(id)) || t > queryEnd) continue;
        if (w.low !== undefined && t === w.low && lowIds.has(id)) continue;
        if (t === w.end && endIds.has(id)) continue;
        const reference = `${unit.refPrefix}${e.EventName ?? "unknown"}/${id}`;
        let event: Obj | undefined;
        try {
          const v = JSON.parse(e.CloudTrailEvent ?? "") as unknown;
          if (v && typeof v === "object" && !Array.isArray(v)) event = v as Obj;
        } catch {
          event = undefined;
        }
        if (event) {
          batch.push({ doc: cloudtrailDocument(event, label, index++), reference, actor: actorFromUserIdentity(event.userIdentity) });
        } else {
          broken.push({ reference, kind: "cloudtrail", raw: e.CloudTrailEvent ?? "", error: "CloudTrailEvent is not a JSON object" });
        }
        if (t === w.end) {
          endIds.add(id);
          w.endIds.push(id);
        }
        if (w.low === t) {
          lowIds.add(id);
          w.lowIds.push(id);
        } else if (w.low === undefined || t < w.low) {
          w.low = t;
          w.lowIds = [id];
          lowIds.clear();
          lowIds.add(id);
        }
      }
      if (batch.length || broken.length) {
        await ctx.record(batch, broken);
        items += batch.length + broken.length;
        await ctx.save(st);
      }
      token = res.NextToken || undefined;
    } while (token);
    const done: CloudTrailState = {
      watermark: w.end,
      watermarkIds: w.end === st.watermark ? [...new Set([...st.watermarkIds, ...w.endIds])] : w.endIds,
    };
    await ctx.save(done, { force: true });
    return { items };
  }
}

function secondOf(e: TrailEvent): number {
  return e.EventTime ? Math.floor(e.EventTime.getTime() / 1000) : 0;
}
