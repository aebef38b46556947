// The Terraform and AWS Config checks of the policy library (policies/terraform, policies/aws_config)
// over real inputs: every Terraform plan and AWS Config file of ../shared/corpora, plus the realistic
// fixtures under test/fixtures/policies-inputs. The findings (check id + resource -> count) are pinned
// in test/policies/expected/*.json so that a change in verdicts shows in review. After an intended
// change, regenerate them with `UPDATE_EXPECTED=1 npx vitest run test/policies/terraform-config` and
// review the diff.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import type { Finding } from "../../src/engine/finding.js";
import { loadInputs, type InputDocument } from "../../src/inputs/index.js";
import { catalogOf, CORPORA, ROOT } from "../shared.js";

const EXPECTED = join(ROOT, "test/policies/expected");
const FIXTURES = join(ROOT, "test/fixtures/policies-inputs");
const UPDATE = process.env["UPDATE_EXPECTED"] === "1";


/** "CHECK-ID <resource>" of a finding: the Terraform address, or the Config item's type/id. */
function findingKey(f: Finding): string {
  const r = f.resource;
  const what = r.kind === "terraform" ? r.address : `${r.resourceType}/${r.resourceId}`;
  return `${f.checkId} ${what}`;
}

type Pinned = Record<string, Record<string, number>>;

/** Findings of every document, by file (relative to `base`), as {"CHECK resource": count}; files without findings map to {}. */
function pin(engine: Engine, documents: InputDocument[], base: string): { pinned: Pinned; findings: Finding[] } {
  const pinned: Pinned = {};
  const findings: Finding[] = [];
  for (const d of documents) {
    const file = relative(base, d.file);
    const counts = (pinned[file] ??= {});
    for (const f of engine.evaluate(d)) {
      findings.push(f);
      const k = findingKey(f);
      counts[k] = (counts[k] ?? 0) + 1;
    }
  }
  const sorted: Pinned = {};
  for (const file of Object.keys(pinned).sort()) {
    sorted[file] = Object.fromEntries(Object.entries(pinned[file]!).sort(([a], [b]) => a.localeCompare(b)));
  }
  return { pinned: sorted, findings };
}

function expectPinned(name: string, actual: Pinned): void {
  const file = join(EXPECTED, name);
  if (UPDATE) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  expect(existsSync(file), `${file} is missing; run with UPDATE_EXPECTED=1 and review it`).toBe(true);
  expect(actual).toEqual(JSON.parse(readFileSync(file, "utf8")));
}

async function documentsOf(paths: string[], kind: InputDocument["kind"]): Promise<InputDocument[]> {
  const res = await loadInputs(paths);
  expect(res.errors).toEqual([]);
  return res.documents.filter((d) => d.kind === kind);
}

let engine: Engine;

beforeAll(async () => {
  engine = await Engine.fromPolicies();
});

describe("Terraform and AWS Config checks: METADATA", () => {
  for (const [kind, prefix] of [
    ["terraform", "terraform"],
    ["aws-config", "aws_config"],
  ] as const) {
    it(`${kind}: every catalog check is a package with the catalog's id, severity and controls`, () => {
      const want = catalogOf(kind);
      expect(want.length).toBeGreaterThan(20);
      const byId = new Map(engine.checks.map((c) => [c.id, c]));
      for (const c of want) {
        const m = byId.get(c.id);
        expect(m, c.id).toBeDefined();
        const name = c.id.replace(/^(TF|CFG)-/, "").toLowerCase().replace(/-/g, "_");
        expect(m!.package).toBe(`evident.checks.${prefix}.${name}`);
        expect(m!.severity, c.id).toBe(c.severity);
        expect(m!.controls, c.id).toEqual(c.controls);
        expect(m!.kinds, c.id).toEqual([kind]);
        expect(m!.title.length, c.id).toBeGreaterThan(10);
        expect(m!.remediation.length, c.id).toBeGreaterThan(30);
      }
      const ours = engine.checks.filter((c) => c.package.startsWith(`evident.checks.${prefix}.`));
      expect(ours.map((c) => c.id).sort()).toEqual(want.map((c) => c.id).sort());
    });
  }
});

describe("Terraform checks over real plans", () => {
  it("pins the findings on every plan of the shared corpus", async () => {
    const docs = await documentsOf([join(CORPORA, "terraform-plans")], "terraform");
    expect(docs.length).toBeGreaterThan(40);
    const { pinned, findings } = pin(engine, docs, CORPORA);
    expect(findings.every((f) => f.checkId.startsWith("TF-") && f.resource.address)).toBe(true);
    expectPinned("terraform.json", pinned);
  });

  it("pins the findings on the non-compliant ML platform plan", async () => {
    const docs = await documentsOf([join(FIXTURES, "terraform/ml-platform-noncompliant.plan.json")], "terraform");
    const { pinned, findings } = pin(engine, docs, FIXTURES);
    expect(new Set(findings.map((f) => f.checkId)).size).toBe(catalogOf("terraform").length);
    expectPinned("terraform-fixtures.json", pinned);
  });

  it("finds nothing on the remediated (compliant) ML platform plan", async () => {
    const docs = await documentsOf([join(FIXTURES, "terraform/ml-platform-compliant.plan.json")], "terraform");
    expect(docs).toHaveLength(1);
    expect(docs[0]!.input).toMatchObject({ plan: { resource_changes: expect.any(Array) } });
    expect(engine.evaluate(docs[0]!).map((f) => `${findingKey(f)}: ${f.message}`)).toEqual([]);
  });

  it("joins split S3 resources to their bucket through modules, count, for_each and module outputs", async () => {
    const [doc] = await documentsOf([join(ROOT, "test/fixtures/inputs/terraform/s3-split-modules.plan.json")], "terraform");
    const by = (fs: Finding[], id: string) => new Set(fs.filter((f) => f.checkId === id).map((f) => f.resource.address));
    const findings = engine.evaluate(doc!);
    const sse = by(findings, "TF-S3-SSE-KMS");
    const versioning = by(findings, "TF-S3-VERSIONING");
    // encrypted by a separate resource (for_each + each.value, a counted module, a module in a module): not reported
    for (const b of ['aws_s3_bucket.data["raw"]', 'aws_s3_bucket.data["curated"]', "module.archive[0].aws_s3_bucket.this", "module.archive[1].aws_s3_bucket.this", "module.shared.module.inner.aws_s3_bucket.this"]) {
      expect(sse.has(b), b).toBe(false);
    }
    // versioned by a separate resource (plain reference; for_each over toset with aws_s3_bucket.data[each.key]): not reported
    for (const b of ["aws_s3_bucket.logs", 'aws_s3_bucket.data["raw"]', 'aws_s3_bucket.data["curated"]']) expect(versioning.has(b), b).toBe(false);
    // ... while buckets that really lack the setting are
    expect(sse).toEqual(new Set(["aws_s3_bucket.logs"]));
    expect(versioning).toEqual(new Set(["module.archive[0].aws_s3_bucket.this", "module.archive[1].aws_s3_bucket.this", "module.shared.module.inner.aws_s3_bucket.this"]));

    // Without the resolved references the companions' bucket is unknown until apply: every bucket is
    // reported, and the message says which companions could not be joined.
    const input = doc!.input as { plan: unknown; references: unknown };
    const bare: InputDocument = { ...doc!, input: { plan: input.plan, references: {} } };
    delete bare.inputJson; // the plan's own text and bytes would bring the references back
    delete bare.inputUtf8;
    const unjoined = engine.evaluate(bare).filter((f) => f.checkId === "TF-S3-SSE-KMS");
    expect(unjoined.length).toBe(6);
    expect(unjoined.every((f) => f.message.includes("could not be joined"))).toBe(true);
  });
});

describe("AWS Config checks over real configuration items", () => {
  it("pins the findings on every AWS Config file of the shared corpus", async () => {
    const docs = await documentsOf([join(CORPORA, "aws-config")], "aws-config");
    expect(docs.length).toBeGreaterThan(50);
    const { pinned, findings } = pin(engine, docs, CORPORA);
    expect(findings.every((f) => f.checkId.startsWith("CFG-") && f.resource.resourceType)).toBe(true);
    expectPinned("aws-config.json", pinned);
  });

  it("pins the findings on the non-compliant snapshot", async () => {
    const docs = await documentsOf([join(FIXTURES, "aws-config/noncompliant.snapshot.json")], "aws-config");
    expect(docs.length).toBe(15); // 16 items, the deleted one skipped
    const { pinned, findings } = pin(engine, docs, FIXTURES);
    expect(new Set(findings.map((f) => f.checkId)).size).toBe(catalogOf("aws-config").length);
    expectPinned("aws-config-fixtures.json", pinned);
  });

  it("finds nothing on the compliant snapshot", async () => {
    const docs = await documentsOf([join(FIXTURES, "aws-config/compliant.snapshot.json")], "aws-config");
    expect(docs.length).toBe(15);
    expect(docs.flatMap((d) => engine.evaluate(d)).map((f) => `${findingKey(f)}: ${f.message}`)).toEqual([]);
  });
});

describe("coverage", () => {
  it("every Terraform and AWS Config check fires on at least one real or realistic input", async () => {
    const docs = [
      ...(await documentsOf([join(CORPORA, "terraform-plans"), join(FIXTURES, "terraform/ml-platform-noncompliant.plan.json")], "terraform")),
      ...(await documentsOf([join(CORPORA, "aws-config"), join(FIXTURES, "aws-config/noncompliant.snapshot.json")], "aws-config")),
    ];
    const fired = new Set(docs.flatMap((d) => engine.evaluate(d)).map((f) => f.checkId));
    const silent = [...catalogOf("terraform"), ...catalogOf("aws-config")].map((c) => c.id).filter((id) => !fired.has(id));
    expect(silent).toEqual([]);
  });
});
