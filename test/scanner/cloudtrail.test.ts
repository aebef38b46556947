// CloudTrail LookupEvents through the real @aws-sdk/client-cloudtrail against the local endpoint:
// every corpus event evaluated and recorded exactly once, the same verdict and subject digest as
// `evident scan` of the corpus file, SigV4 with assumed-role credentials, 2 requests/s per scope,
// boundary-second de-duplication across runs, throttling survived, a failing region isolated.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Scanner } from "../../src/scanner/scanner.js";
import type { SourceConfig } from "../../src/scanner/config-schema.js";
import { countByReference, readEvidence, useAwsEnv } from "./support/env.js";
import { makeWorld, ROLE_ARN, SCOPES, silent, trailRef, type World } from "./support/world.js";
import { join } from "node:path";

const trail = (extra: Partial<SourceConfig> = {}): SourceConfig => ({ name: "trail", type: "cloudtrail", lookback: "10d", settle: "0s", ...extra }) as SourceConfig;

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = useAwsEnv();
});
afterAll(() => restoreEnv());

describe("CloudTrail LookupEvents source", () => {
  let world: World;
  afterEach(async () => {
    await world?.aws.stop();
  });

  it("evaluates every corpus event exactly once, as `evident scan` does, at 2 requests/s per scope", async () => {
    world = await makeWorld({ items: false });
    // the run ends inside the second of the last events: they are the boundary second of the next run
    let clock = world.endSec * 1000 + 500;
    const scanner = await Scanner.create(world.config([trail()]), { logger: silent, now: () => clock });
    const [report] = await scanner.runOnce();
    expect(report!.failures).toBe(0);
    expect(report!.items).toBe(world.served.length);

    const records = (await readEvidence(join(world.dir, "evidence"))).filter((r) => r.subject.reference.startsWith("trail:"));
    const counts = countByReference(records);
    const expected = new Set(world.served.map((s) => trailRef("trail", s.scope, s.ev)));
    expect(records.length).toBe(world.served.length);
    expect(new Set(counts.keys())).toEqual(expected);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);

    // same input as the file scan: same subject digest and same findings, record by record
    const byRef = new Map(records.map((r) => [r.subject.reference, r]));
    let withFindings = 0;
    for (const s of world.served) {
      const rec = byRef.get(trailRef("trail", s.scope, s.ev))!;
      expect(rec.subject.digest).toBe(s.corpus.digest);
      expect(rec.source).toEqual({ type: "scanner", instance: "default" });
      const fileFindings = scanner.engine.evaluate(s.corpus.doc).map((f) => `${f.checkId}:${f.message}`).sort();
      expect(rec.findings.map((f) => `${f.check}:${f.message}`).sort()).toEqual(fileFindings);
      expect(rec.decision).toBe(fileFindings.length ? "fail" : "pass");
      if (fileFindings.length) withFindings++;
    }
    expect(withFindings).toBeGreaterThan(5);

    // the role account was read with credentials from STS AssumeRole (verified SigV4 keys)
    expect(world.aws.callsOf("sts:AssumeRole").some((c) => c.body.RoleArn === ROLE_ARN && c.status === 200)).toBe(true);
    const lookups = world.aws.callsOf("LookupEvents").filter((c) => c.status === 200);
    expect(new Set(lookups.map((c) => `${c.account}/${c.region}`))).toEqual(new Set(SCOPES.map((s) => `${s.account}/${s.region}`)));
    // <= 2 requests per second per account and region, on average: the endpoint shares this process's
    // event loop, so single arrival gaps are blurred by evaluation; cli.test.ts checks each gap with
    // the scanner in its own process.
    for (const s of SCOPES) {
      const at = lookups.filter((c) => c.account === s.account && c.region === s.region).map((c) => c.at);
      expect(at.length).toBeGreaterThan(2);
      expect((at.at(-1)! - at[0]!) / (at.length - 1)).toBeGreaterThanOrEqual(400); // unpaced: a few ms
    }

    // Second run: the events of the boundary second come back from LookupEvents and are de-duplicated
    // by eventID; a new event in that same second and one after it are evaluated.
    const boundary = world.served.filter((s) => s.ev.EventTime === world.endSec);
    expect(boundary.length).toBeGreaterThan(0);
    const later = world.aws.addEvents("111111111111", "us-east-1", [{ eventVersion: "1.08", eventID: "late-1", eventName: "StopLogging", eventSource: "cloudtrail.amazonaws.com", eventTime: "2024-01-01T00:00:00Z" }], world.endSec + 30);
    const sameSecond = world.aws.addEvents("111111111111", "eu-west-1", [{ eventVersion: "1.08", eventID: "late-2", eventName: "ListBuckets", eventSource: "s3.amazonaws.com" }], world.endSec);
    expect(sameSecond.at(-1)!.EventTime).toBe(world.endSec);
    clock = (world.endSec + 60) * 1000;
    const [second] = await scanner.runOnce();
    expect(second!.items).toBe(2);
    const boundaryQueries = world.aws.callsOf("LookupEvents").filter((c) => c.body.StartTime === world.endSec && c.status === 200);
    expect(boundaryQueries.length).toBe(SCOPES.length); // the second run did ask for the boundary second again
    await scanner.close();
    const all = await readEvidence(join(world.dir, "evidence"));
    const c2 = countByReference(all);
    expect([...c2.values()].every((n) => n === 1)).toBe(true);
    expect(c2.get(trailRef("trail", "111111111111/us-east-1", later.at(-1)!))).toBe(1);
    expect(all.find((r) => r.subject.reference.endsWith("/late-1"))!.findings.map((f) => f.check)).toEqual(["TEST-CT-TRAIL-TAMPERING"]);
  });

  it("survives ThrottlingException (the SDK retries) and keeps going when one region fails", async () => {
    world = await makeWorld({ items: false });
    let throttled = 0;
    world.aws.fault = (call, n) => {
      if (call.op !== "LookupEvents") return undefined;
      if (call.region === "eu-west-1") return { status: 403, type: "AccessDeniedException", message: "not authorized to perform cloudtrail:LookupEvents" };
      if (n % 3 === 1) {
        throttled++;
        return { status: 400, type: "ThrottlingException", message: "Rate exceeded" };
      }
      return undefined;
    };
    const scanner = await Scanner.create(world.config([trail({ requestsPerSecond: 20 } as Partial<SourceConfig>)]), { logger: silent, now: () => (world.endSec + 1) * 1000 });
    const [report] = await scanner.runOnce();
    await scanner.close();
    expect(throttled).toBeGreaterThan(3);
    const failed = report!.units.filter((u) => !u.ok);
    expect(failed.map((u) => u.unit)).toEqual(["trail/111111111111/eu-west-1"]);
    expect(failed[0]!.error).toMatch(/AccessDenied/);
    expect(report!.failures).toBe(1);
    // the other two scopes: every event once, in spite of the throttling
    const good = world.served.filter((s) => s.scope !== "111111111111/eu-west-1");
    const counts = countByReference(await readEvidence(join(world.dir, "evidence")));
    expect(counts.size).toBe(good.length);
    for (const s of good) expect(counts.get(trailRef("trail", s.scope, s.ev))).toBe(1);
    // a throttled request was sent again with the same page token
    const calls = world.aws.callsOf("LookupEvents").filter((c) => c.region === "us-east-1" && c.account === "111111111111");
    const t = calls.findIndex((c) => c.errorType === "ThrottlingException");
    expect(calls[t + 1]!.status).toBe(200);
    expect(calls[t + 1]!.body.NextToken).toEqual(calls[t]!.body.NextToken);
    const metrics = await scanner.metrics.registry.metrics();
    expect(metrics).toMatch(/evident_scanner_failures_total\{source="trail",unit="111111111111\/eu-west-1"\} 1/);
  });

  it("SIGTERM-style abort finishes the batch and saves the position; the next run misses and repeats nothing", async () => {
    world = await makeWorld({ items: false });
    const config = world.config([trail()]);
    const stop = new AbortController();
    let pages = 0;
    world.aws.onCall = (c) => {
      if (c.op === "LookupEvents" && c.status === 200 && ++pages === 4) stop.abort();
    };
    const a = await Scanner.create(config, { logger: silent, now: () => (world.endSec + 1) * 1000 });
    const [r1] = await a.runOnce(stop.signal);
    await a.close();
    expect(r1!.interrupted).toBe(true);
    expect(r1!.items).toBeGreaterThan(0);
    expect(r1!.items).toBeLessThan(world.served.length);
    world.aws.onCall = undefined;
    const b = await Scanner.create(config, { logger: silent, now: () => (world.endSec + 5) * 1000 });
    const [r2] = await b.runOnce();
    await b.close();
    expect(r2!.interrupted).toBe(false);
    expect(r2!.units.reduce((s, u) => s + u.recovered, 0)).toBe(0); // a clean stop leaves nothing to recover
    expect(r1!.items + r2!.items).toBe(world.served.length);
    const counts = countByReference(await readEvidence(join(world.dir, "evidence")));
    expect(counts.size).toBe(world.served.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });
});
