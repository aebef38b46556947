// Export and offline verification of evidence bundles: a clean bundle verifies; each tampering of the
// matrix fails with its own specific reason naming the step, the file and the record.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CATALOG, catalogOf, CORPORA } from "../shared.js";
import { generateKeyPair } from "../../src/evidence/keys.js";
import { fileKeySigner, privateKeySigner } from "../../src/evidence/signer.js";
import { openEvidenceLog, openLogReader } from "../../src/evidence/log.js";
import { exportEvidence, type ExportResult } from "../../src/evidence/export.js";
import { verifyBundle, type VerifyResult } from "../../src/evidence/verify.js";
import { readTarGz, writeTarGz } from "../../src/evidence/archive.js";
import { schemaErrors } from "../../src/evidence/schemas.js";
import { bytesDigest, subjectDigest } from "../../src/evidence/digest.js";
import type { RecordInput } from "../../src/evidence/record.js";
import { generateKeyPairSync } from "node:crypto";
import { sampleInput, tempDir } from "./helpers.js";

const tmp = tempDir("evident-bundle-");
let pubPath: string;
let keyPath: string;
let base: string;
let exported: ExportResult;
const policyPath = join(tmp.dir, "evident-policies.tar.gz");
const T0 = Date.UTC(2026, 2, 1);

beforeAll(async () => {
  const k = await generateKeyPair({ privateKeyPath: join(tmp.dir, "evident.key"), publicKeyPath: join(tmp.dir, "evident.pub") });
  pubPath = k.publicKeyPath;
  keyPath = k.privateKeyPath;
  const signer = fileKeySigner(keyPath);
  writeFileSync(policyPath, "compiled policy bundle bytes v1");
  const logDir = join(tmp.dir, "log");
  const web = await openEvidenceLog({ backend: "file", dir: logDir, chain: "webhook-replica-a", signer, checkpoint: { every: 25 } });
  for (let i = 0; i < 150; i++) await web.append(sampleInput(i, { time: new Date(T0 + i * 2 * 3600_000) }));
  await web.close();
  const scan = await openEvidenceLog({ backend: "file", dir: logDir, chain: "scanner-shard-0", signer, checkpoint: { every: 25 } });
  for (let i = 0; i < 60; i++) await scan.append(sampleInput(i, { type: "scanner", instance: "shard-0", time: new Date(T0 + i * 5 * 3600_000) }));
  await scan.close();
  base = join(tmp.dir, "evidence.tar.gz");
  const reader = await openLogReader({ backend: "file", dir: logDir });
  exported = await exportEvidence({
    from: new Date(T0 + 24 * 3600_000).toISOString(),
    to: new Date(T0 + 11 * 24 * 3600_000).toISOString(),
    out: base,
    reader,
    signer,
    signerName: "QA Release Signer",
    catalogPath: CATALOG,
    policyBundles: [{ path: policyPath, digest: bytesDigest("compiled policy bundle bytes v1"), revision: "v1.4.2" }],
  });
});
afterAll(() => tmp.cleanup());

async function tamper(name: string, edit: (files: Map<string, Buffer>) => void | Promise<void>): Promise<VerifyResult> {
  const { files } = await readTarGz(base);
  await edit(files);
  const out = join(tmp.dir, `tampered-${name}.tar.gz`);
  await writeTarGz(out, files);
  return verifyBundle(out, { key: pubPath });
}

const REC = "records/chain-002.jsonl"; // webhook-replica-a (chains are numbered in chain-id order)
function lines(files: Map<string, Buffer>, f = REC): string[] {
  return files.get(f)!.toString("utf8").split("\n").filter(Boolean);
}
function setLines(files: Map<string, Buffer>, ls: string[], f = REC): void {
  files.set(f, Buffer.from(ls.join("\n") + "\n"));
}

describe("evidence bundle", () => {
  it("exports the period with every part and verifies offline", async () => {
    expect(exported.files).toEqual(
      expect.arrayContaining([
        "statement.dsse.json",
        "manifest.json",
        "signer.pub.pem",
        "index.html",
        "oscal/assessment-results.json",
        "catalog/catalog.json",
        "policy/bundles.json",
        "policy/evident-policies.tar.gz",
        "records/chain-001.jsonl",
        "records/chain-002.jsonl",
        "checkpoints/chain-002.jsonl",
      ]),
    );
    const p = exported.predicate;
    expect(p.chains.map((c) => c.chain)).toEqual(["scanner-shard-0", "webhook-replica-a"]);
    const web = p.chains[1]!;
    expect(web.firstSeq).toBeGreaterThan(1); // a slice of the chain, anchored by firstPrevHash
    expect(p.totals.records).toBe(exported.records);
    expect(p.policyBundles[0]).toMatchObject({ revision: "v1.4.2", digest: bytesDigest("compiled policy bundle bytes v1") });
    const v = await verifyBundle(base, { key: pubPath });
    expect(v.failures).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.steps.map((s) => s.step)).toEqual(["signature", "subjects", "schemas", "chains", "checkpoints", "report"]);
    expect(v.steps.find((s) => s.step === "checkpoints")!.detail).toMatch(/[1-9]\d* Merkle root/);
    const { files } = await readTarGz(base);
    const oscal = JSON.parse(files.get("oscal/assessment-results.json")!.toString());
    expect(schemaErrors("oscal-assessment-results.subset", oscal)).toEqual([]);
    const ar = oscal["assessment-results"];
    expect(ar.metadata["oscal-version"]).toBe("1.1.2");
    expect(ar.results[0].findings.some((f: { target: { status: { state: string } } }) => f.target.status.state === "not-satisfied")).toBe(true);
    // the subset schema bites: a document without import-ap, or with a control id that is not a token, is refused
    const { "import-ap": _drop, ...noAp } = ar;
    expect(schemaErrors("oscal-assessment-results.subset", { "assessment-results": noAp }).join()).toContain("import-ap");
    const badToken = structuredClone(oscal);
    badToken["assessment-results"].results[0]["reviewed-controls"]["control-selections"][0]["include-controls"][0]["control-id"] = "hipaa:164.312(b)";
    expect(schemaErrors("oscal-assessment-results.subset", badToken).join()).toContain("control-id");
  });

  it("never carries object contents: records hold digests and metadata only", async () => {
    const { files } = await readTarGz(base);
    for (const [name, data] of files) {
      if (!name.startsWith("records/")) continue;
      for (const l of data.toString().split("\n").filter(Boolean)) {
        const r = JSON.parse(l);
        expect(r.subject.content).toBeUndefined();
        expect(Object.keys(r).sort()).toEqual(["actor", "bundle", "chain", "decision", "engine", "exceptions", "findings", "hash", "id", "prevHash", "seq", "source", "subject", "time", "v"]);
      }
    }
  });

  describe("tamper matrix: each tampering is detected with its own reason", () => {
    const reasons = new Map<string, string>();
    afterAll(() => {
      // nine tamperings, nine different reasons
      expect(new Set(reasons.values()).size).toBe(reasons.size);
    });
    const expectReason = (name: string, v: VerifyResult, code: string, file: string, seq?: number) => {
      expect(v.ok, name).toBe(false);
      expect(v.reason?.code, `${name}: ${v.failures.map((f) => `${f.step}:${f.code}`).join(", ")}`).toBe(code);
      expect(v.reason?.file).toBe(file);
      if (seq !== undefined) expect(v.reason?.record?.seq).toBe(seq);
      reasons.set(name, code);
    };

    it("flip a byte in a record", async () => {
      let seq = 0;
      const v = await tamper("flip", (files) => {
        const ls = lines(files);
        const r = JSON.parse(ls[10]!);
        seq = r.seq;
        const at = ls[10]!.indexOf("phi/api-") + 4;
        ls[10] = ls[10]!.slice(0, at) + String.fromCharCode(ls[10]!.charCodeAt(at) ^ 0x01) + ls[10]!.slice(at + 1);
        setLines(files, ls);
      });
      expectReason("flip", v, "RECORD_HASH_MISMATCH", REC, seq);
      expect(v.failures.map((f) => f.code)).toContain("SUBJECT_DIGEST_MISMATCH"); // and the file's digest no longer matches
    });

    it("delete a record", async () => {
      let seq = 0;
      const v = await tamper("delete", (files) => {
        const ls = lines(files);
        seq = JSON.parse(ls[21]!).seq;
        ls.splice(20, 1);
        setLines(files, ls);
      });
      expectReason("delete", v, "CHAIN_GAP", REC, seq);
      expect(v.reason!.message).toContain(`seq ${seq - 1} is missing`);
    });

    it("reorder two records", async () => {
      let seq = 0;
      const v = await tamper("reorder", (files) => {
        const ls = lines(files);
        [ls[30], ls[31]] = [ls[31]!, ls[30]!];
        seq = JSON.parse(ls[30]!).seq;
        setLines(files, ls);
      });
      expectReason("reorder", v, "CHAIN_REORDER", REC, seq);
    });

    it("drop the last record", async () => {
      let seq = 0;
      const v = await tamper("droplast", (files) => {
        const ls = lines(files);
        ls.pop();
        seq = JSON.parse(ls[ls.length - 1]!).seq;
        setLines(files, ls);
      });
      expectReason("droplast", v, "CHAIN_HEAD_MISMATCH", REC, seq);
      expect(v.reason!.message).toContain("last 1 record(s) are missing");
    });

    it("truncate a chain", async () => {
      let line = 0;
      const v = await tamper("truncate", (files) => {
        const data = files.get(REC)!;
        let cut = Math.floor(data.length * 0.7);
        while (data[cut - 1] === 0x0a || data[cut] === 0x0a) cut -= 3;
        const kept = data.subarray(0, cut);
        expect(kept[kept.length - 1]).not.toBe(0x0a); // cut inside a record
        line = kept.toString().split("\n").length;
        files.set(REC, kept);
      });
      expectReason("truncate", v, "RECORD_TRUNCATED", REC);
      expect(v.reason!.record?.line).toBe(line);
    });

    it("replace the signature", async () => {
      const v = await tamper("signature", (files) => {
        const env = JSON.parse(files.get("statement.dsse.json")!.toString());
        const other = privateKeySigner(generateKeyPairSync("ed25519").privateKey);
        env.signatures[0].sig = Buffer.from(generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" })).subarray(0, 64).toString("base64");
        expect(other.keyId).not.toBe(env.signatures[0].keyid);
        files.set("statement.dsse.json", Buffer.from(JSON.stringify(env)));
      });
      expectReason("signature", v, "SIGNATURE_INVALID", "statement.dsse.json");
    });

    it("swap the key (a bundle re-signed with another key)", async () => {
      const attacker = privateKeySigner(generateKeyPairSync("ed25519").privateKey);
      const out = join(tmp.dir, "attacker.tar.gz");
      const reader = await openLogReader({ backend: "file", dir: join(tmp.dir, "log") });
      await exportEvidence({ from: new Date(T0).toISOString(), to: new Date(T0 + 30 * 86400_000).toISOString(), out, reader, signer: attacker, checkpointKeys: [readFileSync(pubPath, "utf8")] });
      expect((await verifyBundle(out, { key: attacker.publicKeyPem })).ok).toBe(true); // valid for the attacker's key...
      const v = await verifyBundle(out, { key: pubPath }); // ...not for the key the auditor trusts
      expectReason("swapkey", v, "SIGNATURE_KEY_MISMATCH", "statement.dsse.json");
    });

    it("edit the report", async () => {
      const v = await tamper("report", (files) => {
        const html = files.get("index.html")!.toString();
        const edited = html.replace(/(data-field="failures">)(\d+)</, (_m, a: string, n: string) => `${a}${Number(n) === 0 ? 1 : Number(n) - 1}<`);
        expect(edited).not.toBe(html);
        files.set("index.html", Buffer.from(edited));
      });
      expectReason("report", v, "REPORT_TOTALS_MISMATCH", "index.html");
      expect(v.failures.map((f) => `${f.code}:${f.file}`)).toContain("SUBJECT_DIGEST_MISMATCH:index.html");
    });

    it("add a file", async () => {
      const v = await tamper("addfile", (files) => {
        files.set("records/chain-003.jsonl", files.get(REC)!);
      });
      expectReason("addfile", v, "SUBJECT_UNLISTED_FILE", "records/chain-003.jsonl");
    });
  });

  it("exports only the chosen controls and sources, and that bundle verifies", async () => {
    const reader = await openLogReader({ backend: "file", dir: join(tmp.dir, "log") });
    const out = join(tmp.dir, "filtered.tar.gz");
    const r = await exportEvidence({
      from: new Date(T0).toISOString(),
      to: new Date(T0 + 30 * 86400_000).toISOString(),
      out,
      reader,
      signer: fileKeySigner(keyPath),
      catalogPath: CATALOG,
      controls: ["hipaa:164.308(a)(3)(i)", "gxp-part11:11.10(d)"],
      sources: ["scanner"],
    });
    expect(r.predicate.chains.map((c) => c.chain)).toEqual(["scanner-shard-0"]);
    expect(r.predicate.controls.map((c) => c.control)).toEqual(["gxp-part11:11.10(d)", "hipaa:164.308(a)(3)(i)"]);
    expect(r.predicate.controls[1]!.failures).toBeGreaterThan(0);
    expect((await verifyBundle(out, { key: pubPath })).ok).toBe(true);
  });

  it("a bundle of records from a scan of ../shared/corpora verifies", { timeout: 120_000 }, async () => {
    // The records a scan of the corpora produces: one per file, subject digest of what was read, a
    // finding of a catalog check of the file's kind for every fourth file. (The scan engine itself is
    // not part of the evidence subsystem; this exercises the log, export and verify on that corpus.)
    const kindOf: Record<string, string> = { kubernetes: "kubernetes", "terraform-plans": "terraform", cloudtrail: "cloudtrail", "aws-config": "aws-config" };
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(json|ya?ml|jsonl)$/.test(n) && statSync(p).size < 2_000_000) files.push(p);
      }
    };
    walk(CORPORA);
    files.sort();
    expect(files.length).toBeGreaterThan(100);
    const dir = join(tmp.dir, "corpora-log");
    const signer = fileKeySigner(keyPath);
    const log = await openEvidenceLog({ backend: "file", dir, chain: "scan-ci", signer, checkpoint: { every: 500 } });
    const start = Date.UTC(2026, 4, 1);
    const appends = files.map((f, i) => {
      const rel = relative(CORPORA, f);
      const kind = kindOf[rel.split("/")[0]!] ?? "kubernetes";
      const data = readFileSync(f);
      let digest: string;
      try {
        digest = subjectDigest(JSON.parse(data.toString("utf8")));
      } catch {
        digest = bytesDigest(data);
      }
      const check = catalogOf(kind)[i % 7];
      const failing = i % 4 === 0 && check;
      const input: RecordInput = {
        source: { type: "scan", instance: "ci-runner" },
        subject: { kind, reference: rel, digest },
        actor: null,
        bundle: { digest: bytesDigest("compiled policy bundle bytes v1"), revision: "v1.4.2" },
        decision: failing ? "fail" : "pass",
        findings: failing ? [{ check: check.id, severity: check.severity as "high", controls: check.controls, message: `${check.id} failed on ${rel}` }] : [],
        exceptions: [],
        time: new Date(start + i * 60_000),
      };
      return log.append(input);
    });
    await Promise.all(appends);
    await log.close();
    const out = join(tmp.dir, "corpora.tar.gz");
    const r = await exportEvidence({
      from: new Date(start).toISOString(),
      to: new Date(start + files.length * 60_000).toISOString(),
      out,
      reader: await openLogReader({ backend: "file", dir }),
      signer,
      catalogPath: CATALOG,
      policyBundles: [{ path: policyPath }],
    });
    expect(r.records).toBe(files.length);
    const v = await verifyBundle(out, { key: pubPath });
    expect(v.failures).toEqual([]);
    expect(v.predicate!.totals.decisions.fail).toBe(files.filter((_, i) => i % 4 === 0).length);
  });
});
