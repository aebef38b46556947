// AWS Config through the real @aws-sdk/client-config-service against the local endpoint: every corpus
// item exactly once per run (ListDiscoveredResources + BatchGetResourceConfig, SelectResourceConfig,
// SelectAggregateResourceConfig), the file scan's verdict, unprocessed keys and throttling retried,
// a run resumed after a stop, and PutEvaluations within Config's limits.
import { join } from "node:path";
import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Scanner } from "../../src/scanner/scanner.js";
import type { SourceConfig } from "../../src/scanner/config-schema.js";
import { evaluationOf, putEvaluations, truncateAnnotation } from "../../src/scanner/aws/put-evaluations.js";
import { countByReference, readEvidence, useAwsEnv } from "./support/env.js";
import { configRef, makeWorld, SCOPES, silent, type World } from "./support/world.js";
import { BASE_KEY } from "./support/aws-server.js";

const cfgSource = (extra: Record<string, unknown> = {}): SourceConfig => ({ name: "config", type: "aws-config", resourceTypes: "*", ...extra }) as SourceConfig;

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = useAwsEnv();
});
afterAll(() => restoreEnv());

function findingsKey(list: { check?: string; checkId?: string; message: string }[]): string[] {
  return list.map((f) => `${f.check ?? f.checkId}:${f.message}`).sort();
}

describe("AWS Config source", () => {
  let world: World;
  afterEach(async () => {
    await world?.aws.stop();
  });

  it("batch: evaluates every corpus item once per run with the file scan's verdict, and writes evaluations back", async () => {
    world = await makeWorld({ events: false });
    world.aws.unprocessedOnce = true;
    world.aws.fault = (call, n) => (call.op === "ListDiscoveredResources" && n === 2 ? { status: 400, type: "ThrottlingException", message: "Rate exceeded" } : undefined);
    const scanner = await Scanner.create(world.config([cfgSource({ pageSize: 7, putEvaluations: { resultToken: "token-123" } })]), { logger: silent });
    const [r1] = await scanner.runOnce();
    expect(r1!.failures).toBe(0);
    expect(r1!.items).toBe(world.items.length);
    const recs = await readEvidence(join(world.dir, "evidence"));
    const counts = countByReference(recs);
    expect(new Set(counts.keys())).toEqual(new Set(world.items.map((i) => configRef("config", i.scope, i.item.ci))));
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const byRef = new Map(recs.map((r) => [r.subject.reference, r]));
    let failing = 0;
    let tagFindings = 0;
    for (const { scope, item } of world.items) {
      const rec = byRef.get(configRef("config", scope, item.ci))!;
      const file = scanner.engine.evaluate(item.doc);
      // BatchGetResourceConfig returns no tags: the one tag-based check cannot fire on this path
      expect(rec.findings.some((f) => f.check === "TEST-CFG-TAG-NAME")).toBe(false);
      tagFindings += file.filter((f) => f.checkId === "TEST-CFG-TAG-NAME").length;
      expect(findingsKey(rec.findings)).toEqual(findingsKey(file.filter((f) => f.checkId !== "TEST-CFG-TAG-NAME")));
      if (file.length) failing++;
    }
    expect(failing).toBeGreaterThanOrEqual(3);
    expect(tagFindings).toBeGreaterThan(0);
    // the retries happened: unprocessed keys asked again, a throttled page asked again
    expect(world.aws.callsOf("BatchGetResourceConfig").length).toBeGreaterThan(world.aws.callsOf("ListDiscoveredResources").filter((c) => c.status === 200).length);
    expect(world.aws.callsOf("ListDiscoveredResources").some((c) => c.errorType === "ThrottlingException")).toBe(true);

    // PutEvaluations: one evaluation per item, in calls of <= 100 with the rule's ResultToken
    const evs = world.aws.putEvaluations.flatMap((p) => (p.body.Evaluations as Record<string, unknown>[]).map((e): Record<string, unknown> => ({ ...e, scope: `${p.account}/${p.region}` })));
    for (const p of world.aws.putEvaluations) {
      expect(p.body.ResultToken).toBe("token-123");
      expect((p.body.Evaluations as unknown[]).length).toBeLessThanOrEqual(100);
    }
    expect(evs.length).toBe(world.items.length);
    for (const { scope, item } of world.items) {
      const e = evs.filter((x) => x.scope === scope && x.ComplianceResourceId === item.ci.resourceId && x.ComplianceResourceType === item.ci.resourceType);
      expect(e.length).toBe(1);
      const rec = byRef.get(configRef("config", scope, item.ci))!;
      if (rec.decision === "fail") {
        expect(e[0]!.ComplianceType).toBe("NON_COMPLIANT");
        expect(String(e[0]!.Annotation)).toContain(rec.findings[0]!.check);
      } else expect(["COMPLIANT", "NOT_APPLICABLE"]).toContain(e[0]!.ComplianceType);
      expect(typeof e[0]!.OrderingTimestamp).toBe("number");
    }
    expect(evs.some((e) => e.ComplianceType === "NOT_APPLICABLE")).toBe(true); // types no check of the library covers
    expect(evs.some((e) => e.ComplianceType === "COMPLIANT")).toBe(true);

    // a second run evaluates everything again, once
    const [r2] = await scanner.runOnce();
    await scanner.close();
    expect(r2!.items).toBe(world.items.length);
    const c2 = countByReference(await readEvidence(join(world.dir, "evidence")));
    expect([...c2.values()].every((n) => n === 2)).toBe(true);
  });

  it("select: SelectResourceConfig carries tags; aggregator: SelectAggregateResourceConfig reads every account", async () => {
    world = await makeWorld({ events: false });
    const scanner = await Scanner.create(world.config([cfgSource({ name: "sel", method: "select" }), cfgSource({ name: "agg", aggregator: { name: "org", account: "111111111111", region: "us-east-1" } })]), {
      logger: silent,
    });
    const reports = await scanner.runOnce();
    for (const r of reports) expect(r.failures).toBe(0);
    const recs = await readEvidence(join(world.dir, "evidence"));
    const sel = countByReference(recs.filter((r) => r.subject.reference.startsWith("sel:")));
    expect(new Set(sel.keys())).toEqual(new Set(world.items.map((i) => configRef("sel", i.scope, i.item.ci))));
    const agg = countByReference(recs.filter((r) => r.subject.reference.startsWith("agg:")));
    expect(new Set(agg.keys())).toEqual(new Set(world.items.map((i) => configRef("agg", i.scope, i.item.ci))));
    expect([...sel.values(), ...agg.values()].every((n) => n === 1)).toBe(true);
    // select items carry the corpus item's tags (as a map, as in the configuration item): the same
    // verdict as the file scan, tag-based check included
    const byRef = new Map(recs.map((r) => [r.subject.reference, r]));
    let tagFindings = 0;
    for (const { scope, item } of world.items) {
      const file = findingsKey(scanner.engine.evaluate(item.doc));
      tagFindings += file.filter((f) => f.startsWith("TEST-CFG-TAG-NAME")).length;
      expect(findingsKey(byRef.get(configRef("sel", scope, item.ci))!.findings)).toEqual(file);
      expect(findingsKey(byRef.get(configRef("agg", scope, item.ci))!.findings)).toEqual(file);
    }
    expect(tagFindings).toBeGreaterThan(0);
    await scanner.close();
    const selects = world.aws.callsOf("SelectResourceConfig");
    expect(selects.every((c) => String(c.body.Expression).includes("tags"))).toBe(true);
    expect(world.aws.callsOf("SelectAggregateResourceConfig").every((c) => c.account === "111111111111" && c.body.ConfigurationAggregatorName === "org")).toBe(true);
  });

  it("a run stopped in the middle resumes at its page and evaluates each item once", async () => {
    world = await makeWorld({ events: false });
    const config = world.config([cfgSource({ pageSize: 5 })]);
    const stop = new AbortController();
    let pages = 0;
    world.aws.onCall = (c) => {
      if (c.op === "BatchGetResourceConfig" && ++pages === 4) stop.abort();
    };
    const a = await Scanner.create(config, { logger: silent });
    const [r1] = await a.runOnce(stop.signal);
    await a.close();
    expect(r1!.interrupted).toBe(true);
    expect(r1!.items).toBeGreaterThan(0);
    world.aws.onCall = undefined;
    const b = await Scanner.create(config, { logger: silent });
    const [r2] = await b.runOnce();
    await b.close();
    expect(r1!.items + r2!.items).toBe(world.items.length);
    const counts = countByReference(await readEvidence(join(world.dir, "evidence")));
    expect(counts.size).toBe(world.items.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("PutEvaluations: 250 evaluations go out as 100 + 100 + 50, annotations cut to 256 characters", async () => {
    world = await makeWorld({ events: false, items: false });
    const client = new ConfigServiceClient({ region: "us-east-1", endpoint: world.aws.endpoint, credentials: BASE_KEY });
    const long = "x".repeat(400);
    const evaluations = Array.from({ length: 250 }, (_, i) =>
      evaluationOf(
        {
          resourceType: "AWS::S3::Bucket",
          resourceId: `b${i}`,
          outcome: { reference: `r${i}`, decision: "fail", recovered: false, findings: [{ check: "TEST-X", severity: "high", controls: [], message: `${long} ${i}` }] },
        },
        new Date(),
      )!,
    );
    const failed = await putEvaluations(client, evaluations, { resultToken: "tok" });
    client.destroy();
    expect(failed).toEqual([]);
    expect(world.aws.putEvaluations.map((p) => (p.body.Evaluations as unknown[]).length)).toEqual([100, 100, 50]);
    for (const p of world.aws.putEvaluations) for (const e of p.body.Evaluations as { Annotation: string }[]) expect([...e.Annotation].length).toBe(256);
    expect(truncateAnnotation("short")).toBe("short");
    expect([...truncateAnnotation("é".repeat(300))].length).toBe(256);
    expect(SCOPES.length).toBe(3);
  });
});
