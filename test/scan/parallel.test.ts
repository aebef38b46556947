// A scan split across worker threads must report exactly what the main thread alone reports: the same
// findings, errors and inputs in the same order, and the same evidence records appended in the same
// order, over real inputs of every kind (../shared/corpora, malformed files included) plus
// Kubernetes files whose cross-object checks need data.inventory.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine, POLICIES_DIR } from "../../src/engine/engine.js";
import { ScanWorkers } from "../../src/engine/scan-workers.js";
import { loadUserBuiltins } from "../../src/engine/user-builtins.js";
import { runScan, type ScanResult } from "../../src/engine/scan.js";
import type { EvidenceLog, EvidenceRecord, RecordInput } from "../../src/evidence/index.js";
import { CORPORA } from "../shared.js";
import { tempDir } from "../cli/helpers.js";

/** An evidence log that keeps what is appended, in order (what this test is about), in memory. */
function capturingLog(): EvidenceLog & { inputs: RecordInput[] } {
  const inputs: RecordInput[] = [];
  return {
    inputs,
    chain: "test",
    append: async (r) => {
      inputs.push(r);
      return {} as EvidenceRecord;
    },
    flush: async () => {},
    checkpoint: async () => null,
    head: () => ({}) as ReturnType<EvidenceLog["head"]>,
    stats: () => ({}) as ReturnType<EvidenceLog["stats"]>,
    close: async () => {},
  };
}

const tmp = tempDir("evident-parallel-");
afterAll(() => tmp.cleanup());

describe("runScan with worker threads", () => {
  let engine: Engine;
  const now = new Date("2026-11-23T10:00:00Z");
  const scan = async (jobs: number) => {
    const log = capturingLog();
    const result = await runScan({ paths: [tmp.dir], engine, jobs, now, evidence: { log, instance: "t" } });
    return { result, records: log.inputs };
  };
  let serial: { result: ScanResult; records: RecordInput[] };
  let parallel: { result: ScanResult; records: RecordInput[] };

  beforeAll(async () => {
    // three copies: enough work that the workers (slow to start from TypeScript sources) get files
    // before the main thread, which scans while they start, has done them all
    for (const copy of [1, 2, 3]) cpSync(CORPORA, join(tmp.dir, `corpora-${copy}`), { recursive: true });
    // a regulated namespace whose NetworkPolicy is in another file: only data.inventory connects them
    writeFileSync(join(tmp.dir, "ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: clinical\n  labels:\n    data-classification: phi\n");
    writeFileSync(
      join(tmp.dir, "zz-netpol.yaml"),
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: clinical\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n",
    );
    writeFileSync(join(tmp.dir, "broken.json"), '{"Records": [{"eventVersion": "1.08",');
    engine = await Engine.fromPolicies();
    serial = await scan(1);
    parallel = await scan(2);
  }, 240_000);

  it("uses the workers when asked, and the main thread alone with --jobs 1", () => {
    expect(serial.result.workers).toBe(0);
    expect(parallel.result.workers).toBe(2);
    expect(parallel.result.workerFiles).toBeGreaterThan(0);
    expect(serial.result.workerFiles).toBe(0);
  });

  it("reports the same findings, errors and inputs in the same order", () => {
    expect(serial.result.documents).toBeGreaterThan(100);
    expect(parallel.result.documents).toBe(serial.result.documents);
    expect(parallel.result.report.findings).toEqual(serial.result.report.findings);
    expect(parallel.result.report.errors).toEqual(serial.result.report.errors);
    expect(parallel.result.report.errors.some((e) => e.file.endsWith("broken.json"))).toBe(true);
    expect(parallel.result.report.inputs).toEqual(serial.result.report.inputs);
    expect(parallel.result.skipped).toEqual(serial.result.skipped);
    expect(parallel.result.exitCode).toBe(serial.result.exitCode);
  });

  it("sees the Kubernetes objects of every file through data.inventory", () => {
    // the NetworkPolicy (another file) denies ingress only: the namespace is reported for egress alone
    const ns = parallel.result.report.findings.filter((f) => f.checkId === "K8S-NETWORKPOLICY-DEFAULT-DENY" && f.resource.name === "clinical");
    expect(ns.map((f) => f.message)).toEqual([expect.stringContaining("default-deny NetworkPolicy for Egress;")]);
  });

  it("appends the same evidence records in the same order", () => {
    expect(parallel.records.length).toBe(serial.result.documents);
    expect(parallel.records).toEqual(serial.records);
  });
});

describe("a scan worker that dies", () => {
  it("hands its file back to the main thread, and so do the files after it", async () => {
    const dir = join(tmp.dir, "dying");
    mkdirSync(join(dir, "policies"), { recursive: true });
    writeFileSync(
      join(dir, "caps.json"),
      JSON.stringify({ builtins: [{ name: "acme.exit_in_worker", decl: { type: "function", args: [{ type: "string" }], result: { type: "boolean" } } }] }),
    );
    // ends the worker thread it runs in (process.exit in a worker stops only that thread)
    writeFileSync(
      join(dir, "builtins.mjs"),
      'import { isMainThread } from "node:worker_threads";\nexport default { "acme.exit_in_worker": (name) => { if (!isMainThread) process.exit(7); return name === "StopLogging"; } };\n',
    );
    writeFileSync(
      join(dir, "policies", "probe.rego"),
      "# METADATA\n# title: probe\n# custom:\n#   id: CT-PROBE\n#   severity: high\n#   kinds: [cloudtrail]\npackage evident.checks.cloudtrail.probe\n\nimport rego.v1\n\nviolation contains {\"msg\": \"probe\"} if acme.exit_in_worker(input.event.eventName)\n",
    );
    const record = { eventVersion: "1.08", eventID: "e-1", eventTime: "2026-01-01T00:00:00Z", eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging", awsRegion: "eu-west-1", userIdentity: { type: "Root" } };
    const logFile = join(dir, "trail.json");
    writeFileSync(logFile, JSON.stringify({ Records: [record] }));
    const files = { capabilities: join(dir, "caps.json"), builtins: join(dir, "builtins.mjs") };
    const user = await loadUserBuiltins(files);
    const engine = await Engine.fromPolicies([join(POLICIES_DIR, "evident"), join(POLICIES_DIR, "lib"), join(dir, "policies")], {
      registry: user.registry,
      extraBuiltins: user.impls,
      userBuiltinFiles: files,
    });
    const workers = await ScanWorkers.start(1, engine, { exceptions: [], failOn: "high", now: new Date() }, {});
    expect(workers?.size).toBe(1);
    try {
      expect(await workers!.run({ path: logFile, explicit: true })).toBe("main");
      expect(await workers!.run({ path: logFile, explicit: true })).toBe("main");
    } finally {
      await workers!.close();
    }
    // and the main thread, given the file, reports what the worker could not
    const result = await runScan({ paths: [logFile], engine, jobs: 1 });
    expect(result.report.findings.map((f) => f.checkId)).toEqual(["CT-PROBE"]);
  }, 60_000);
});
