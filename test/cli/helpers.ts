// Runs the built CLI (node dist/cli/main.js) as a user would. `npm test` builds first; run
// `npm run build` before `npx vitest run test/cli/ test/scan/` (a warning says when dist/ is older
// than src/; not an error, since other work may touch src/ while the suite runs).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../shared.js";

export const CLI = join(ROOT, "dist/cli/main.js");
export const FIXTURE_POLICIES = [join(ROOT, "test/fixtures/policies"), join(ROOT, "test/scan/fixtures/policies")];
/** --policies flags for the stable test checks (TEST-PRIVILEGED high, TEST-TF-VERSIONING medium, TEST-CT-STOPLOGGING low, ...). */
export const TEST_POLICY_FLAGS = FIXTURE_POLICIES.flatMap((p) => ["--policies", p]);

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "assembly") t = Math.max(t, newestMtime(p));
    } else if (e.name.endsWith(".ts")) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

let checked = false;
export function assertBuilt(): void {
  if (checked) return;
  let built: number;
  try {
    built = statSync(CLI).mtimeMs;
  } catch {
    throw new Error("dist/cli/main.js is missing: run `npm run build` before these tests (npm test does)");
  }
  const src = newestMtime(join(ROOT, "src"));
  if (src > built) console.warn("warning: dist/ is older than src/; these tests run dist/cli/main.js (run `npm run build`)");
  checked = true;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: "1", EVIDENT_DEBUG: "", ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** No stack trace (`    at fn (file:line:col)`) in the output. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+(\(|:\d+:\d+)/m.test(text) || /node:internal/.test(text);
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
