// `evident policies list` (table, json, markdown; from Rego sources or a bundle's METADATA) and the
// generated docs/policies.md and docs/controls.md, which must match the library in policies/.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checksOfSources } from "../../src/engine/checks.js";
import { POLICIES_DIR } from "../../src/engine/engine.js";
import { collectSources } from "../../src/rego/build.js";
import { libraryDocs, type ControlCatalog } from "../../src/report/policies.js";
import { CATALOG, ROOT } from "../shared.js";
import { FIXTURE_POLICIES, runCli, tempDir, TEST_POLICY_FLAGS } from "./helpers.js";

const tmp = tempDir("evident-policies-");
afterAll(() => tmp.cleanup());

interface Listed {
  id: string;
  severity: string;
  kinds: string[];
  controls: string[];
  title: string;
  remediation: string;
  package: string;
}

describe("evident policies list", () => {
  it("prints every check with severity, input kinds and controls from METADATA (json)", async () => {
    const r = await runCli(["policies", "list", "--format", "json", ...TEST_POLICY_FLAGS]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Listed[];
    expect(list.map((c) => c.id)).toEqual(["TEST-CT-STOPLOGGING", "TEST-EVAL-ERROR", "TEST-K8S-NETPOL", "TEST-K8S-PRIVILEGED-TEMPLATE", "TEST-PRIVILEGED", "TEST-TF-VERSIONING"]);
    expect(list.find((c) => c.id === "TEST-PRIVILEGED")).toEqual({
      id: "TEST-PRIVILEGED",
      title: "Containers do not run privileged",
      description: "A test check.",
      severity: "high",
      kinds: ["kubernetes"],
      controls: ["hipaa:164.312(a)(1)", "gxp-part11:11.10(d)"],
      remediation: "Set securityContext.privileged to false.",
      package: "evident.checks.kubernetes.privileged",
    });
    expect(list.find((c) => c.id === "TEST-CT-STOPLOGGING")).toMatchObject({ severity: "low", kinds: ["cloudtrail"], controls: ["hipaa:164.312(b)", "gxp-part11:11.10(e)"] });
  });

  it("reads the same METADATA from a built bundle as from the sources", async () => {
    const bundle = join(tmp.dir, "fixtures.tar.gz");
    const b = await runCli(["build", ...FIXTURE_POLICIES, join(POLICIES_DIR, "evident"), "-o", bundle]);
    expect(b.code, b.stderr).toBe(0);
    const fromBundle = await runCli(["policies", "list", "--format", "json", "--bundle", bundle]);
    const fromSources = await runCli(["policies", "list", "--format", "json", ...TEST_POLICY_FLAGS]);
    expect(fromBundle.code).toBe(0);
    expect(JSON.parse(fromBundle.stdout)).toEqual(JSON.parse(fromSources.stdout));
  });

  it("table and markdown formats; --bundle and --policies together is a usage error", async () => {
    const table = await runCli(["policies", "list", ...TEST_POLICY_FLAGS]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^TEST-PRIVILEGED\s+high\s+kubernetes\s+Containers do not run privileged$/m);
    expect(table.stdout).toMatch(/controls: hipaa:164\.312\(a\)\(1\) gxp-part11:11\.10\(d\)/);
    expect(table.stdout).toContain("6 check(s)");
    const md = await runCli(["policies", "list", "--format", "markdown", ...TEST_POLICY_FLAGS]);
    expect(md.stdout).toContain("### TEST-TF-VERSIONING");
    expect(md.stdout).toContain("- Controls: `hipaa:164.312(c)(1)`");
    const both = await runCli(["policies", "list", "--bundle", "x.tar.gz", "--policies", "policies"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("not both");
    const badFormat = await runCli(["policies", "list", "--format", "yaml"]);
    expect(badFormat.code).not.toBe(0);
  });

  it("lists the shipped library's checks, the same from the built bundle as from policies/", async () => {
    const bundle = join(tmp.dir, "library.tar.gz");
    const b = await runCli(["build", "policies", "-o", bundle]);
    expect(b.code, b.stderr).toBe(0);
    const fromBundle = JSON.parse((await runCli(["policies", "list", "--format", "json", "--bundle", bundle])).stdout) as Listed[];
    const fromSources = JSON.parse((await runCli(["policies", "list", "--format", "json"])).stdout) as Listed[];
    expect(fromBundle.length).toBeGreaterThan(0);
    expect(fromBundle).toEqual(fromSources);
    for (const c of fromBundle) expect(c.package).toMatch(/^evident\.checks\.(kubernetes|terraform|cloudtrail|aws_config)\.[a-z0-9_]+$/);
  });
});

describe("generated docs (npm run docs)", () => {
  const catalog = JSON.parse(readFileSync(CATALOG, "utf8")) as ControlCatalog;
  const { sources } = collectSources([POLICIES_DIR]);
  const checks = checksOfSources(sources.map((s) => [s.file, s.source] as [string, string]));

  it("docs/policies.md and docs/controls.md are up to date with policies/ (run `npm run docs` after changing a check)", () => {
    const docs = libraryDocs(checks, catalog);
    expect(readFileSync(join(ROOT, "docs/policies.md"), "utf8")).toBe(docs["policies.md"]);
    expect(readFileSync(join(ROOT, "docs/controls.md"), "utf8")).toBe(docs["controls.md"]);
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/gen-docs.ts", "--check"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it("a changed check changes the docs (so a check changed without regenerating fails the test above)", () => {
    expect(checks.length).toBeGreaterThan(0);
    const docs = libraryDocs(checks, catalog);
    const changed = checks.map((c, i) => (i === 0 ? { ...c, severity: c.severity === "critical" ? ("low" as const) : ("critical" as const), controls: [...c.controls, "gxp-part11:11.10(e)"] } : c));
    const after = libraryDocs(changed, catalog);
    expect(after["policies.md"]).not.toBe(docs["policies.md"]);
    expect(after["controls.md"]).not.toBe(docs["controls.md"]);
  });

  it("controls.md lists every catalog control with its title and the checks that support it", () => {
    const c0 = checks.find((c) => c.controls.some((x) => x.startsWith("gxp-part11:"))) ?? checks[0]!;
    const md = libraryDocs([{ ...c0, controls: ["gxp-part11:11.10(e)", "hipaa:164.312(b)", "hipaa:999"] }], catalog)["controls.md"];
    for (const f of catalog.frameworks) for (const ctl of f.controls) expect(md).toContain(`| \`${f.id}:${ctl.id}\` |`);
    expect(md).toMatch(new RegExp(`\\| \`gxp-part11:11\\.10\\(e\\)\` \\| Secure, computer-generated, time-stamped audit trail[^|]*\\| \\[${c0.id}\\]\\(policies\\.md#${c0.id.toLowerCase()}\\) \\| 1 \\|`));
    expect(md).toContain("## Controls not in the catalog");
    expect(md).toContain("`hipaa:999`");
  });
});
