// `npm run demo` (scripts/demo.mjs) as a new user runs it after `npm ci`: it builds the bundle, scans
// examples/, writes evidence, exports a signed bundle and verifies it, offline.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../shared.js";
import { assertBuilt } from "./helpers.js";

describe("npm run demo", () => {
  it("runs every step and ends with a verified evidence bundle", () => {
    assertBuilt();
    const r = spawnSync(process.execPath, ["scripts/demo.mjs"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 240_000 });
    expect(r.status, r.stdout.slice(-3000) + r.stderr).toBe(0);
    for (const n of [1, 2, 3, 4, 5, 6]) expect(r.stdout).toMatch(new RegExp(`^── ${n}\\. `, "m"));
    expect(r.stdout).toMatch(/^VERIFIED: \d+ records/m);
    const results = JSON.parse(readFileSync(join(ROOT, "build/demo/results.json"), "utf8")) as { inputs: { kind: string }[]; findings: unknown[]; errors: unknown[] };
    // every example is recognised, none is broken, and the examples do violate the library
    expect(new Set(results.inputs.map((i) => i.kind))).toEqual(new Set(["kubernetes", "terraform", "cloudtrail", "aws-config"]));
    expect(results.errors).toEqual([]);
    expect(results.findings.length).toBeGreaterThan(0);
  }, 300_000);
});
