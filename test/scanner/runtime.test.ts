// The scanner's machinery: schedules (interval, cron, jitter, skipped slots), sharding, atomic
// checkpoints, crash recovery from the evidence log, the daemon loop, /metrics and /healthz.
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CheckpointStore, writeFileAtomic } from "../../src/scanner/checkpoint.js";
import { Schedule } from "../../src/scanner/schedule.js";
import { fnv1a32, ownsUnit, shardIdentity, shardOf } from "../../src/scanner/shard.js";
import { Scanner } from "../../src/scanner/scanner.js";
import { startMetricsServer } from "../../src/scanner/metrics.js";
import type { SourceConfig } from "../../src/scanner/config-schema.js";
import { countByReference, readEvidence, tempDir, useAwsEnv } from "./support/env.js";
import { makeWorld, silent } from "./support/world.js";

describe("schedule", () => {
  it("runs every interval from the start, skips the slots a long run covered, adds jitter within bounds", () => {
    const s = new Schedule({ every: "10s" }, 1_000_000, () => 0);
    expect(s.first(1_000_000)).toEqual({ slot: 1_000_000, at: 1_000_000 });
    expect(s.next(1_000_000, 1_003_000)).toEqual({ slot: 1_010_000, at: 1_010_000, skipped: 0 });
    // the run took 35 s: three slots passed while it ran; the next run is the first future slot
    expect(s.next(1_000_000, 1_035_000)).toEqual({ slot: 1_040_000, at: 1_040_000, skipped: 3 });
    const j = new Schedule({ every: "10s", jitter: "4s" }, 0, () => 0.999);
    expect(j.next(0, 1).at).toBe(10_000 + 3996);
  });

  it("follows a cron expression in UTC", () => {
    const s = new Schedule({ cron: "*/15 * * * *" });
    const t = Date.parse("2025-01-01T10:07:00Z");
    expect(new Date(s.first(t).slot).toISOString()).toBe("2025-01-01T10:15:00.000Z");
    expect(new Date(s.next(s.first(t).slot, t + 60_000).slot).toISOString()).toBe("2025-01-01T10:30:00.000Z");
    expect(s.next(s.first(t).slot, Date.parse("2025-01-01T11:01:00Z")).skipped).toBe(3);
  });
});

describe("sharding", () => {
  it("splits units by FNV-1a mod N, the same on every pod; every unit has exactly one owner", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c); // the published FNV-1a test vector
    const units = Array.from({ length: 400 }, (_, i) => `config/${String(100000000000 + i)}/eu-west-1`);
    const owners = units.map((u) => [0, 1, 2, 3].filter((i) => ownsUnit({ index: i, count: 4 }, u)));
    expect(owners.every((o) => o.length === 1)).toBe(true);
    const perShard = [0, 1, 2, 3].map((i) => owners.filter((o) => o[0] === i).length);
    expect(Math.min(...perShard)).toBeGreaterThan(60);
    expect(shardOf("anything", 1)).toBe(0);
    expect(shardIdentity(undefined, { JOB_COMPLETION_INDEX: "2", EVIDENT_SHARD_COUNT: "3" })).toEqual({ index: 2, count: 3 });
    expect(() => shardIdentity(undefined, { JOB_COMPLETION_INDEX: "3", EVIDENT_SHARD_COUNT: "3" })).toThrow(/not below/);
  });
});

describe("checkpoints", () => {
  it("are replaced atomically (no temp file left) and a corrupt one is refused with its path", async () => {
    const dir = tempDir();
    const file = join(dir, "x.json");
    await writeFileAtomic(file, "one");
    await writeFileAtomic(file, "two");
    expect(readFileSync(file, "utf8")).toBe("two");
    expect(readdirSync(dir)).toEqual(["x.json"]);
    const store = new CheckpointStore(join(dir, "cp"));
    await store.save({ v: 1, source: "s", unit: "s/111111111111/eu-west-1", chain: "c", evidenceSeq: 3, savedAt: "now", state: { a: 1 } });
    expect((await store.load("s/111111111111/eu-west-1"))?.state).toEqual({ a: 1 });
    expect(await store.load("s/other")).toBeUndefined();
    writeFileSync(join(dir, "cp", readdirSync(join(dir, "cp"))[0]!), "{torn");
    await expect(store.load("s/111111111111/eu-west-1")).rejects.toThrow(/not valid JSON.*move it away/);
  });
});

describe("recovery and the daemon", () => {
  let restore: () => void;
  beforeAll(() => {
    restore = useAwsEnv();
  });
  afterAll(() => restore());

  it("after a crash between recording and checkpointing, the evaluations found in the evidence log are not repeated", async () => {
    const world = await makeWorld({ items: true });
    const sources = [
      { name: "trail", type: "cloudtrail", lookback: "10d", settle: "0s", requestsPerSecond: 50 },
      { name: "config", type: "aws-config", resourceTypes: "*", pageSize: 4 },
    ] as SourceConfig[];
    const config = world.config(sources);
    const cpDir = join(config.stateDir, "checkpoints");
    const snapshot = join(world.dir, "cp-snapshot");
    // Run 1 is stopped after a few pages; its checkpoints are kept aside. Run 2 completes.
    const stop = new AbortController();
    let pages = 0;
    world.aws.onCall = (c) => {
      if ((c.op === "LookupEvents" || c.op === "BatchGetResourceConfig") && c.status === 200 && ++pages === 6) stop.abort();
    };
    const a = await Scanner.create(config, { logger: silent, now: () => world.endSec * 1000 + 500 });
    await a.runOnce(stop.signal);
    await a.close();
    world.aws.onCall = undefined;
    cpSync(cpDir, snapshot, { recursive: true });
    const b = await Scanner.create(config, { logger: silent, now: () => world.endSec * 1000 + 500, saveIntervalMs: 0 });
    const stop2 = new AbortController();
    let pages2 = 0;
    world.aws.onCall = (c) => {
      if ((c.op === "LookupEvents" || c.op === "BatchGetResourceConfig") && c.status === 200 && ++pages2 === 8) stop2.abort();
    };
    await b.runOnce(stop2.signal);
    await b.close();
    world.aws.onCall = undefined;
    // The crash: run 2's records are durable but its checkpoints are lost (the old ones come back).
    rmSync(cpDir, { recursive: true });
    cpSync(snapshot, cpDir, { recursive: true });
    const c = await Scanner.create(config, { logger: silent, now: () => world.endSec * 1000 + 500 });
    const reports = await c.runOnce();
    await c.close();
    const recovered = reports.flatMap((r) => r.units).reduce((s, u) => s + u.recovered, 0);
    expect(recovered).toBeGreaterThan(0);
    const counts = countByReference(await readEvidence(join(world.dir, "evidence")));
    expect(counts.size).toBe(world.served.length + world.items.length);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    await world.aws.stop();
  });

  it("the daemon runs a source on its schedule without overlap, serves /metrics and /healthz, and stops on abort", async () => {
    const world = await makeWorld({ events: false });
    const config = world.config([{ name: "config", type: "aws-config", resourceTypes: "*", schedule: { every: "1s" } } as SourceConfig]);
    const scanner = await Scanner.create(config, { logger: silent });
    const server = await startMetricsServer(scanner.metrics, "127.0.0.1", 0);
    const stop = new AbortController();
    const starts: number[] = [];
    world.aws.onCall = (c) => {
      if (c.op === "GetDiscoveredResourceCounts" && c.account === "111111111111" && c.region === "us-east-1") starts.push(c.at);
      if (starts.length === 3) stop.abort();
    };
    world.aws.delayMs = 5; // each run takes a while; runs must still not overlap
    const daemon = scanner.runDaemon(stop.signal);
    await daemon;
    expect(starts.length).toBe(3);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(900);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const evaluated = Number(/evident_scanner_items_evaluated_total\{source="config"\} (\d+)/.exec(metrics)![1]);
    expect(evaluated).toBeGreaterThanOrEqual(world.items.length * 2); // two complete runs (the third was stopped)
    expect(evaluated).toBe((await readEvidence(join(world.dir, "evidence"))).length);
    expect(metrics).toMatch(/evident_scanner_last_run_timestamp_seconds\{source="config"\} \d/);
    expect(metrics).toMatch(/evident_scanner_last_run_duration_seconds\{source="config"\}/);
    expect(metrics).toMatch(/evident_scanner_findings_total\{source="config",severity="(high|medium)"\} \d+/);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { sources: Record<string, { lastRunOk: boolean }> }).sources["config"]!.lastRunOk).toBe(true);
    scanner.metrics.stopping = true;
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
    await server.app.close();
    await scanner.close();
    await world.aws.stop();
  });
});
