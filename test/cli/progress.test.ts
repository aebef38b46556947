// The progress bar: stderr only when it is a terminal, nothing for short scans, throttled, erased.
import { describe, expect, it } from "vitest";
import { ProgressBar } from "../../src/cli/progress.js";
import { resolveOutputs } from "../../src/cli/outputs.js";

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, columns: 100, writes, write: (s: string) => writes.push(s) };
}

describe("progress bar", () => {
  it("draws nothing before the delay, then a bar with counts, throttled, and erases itself", () => {
    let now = 0;
    const s = stream(true);
    const bar = new ProgressBar(s, { enabled: true, delayMs: 1000, intervalMs: 100, clock: () => now });
    bar.update({ phase: "evaluate", done: 10, total: 1000 });
    now = 999;
    bar.update({ phase: "evaluate", done: 20, total: 1000 });
    expect(s.writes).toEqual([]);
    now = 1000;
    bar.update({ phase: "evaluate", done: 500, total: 1000 });
    expect(s.writes).toHaveLength(1);
    expect(s.writes[0]).toMatch(/^\r.*500\/1000 files 1\.0s\x1b\[K$/);
    expect(s.writes[0]!.split("█").length - 1).toBeGreaterThan(0);
    now = 1050; // throttled
    bar.update({ phase: "evaluate", done: 600, total: 1000 });
    expect(s.writes).toHaveLength(1);
    now = 1060; // the last update is always drawn
    bar.update({ phase: "evaluate", done: 1000, total: 1000 });
    expect(s.writes).toHaveLength(2);
    bar.done();
    expect(s.writes[2]).toBe("\r\x1b[K");
  });

  it("never draws when stderr is not a terminal or --no-progress is given", () => {
    for (const [tty, enabled] of [[false, true], [true, false]] as const) {
      let now = 0;
      const s = stream(tty);
      const bar = new ProgressBar(s, { enabled, clock: () => now });
      now = 60_000;
      bar.update({ phase: "evaluate", done: 1, total: 2 });
      bar.done();
      expect(s.writes).toEqual([]);
    }
  });
});

describe("--format / --output pairing", () => {
  it("pairs --output with the formats that name no file, in order; one format may go to stdout", () => {
    expect(resolveOutputs([], [])).toEqual([{ format: "table" }]);
    expect(resolveOutputs([], ["r.txt"])).toEqual([{ format: "table", file: "r.txt" }]);
    expect(resolveOutputs(["sarif=a.sarif", "json", "junit", "table"], ["b.json", "c.xml"])).toEqual([
      { format: "sarif", file: "a.sarif" },
      { format: "json", file: "b.json" },
      { format: "junit", file: "c.xml" },
      { format: "table" },
    ]);
    expect(resolveOutputs(["json=-", "sarif=x"], [])).toEqual([{ format: "json" }, { format: "sarif", file: "x" }]);
    expect(() => resolveOutputs(["json", "sarif"], [])).toThrow(/both go to stdout/);
    expect(() => resolveOutputs(["json=a", "sarif=a"], [])).toThrow(/same file a/);
    expect(() => resolveOutputs(["json=x"], ["y"])).toThrow(/1 --output value/);
    expect(() => resolveOutputs(["xml"], [])).toThrow(/unknown format "xml"/);
    expect(() => resolveOutputs(["json="], [])).toThrow(/no file/);
  });
});

describe("progress bar end to end", () => {
  it("shows on stderr when it is a terminal (under script(1)), never when it is not", async () => {
    const { spawnSync } = await import("node:child_process");
    const { ROOT } = await import("../shared.js");
    const { assertBuilt, CLI, TEST_POLICY_FLAGS } = await import("./helpers.js");
    assertBuilt();
    const args = ["scan", ...TEST_POLICY_FLAGS, "--format", "json", "--output", "/dev/null", "examples"];
    const env = { ...process.env, EVIDENT_PROGRESS_DELAY_MS: "0", NO_COLOR: "1" };
    const cmd = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
    const tty = spawnSync("script", ["-qec", cmd, "/dev/null"], { cwd: ROOT, env, encoding: "utf8" });
    expect(tty.status).toBe(1);
    expect(tty.stdout).toMatch(/\revident: scanning .*\d+\/\d+ files/);
    expect(tty.stdout).toContain("\r\x1b[K");
    const noTty = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: "utf8" });
    expect(noTty.status).toBe(1);
    expect(noTty.stderr).not.toContain("evaluating");
    const off = spawnSync("script", ["-qec", `${cmd} --no-progress`, "/dev/null"], { cwd: ROOT, env, encoding: "utf8" });
    expect(off.status).toBe(1);
    expect(off.stdout).not.toContain("evaluating");
  });
});
