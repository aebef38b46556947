#!/usr/bin/env node
// `npm run demo` (after `npm ci`, which builds dist/): the whole product on the bundled examples,
// offline. Builds the policy bundle, generates a signing key, scans examples/ writing evidence,
// exports a signed evidence bundle and verifies it. Everything it writes goes to build/demo/ and
// build/evident-policies.tar.gz.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist/cli/main.js");
const OUT = join(ROOT, "build/demo");
const BUNDLE = join(ROOT, "build/evident-policies.tar.gz");
const CATALOG = resolve(ROOT, "../shared/controls/catalog.json");
const rel = (p) => relative(process.cwd(), p) || ".";

if (!existsSync(CLI)) {
  console.error("dist/cli/main.js is missing: run `npm ci` (or `npm run build`) first.");
  process.exit(2);
}

let stepNo = 0;
function step(title, args, { okCodes = [0] } = {}) {
  stepNo++;
  console.log(`\n── ${stepNo}. ${title}`);
  console.log(`$ evident ${args.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: "inherit", env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? "1" : "0" } });
  const code = r.status ?? 1;
  if (!okCodes.includes(code)) {
    console.error(`\ndemo: step ${stepNo} (${title}) exited with ${code}${r.signal ? ` (${r.signal})` : ""}`);
    process.exit(code || 1);
  }
  return code;
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const started = new Date(Date.now() - 1000).toISOString();

step("Compile the policy library (policies/) to an OPA Wasm bundle with Evident's own compiler", ["build", "policies", "-o", rel(BUNDLE)]);
step("List the checks the bundle carries", ["policies", "list", "--bundle", rel(BUNDLE)]);
step("Generate an Ed25519 signing key (private key mode 0600)", ["keys", "generate", "--out", rel(join(OUT, "keys/evident"))]);
const scanCode = step(
  "Scan the examples: Kubernetes manifests, a Terraform plan, CloudTrail and AWS Config (exit 1 = findings at or above high)",
  [
    "scan",
    "examples",
    "--bundle", rel(BUNDLE),
    "--exceptions", "examples/exceptions.yaml",
    "--evidence-dir", rel(join(OUT, "evidence-log")),
    "--evidence-key", rel(join(OUT, "keys/evident.key")),
    "--evidence-instance", "demo",
    "--format", "table",
    "--format", `sarif=${rel(join(OUT, "results.sarif"))}`,
    "--format", `markdown=${rel(join(OUT, "summary.md"))}`,
    "--format", `json=${rel(join(OUT, "results.json"))}`,
  ],
  { okCodes: [0, 1] },
);
const exportArgs = [
  "evidence", "export",
  "--log-dir", rel(join(OUT, "evidence-log")),
  "--from", started,
  "--to", new Date(Date.now() + 60_000).toISOString(),
  "--key", rel(join(OUT, "keys/evident.key")),
  "--signer-name", "Evident demo (QA)",
  "--bundle", rel(BUNDLE),
  "--title", "Evident demo: ML training platform",
  "--out", rel(join(OUT, "evidence-bundle.tar.gz")),
];
if (existsSync(CATALOG)) exportArgs.push("--catalog", rel(CATALOG));
step("Export the evidence records as a signed bundle (DSSE/in-toto, OSCAL, offline HTML report)", exportArgs);
step("Verify the bundle offline against the public key, as an auditor would", ["evidence", "verify", rel(join(OUT, "evidence-bundle.tar.gz")), "--key", rel(join(OUT, "keys/evident.pub"))]);

console.log(`
── Done. The scan exited ${scanCode} (${scanCode === 1 ? "findings at or above high, as the examples intend" : "no findings at or above high"}).
   ${rel(BUNDLE)}                 policy bundle
   ${rel(join(OUT, "results.sarif"))}          SARIF 2.1.0 (GitHub code scanning)
   ${rel(join(OUT, "summary.md"))}             Markdown summary (PR comment / $GITHUB_STEP_SUMMARY)
   ${rel(join(OUT, "evidence-log"))}/          hash-chained evidence log with signed checkpoints
   ${rel(join(OUT, "evidence-bundle.tar.gz"))} signed evidence bundle (open index.html inside for the report)`);
