// Bad input: a clear error naming the file (and line where known), the rest of the scan goes on.
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeBuffer, formatInputError, loadFile, loadInputs, readInputFile } from "../../src/inputs/index.js";
import { CORPORA } from "../shared.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "evident-bad-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\nspec:\n  containers:\n  - name: c\n    image: nginx\n";

describe("bad input", () => {
  it("malformed YAML: error with the line and column of the syntax error", async () => {
    const f = write("broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: [a, b\nspec: {}\n");
    const r = await loadFile(f);
    expect(r.documents).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.file).toBe(f);
    expect(r.errors[0]!.message).toMatch(/^invalid YAML: /);
    expect(r.errors[0]!.line).toBeGreaterThanOrEqual(5);
    expect(r.errors[0]!.column).toBeGreaterThanOrEqual(1);
  });

  it("a broken document in a multi-document stream does not lose the others", async () => {
    const f = write("multi.yaml", `${POD}---\nkind: [\n---\n${POD.replace("name: ok", "name: ok2")}`);
    const r = await loadFile(f);
    expect(r.documents.map((d) => d.resource.name)).toEqual(["ok", "ok2"]);
    expect(r.errors).toHaveLength(1);
    // the unclosed `[` opened on line 10 is detected where the document ends
    expect(r.errors[0]!.line).toBeGreaterThanOrEqual(10);
    expect(r.errors[0]!.line).toBeLessThanOrEqual(11);
  });

  it("malformed JSON: line and column of the first error (V8's message has none)", async () => {
    const f = write("broken.json", '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "x",}\n}\n');
    const r = await loadFile(f);
    expect(r.errors).toHaveLength(1);
    const e = r.errors[0]!;
    expect(e).toMatchObject({ file: f, line: 4, column: 28 });
    expect(e.message).toContain("trailing comma");
    expect(formatInputError(e)).toBe(`${f}:4:28: invalid JSON: trailing comma before '}'`);
  });

  it("unterminated JSON: the error is at the end", async () => {
    const f = write("cut.json", '{"Records": [{"eventName": "StopLogging"');
    const r = await loadFile(f);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 1, column: 41 });
    expect(r.errors[0]!.message).toMatch(/expected ',' or '}', found end of input/);
  });

  it("a plan of the wrong shape: named field, no document", async () => {
    const f = write("plan.json", JSON.stringify({ format_version: "1.2", terraform_version: "1.6.0", resource_changes: { "aws_s3_bucket.b": {} } }));
    const r = await loadFile(f);
    expect(r.documents).toEqual([]);
    expect(r.recognised.map((x) => x.kind)).toEqual(["terraform"]);
    expect(r.errors.map((e) => e.message)).toEqual(["plan field resource_changes must be an array"]);
  });

  it("a plan with a malformed entry: the entry is named, with its line", async () => {
    const plan = {
      format_version: "1.2",
      resource_changes: [
        { address: "aws_s3_bucket.ok", type: "aws_s3_bucket", change: { actions: ["create"] } },
        { address: "aws_s3_bucket.bad", type: "aws_s3_bucket", change: { actions: "create" } },
      ],
    };
    const f = write("plan2.json", JSON.stringify(plan, null, 2));
    const r = await loadFile(f);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toBe("resource_changes[1] (aws_s3_bucket.bad): change.actions must be an array of strings");
    const lines = readFileSync(f, "utf8").split("\n");
    expect(lines[r.errors[0]!.line! - 1]).toContain('"address": "aws_s3_bucket.bad"');
    // the plan is still evaluated (the exit code is 2 anyway)
    expect(r.documents).toHaveLength(1);
  });

  it("unsupported plan format_version and Terraform state files are explained", async () => {
    const a = await loadFile(write("v2.json", JSON.stringify({ format_version: "2.0", resource_changes: [] })));
    expect(a.errors[0]!.message).toBe("unsupported plan format_version 2.0 (supported 0.1–1.2)");
    const b = await loadFile(write("state.json", JSON.stringify({ version: 4, terraform_version: "1.6.0", serial: 3, lineage: "x", outputs: {}, resources: [] })));
    expect(b.errors[0]!.message).toMatch(/Terraform state file, not a plan/);
  });

  it("empty and whitespace-only files", async () => {
    for (const [name, content] of [
      ["empty.yaml", ""],
      ["blank.json", "  \n\n\t\n"],
    ] as const) {
      const r = await loadFile(write(name, content));
      expect(r.errors).toEqual([{ file: join(dir, name), message: "empty file" }]);
    }
    const c = await loadFile(write("comments.yaml", "# nothing here\n---\n# still nothing\n"));
    expect(c.errors[0]!.message).toMatch(/no YAML documents/);
  });

  it("binary files: NUL bytes, and saved (zip) Terraform plans with a hint", async () => {
    const bin = await loadFile(write("blob.json", Buffer.from([0x7b, 0x22, 0x00, 0x01, 0x02, 0xff])));
    expect(bin.errors[0]!.message).toBe("binary file (NUL byte at offset 2); expected YAML or JSON text");
    const zip = await loadFile(write("plan.out", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)])));
    expect(zip.errors[0]!.message).toMatch(/terraform show -json plan\.out/);
    const latin1 = await loadFile(write("latin1.yaml", Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a])));
    expect(latin1.errors[0]!.message).toMatch(/not valid UTF-8/);
  });

  it("a 1 GB file is refused from its size, without reading it (sparse file)", async () => {
    const f = join(dir, "huge.json");
    writeFileSync(f, "");
    truncateSync(f, 1024 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const r = await readInputFile(f);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe("file is 1.0 GiB, larger than the 256 MiB limit; split it or raise the limit (maxFileBytes / --max-file-size)");
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    // a configurable limit
    const small = write("small.json", JSON.stringify({ Records: [{ eventName: "X", eventSource: "s3.amazonaws.com" }] }));
    const limited = await readInputFile(small, { maxFileBytes: 10 });
    expect(limited.ok).toBe(false);
    expect((await readInputFile(small, { maxFileBytes: 1000 })).ok).toBe(true);
  });

  it("a gzip bomb is stopped at the limit while inflating", () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const r = decodeBuffer(bomb, "bomb.json.gz", { maxFileBytes: 1024 * 1024 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^gzip content inflates beyond the 1.0 MiB limit/);
    const corrupt = decodeBuffer(Buffer.concat([bomb.subarray(0, 20), Buffer.alloc(20, 7)]), "x.gz");
    expect(corrupt.ok).toBe(false);
  });

  it("UTF-16 with BOM: the real PowerShell-redirected plan (LE) and a big-endian copy", async () => {
    const le = join(CORPORA, "terraform-plans/bridgecrewio__checkov/plan_encodings/tfplan_win_utf16.json");
    const raw = readFileSync(le);
    expect([raw[0], raw[1]]).toEqual([0xff, 0xfe]);
    const a = await loadFile(le);
    expect(a.errors).toEqual([]);
    expect(a.documents).toHaveLength(1);
    const plan = (a.documents[0]!.input as { plan: { resource_changes: { address: string }[] } }).plan;
    expect(plan.resource_changes.length).toBeGreaterThan(0);

    const text = raw.subarray(2).toString("utf16le");
    const be = Buffer.from(text, "utf16le");
    be.swap16();
    const b = await loadFile(write("plan-be.json", Buffer.concat([Buffer.from([0xfe, 0xff]), be])));
    expect(b.errors).toEqual([]);
    expect((b.documents[0]!.input as { plan: unknown }).plan).toEqual(plan);
    const dec = decodeBuffer(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), "x");
    expect(dec.ok && dec.value.encoding).toBe("utf-16be");
  });

  it("a directory of good and bad files: every bad file has its error, the good ones are loaded", async () => {
    const sub = join(dir, "mixed");
    rmSync(sub, { recursive: true, force: true });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(sub);
    writeFileSync(join(sub, "a-good.yaml"), POD);
    writeFileSync(join(sub, "b-broken.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n");
    writeFileSync(join(sub, "c-empty.json"), "");
    writeFileSync(join(sub, "d-binary.json"), Buffer.from([1, 0, 2]));
    writeFileSync(join(sub, "e-plan.json"), JSON.stringify({ format_version: "1.1", resource_changes: "nope" }));
    writeFileSync(join(sub, "f-huge.json"), "");
    truncateSync(join(sub, "f-huge.json"), 300 * 1024 * 1024);
    writeFileSync(join(sub, "g-package.json"), JSON.stringify({ name: "not-an-input", version: "1.0.0" }));
    writeFileSync(join(sub, "h-trail.json"), JSON.stringify({ Records: [{ eventName: "StopLogging", eventSource: "cloudtrail.amazonaws.com", eventID: "1" }] }));
    const r = await loadInputs([sub]);
    expect(r.documents.map((d) => d.kind)).toEqual(["kubernetes", "cloudtrail"]);
    expect(r.errors.map((e) => e.file.slice(sub.length + 1))).toEqual(["b-broken.yaml", "c-empty.json", "d-binary.json", "e-plan.json", "f-huge.json"]);
    expect(r.errors[0]!.line).toBeGreaterThanOrEqual(3);
    // a JSON file that is no input at all (package.json) is skipped, not an error
    expect(r.skipped.map((s) => s.file.slice(sub.length + 1))).toEqual(["g-package.json"]);
    // ... unless named explicitly
    const explicit = await loadInputs([join(sub, "g-package.json")]);
    expect(explicit.errors).toHaveLength(1);
    expect(explicit.errors[0]!.message).toMatch(/^not a Kubernetes object .* found an object with keys name, version$/);
  });

  it("missing paths are errors, not exceptions", async () => {
    const r = await loadInputs([join(dir, "does-not-exist.yaml")]);
    expect(r.errors).toEqual([{ file: join(dir, "does-not-exist.yaml"), message: "no such file or directory" }]);
  });

  it("an unrendered Helm template gets a hint", async () => {
    const f = write("tpl.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n  labels: {{ include \"x\" . | nindent 4 }}\n");
    const r = await loadFile(f);
    expect(r.documents).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toMatch(/unrendered Helm\/Go template/);
    expect(r.errors[0]).toMatchObject({ file: f, line: 4, column: 10 });
  });
});

describe("corrupted real inputs never throw", () => {
  // Deterministic mutations (truncation, byte flips, insertions) of a sample of corpus files.
  const SAMPLES = [
    "kubernetes/kubernetes__examples/web/guestbook/all-in-one/guestbook-all-in-one.yaml",
    "kubernetes/admissionreview/kubewarden__policies/echo/update_accept.json",
    "terraform-plans/snyk__policy-engine/count-02/plan.json",
    "terraform-plans/bridgecrewio__checkov/plan_encodings/tfplan_win_utf16.json",
    "cloudtrail/OTRF__Security-Datasets/ec2_proxy_s3_exfiltration_2020-09-14011940.json",
    "aws-config/aws-powertools__powertools-lambda-python/awsConfigRuleConfigurationChanged.json",
  ];
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  it("every mutation yields documents or errors naming the file, no exception", async () => {
    const { loadText } = await import("../../src/inputs/index.js");
    let errors = 0;
    for (const rel of SAMPLES) {
      const buf = readFileSync(join(CORPORA, rel));
      for (let i = 0; i < 40; i++) {
        const b = Buffer.from(buf);
        const kind = i % 4;
        let m: Buffer;
        if (kind === 0) m = b.subarray(0, rand(b.length));
        else if (kind === 1) {
          for (let k = 0; k < 3; k++) b[rand(b.length)] = "{}[]:,\"'\n -#&*!|>".charCodeAt(rand(17));
          m = b;
        } else if (kind === 2) {
          const at = rand(b.length);
          m = Buffer.concat([b.subarray(0, at), Buffer.from(["\n---\n", "{{ .Values.x }}", "\t", "&a [*a, *a]", '"\\u12'][rand(5)]!), b.subarray(at)]);
        } else m = Buffer.concat([b.subarray(0, rand(b.length)), b.subarray(rand(b.length))]);
        const file = `${rel}#${i}`;
        const dec = decodeBuffer(m, file);
        if (!dec.ok) {
          expect(dec.error.file).toBe(file);
          errors++;
          continue;
        }
        const r = loadText(file, dec.value.text);
        for (const e of r.errors) expect(e.file).toBe(file);
        for (const d of r.documents) {
          expect(d.file).toBe(file);
          // positions can be asked for on whatever was loaded
          d.locate?.("spec.containers[0].image", "aws_s3_bucket.logbucket1");
          void d.line;
        }
        if (r.errors.length || r.unrecognised) errors++;
      }
    }
    // the mutations do break most files (the test exercises the error paths)
    expect(errors).toBeGreaterThan(SAMPLES.length * 10);
  });
});
