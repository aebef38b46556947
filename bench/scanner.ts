// npm run bench:scanner [-- events items]   (default 100,000 of each)
// Throughput of the scanner's two AWS paths against the local endpoint of test/scanner/support (run in
// a child process, so that it has its own event loop and core): events/s through CloudTrail
// LookupEvents and items/s through AWS Config ListDiscoveredResources + BatchGetResourceConfig, each
// with evaluation (test/fixtures policies), evidence (file backend, fsync on) and checkpoints. The
// baseline, measured in the same run, is the endpoint's own serving time: the same pages fetched by a
// bare loop over the same SDK clients, with no evaluation and no evidence.
// CloudTrail allows 2 LookupEvents/s per account and region (100 events/s); the bench raises the
// scanner's pacing to 100 requests/s to measure the scanner, not the pacing.
import { fork } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { BatchGetResourceConfigCommand, ConfigServiceClient, GetDiscoveredResourceCountsCommand, ListDiscoveredResourcesCommand, type ResourceType } from "@aws-sdk/client-config-service";
import { Scanner } from "../src/scanner/scanner.js";
import type { ScannerConfig } from "../src/scanner/config-schema.js";
import { BASE_KEY, FakeAws } from "../test/scanner/support/aws-server.js";
import { corpusEvents, corpusItems, SCANNER_POLICIES } from "../test/scanner/support/env.js";

const SERVE = process.argv[2] === "serve";
const ARGS = SERVE ? process.argv.slice(3) : process.argv.slice(2);
const EVENTS = Number(ARGS[0] ?? 100_000);
const ITEMS = Number(ARGS[1] ?? 100_000);
const ACCOUNT = "111111111111";
const REGIONS = ["us-east-1", "eu-west-1", "eu-central-1", "us-west-2"];

type Obj = Record<string, unknown>;

async function serve(events: number, items: number): Promise<void> {
  const aws = new FakeAws(ACCOUNT);
  await aws.start();
  const evs = await corpusEvents();
  const cis = await corpusItems();
  const now = Math.floor(Date.now() / 1000);
  REGIONS.forEach((region, r) => {
    const n = Math.ceil(events / REGIONS.length);
    const list: Obj[] = [];
    for (let i = 0; i < n && r * n + i < events; i++) {
      const e = evs[(r * n + i) % evs.length]!.event;
      list.push({ ...e, eventID: `${String(e.eventID ?? "e")}-${r}-${i}` });
    }
    aws.addEvents(ACCOUNT, region, list, now - 86400 - Math.ceil(list.length / 3));
    const m = Math.ceil(items / REGIONS.length);
    const ci: Obj[] = [];
    for (let i = 0; i < m && r * m + i < items; i++) {
      const c = cis[(r * m + i) % cis.length]!.ci;
      ci.push({ ...c, resourceId: `${String(c.resourceId)}-${i}` });
    }
    aws.addItems(ACCOUNT, region, ci);
  });
  process.send!({ endpoint: aws.endpoint });
}

if (SERVE) {
  await serve(EVENTS, ITEMS);
} else {
  const child = fork(new URL(import.meta.url).pathname, ["serve", String(EVENTS), String(ITEMS)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const endpoint = await new Promise<string>((resolve) => child.on("message", (m: { endpoint: string }) => resolve(m.endpoint)));
  process.env["AWS_ACCESS_KEY_ID"] = BASE_KEY.accessKeyId;
  process.env["AWS_SECRET_ACCESS_KEY"] = BASE_KEY.secretAccessKey;
  try {
    await main(endpoint);
  } finally {
    child.kill();
  }
}

async function main(endpoint: string): Promise<void> {
  mkdirSync(join(process.cwd(), "bench/out"), { recursive: true });
  const dir = mkdtempSync(join(process.cwd(), "bench/out/scanner-"));
  const nowMs = Date.now();
  const start = Math.floor(nowMs / 1000) - 10 * 86400;
  const end = Math.floor(nowMs / 1000);

  // Baseline: the bare SDK loop over the same pages, scopes in parallel as the scanner reads them.
  const client = { region: "us-east-1", endpoint, credentials: BASE_KEY, retryMode: "adaptive", maxAttempts: 5 };
  const bareTrail = async () => {
    let n = 0;
    await Promise.all(
      REGIONS.map(async (region) => {
        const c = new CloudTrailClient({ ...client, region });
        let token: string | undefined;
        do {
          const res = await c.send(new LookupEventsCommand({ StartTime: new Date(start * 1000), EndTime: new Date(end * 1000), MaxResults: 50, ...(token ? { NextToken: token } : {}) }));
          n += res.Events?.length ?? 0;
          token = res.NextToken;
        } while (token);
        c.destroy();
      }),
    );
    return n;
  };
  const bareConfig = async () => {
    let n = 0;
    await Promise.all(
      REGIONS.map(async (region) => {
        const c = new ConfigServiceClient({ ...client, region });
        const counts = await c.send(new GetDiscoveredResourceCountsCommand({ limit: 100 }));
        for (const t of counts.resourceCounts ?? []) {
          let token: string | undefined;
          do {
            const page = await c.send(new ListDiscoveredResourcesCommand({ resourceType: t.resourceType as ResourceType, limit: 100, ...(token ? { nextToken: token } : {}) }));
            const keys = (page.resourceIdentifiers ?? []).map((r) => ({ resourceType: r.resourceType!, resourceId: r.resourceId! }));
            if (keys.length) {
              const got = await c.send(new BatchGetResourceConfigCommand({ resourceKeys: keys }));
              n += got.baseConfigurationItems?.length ?? 0;
            }
            token = page.nextToken;
          } while (token);
        }
        c.destroy();
      }),
    );
    return n;
  };
  // warm both paths (connections, JIT) on the endpoint once, then time
  await bareTrail();
  await bareConfig();
  let t = performance.now();
  const bareEvents = await bareTrail();
  const bareTrailMs = performance.now() - t;
  t = performance.now();
  const bareItems = await bareConfig();
  const bareConfigMs = performance.now() - t;

  const config = {
    stateDir: join(dir, "state"),
    policies: { paths: SCANNER_POLICIES },
    evidence: { backend: "file", dir: join(dir, "evidence") },
    aws: { regions: REGIONS, accounts: [{ id: ACCOUNT }], endpoints: { cloudtrail: endpoint, config: endpoint }, concurrency: REGIONS.length },
    sources: [
      { name: "trail", type: "cloudtrail", lookback: "10d", settle: "0s", requestsPerSecond: 100 },
      { name: "config", type: "aws-config", resourceTypes: "*" },
    ],
  } as ScannerConfig;
  const scanner = await Scanner.create(config, { logger: () => {}, now: () => end * 1000 });
  const [trail, cfg] = scanner.sources;
  const signal = new AbortController().signal;
  const rt = await scanner.runSource(trail!, signal);
  const rc = await scanner.runSource(cfg!, signal);
  await scanner.close();
  if (rt.failures || rc.failures) throw new Error(`scanner failures: ${JSON.stringify([...rt.units, ...rc.units].filter((u) => !u.ok))}`);

  const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString("en-US")}/s`;
  console.log(`scanner bench: ${EVENTS.toLocaleString("en-US")} CloudTrail events and ${ITEMS.toLocaleString("en-US")} AWS Config items over ${REGIONS.length} regions, local endpoint in its own process`);
  console.log(`  cloudtrail  scanner  ${rt.items} events in ${(rt.durationMs / 1000).toFixed(2)} s = ${rate(rt.items, rt.durationMs)} (LookupEvents, evaluate, evidence with fsync, checkpoints)`);
  console.log(`              endpoint ${bareEvents} events in ${(bareTrailMs / 1000).toFixed(2)} s = ${rate(bareEvents, bareTrailMs)} (the same pages, bare SDK loop)`);
  console.log(`  aws-config  scanner  ${rc.items} items in ${(rc.durationMs / 1000).toFixed(2)} s = ${rate(rc.items, rc.durationMs)} (ListDiscoveredResources + BatchGetResourceConfig, evaluate, evidence, checkpoints)`);
  console.log(`              endpoint ${bareItems} items in ${(bareConfigMs / 1000).toFixed(2)} s = ${rate(bareItems, bareConfigMs)} (the same pages, bare SDK loop)`);
  console.log(`  ratio scanner time / endpoint serving time: cloudtrail ${(rt.durationMs / bareTrailMs).toFixed(2)}x, aws-config ${(rc.durationMs / bareConfigMs).toFixed(2)}x`);
  console.log(`  (at CloudTrail's real limit of 2 LookupEvents/s, one account and region yields at most 100 events/s)`);
  if (rt.items !== EVENTS || rc.items !== ITEMS) throw new Error(`expected ${EVENTS} events and ${ITEMS} items, scanned ${rt.items} and ${rc.items}`);
}
