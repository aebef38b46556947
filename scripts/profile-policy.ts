// npm run profile:policy -- <kind> <input.json> [seconds]
// Where one policy evaluation's time goes, by Wasm function: compiles the shipped library, gives the
// module a "name" section (the runtime's function names from build/runtime.wat, the planner's from the
// IR: `plan:<rule or function>`), evaluates `evident/main/<kind>` on the input in a loop under the V8
// profiler, and prints the functions with the most self and total time. <input.json> is the policy
// input (as `evident eval` takes it); for cloudtrail, an S3 log file ({"Records": [...]}) is evaluated
// whole through `batch_cloudtrail_file`, as `evident scan` does.
//
// A profiling aid only: compiled bundles carry no name section.
import { readFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { fileURLToPath } from "node:url";
import { POLICIES_DIR } from "../src/engine/engine.js";
import { LoadedPolicy } from "../src/engine/policy.js";
import { buildBundle } from "../src/rego/build.js";
import { OPA_BUILTINS } from "../src/rego/registry.js";
import { GENERATED_FUNCTIONS } from "../src/rego/wasm/link.js";

const [kind, file, seconds = "5"] = process.argv.slice(2);
if (!kind || !file) {
  console.error("usage: npm run profile:policy -- <kubernetes|terraform|cloudtrail|aws_config> <input.json> [seconds]");
  process.exit(2);
}

const res = await buildBundle({ paths: [POLICIES_DIR], entrypoints: [], builtins: OPA_BUILTINS });
const wat = readFileSync(fileURLToPath(new URL("../build/runtime.wat", import.meta.url)), "utf8");
const names: string[] = [];
for (const m of wat.matchAll(/^ \(import "env" "[^"]+" \(func \$(\S+)/gm)) names.push(m[1]!);
for (const m of wat.matchAll(/^ \(func \$(\S+)/gm)) names.push(m[1]!.replace("src/rego/runtime/assembly/", "rt/"));
for (const f of res.compiled.ir.funcs) names.push(`plan:${f.origin}`.slice(0, 160));
names.push(...GENERATED_FUNCTIONS);

const policy = new LoadedPolicy(withNames(res.compiled.wasm, names));
const text = readFileSync(file, "utf8");
const whole = kind === "cloudtrail" && Array.isArray((JSON.parse(text) as { Records?: unknown }).Records);
const entry = whole ? "evident/main/batch_cloudtrail_file" : `evident/main/${kind}`;
if (!policy.entrypoints.includes(entry)) throw new Error(`no entrypoint ${entry}`);
const input = new TextEncoder().encode(text);
policy.setData(res.data);

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 100 });
await session.post("Profiler.start");
const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < Number(seconds) * 1000) {
  policy.evaluate(entry, input);
  n++;
}
const elapsed = performance.now() - t0;
const { profile } = await session.post("Profiler.stop");
console.log(`${entry}: ${n} evaluations, ${((elapsed / n) * 1000).toFixed(1)} µs each (under the profiler)\n`);
summarise({ nodes: profile.nodes as ProfileNode[], samples: profile.samples ?? [], timeDeltas: profile.timeDeltas ?? [] });

/** The module with a custom "name" section naming its functions (by index). */
function withNames(wasm: Uint8Array, funcNames: string[]): Uint8Array {
  const enc = new TextEncoder();
  const u32 = (v: number) => {
    const out: number[] = [];
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v) b |= 0x80;
      out.push(b);
    } while (v);
    return out;
  };
  const str = (s: string) => {
    const b = enc.encode(s);
    return [...u32(b.length), ...b];
  };
  const sub = [...u32(funcNames.length)];
  funcNames.forEach((name, i) => sub.push(...u32(i), ...str(name)));
  const payload = [...str("name"), 1, ...u32(sub.length), ...sub];
  return new Uint8Array([...wasm, 0, ...u32(payload.length), ...payload]);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

function summarise(p: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
  const byId = new Map(p.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of p.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const label = (node: ProfileNode) => node.callFrame.functionName || `(anonymous ${node.callFrame.url.split("/").pop()})`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    all += dt;
    self.set(label(byId.get(id)!), (self.get(label(byId.get(id)!)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (!seen.has(l)) total.set(l, (total.get(l) ?? 0) + dt);
      seen.add(l);
    }
  });
  const top = (m: Map<string, number>, count: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([l, t]) => `  ${((100 * t) / all).toFixed(1).padStart(5)} %  ${l}`)
      .join("\n");
  console.log(`self time\n${top(self, 25)}\n\ntotal time (with callees)\n${top(total, 40)}`);
}
