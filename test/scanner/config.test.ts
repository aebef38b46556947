// scanner.yaml validation: every problem at once, each naming its field (as a path) and its line.
import { describe, expect, it } from "vitest";
import { parseScannerConfig, ScannerConfigError, type ConfigProblem } from "../../src/scanner/config.js";

const GOOD = `
stateDir: state
policies:
  paths: [policies]
evidence:
  backend: file
  dir: evidence
aws:
  regions: [eu-west-1]
  accounts:
    - id: "111111111111"
    - id: "222222222222"
      roleArn: arn:aws:iam::222222222222:role/evident-scanner
sources:
  - name: trail
    type: cloudtrail
    schedule: { every: 5m, jitter: 30s }
  - name: config
    type: aws-config
    schedule: { cron: "0 */6 * * *" }
    putEvaluations: { resultToken: abc }
  - name: cluster
    type: kubernetes
    inCluster: true
    policyReports: true
  - name: gitops
    type: files
    paths: [checkout]
`;

function problems(text: string): ConfigProblem[] {
  try {
    parseScannerConfig(text, "/etc/evident/scanner.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(ScannerConfigError);
    return (e as ScannerConfigError).problems;
  }
  return [];
}

describe("scanner config", () => {
  it("accepts a full config and resolves paths against the config file", () => {
    const cfg = parseScannerConfig(GOOD, "/etc/evident/scanner.yaml");
    expect(cfg.stateDir).toBe("/etc/evident/state");
    expect(cfg.policies.paths).toEqual(["/etc/evident/policies"]);
    expect(cfg.sources.map((s) => s.type)).toEqual(["cloudtrail", "aws-config", "kubernetes", "files"]);
    expect((cfg.sources[3] as { paths: string[] }).paths).toEqual(["/etc/evident/checkout"]);
  });

  it("names each bad field with its line, all at once", () => {
    const bad = GOOD.replace('- id: "111111111111"', '- id: "1111"')
      .replace("schedule: { every: 5m, jitter: 30s }", "schedule: { every: 5 minutes }\n    shedule: x")
      .replace('schedule: { cron: "0 */6 * * *" }', 'schedule: { cron: "61 * * * *" }')
      .replace("inCluster: true", "inCluster: true\n    kubeconfig: /k")
      .replace("role/evident-scanner", "role/evident-scanner\n      regions: []")
      .replace("type: files", "type: file");
    const p = problems(bad);
    const by = (field: string) => p.find((x) => x.field === field);
    expect(by("aws.accounts[0].id")?.message).toMatch(/12-digit AWS account id/);
    expect(by("aws.accounts[0].id")?.line).toBe(11);
    expect(by("sources[0].schedule.every")?.message).toMatch(/duration such as 30s/);
    expect(by("sources[0].shedule")?.message).toBe("is not a known field of a cloudtrail source");
    expect(by("sources[0].shedule")?.line).toBe(19);
    expect(by("aws.accounts[1].regions")?.message).toMatch(/fewer than 1 items/);
    expect(by("sources[3].type")?.message).toMatch(/must be one of "cloudtrail", "cloudtrail-files", "aws-config", "kubernetes", "files"/);
    const msg = new ScannerConfigError(p).message;
    expect(msg).toContain("/etc/evident/scanner.yaml:11:");
    // semantic checks run once the shape is right
    const sem = problems(
      GOOD.replace('schedule: { cron: "0 */6 * * *" }', 'schedule: { cron: "61 * * * *" }')
        .replace("inCluster: true", "inCluster: true\n    kubeconfig: /k")
        .replace("name: gitops", "name: trail")
        .replace("role/evident-scanner", "role/evident-scanner\n      regions: [us-east-1]")
        .replace("arn:aws:iam::222222222222", "arn:aws:iam::333333333333")
        .replace("type: cloudtrail\n", "type: cloudtrail\n    lookback: 100d\n    accounts: ['999999999999']\n"),
    );
    const s = (field: string) => sem.find((x) => x.field === field)?.message;
    expect(s("sources[1].schedule.cron")).toMatch(/not a valid cron expression/);
    expect(s("sources[2].inCluster")).toBe("cannot be combined with kubeconfig");
    expect(s("sources[3].name")).toBe("duplicates sources[0].name");
    expect(s("aws.accounts[1].roleArn")).toBe("names account 333333333333, not 222222222222");
    expect(s("sources[0].lookback")).toMatch(/at most 90d/);
    expect(s("sources[0].accounts[0]")).toBe("is not one of aws.accounts");
    expect(sem.find((x) => x.field === "sources[3].name")?.line).toBeGreaterThan(20);
  });

  it("requires the top-level sections and one of every/cron, paths/bundle", () => {
    const p = problems("sources: []\npolicies: { paths: [a], bundle: b }\nevidence: { backend: postgres }\n");
    const fields = p.map((x) => `${x.field}: ${x.message}`);
    expect(fields).toContain("stateDir: is required");
    expect(fields).toContain("policies: must have exactly one of `paths` and `bundle`");
    expect(fields).toContain("evidence.spoolDir: is required");
    expect(fields.some((f) => f.startsWith("sources: "))).toBe(true);
    const q = problems(GOOD.replace("schedule: { every: 5m, jitter: 30s }", 'schedule: { every: 5m, cron: "* * * * *" }'));
    expect(q.map((x) => `${x.field}: ${x.message}`)).toEqual(["sources[0].schedule: must have exactly one of `every` and `cron`"]);
    expect(problems("a: [")[0]!.message).toMatch(/invalid YAML/);
  });
});
