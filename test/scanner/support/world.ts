// The standard test world: the fake AWS endpoint holding the shared corpus spread over three scopes
// (two regions of the default chain's account, one account reached through AssumeRole), and a
// scanner config pointing at it.
import { join } from "node:path";
import type { ScannerConfig, SourceConfig } from "../../../src/scanner/config-schema.js";
import { FakeAws, type TrailEvent } from "./aws-server.js";
import { corpusEvents, corpusItems, SCANNER_POLICIES, spreadItems, tempDir, type CorpusEvent, type CorpusItem } from "./env.js";

type Obj = Record<string, unknown>;

export const SCOPES = [
  { account: "111111111111", region: "us-east-1" },
  { account: "111111111111", region: "eu-west-1" },
  { account: "222222222222", region: "us-east-1" },
] as const;
export const ROLE_ARN = "arn:aws:iam::222222222222:role/evident-scanner";

export interface World {
  aws: FakeAws;
  dir: string;
  /** EventId -> the corpus event it was ingested from, per scope. */
  served: { scope: string; ev: TrailEvent; corpus: CorpusEvent }[];
  items: { scope: string; item: CorpusItem }[];
  /** The last EventTime (seconds) of each scope. */
  endSec: number;
  config(sources: SourceConfig[], extra?: Partial<ScannerConfig>): ScannerConfig;
}

export async function makeWorld(opts: { events?: boolean; items?: boolean; endSec?: number } = {}): Promise<World> {
  const aws = new FakeAws("111111111111");
  await aws.start();
  const dir = tempDir();
  const served: World["served"] = [];
  const items: World["items"] = [];
  const endSec = opts.endSec ?? Math.floor(Date.now() / 1000) - 60;
  if (opts.events !== false) {
    const all = await corpusEvents();
    SCOPES.forEach((s, k) => {
      const mine = all.filter((_, i) => i % SCOPES.length === k);
      const start = endSec - Math.floor((mine.length - 1) / 3);
      const evs = aws.addEvents(s.account, s.region, mine.map((c) => c.event), start);
      evs.forEach((ev, i) => served.push({ scope: `${s.account}/${s.region}`, ev, corpus: mine[i]! }));
    });
  }
  if (opts.items !== false) {
    const spread = spreadItems(await corpusItems(), SCOPES.length);
    SCOPES.forEach((s, k) => {
      aws.addItems(s.account, s.region, spread[k]!.map((it) => it.ci));
      for (const item of spread[k]!) items.push({ scope: `${s.account}/${s.region}`, item });
    });
  }
  return {
    aws,
    dir,
    served,
    items,
    endSec,
    config(sources, extra = {}) {
      return {
        stateDir: join(dir, "state"),
        policies: { paths: SCANNER_POLICIES },
        evidence: { backend: "file", dir: join(dir, "evidence") },
        aws: {
          regions: ["us-east-1", "eu-west-1"],
          accounts: [{ id: "111111111111" }, { id: "222222222222", roleArn: ROLE_ARN, regions: ["us-east-1"] }],
          endpoints: { cloudtrail: aws.endpoint, config: aws.endpoint, sts: aws.endpoint },
          maxAttempts: 4,
        },
        sources,
        ...extra,
      } as ScannerConfig;
    },
  };
}

export function configRef(source: string, scope: string, ci: Obj): string {
  return `${source}:${scope}/${String(ci.resourceType)}/${String(ci.resourceId)}`;
}

export function trailRef(source: string, scope: string, ev: TrailEvent): string {
  return `${source}:${scope}/${ev.EventName || "unknown"}/${ev.EventId}`;
}

export const silent = () => {};
