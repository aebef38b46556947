// The product on real inputs: the whole ../shared/corpora scanned with the shipped policy library
// through the built CLI. Only explicit per-file errors, no crash; the SARIF validates against the SARIF
// 2.1.0 schema; the JUnit is well-formed; the evidence written by the scan exports to a signed bundle
// that verifies offline (the evidence issue's bar).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOG, CORPORA, ROOT, SARIF_SCHEMA } from "../shared.js";
import { hasStackTrace, runCli, tempDir, type CliResult } from "../cli/helpers.js";

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;
const tmp = tempDir("evident-corpora-");
afterAll(() => tmp.cleanup());

const CANDIDATE = /\.(json|ya?ml|jsonl|ndjson)(\.gz)?$/i;
function candidates(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...candidates(p));
    else if (CANDIDATE.test(e.name)) out.push(p);
  }
  return out;
}

interface JsonOut {
  findings: { checkId: string; location?: { file: string } }[];
  errors: { file: string; line?: number; message: string }[];
  inputs: { file: string; kind: string; documents: number }[];
  checks: { id: string }[];
}

describe("evident scan over ../shared/corpora with the shipped library", () => {
  const out = (n: string) => join(tmp.dir, n);
  let scan: CliResult;
  let json: JsonOut;

  beforeAll(async () => {
    expect((await runCli(["keys", "generate", "--out", out("keys/ci")])).code).toBe(0);
    scan = await runCli(
      [
        "scan", CORPORA,
        "--format", `json=${out("results.json")}`, "--format", `sarif=${out("results.sarif")}`, "--format", `junit=${out("junit.xml")}`,
        "--evidence-dir", out("evidence"), "--evidence-key", out("keys/ci.key"), "--evidence-instance", "corpora",
      ],
      { timeoutMs: 280_000 },
    );
    json = JSON.parse(readFileSync(out("results.json"), "utf8")) as JsonOut;
  }, 300_000);

  it("finishes without a crash, with only explicit per-file errors", () => {
    expect(hasStackTrace(scan.stderr), scan.stderr.slice(0, 2000)).toBe(false);
    expect([0, 1, 2]).toContain(scan.code);
    expect(scan.code === 2).toBe(json.errors.length > 0);
    for (const e of json.errors) {
      expect(statSync(resolve(ROOT, e.file)).isFile(), e.file).toBe(true);
      expect(e.message.length).toBeGreaterThan(5);
      expect(e.message).not.toMatch(/internal error/);
    }
    expect(json.checks.length).toBeGreaterThan(0);
  });

  it("accounts for every candidate file: recognised, an explicit error, or skipped as not an input", () => {
    // report paths are relative to the working directory (absolute when outside it, as ../shared is)
    const all = candidates(CORPORA);
    const seen = new Set([...json.inputs.map((i) => resolve(ROOT, i.file)), ...json.errors.map((e) => resolve(ROOT, e.file))]);
    const skipped = Number(/(\d+) file\(s\) skipped/.exec(scan.stderr)?.[1] ?? 0);
    const unaccounted = all.filter((f) => !seen.has(f));
    expect(unaccounted.length).toBe(skipped);
    expect(skipped).toBeLessThan(all.length / 20);
    // all four kinds are there
    expect(new Set(json.inputs.map((i) => i.kind))).toEqual(new Set(["kubernetes", "terraform", "cloudtrail", "aws-config"]));
  });

  it("writes SARIF that validates against the SARIF 2.1.0 schema, and well-formed JUnit", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, "utf8")) as object);
    const sarif = JSON.parse(readFileSync(out("results.sarif"), "utf8")) as { runs: { results: unknown[] }[] };
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(sarif.runs[0]!.results.length).toBe(json.findings.length);
    expect(XMLValidator.validate(readFileSync(out("junit.xml"), "utf8"))).toBe(true);
  });

  it("the evidence of the scan exports to a signed bundle that verifies offline", async () => {
    const docs = Number(/scanned (\d+) document/.exec(scan.stderr)![1]);
    expect(scan.stderr).toContain(`${docs} evidence record(s) appended`);
    const bundle = out("evidence.tar.gz");
    const exp = await runCli(["evidence", "export", "--log-dir", out("evidence"), "--key", out("keys/ci.key"), "--catalog", CATALOG, "--out", bundle, "--signer-name", "CI"]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stdout).toContain(`records:     ${docs} in 1 chain(s)`);
    const ver = await runCli(["evidence", "verify", bundle, "--key", out("keys/ci.pub")]);
    expect(ver.code, ver.stdout + ver.stderr).toBe(0);
    expect(ver.stdout).toMatch(new RegExp(`VERIFIED: ${docs} records`));
    // an auditor holding another key does not accept it
    expect((await runCli(["keys", "generate", "--out", out("keys/other")])).code).toBe(0);
    const wrong = await runCli(["evidence", "verify", bundle, "--key", out("keys/other.pub")]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain("NOT VERIFIED");
  }, 120_000);
});
