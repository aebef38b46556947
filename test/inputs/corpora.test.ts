// Every file of ../shared/corpora is recognised as its folder's kind, from its content, and loading a
// whole corpus folder yields only explicit per-file errors (there are none in these corpora).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { InputKind } from "../../src/engine/finding.js";
import { loadFile, loadInputs } from "../../src/inputs/index.js";
import { CORPORA } from "../shared.js";

// Not inputs: the collectors' provenance notes and Panther's test index (rule -> expected results).
const METADATA = new Set(["SOURCES.md", "_tests_index.json"]);

const FOLDERS: [string, InputKind][] = [
  ["kubernetes", "kubernetes"],
  ["terraform-plans", "terraform"],
  ["cloudtrail", "cloudtrail"],
  ["aws-config", "aws-config"],
];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (!METADATA.has(name)) out.push(p);
  }
  return out;
}

/** CloudTrail records in a file, counted independently of the loader (plain JSON / JSON Lines / envelopes). */
function countRecords(file: string): number {
  let text = readFileSync(file);
  if (text[0] === 0x1f && text[1] === 0x8b) text = gunzipSync(text);
  const s = text.toString("utf8");
  try {
    const v = JSON.parse(s);
    if (Array.isArray(v)) return v.length;
    if (Array.isArray(v.Records)) return v.Records.length;
    return 1;
  } catch {
    return s.split("\n").filter((l) => l.trim() !== "").length;
  }
}

describe("shared corpora", () => {
  for (const [folder, kind] of FOLDERS) {
    const dir = join(CORPORA, folder);
    const files = filesUnder(dir);

    it(`${folder}: has files to check`, () => {
      expect(files.length).toBeGreaterThan(10);
    });

    it(`${folder}: every file is recognised as ${kind}, with no errors`, async () => {
      const wrong: string[] = [];
      for (const f of files) {
        const r = await loadFile(f, { explicit: true });
        const kinds = r.recognised.map((x) => x.kind);
        if (r.errors.length || kinds.length !== 1 || kinds[0] !== kind) {
          wrong.push(`${relative(CORPORA, f)}: kinds=${kinds.join(",")} errors=${r.errors.map((e) => e.message).join("; ")}`);
          continue;
        }
        const docs = r.recognised[0]!.documents;
        // A file may legitimately produce no document only when the loader says why (e.g. a scheduled
        // Config notification, which carries no configuration item).
        if (docs === 0 && !(r.recognised[0]!.notes?.length)) wrong.push(`${relative(CORPORA, f)}: no documents and no note`);
        if (r.documents.some((d) => d.kind !== kind || d.file !== f)) wrong.push(`${relative(CORPORA, f)}: document of another kind/file`);
      }
      expect(wrong).toEqual([]);
    });

    it(`${folder}: loading the whole folder never throws and reports only per-file problems`, async () => {
      const r = await loadInputs([dir]);
      expect(r.errors).toEqual([]);
      const recognisedFiles = new Set(r.recognised.map((x) => x.file));
      // Every candidate file was recognised; only collector metadata (JSON, not an input) was skipped.
      for (const f of files) expect(recognisedFiles.has(f), f).toBe(true);
      expect(r.skipped.map((s) => relative(dir, s.file))).toEqual(folder === "cloudtrail" ? ["panther-labs__panther-analysis/_tests_index.json"] : []);
      expect(r.documents.length).toBeGreaterThan(0);
      expect(new Set(r.documents.map((d) => d.kind))).toEqual(new Set([kind]));
    });
  }

  it("cloudtrail: one document per record, whatever the container shape", async () => {
    const dir = join(CORPORA, "cloudtrail");
    const files = filesUnder(dir);
    let expected = 0;
    for (const f of files) expected += countRecords(f);
    const r = await loadInputs([dir]);
    expect(r.documents.length).toBe(expected);
    for (const d of r.documents) {
      const ev = (d.input as { event: Record<string, unknown> }).event;
      expect(ev).toBeTypeOf("object");
      // the bare record, never an envelope
      expect(ev).not.toHaveProperty("Records");
      expect(ev).not.toHaveProperty("detail-type");
      expect(d.resource.eventName).toBe(ev.eventName);
    }
  });

  it("terraform: every plan yields exactly one document with references for each resource_changes entry", async () => {
    const r = await loadInputs([join(CORPORA, "terraform-plans")]);
    const files = filesUnder(join(CORPORA, "terraform-plans"));
    expect(r.documents.length).toBe(files.length);
    for (const d of r.documents) {
      const input = d.input as { plan: { resource_changes?: { address: string }[] }; references: Record<string, unknown> };
      const addrs = (input.plan.resource_changes ?? []).map((x) => x.address).sort();
      expect(Object.keys(input.references).sort(), d.file).toEqual(addrs);
    }
  });

  it("kubernetes: multi-document files, Lists and AdmissionReviews all become kubernetes inputs", async () => {
    const r = await loadInputs([join(CORPORA, "kubernetes")]);
    const ops = new Set(r.documents.map((d) => (d.input as { operation: string }).operation));
    expect(ops).toEqual(new Set(["CREATE", "UPDATE", "DELETE", "operationValue"]));
    const kinds = new Set(r.documents.map((d) => d.resource.objectKind));
    for (const k of ["Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet", "ReplicationController", "Namespace", "Service", "Ingress", "NetworkPolicy"]) {
      expect(kinds.has(k), k).toBe(true);
    }
    // every scanned manifest is a CREATE with no user, from the scan
    for (const d of r.documents.filter((x) => !x.file.includes("/admissionreview/"))) {
      const input = d.input as Record<string, unknown>;
      expect(input.operation).toBe("CREATE");
      expect(input.userInfo).toBeNull();
      expect(input.source).toBe("scan");
      expect(d.line).toBeGreaterThanOrEqual(1);
    }
    const helm = r.documents.filter((d) => d.file.includes("/helm-rendered/"));
    expect(helm.length).toBeGreaterThan(10);
    expect(helm.filter((d) => d.sourceFile).length).toBeGreaterThan(10);
    for (const d of helm.filter((x) => x.sourceFile)) expect(d.sourceFile).toMatch(/^[\w.-]+\/templates\/\S+\.yaml$/);
  });

  it("aws-config: JSON-string configuration and supplementaryConfiguration values are parsed", async () => {
    const r = await loadFile(join(CORPORA, "aws-config/cloud-custodian__cloud-custodian/config/s3.json"));
    expect(r.documents).toHaveLength(1);
    const ci = (r.documents[0]!.input as { configurationItem: Record<string, unknown> }).configurationItem;
    expect(ci.configuration).toBeTypeOf("object");
    const sup = ci.supplementaryConfiguration as Record<string, unknown>;
    const raw = JSON.parse(readFileSync(join(CORPORA, "aws-config/cloud-custodian__cloud-custodian/config/s3.json"), "utf8"));
    expect(typeof raw.configuration).toBe("string");
    for (const [k, v] of Object.entries(raw.supplementaryConfiguration as Record<string, unknown>)) {
      if (typeof v === "string" && /^\s*[[{]/.test(v)) expect(sup[k], k).toEqual(JSON.parse(v));
      else expect(sup[k], k).toEqual(v);
    }
    expect(r.documents[0]!.resource).toMatchObject({ kind: "aws-config", resourceType: "AWS::S3::Bucket" });
  });
});
