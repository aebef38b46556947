// Bad input: malformed YAML/JSON, a plan of the wrong shape, an empty file, binary files, a 1 GiB
// (sparse) file. Each gives a clear error naming the file (and line where known), the rest of the
// scan goes on, the exit code is 2, and no stack trace is printed.
import { copyFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../shared.js";
import { hasStackTrace, runCli, tempDir, TEST_POLICY_FLAGS } from "./helpers.js";

const tmp = tempDir("evident-bad-input-");
afterAll(() => tmp.cleanup());

const CASES: { name: string; write: (p: string) => void; error: RegExp }[] = [
  { name: "malformed.yaml", write: (p) => writeFileSync(p, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: [a, b\nspec: {}\n"), error: /malformed\.yaml:\d+(:\d+)?: invalid YAML/ },
  { name: "malformed.json", write: (p) => writeFileSync(p, '{"Records": [\n {"eventName": "StopLogging",}\n]}'), error: /malformed\.json:2:\d+: invalid JSON/ },
  {
    name: "wrong-shape.plan.json",
    write: (p) => writeFileSync(p, JSON.stringify({ format_version: "1.2", terraform_version: "1.7.5", resource_changes: { address: "aws_s3_bucket.a" } })),
    error: /wrong-shape\.plan\.json: .*resource_changes must be an array/,
  },
  { name: "empty.yaml", write: (p) => writeFileSync(p, ""), error: /empty\.yaml: empty file/ },
  { name: "weights.json", write: (p) => writeFileSync(p, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x00, 0x01, 0x02, 0xff, 0xfe, 0x7d])), error: /weights\.json: binary file/ },
  { name: "huge.json", write: (p) => (writeFileSync(p, ""), truncateSync(p, 1024 ** 3)), error: /huge\.json: file is 1\.0 GiB, larger than the 256 MiB limit/ },
];

describe("evident scan: bad input", () => {
  beforeAll(() => {
    for (const c of CASES) c.write(join(tmp.dir, c.name));
    copyFileSync(join(ROOT, "examples/kubernetes/gpu-operator.yaml"), join(tmp.dir, "gpu-operator.yaml"));
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s: a clear error naming the file, exit 2, the good file still scanned", async (_n, c) => {
    const r = await runCli(["scan", ...TEST_POLICY_FLAGS, "--format", "json", join(tmp.dir, c.name), join(tmp.dir, "gpu-operator.yaml")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(c.error);
    expect(hasStackTrace(r.stderr), r.stderr).toBe(false);
    const json = JSON.parse(r.stdout) as { errors: { file: string }[]; findings: { checkId: string }[] };
    expect(json.errors.map((e) => e.file)).toEqual([expect.stringContaining(c.name)]);
    expect(json.findings.map((f) => f.checkId)).toEqual(["TEST-K8S-PRIVILEGED-TEMPLATE"]);
  });

  it("a directory holding all of them: every one reported, the rest scanned, exit 2", async () => {
    const png = join(tmp.dir, "logo.png");
    writeFileSync(png, Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"));
    const r = await runCli(["scan", ...TEST_POLICY_FLAGS, "--format", "sarif", tmp.dir, png]);
    expect(r.code).toBe(2);
    for (const c of CASES) expect(r.stderr).toMatch(c.error);
    expect(r.stderr).toMatch(/logo\.png: binary file/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    // SARIF reports the unreadable inputs as tool notifications, and still has the finding
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string }[]; invocations: { toolExecutionNotifications?: { message: { text: string } }[]; executionSuccessful: boolean }[] }[] };
    expect(log.runs[0]!.results.map((x) => x.ruleId)).toEqual(["TEST-K8S-PRIVILEGED-TEMPLATE"]);
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications).toHaveLength(CASES.length + 1);
  });

  it("--max-file-size raises or lowers the limit", async () => {
    const r = await runCli(["scan", ...TEST_POLICY_FLAGS, "--max-file-size", "1K", join(ROOT, "examples/terraform")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ml-data-platform\.plan\.json: file is .*larger than the 1\.0 KiB limit/);
    const bad = await runCli(["scan", "--max-file-size", "lots", join(ROOT, "examples/terraform")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("expected a size");
  });
});
