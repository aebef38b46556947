// evident build | eval | test | conformance, run as a user runs them (a child process).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { readBundle } from "../../src/engine/bundle.js";
import { CONFORMANCE, ROOT } from "../shared.js";

// The CLI runs from its TypeScript sources (tsx), so the test never sees a stale build.
const TSX = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;

function evident(args: string[], cwd = ROOT, input?: string) {
  const r = spawnSync(process.execPath, ["--import", TSX, join(ROOT, "src/cli/main.ts"), ...args], {
    cwd,
    encoding: "utf8",
    input,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "evident-cli-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("evident build / eval", () => {
  it("builds an OPA bundle whose entrypoints evaluate", async () => {
    const dir = workspace({
      "policy/authz.rego": `package authz

# METADATA
# entrypoint: true
allow if input.user in data.admins
`,
      "policy/data.json": JSON.stringify({ admins: ["ana"] }),
      "in.json": JSON.stringify({ user: "ana" }),
    });
    const b = evident(["build", "policy", "-o", "bundle.tar.gz"], dir);
    expect(b.stderr).toMatch(/wrote bundle\.tar\.gz: 1 entrypoint/);
    expect(b.code).toBe(0);
    const bundle = await readBundle(join(dir, "bundle.tar.gz"));
    expect(bundle.manifest.wasm).toEqual([{ entrypoint: "authz/allow", module: "/policy.wasm" }]);
    expect(bundle.manifest.rego_version).toBe(1);
    expect([...bundle.sources.keys()]).toEqual(["/policy/authz.rego"]);
    expect(bundle.data).toEqual({ admins: ["ana"] });

    const e = evident(["eval", "-b", "bundle.tar.gz", "-e", "authz/allow", "-i", "in.json"], dir);
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout)).toEqual([{ result: true }]);
    const stdin = evident(["eval", "-b", "bundle.tar.gz", "-e", "data.authz.allow", "-i", "-"], dir, JSON.stringify({ user: "bob" }));
    expect(JSON.parse(stdin.stdout)).toEqual([]);
  });

  it("prints compile errors as file:line:col, several at once, exit 1, no stack trace", () => {
    const dir = workspace({ "bad.rego": "package bad\n\np if {\n  x > 1\n}\n\nq := nope(1)\n" });
    const r = evident(["build", ".", "-e", "bad/p"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad.rego:4:3: rego_unsafe_var_error: var x is unsafe");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("dumps the IR instead of writing a bundle", () => {
    const dir = workspace({ "a.rego": "package a\n\np := count(input.xs)\n" });
    const r = evident(["build", ".", "-e", "a/p", "--dump-ir"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/func complete:data\.a\.p/);
    expect(r.stdout).toMatch(/call runtime:b_count/);
  });

  it("reads Rego v0 with --v0-compatible", () => {
    const dir = workspace({ "old.rego": "package old\n\ndeny[msg] {\n  msg := \"no\"\n}\n" });
    expect(evident(["build", ".", "-e", "old/deny", "-o", "b.tar.gz"], dir).code).toBe(1);
    const r = evident(["build", ".", "-e", "old/deny", "-o", "b.tar.gz", "--v0-compatible"], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(evident(["eval", "-b", "b.tar.gz", "-e", "old/deny"], dir).stdout)).toEqual([{ result: ["no"] }]);
  });
});

describe("evident test", () => {
  const dir = workspace({
    "p.rego": "package p\n\nallow if input.role == \"admin\"\n",
    "p_test.rego": `package p_test

import data.p

test_admin if p.allow with input as {"role": "admin"}

test_guest_denied if not p.allow with input as {"role": "guest"}

test_wrong if p.allow with input as {"role": "guest"}

todo_later if false
`,
  });

  it("reports failures with file:line, skips todo_ rules, exits 1", () => {
    const r = evident(["test", "."], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("data.p_test.test_wrong: FAIL");
    expect(r.stdout).toMatch(/p_test\.rego:9: undefined/);
    expect(r.stdout).toContain("PASS: 2/4");
    expect(r.stdout).toContain("FAIL: 1/4");
    expect(r.stdout).toContain("SKIPPED: 1/4");
  });

  it("filters with --run and reports JSON", () => {
    const r = evident(["test", ".", "--run", "admin|guest", "--format", "json"], dir);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as { name: string; status: string }[];
    expect(results.map((x) => [x.name, x.status])).toEqual([
      ["data.p_test.test_admin", "pass"],
      ["data.p_test.test_guest_denied", "pass"],
    ]);
  });
});

describe("evident conformance", () => {
  it("prints one JSON summary with per-category counts", () => {
    const r = evident(["conformance", join(CONFORMANCE, "completedoc"), join(CONFORMANCE, "negation"), "--json"]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { total: number; passed: number; failed: number; skipped: number; byCategory: Record<string, { total: number }> };
    expect(Object.keys(s.byCategory).sort()).toEqual(["completedoc", "negation"]);
    expect(s.total).toBe(16);
    expect(s.passed + s.failed + s.skipped).toBe(s.total);
    expect(s.passed).toBeGreaterThanOrEqual(16);
  });
});

describe("user-declared builtins (--capabilities, --builtins)", () => {
  const fixtures = join(ROOT, "test/fixtures/user-builtins");
  const caps = join(fixtures, "capabilities.json");
  const impl = join(fixtures, "builtins.mjs");

  it("build refuses an undeclared builtin, and builds, evaluates and tests once it is declared and supplied", () => {
    const dir = workspace({
      "p/acme.rego": `package acme_check

# METADATA
# entrypoint: true
approved := acme.registry_approved(input.image)
`,
      "p/acme_test.rego": `package acme_check

test_approved if approved with input as {"image": "registry.acme.example/app:1"}
test_unapproved if not approved with input as {"image": "docker.io/app:1"}
`,
      "in.json": JSON.stringify({ image: "registry.acme.example/x:2" }),
    });
    const refused = evident(["build", "p/acme.rego", "-o", "b.tar.gz"], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/acme\.rego:5:\d+: .*acme\.registry_approved/);

    const b = evident(["build", "p/acme.rego", "-o", "b.tar.gz", "--capabilities", caps], dir);
    expect(b.code).toBe(0);
    const e = evident(["eval", "-b", "b.tar.gz", "-e", "acme_check/approved", "-i", "in.json", "--capabilities", caps, "--builtins", impl], dir);
    expect(e.stderr).toBe("");
    expect(JSON.parse(e.stdout)).toEqual([{ result: true }]);
    const t = evident(["test", "p", "--capabilities", caps, "--builtins", impl], dir);
    expect(t.stdout).toMatch(/PASS: 2\/2/);
    expect(t.code).toBe(0);
  });

  it("refuses a module exporting a builtin the capabilities do not declare", () => {
    const dir = workspace({ "other.mjs": "export default { 'acme.undeclared': () => true };\n", "p.rego": "package x\n\n# METADATA\n# entrypoint: true\ny := 1\n" });
    expect(evident(["build", "p.rego", "-o", "b.tar.gz"], dir).code).toBe(0);
    const e = evident(["eval", "-b", "b.tar.gz", "-e", "x/y", "--capabilities", caps, "--builtins", join(dir, "other.mjs")], dir);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain("builtin acme.undeclared is not declared");
  });
});
