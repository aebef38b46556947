// npm run bench:compile — compile time of 200 generated modules and of the shipped policy library,
// per stage, with the baseline of reading and JSON-parsing the same amount of text in the same run.
import { compileRego } from "../src/rego/compiler.js";
import { collectSources } from "../src/rego/build.js";
import { POLICIES_DIR } from "../src/engine/engine.js";
import { OPA_BUILTINS } from "../src/rego/registry.js";
import type { SourceFile } from "../src/rego/compiler.js";

function generated(n: number): SourceFile[] {
  const out: SourceFile[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      file: `gen/m${i}.rego`,
      source: `package gen.m${i}

default allow := false

allow if {
	input.user == "u${i}"
	input.action in {"read", "list"}
}

deny contains msg if {
	some c in input.containers
	c.image == "img${i}"
	msg := sprintf("container %v uses img${i}", [c.name])
}

deny contains msg if {
	some k, v in input.labels
	startswith(k, "x${i}")
	msg := concat(":", [k, v])
}

f(x) := x * ${i}

doubled := [y | some x in input.nums; y := f(x)]
`,
    });
  }
  out.push({ file: "gen/main.rego", source: "package gen.main\n\nall[name] := data.gen[name].deny\n" });
  return out;
}

function run(label: string, sources: SourceFile[], entrypoints: string[]): void {
  const runs: number[] = [];
  let last;
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    last = compileRego({ sources, entrypoints, builtins: OPA_BUILTINS });
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  const text = JSON.stringify(sources);
  const b0 = performance.now();
  for (let k = 0; k < 5; k++) JSON.parse(text);
  const baseline = (performance.now() - b0) / 5;
  const t = last!.timings;
  console.log(
    `${label}: ${sources.length} modules, median ${runs[2]!.toFixed(0)} ms (parse ${t.parse.toFixed(0)}, compile ${t.compile.toFixed(0)}, plan ${t.plan.toFixed(0)}, link ${t.link.toFixed(0)}), wasm ${(last!.wasm.length / 1024).toFixed(0)} KiB; ` +
      `baseline JSON.parse of the same text ${baseline.toFixed(2)} ms (ratio ${(runs[2]! / baseline).toFixed(0)})`,
  );
}

run("200 generated modules", generated(200), ["gen/main/all"]);
const lib = collectSources([POLICIES_DIR]).sources;
run("policies/ library", lib, ["evident/main/kubernetes", "evident/main/terraform", "evident/main/cloudtrail", "evident/main/aws_config"]);
