// `evident keys generate`, `evident evidence export`, `evident evidence verify` through the built CLI
// (the functions they call are tested in test/evidence): exit codes and messages of the wiring.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../shared.js";
import { hasStackTrace, runCli, tempDir, TEST_POLICY_FLAGS } from "./helpers.js";

const tmp = tempDir("evident-evidence-cli-");
afterAll(() => tmp.cleanup());

describe("evident keys / evidence", () => {
  it("keys generate writes a 0600 private key, refuses to overwrite (exit 2) unless --force", async () => {
    const prefix = join(tmp.dir, "k/qa");
    const r = await runCli(["keys", "generate", "--out", prefix]);
    expect(r.code).toBe(0);
    expect(statSync(`${prefix}.key`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${prefix}.pub`, "utf8")).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const again = await runCli(["keys", "generate", "--out", prefix]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("refusing to overwrite");
    expect((await runCli(["keys", "generate", "--out", prefix, "--force"])).code).toBe(0);
  });

  it("scan --evidence-dir, export for a period, verify; usage errors exit 2; a damaged bundle exits 1", async () => {
    const prefix = join(tmp.dir, "signer");
    expect((await runCli(["keys", "generate", "--out", prefix])).code).toBe(0);
    const log = join(tmp.dir, "log");
    const from = new Date(Date.now() - 1000).toISOString();
    const scan = await runCli(["scan", ...TEST_POLICY_FLAGS, "--evidence-dir", log, "--evidence-key", `${prefix}.key`, "--format", "json", join(ROOT, "examples")]);
    expect(scan.code).toBe(1);
    const docs = Number(/scanned (\d+) document/.exec(scan.stderr)![1]);
    const to = new Date(Date.now() + 1000).toISOString();
    const bundle = join(tmp.dir, "evidence.tar.gz");

    const noKey = await runCli(["evidence", "export", "--log-dir", log, "--out", bundle]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("--key");
    const noLog = await runCli(["evidence", "export", "--key", `${prefix}.key`, "--out", bundle]);
    expect(noLog.code).toBe(2);
    expect(noLog.stderr).toContain("--log-dir");

    const exp = await runCli(["evidence", "export", "--log-dir", log, "--from", from, "--to", to, "--key", `${prefix}.key`, "--bundle", join(ROOT, "package.json"), "--source", "scan", "--out", bundle]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stdout).toContain(`records:     ${docs} in 1 chain(s), 1 checkpoint(s)`);
    // a period before the scan holds no records of it
    const empty = await runCli(["evidence", "export", "--log-dir", log, "--from", "2020-01-01", "--to", "2020-01-02", "--key", `${prefix}.key`, "--out", join(tmp.dir, "empty.tar.gz")]);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain("records:     0 in 0 chain(s)");

    const ver = await runCli(["evidence", "verify", bundle, "--key", `${prefix}.pub`]);
    expect(ver.code).toBe(0);
    expect(ver.stdout).toContain(`VERIFIED: ${docs} records`);

    const damaged = join(tmp.dir, "damaged.tar.gz");
    const bytes = readFileSync(bundle);
    writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const bad = await runCli(["evidence", "verify", damaged, "--key", `${prefix}.pub`]);
    expect(bad.code).toBe(1);
    expect(hasStackTrace(bad.stdout + bad.stderr)).toBe(false);
    const noPub = await runCli(["evidence", "verify", bundle, "--key", join(tmp.dir, "missing.pub")]);
    expect(noPub.code).toBe(2);
  });
});
