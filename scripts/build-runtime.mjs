// Builds the Wasm value runtime (src/rego/runtime/assembly, AssemblyScript) into build/runtime.wasm.
// Skips the build when the output is newer than every source file, so `npm test` stays fast.
import asc from "assemblyscript/asc";
import { mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const srcDir = join(root, "src/rego/runtime/assembly");
const out = join(root, "build/runtime.wasm");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const force = process.argv.includes("--force");
let upToDate = false;
try {
  upToDate = statSync(out).mtimeMs > Math.max(newestSource(srcDir), statSync(fileURLToPath(import.meta.url)).mtimeMs);
} catch {
  upToDate = false;
}
if (upToDate && !force) {
  console.log("runtime: build/runtime.wasm is up to date");
  process.exit(0);
}

mkdirSync(dirname(out), { recursive: true });
const args = [
  join(srcDir, "index.ts"),
  "--outFile", out,
  "--textFile", out.replace(/\.wasm$/, ".wat"),
  "--runtime", "stub",
  "--importMemory",
  "--use", "abort=",
  "--noAssert",
  "-O3",
  "--converge",
];
const { error, stderr } = await asc.main(args, {});
if (error) {
  console.error(stderr.toString());
  console.error(`runtime: build failed: ${error.message}`);
  process.exit(1);
}
console.log(`runtime: built ${out}`);
