// `evident build | eval | test | conformance`
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import YAML from "yaml";
import { buildBundle } from "../rego/build.js";
import { dumpIR } from "../rego/plan/dump.js";
import { readBundle } from "../engine/bundle.js";
import { runConformance } from "../engine/conformance.js";
import { LoadedPolicy } from "../engine/policy.js";
import { formatTestResults, runTests } from "../engine/test-runner.js";
import { loadUserBuiltins, userBuiltinFiles } from "../engine/user-builtins.js";
import { runAction } from "./errors.js";

const collect = (v: string, prev: string[]) => [...prev, v];

export function readDataFile(path: string): unknown {
  const text = path === "-" ? readFileSync(0, "utf8") : readFileSync(path, "utf8");
  return /\.ya?ml$/.test(path) ? YAML.parse(text) : JSON.parse(text);
}

export function registerCompilerCommands(program: Command): void {
  program
    .command("build")
    .description("compile Rego to an OPA Wasm bundle")
    .argument("[paths...]", "Rego files or directories", ["."])
    .option("-e, --entrypoint <path>", "entrypoint (repeatable), e.g. evident/main/kubernetes", collect, [])
    .option("-o, --output <file>", "bundle to write", "bundle.tar.gz")
    .option("--v0-compatible", "parse Rego v0 syntax")
    .option("--dump-ir", "print the planner's IR instead of writing a bundle")
    .option("-d, --data <file>", "data file (JSON/YAML) merged into the bundle's data", collect, [])
    .option("--revision <rev>", "bundle revision (default: a digest of the sources)")
    .option("--capabilities <file>", "OPA capabilities JSON declaring extra builtins")
    .option("--builtins <module>", "JS module supplying the declared builtins")
    .action(
      runAction(async (paths: string[], o: Record<string, unknown>) => {
        const builtins = await loadUserBuiltins(userBuiltinFiles(o));
        const data = {};
        for (const f of o["data"] as string[]) Object.assign(data, readDataFile(f));
        const res = await buildBundle({
          paths,
          entrypoints: o["entrypoint"] as string[],
          regoVersion: o["v0Compatible"] ? 0 : 1,
          builtins: builtins.registry,
          data,
          ...(o["dumpIr"] ? {} : { out: o["output"] as string }),
          ...(o["revision"] ? { revision: o["revision"] as string } : {}),
        });
        if (o["dumpIr"]) {
          process.stdout.write(dumpIR(res.compiled.ir) + "\n");
          return 0;
        }
        process.stderr.write(
          `wrote ${o["output"] as string}: ${res.entrypoints.length} entrypoint(s), ${res.sources.length} module(s), revision ${res.manifest.revision}, sha256 ${res.digest}\n`,
        );
        return 0;
      }),
    );

  program
    .command("eval")
    .description("evaluate a bundle's entrypoint and print the result set as JSON")
    .requiredOption("-b, --bundle <file>", "bundle built by `evident build` or `opa build -t wasm`")
    .requiredOption("-e, --entrypoint <path>", "entrypoint to evaluate")
    .option("-i, --input <file>", "input document (JSON/YAML, '-' for stdin)")
    .option("-d, --data <file>", "data file merged over the bundle's data", collect, [])
    .option("--strict-builtin-errors", "builtin errors fail the evaluation")
    .option("--capabilities <file>", "OPA capabilities JSON declaring extra builtins")
    .option("--builtins <module>", "JS module supplying the declared builtins")
    .action(
      runAction(async (o: Record<string, unknown>) => {
        const builtins = await loadUserBuiltins(userBuiltinFiles(o));
        const bundle = await readBundle(o["bundle"] as string);
        const wasm = bundle.wasm.get("/policy.wasm") ?? [...bundle.wasm.values()][0]!;
        const policy = new LoadedPolicy(wasm, { strictBuiltinErrors: !!o["strictBuiltinErrors"], extraBuiltins: builtins.impls });
        const data = bundle.data && typeof bundle.data === "object" ? { ...(bundle.data as object) } : {};
        for (const f of o["data"] as string[]) Object.assign(data, readDataFile(f));
        policy.setData(data);
        const entry = (o["entrypoint"] as string).replace(/^data[./]/, "").replace(/\./g, "/");
        if (!policy.entrypoints.includes(entry)) {
          throw new Error(`entrypoint ${entry} is not in the bundle (it has: ${policy.entrypoints.join(", ")})`);
        }
        const input = o["input"] !== undefined ? readDataFile(o["input"] as string) : undefined;
        const rs = policy.evaluate(entry, input);
        process.stdout.write(JSON.stringify(rs, null, 2) + "\n");
        return 0;
      }),
    );

  program
    .command("test")
    .description("run Rego unit tests (rules named test_*)")
    .argument("[paths...]", "Rego files or directories", ["."])
    .option("-r, --run <regex>", "run only tests whose name matches")
    .option("-f, --format <format>", "text or json", "text")
    .option("-v, --verbose", "list every test, not only failures")
    .option("--v0-compatible", "parse Rego v0 syntax")
    .option("-d, --data <file>", "data file merged into data", collect, [])
    .option("--capabilities <file>", "OPA capabilities JSON declaring extra builtins")
    .option("--builtins <module>", "JS module supplying the declared builtins")
    .action(
      runAction(async (paths: string[], o: Record<string, unknown>) => {
        const builtins = await loadUserBuiltins(userBuiltinFiles(o));
        const data = {};
        for (const f of o["data"] as string[]) Object.assign(data, readDataFile(f));
        const results = runTests({
          paths,
          ...(o["run"] ? { run: new RegExp(o["run"] as string) } : {}),
          regoVersion: o["v0Compatible"] ? 0 : 1,
          builtins: builtins.registry,
          extraBuiltins: builtins.impls,
          data,
        });
        if (o["format"] === "json") process.stdout.write(JSON.stringify(results, null, 2) + "\n");
        else process.stdout.write(formatTestResults(results, !!o["verbose"]) + "\n");
        return results.some((r) => r.status === "fail" || r.status === "error") ? 1 : 0;
      }),
    );

  program
    .command("conformance")
    .description("run OPA-format YAML conformance cases through the compiler and the Wasm SDK")
    .argument("<dirs...>", "directories of YAML cases")
    .option("--json", "print one JSON summary object")
    .option("-v, --verbose", "list failures")
    .action(
      runAction((dirs: string[], o: Record<string, unknown>) => {
        const { summary, results } = runConformance(dirs);
        if (o["json"]) {
          process.stdout.write(JSON.stringify(summary) + "\n");
          return 0;
        }
        const rows = Object.entries(summary.byCategory).sort(([a], [b]) => a.localeCompare(b));
        const w = Math.max(8, ...rows.map(([c]) => c.length));
        process.stdout.write(`${"category".padEnd(w)}  total  passed  failed  skipped\n`);
        for (const [cat, t] of rows) {
          process.stdout.write(`${cat.padEnd(w)}  ${String(t.total).padStart(5)}  ${String(t.passed).padStart(6)}  ${String(t.failed).padStart(6)}  ${String(t.skipped).padStart(7)}\n`);
        }
        const pct = summary.total ? ((100 * summary.passed) / summary.total).toFixed(1) : "0";
        process.stdout.write(`${"total".padEnd(w)}  ${String(summary.total).padStart(5)}  ${String(summary.passed).padStart(6)}  ${String(summary.failed).padStart(6)}  ${String(summary.skipped).padStart(7)}  (${pct}% passed)\n`);
        if (o["verbose"]) {
          for (const r of results) {
            if (r.outcome.status !== "passed") process.stdout.write(`${r.outcome.status.toUpperCase()} ${r.case.note}: ${r.outcome.reason}\n`);
          }
        }
        return 0;
      }),
    );
}
