// action.yml: a composite action whose shell steps are run here as GitHub would run them (bash, the
// step's env, RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), against the built CLI.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../shared.js";
import { assertBuilt, CLI, FIXTURE_POLICIES, tempDir } from "./helpers.js";

const tmp = tempDir("evident-action-");
afterAll(() => tmp.cleanup());

interface Step {
  id?: string;
  name: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
const action = YAML.parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as { runs: { using: string; steps: Step[] }; inputs: Record<string, { default?: string }> };
const step = (name: string) => action.runs.steps.find((s) => s.name === name)!;

function runStep(s: Step, env: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync("bash", ["-e", "-c", s.run!], { cwd: ROOT, encoding: "utf8", env: { PATH: process.env["PATH"]!, HOME: process.env["HOME"] ?? "/tmp", NO_COLOR: "1", ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function outputs(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

describe("action.yml", () => {
  it("is a composite action: install, scan (SARIF + Markdown), job summary, SARIF upload, verdict", () => {
    expect(action.runs.using).toBe("composite");
    expect(action.runs.steps.map((s) => s.name)).toEqual(["Set up Node.js", "Install Evident", "Scan", "Write the job summary", "Upload SARIF to code scanning", "Verdict"]);
    const upload = step("Upload SARIF to code scanning");
    expect(upload.uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    expect(upload.with!["sarif_file"]).toBe("${{ steps.scan.outputs.sarif-file }}");
    expect(upload.if).toContain("always()");
    expect(step("Write the job summary").run).toContain("$GITHUB_STEP_SUMMARY");
    expect(action.inputs["fail-on"]!.default).toBe("high");
  });

  it("its scan, summary and verdict steps work: SARIF and Markdown written, exit code passed on, the step fails on findings", () => {
    assertBuilt();
    const runnerTemp = join(tmp.dir, "runner");
    const ghOutput = join(tmp.dir, "output.txt");
    const summary = join(tmp.dir, "summary.md");
    writeFileSync(ghOutput, "");
    writeFileSync(summary, "");
    const scan = runStep(step("Scan"), {
      RUNNER_TEMP: runnerTemp,
      GITHUB_OUTPUT: ghOutput,
      EVIDENT_CLI: CLI,
      INPUT_PATHS: "examples/kubernetes\nexamples/terraform/ml-data-platform.plan.json",
      INPUT_FAIL_ON: "high",
      INPUT_POLICIES: FIXTURE_POLICIES.join("\n"),
      INPUT_BUNDLE: "",
      INPUT_DATA: "",
      INPUT_EXCEPTIONS: "",
      INPUT_ANNOTATIONS: "true",
    });
    expect(scan.code, scan.stderr).toBe(0); // the scan step records the code; the verdict step fails
    const out = outputs(ghOutput);
    expect(out["exit-code"]).toBe("1");
    expect(scan.stdout).toMatch(/^::error file=examples\/kubernetes\/gpu-operator\.yaml,line=\d+/m);
    const sarif = JSON.parse(readFileSync(out["sarif-file"]!, "utf8")) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results.map((r) => r.ruleId).sort()).toEqual(["TEST-K8S-PRIVILEGED-TEMPLATE", "TEST-TF-VERSIONING"]);

    const sum = runStep(step("Write the job summary"), { GITHUB_STEP_SUMMARY: summary, MARKDOWN_FILE: out["markdown-file"]! });
    expect(sum.code).toBe(0);
    expect(readFileSync(summary, "utf8")).toContain("TEST-K8S-PRIVILEGED-TEMPLATE");

    const verdict = (code: string) => runStep(step("Verdict"), { CODE: code, FAIL_ON: "high" });
    expect(verdict(out["exit-code"]!).code).toBe(1);
    expect(verdict("0").code).toBe(0);
    expect(verdict("2").code).toBe(2);

    // exceptions and fail-on are passed through: waive the DaemonSet, fail only on critical
    const ex = join(tmp.dir, "exceptions.yaml");
    writeFileSync(ex, "- id: DEV-1\n  check: TEST-*\n  resource: {namespace: gpu-operator}\n  justification: isolated GPU pool\n  approver: qa@acme.example\n  expires: 2099-01-01\n");
    writeFileSync(ghOutput, "");
    const again = runStep(step("Scan"), {
      RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: ghOutput, EVIDENT_CLI: CLI, INPUT_PATHS: "examples/kubernetes", INPUT_FAIL_ON: "high",
      INPUT_POLICIES: FIXTURE_POLICIES.join(" "), INPUT_BUNDLE: "", INPUT_DATA: "", INPUT_EXCEPTIONS: ex, INPUT_ANNOTATIONS: "false",
    });
    expect(again.code, again.stderr).toBe(0);
    expect(outputs(ghOutput)["exit-code"]).toBe("0");
    expect(again.stdout).not.toContain("::error");
  });
});
