// The file sources: a GitOps checkout read through src/inputs (same documents and verdicts as
// `evident scan`), and CloudTrail log files in the layout CloudTrail writes to S3 (new files only on
// the next run, a stopped run resumed without repeats).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { POLICIES_DIR } from "../../src/engine/engine.js";
import { subjectDigest } from "../../src/evidence/index.js";
import { inventoryFrom, loadInputs } from "../../src/inputs/index.js";
import { Scanner } from "../../src/scanner/scanner.js";
import type { ScannerConfig, SourceConfig } from "../../src/scanner/config-schema.js";
import { CORPORA, ROOT } from "../shared.js";
import { corpusEvents, countByReference, readEvidence, SCANNER_POLICIES, tempDir } from "./support/env.js";
import { silent } from "./support/world.js";

function config(dir: string, sources: SourceConfig[]): ScannerConfig {
  return { stateDir: join(dir, "state"), policies: { paths: SCANNER_POLICIES }, evidence: { backend: "file", dir: join(dir, "evidence") }, sources } as ScannerConfig;
}

describe("files source", () => {
  it("reads manifests and plans as `evident scan` does: each document once, same digest and verdict", async () => {
    const dir = tempDir();
    const paths = [join(CORPORA, "kubernetes/kubernetes__examples"), join(CORPORA, "terraform-plans/fugue__regula")];
    const scanner = await Scanner.create(config(dir, [{ name: "gitops", type: "files", paths } as SourceConfig]), { logger: silent });
    const [report] = await scanner.runOnce();
    const loaded = await loadInputs(paths, { source: "scanner" });
    expect(loaded.documents.length).toBeGreaterThan(30);
    expect(report!.items).toBe(loaded.documents.length);
    const records = await readEvidence(join(dir, "evidence"));
    const counts = countByReference(records);
    expect(counts.size).toBe(loaded.documents.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // digests and verdicts: match records to documents by digest (multiset)
    const inv = inventoryFrom(loaded.documents);
    const want = new Map<string, string[]>();
    for (const d of loaded.documents) {
      if (d.kind === "kubernetes") scanner.engine.setInventory(inv);
      const key = subjectDigest(d.input);
      want.set(key, [...(want.get(key) ?? []), scanner.engine.evaluate(d).map((f) => f.checkId).sort().join(",")]);
    }
    for (const r of records) {
      const list = want.get(r.subject.digest);
      expect(list, r.subject.reference).toBeDefined();
      const i = list!.indexOf(r.findings.map((f) => f.check).sort().join(","));
      expect(i, r.subject.reference).toBeGreaterThanOrEqual(0);
      list!.splice(i, 1);
    }
    expect(records.some((r) => r.subject.kind === "terraform" && r.decision === "fail")).toBe(true);
    await scanner.close();
  });
});

describe("cloudtrail-files source", () => {
  async function layout(root: string): Promise<{ refs: Set<string>; write: (account: string, region: string, day: string, name: string, records: object[]) => void }> {
    const refs = new Set<string>();
    const write = (account: string, region: string, day: string, name: string, records: object[]) => {
      const d = join(root, "AWSLogs", account, "CloudTrail", region, day);
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, name), gzipSync(JSON.stringify({ Records: records })));
      records.forEach((_, i) => refs.add(`trailfiles:${account}/${region}/${day}/${name}#${i}`));
    };
    const events = (await corpusEvents()).map((e) => e.event);
    const scopes = [
      ["111111111111", "us-east-1"],
      ["222222222222", "eu-west-1"],
    ] as const;
    const days = ["2025/03/30", "2025/03/31", "2025/04/01"];
    let n = 0;
    for (let i = 0; i < events.length; i += 40, n++) {
      const [account, region] = scopes[n % 2]!;
      const day = days[Math.floor(n / 2) % 3]!;
      write(account, region, day, `${account}_CloudTrail_${region}_${day.replace(/\//g, "")}T${String(n).padStart(4, "0")}Z_${n}.json.gz`, events.slice(i, i + 40));
    }
    return { refs, write };
  }

  it("reads each delivered file once; a later run reads only new files; a stopped run resumes", async () => {
    const dir = tempDir();
    const trail = join(dir, "bucket");
    const { refs, write } = await layout(trail);
    const cfg = config(dir, [{ name: "trailfiles", type: "cloudtrail-files", path: trail } as SourceConfig]);
    const stop = new AbortController();
    const a = await Scanner.create(cfg, { logger: silent });
    let seen = 0;
    const orig = a.evidence.append.bind(a.evidence);
    a.evidence.append = (input) => {
      if (++seen === 150) stop.abort();
      return orig(input);
    };
    const [r1] = await a.runOnce(stop.signal);
    await a.close();
    expect(r1!.interrupted).toBe(true);
    const b = await Scanner.create(cfg, { logger: silent });
    const [r2] = await b.runOnce();
    expect(r2!.failures).toBe(0);
    expect(r1!.items + r2!.items).toBe(refs.size);
    let counts = countByReference(await readEvidence(join(dir, "evidence")));
    expect(new Set(counts.keys())).toEqual(refs);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);

    // a new file on the last day: only it is read next time
    write("111111111111", "us-east-1", "2025/04/01", "111111111111_CloudTrail_us-east-1_20250401T2355Z_new.json.gz", [{ eventVersion: "1.08", eventID: "new-1", eventName: "DeleteTrail", eventSource: "cloudtrail.amazonaws.com" }]);
    const [r3] = await b.runOnce();
    await b.close();
    expect(r3!.items).toBe(1);
    const records = await readEvidence(join(dir, "evidence"));
    counts = countByReference(records);
    expect(new Set(counts.keys())).toEqual(refs);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(records.find((r) => r.subject.reference.endsWith("_new.json.gz#0"))!.findings.map((f) => f.check)).toEqual(["TEST-CT-TRAIL-TAMPERING"]);
  });
});

describe("user-declared builtins", () => {
  it("policies.capabilities and policies.builtins reach the scanner's engine", async () => {
    const dir = tempDir();
    const fixtures = join(ROOT, "test/fixtures/user-builtins");
    const manifests = join(dir, "k8s");
    mkdirSync(manifests);
    const podDoc = (name: string, image: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "lab" }, spec: { containers: [{ name: "c", image }] } });
    writeFileSync(join(manifests, "pods.json"), JSON.stringify({ apiVersion: "v1", kind: "List", items: [podDoc("ext", "docker.io/nginx:1"), podDoc("int", "registry.acme.example/nginx:1")] }));
    const cfg = config(dir, [{ name: "gitops", type: "files", paths: [manifests] } as SourceConfig]);
    cfg.policies = { paths: [join(POLICIES_DIR, "evident"), join(fixtures, "policies")], capabilities: join(fixtures, "capabilities.json"), builtins: join(fixtures, "builtins.mjs") };
    const scanner = await Scanner.create(cfg, { logger: silent });
    await scanner.runOnce();
    const records = await readEvidence(join(dir, "evidence"));
    const verdicts = Object.fromEntries(records.map((r) => [r.subject.reference, r.findings.map((f) => f.check)]));
    // List items in file order: ext (docker.io) first, int (the organisation's registry) second
    expect(verdicts).toEqual({ "gitops:pods.json#0": ["ACME-APPROVED-REGISTRY"], "gitops:pods.json#1": [] });
    await scanner.close();
  });
});
