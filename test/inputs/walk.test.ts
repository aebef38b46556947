// Directory walking: deterministic order, .evidentignore (gitignore syntax, nested files, negation),
// node_modules/.git/.terraform skipped, Helm chart templates skipped, candidates by extension.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadInputs, walkPaths } from "../../src/inputs/index.js";

let root: string;
const POD = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers: []\n`;

function put(rel: string, content = POD(rel.replace(/\W+/g, "-").toLowerCase())) {
  const p = join(root, rel);
  mkdirSync(join(p, ".."), { recursive: true });
  writeFileSync(p, content);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "evident-walk-"));
  put("b.yaml");
  put("a.yml");
  put("Z.json", JSON.stringify({ apiVersion: "v1", kind: "Service", metadata: { name: "z" } }));
  put("c/nested/deep.yaml");
  put("c/keep.yaml");
  put("c/generated/out.yaml");
  put("c/generated/important.yaml");
  put("c/.evidentignore", "generated/*\n!generated/important.yaml\n");
  put("node_modules/pkg/x.yaml");
  put(".git/config.yaml");
  put(".terraform/modules/m.json", "{}");
  put("secrets/s.yaml");
  put("notes.txt", "not an input");
  put("README.md", "# readme");
  put("chart/Chart.yaml", "apiVersion: v2\nname: chart\nversion: 0.1.0\n");
  put("chart/values.yaml", "replicaCount: 1\n");
  put("chart/templates/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n");
  put("logs/trail.json.gz", "");
  put(".evidentignore", "# top-level ignores\nsecrets/\n*.tmp.yaml\n");
  put("x.tmp.yaml");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const rel = (files: { path: string }[]) => files.map((f) => relative(root, f.path).split("\\").join("/"));

describe("walkPaths", () => {
  it("walks in code-unit order, honours .evidentignore files (nested, negation) and skips tool directories", async () => {
    const r = await walkPaths([root], { cwd: root });
    expect(r.errors).toEqual([]);
    expect(rel(r.files)).toEqual(["Z.json", "a.yml", "b.yaml", "c/generated/important.yaml", "c/keep.yaml", "c/nested/deep.yaml", "chart/Chart.yaml", "chart/values.yaml", "logs/trail.json.gz"]);
    expect(r.files.every((f) => !f.explicit)).toBe(true);
    expect(r.skipped.map((s) => relative(root, s.file))).toEqual(["chart/templates"]);
  });

  it("is deterministic across runs", async () => {
    const a = await walkPaths([root], { cwd: root });
    const b = await walkPaths([root], { cwd: root });
    expect(rel(a.files)).toEqual(rel(b.files));
  });

  it("an ignore file above the walked directory applies (as .gitignore does) when it is under cwd", async () => {
    put("secrets/inner/also.yaml");
    const r = await walkPaths([join(root, "secrets")], { cwd: root });
    expect(r.files).toEqual([]);
    const outside = await walkPaths([join(root, "secrets")], { cwd: join(root, "c") });
    expect(rel(outside.files)).toEqual(["secrets/inner/also.yaml", "secrets/s.yaml"]);
  });

  it("explicit files are taken whatever their name or ignore rules; duplicates once", async () => {
    const r = await walkPaths([join(root, "notes.txt"), join(root, "x.tmp.yaml"), join(root, "x.tmp.yaml")], { cwd: root });
    expect(rel(r.files)).toEqual(["notes.txt", "x.tmp.yaml"]);
    expect(r.files.every((f) => f.explicit)).toBe(true);
  });

  it("a custom ignore file", async () => {
    const ig = join(root, "custom.ignore");
    writeFileSync(ig, "c/\nchart/\n*.json*\n");
    const r = await walkPaths([root], { cwd: root, ignoreFile: ig });
    expect(rel(r.files)).toEqual(["a.yml", "b.yaml"]);
    const missing = await walkPaths([root], { cwd: root, ignoreFile: join(root, "nope.ignore") });
    expect(missing.errors.map((e) => e.message)).toEqual(["ignore file not found"]);
  });

  it("symlinked files are read, symlinked directories are not followed", async () => {
    const d = mkdtempSync(join(tmpdir(), "evident-link-"));
    try {
      writeFileSync(join(d, "real.yaml"), POD("real"));
      symlinkSync(join(d, "real.yaml"), join(d, "link.yaml"));
      mkdirSync(join(d, "sub"));
      symlinkSync(d, join(d, "sub", "loop"));
      const r = await walkPaths([d], { cwd: d });
      expect(r.files.map((f) => relative(d, f.path))).toEqual(["link.yaml", "real.yaml"]);
      expect(r.skipped.map((s) => relative(d, s.file))).toEqual([join("sub", "loop")]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe("loadInputs over a repository", () => {
  it("loads the manifests, skips non-inputs (Chart.yaml, values.yaml), reports the empty .gz", async () => {
    const r = await loadInputs([root], { cwd: root });
    expect(r.documents.map((d) => d.resource.name).sort()).toEqual(["a-yml", "b-yaml", "c-generated-important-yaml", "c-keep-yaml", "c-nested-deep-yaml", "z"]);
    expect(r.errors.map((e) => [relative(root, e.file), e.message])).toEqual([["logs/trail.json.gz", "empty file"]]);
    expect(r.skipped.map((s) => relative(root, s.file)).sort()).toEqual(["chart/Chart.yaml", "chart/templates", "chart/values.yaml"]);
    expect(r.recognised.every((x) => x.kind === "kubernetes")).toBe(true);
  });
});
