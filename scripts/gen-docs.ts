// `npm run docs`: regenerates docs/policies.md and docs/controls.md from the METADATA of the checks in
// policies/ and the control titles of the catalog (../shared/controls/catalog.json).
//   --check            exit 1 (and write nothing) when the committed docs are out of date
//   --catalog FILE     another control catalog
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checksOfSources } from "../src/engine/checks.js";
import { POLICIES_DIR } from "../src/engine/engine.js";
import { collectSources } from "../src/rego/build.js";
import { libraryDocs, type ControlCatalog } from "../src/report/policies.js";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const args = process.argv.slice(2);
const check = args.includes("--check");
const ci = args.indexOf("--catalog");
const catalogPath = ci >= 0 ? resolve(args[ci + 1] ?? "") : resolve(ROOT, "../shared/controls/catalog.json");

const catalog = JSON.parse(readFileSync(catalogPath, "utf8")) as ControlCatalog;
const { sources } = collectSources([POLICIES_DIR]);
const checks = checksOfSources(sources.map((s) => [s.file, s.source] as [string, string]));
const docs = libraryDocs(checks, catalog);
const dir = join(ROOT, "docs");
let stale = 0;
for (const [name, text] of Object.entries(docs)) {
  const file = join(dir, name);
  const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (current === text) {
    console.log(`${relative(ROOT, file)}: up to date`);
    continue;
  }
  stale++;
  if (check) console.log(`${relative(ROOT, file)}: OUT OF DATE (run npm run docs)`);
  else {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text);
    console.log(`${relative(ROOT, file)}: written (${checks.length} checks)`);
  }
}
if (check && stale) process.exit(1);
